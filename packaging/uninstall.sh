#!/bin/sh
# Removes what install.sh installed.
#
#   uninstall.sh [--prefix=DIR] [--destdir=DIR] [--purge]
#
# PREFIX and DESTDIR as for install.sh (default: the installation this script belongs to).
# --purge also deletes the working directories (spool, journal, machine id) and, when it
# points at this installation's crash probe, resets kernel.core_pattern to "core".
set -eu

here=$(cd "$(dirname "$0")" && pwd)
prefix=${PREFIX:-}
destdir=${DESTDIR:-}
purge=no
for arg in "$@"; do
  case "$arg" in
    --prefix=*) prefix=${arg#--prefix=} ;;
    --destdir=*) destdir=${arg#--destdir=} ;;
    --purge) purge=yes ;;
    -h|--help) sed -n '2,8s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "uninstall.sh: unknown argument $arg" >&2; exit 2 ;;
  esac
done
destdir=${destdir%/}
if [ -z "$prefix" ]; then
  if [ -f "$here/install-manifest" ]; then
    # installed copy: <prefix>/lib/telemetrics/uninstall.sh
    prefix=$(cd "$here/../.." && pwd)
    prefix=${prefix#"$destdir"}
  else
    prefix=/usr/local
  fi
fi
prefix=${prefix%/}
home="$destdir$prefix/lib/telemetrics"
manifest="$home/install-manifest"
if [ ! -f "$manifest" ]; then
  echo "uninstall.sh: nothing installed under $destdir$prefix (no $manifest)" >&2
  exit 1
fi

running_systemd=no
[ -z "$destdir" ] && [ -d /run/systemd/system ] && running_systemd=yes
if [ "$running_systemd" = yes ]; then
  systemctl disable --now telemprobd.socket telemprobd-recover.service telempostd.path hprobe.timer \
    telemetrics-metrics.service klogscanner.service pstoreprobe.service journalprobe.service \
    crashprobe-coredump.service >/dev/null 2>&1 || true
  systemctl stop telemprobd.service telempostd.service hprobe.service >/dev/null 2>&1 || true
fi

while IFS= read -r f; do
  rm -f "$destdir$f"
  # drop directories this left empty, up to the prefix
  d=$(dirname "$destdir$f")
  while [ "$d" != "$destdir$prefix" ] && rmdir "$d" 2>/dev/null; do
    d=$(dirname "$d")
  done
done < "$manifest"
rm -rf "$home"
rmdir "$destdir$prefix/lib" "$destdir$prefix/share" 2>/dev/null || true
echo "uninstall.sh: removed the installation under $destdir$prefix"

if [ "$running_systemd" = yes ]; then
  systemctl daemon-reload || true
fi
if [ "$purge" = yes ] && [ -z "$destdir" ]; then
  rm -rf /var/spool/telemetry /var/log/telemetry /var/lib/telemetry /var/cache/telemetry \
    /run/telemetry
  case "$(cat /proc/sys/kernel/core_pattern 2>/dev/null)" in
    "|$prefix/bin/crashprobe"*) sysctl -q -w kernel.core_pattern=core || true ;;
  esac
  echo "uninstall.sh: purged the working directories"
fi
