#!/bin/sh
# Installs telemetrics-java from this tree (the build's dist/target/telemetrics).
#
#   install.sh [--prefix=DIR] [--destdir=DIR] [--no-cds] [--system-setup|--no-system-setup]
#
# PREFIX (default /usr/local) and DESTDIR (default empty) may also come from the environment.
# Layout, under DESTDIR/PREFIX:
#   lib/telemetrics/{bin,lib}     launchers, jars, the probes' JNI socket library, the ordered
#                                 class path, start-up caches (lib/cds/<JDK>/)
#   bin/<program>                 symbolic links to the launchers
#   lib/systemd/system/           units (paths rewritten to PREFIX/bin)
#   lib/systemd/system-generators/ the generator of drop-ins for moved paths
#   lib/{sysusers.d,tmpfiles.d,sysctl.d}/
#   share/defaults/telemetrics/telemetrics.conf, share/man/, share/doc/telemetrics/
# The start-up caches (AOT caches on JDK 25 and later, AppCDS archives on 17 to 24) are built
# against the installed jars, so only when DESTDIR is empty
# (a packager builds them on the target: lib/telemetrics/lib/telemetrics-cds).
# System setup (the telemetry user, working directories, daemon-reload, on a first install the
# units the package enables, the crash probe's core_pattern) runs by default only as root,
# without DESTDIR, for PREFIX /usr or /usr/local.
set -eu

usage() {
  sed -n '2,19s/^# \{0,1\}//p' "$0"
}

prefix=${PREFIX:-/usr/local}
destdir=${DESTDIR:-}
cds=yes
setup=auto
for arg in "$@"; do
  case "$arg" in
    --prefix=*) prefix=${arg#--prefix=} ;;
    --destdir=*) destdir=${arg#--destdir=} ;;
    --no-cds) cds=no ;;
    --system-setup) setup=yes ;;
    --no-system-setup) setup=no ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install.sh: unknown argument $arg" >&2; usage >&2; exit 2 ;;
  esac
done
prefix=${prefix%/}
case "$prefix" in
  /?*) ;;
  *) echo "install.sh: PREFIX must be an absolute path other than /: '$prefix'" >&2; exit 2 ;;
esac
destdir=${destdir%/}

src=$(cd "$(dirname "$0")" && pwd)
for need in bin lib/classpath lib/telemetrics-run systemd; do
  if [ ! -e "$src/$need" ]; then
    echo "install.sh: $src is not a telemetrics tree (no $need); run it from dist/target/telemetrics" >&2
    exit 1
  fi
done

root="$destdir$prefix"
home="$root/lib/telemetrics"
if [ -d "$home" ] && [ "$(cd "$home" && pwd)" = "$src" ]; then
  echo "install.sh: this is the installed copy; run install.sh from the build's tree" >&2
  exit 1
fi
manifest="$home/install-manifest"
bindir_rt="$prefix/bin"

say() { echo "install.sh: $*"; }

# A first install enables the units, as the package does; a reinstall keeps what the
# administrator chose since.
first_install=yes
[ ! -f "$manifest" ] || first_install=no
# A fresh copy: no jar of an older version may stay on the class path, no file of an older
# version elsewhere.
if [ -f "$manifest" ]; then
  while IFS= read -r old; do
    rm -f "$destdir$old"
  done < "$manifest"
fi
rm -rf "$home"
mkdir -p "$home/bin" "$home/lib"
cp -p "$src"/bin/* "$home/bin/"
cp -p "$src"/lib/*.jar "$src/lib/classpath" "$src/lib/telemetrics-run" "$src/lib/telemetrics-cds" \
  "$home/lib/"
# the small core crashprobe's training run reads (lib/telemetrics-cds)
if [ -f "$src/lib/training-crash.core.gz" ]; then
  cp -p "$src/lib/training-crash.core.gz" "$home/lib/"
fi
# SQLite's native library, which telempostd and telemctl load from here (without it sqlite-jdbc
# copies its own out of its jar at every start)
if [ -f "$src/lib/libsqlitejdbc.so" ]; then
  cp -p "$src/lib/libsqlitejdbc.so" "$home/lib/"
fi
# junixsocket's native library, which the daemons load from here (without it junixsocket copies
# its own out of its jar at every start, which fails where /var and /tmp are read-only)
if [ -f "$src/lib/libjunixsocket-native.so" ]; then
  cp -p "$src/lib/libjunixsocket-native.so" "$home/lib/"
fi
# the probes' JNI library for telemprobd's socket (without it they use the JDK's, slower to start)
if [ -f "$src/lib/libtelemetrics-socket.so" ]; then
  cp -p "$src/lib/libtelemetrics-socket.so" "$home/lib/"
fi
chmod 0755 "$home"/bin/* "$home/lib/telemetrics-run" "$home/lib/telemetrics-cds"
for f in install.sh uninstall.sh; do
  if [ -f "$src/$f" ]; then
    cp -p "$src/$f" "$home/$f"
    chmod 0755 "$home/$f"
  fi
done
: > "$manifest.new"
record() { # record <installed path without DESTDIR>
  echo "$1" >> "$manifest.new"
}

mkdir -p "$root/bin"
for launcher in "$home"/bin/*; do
  name=$(basename "$launcher")
  ln -sfn "../lib/telemetrics/bin/$name" "$root/bin/$name"
  record "${root#"$destdir"}/bin/$name"
done

# systemd files: the units name PREFIX/bin; the state directories stay where the daemons
# expect them (/var, /run, /etc), whatever the prefix.
install_file() { # install_file <source> <target dir> [mode]
  mkdir -p "$2"
  sed "s#/usr/bin/#$bindir_rt/#g" "$1" > "$2/$(basename "$1")"
  chmod "${3:-0644}" "$2/$(basename "$1")"
  record "${2#"$destdir"}/$(basename "$1")"
}
for unit in "$src"/systemd/*.socket "$src"/systemd/*.service "$src"/systemd/*.path \
    "$src"/systemd/*.timer; do
  install_file "$unit" "$root/lib/systemd/system"
done
# The generator that makes the units follow paths telemetrics.conf moves (telemctl units).
for generator in "$src"/systemd/system-generators/*; do
  [ -f "$generator" ] && install_file "$generator" "$root/lib/systemd/system-generators" 0755
done
for kind in sysusers.d tmpfiles.d sysctl.d; do
  for f in "$src/systemd/$kind"/*.conf; do
    [ -f "$f" ] && install_file "$f" "$root/lib/$kind"
  done
done

if [ -f "$src/etc/telemetrics.conf" ]; then
  mkdir -p "$root/share/defaults/telemetrics"
  cp "$src/etc/telemetrics.conf" "$root/share/defaults/telemetrics/telemetrics.conf"
  chmod 0644 "$root/share/defaults/telemetrics/telemetrics.conf"
  record "${root#"$destdir"}/share/defaults/telemetrics/telemetrics.conf"
fi
if [ -d "$src/man" ]; then
  for page in "$src"/man/*.[1-8]; do
    [ -f "$page" ] || continue
    section=${page##*.}
    mkdir -p "$root/share/man/man$section"
    cp "$page" "$root/share/man/man$section/"
    chmod 0644 "$root/share/man/man$section/$(basename "$page")"
    record "${root#"$destdir"}/share/man/man$section/$(basename "$page")"
  done
fi
completion="$src/share/bash-completion/completions/telemctl"
if [ -f "$completion" ]; then
  mkdir -p "$root/share/bash-completion/completions"
  cp "$completion" "$root/share/bash-completion/completions/telemctl"
  chmod 0644 "$root/share/bash-completion/completions/telemctl"
  record "${root#"$destdir"}/share/bash-completion/completions/telemctl"
fi
if [ -d "$src/doc" ]; then
  mkdir -p "$root/share/doc/telemetrics"
  for doc in "$src"/doc/*; do
    [ -f "$doc" ] || continue
    cp "$doc" "$root/share/doc/telemetrics/"
    chmod 0644 "$root/share/doc/telemetrics/$(basename "$doc")"
    record "${root#"$destdir"}/share/doc/telemetrics/$(basename "$doc")"
  done
fi
mv "$manifest.new" "$manifest"
say "installed into $root (programs in $home)"
case "$prefix" in
  /usr|/usr/local) ;;
  *) say "systemd does not look for units under $prefix: link them with 'systemctl link $prefix/lib/systemd/system/<unit>' if you want them" ;;
esac

if [ "$cds" = yes ]; then
  if [ -n "$destdir" ]; then
    say "DESTDIR set: start-up caches are left to the target ($prefix/lib/telemetrics/lib/telemetrics-cds)"
  else
    "$home/lib/telemetrics-cds" || say "some start-up caches could not be built; those programs start without one"
  fi
fi

if [ "$setup" = auto ]; then
  setup=no
  if [ -z "$destdir" ] && [ "$(id -u)" -eq 0 ]; then
    case "$prefix" in /usr|/usr/local) setup=yes ;; esac
  fi
fi
if [ "$setup" = yes ]; then
  if command -v systemd-sysusers >/dev/null 2>&1; then
    systemd-sysusers "$root/lib/sysusers.d/telemetrics.conf"
  elif ! id telemetry >/dev/null 2>&1; then
    useradd --system --user-group --home-dir /var/lib/telemetry --shell /usr/sbin/nologin telemetry
  fi
  if command -v systemd-tmpfiles >/dev/null 2>&1; then
    systemd-tmpfiles --create "$root/lib/tmpfiles.d/telemetrics.conf"
  fi
  # The units the package enables; each waits for /etc/telemetrics/opt-in. The metrics exporter
  # and the system probes are the administrator's to enable (docs/operations.md).
  units="telemprobd.socket telemprobd-recover.service telempostd.path hprobe.timer"
  if [ -d /run/systemd/system ]; then
    systemctl daemon-reload
    # A reinstall replaced the jars: running daemons, the metrics exporter and the resident
    # probes restart on the new ones (stopped daemons stay stopped until the next record
    # activates them; the exporter and the system probes run only where they were enabled).
    systemctl try-restart telemprobd.service telempostd.service telemetrics-metrics.service \
      klogscanner.service journalprobe.service crashprobe-coredump.service || true
  fi
  # systemctl enables without a running systemd too (an image being built)
  if [ "$first_install" = yes ] && command -v systemctl >/dev/null 2>&1; then
    # shellcheck disable=SC2086 # one word per unit
    systemctl enable $units >/dev/null 2>&1 || say "could not enable $units"
  fi
  if [ -d /run/systemd/system ]; then
    for unit in $units; do # those enabled, as the package starts them; none runs before opt-in
      if systemctl -q is-enabled "$unit" 2>/dev/null; then
        systemctl start "$unit" >/dev/null 2>&1 || true
      fi
    done
  fi
  # With crash_source=systemd-coredump, systemd-coredump keeps kernel.core_pattern and
  # crashprobe-coredump.service takes the crashes from its journal entries.
  source=$(sed -n 's/^[[:space:]]*crash_source[[:space:]]*=[[:space:]]*\([^[:space:]#]*\).*/\1/p' \
    "$(ls /etc/telemetrics/telemetrics.conf "$root/share/defaults/telemetrics/telemetrics.conf" \
      2>/dev/null | head -n 1)" 2>/dev/null | tail -n 1)
  if [ "$source" = systemd-coredump ]; then
    say "crash_source=systemd-coredump: kernel.core_pattern left to systemd-coredump"
  elif [ -f "$root/lib/sysctl.d/40-telemetrics-crashprobe.conf" ]; then
    sysctl -q -p "$root/lib/sysctl.d/40-telemetrics-crashprobe.conf" \
      || say "could not set kernel.core_pattern (a container?); crash reports stay off"
  fi
  enabled=
  [ "$first_install" = no ] || enabled=" ($units enabled)"
  say "system set up: user telemetry, working directories, units$enabled; opt in with 'telemctl opt-in'"
else
  say "no system setup (DESTDIR, a private PREFIX or not root); see docs/operations.md"
fi
