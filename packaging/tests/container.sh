# A throw-away Debian 12 system with systemd as PID 1, for the tests that need a real systemd:
# sourced after lib.sh. As root only.
#   container_rootfs           the cached minimal root (built once by mmdebstrap; see below)
#   container_boot             boots a fresh copy of it with systemd-nspawn, in a cgroup of its own
#   in_container <sh command>  runs a command in it (nsenter into every namespace of its PID 1)
#   container_poweroff         powers it off and removes the copy (also run at exit)
#   container_power_cut [cmd]  ends it at once, as pulling the plug does, runs cmd (if given)
#                              on the stopped root, and boots the same root again (what was
#                              written stays: the host's page cache is not lost, so this tests
#                              the boot after, not unsynced writes)
# The root is cached under TELEMETRICS_TEST_CACHE (default /var/cache/telemetrics-test) as
# rootfs-<hash of suite, mirror and package list>: a new package list builds a new root. The
# container has a private network (loopback only) and a read-only /proc/sys, so the host's
# kernel.core_pattern is never touched.
CONTAINER_CACHE=${TELEMETRICS_TEST_CACHE:-/var/cache/telemetrics-test}
CONTAINER_SUITE=bookworm
CONTAINER_PACKAGES=systemd,systemd-sysv,dbus,openjdk-17-jre-headless,gdb,procps,python3
# Downloaded into the root's /var/cache/telemetrics-test-debs, not installed: the test installs it
# beside the package for the crash_source=systemd-coredump section.
CONTAINER_DEBS=systemd-coredump
container_pid=
container_nspawn=
container_root=
container_cgroups=

# The Debian mirror apt already uses on this machine for the suite, else deb.debian.org.
container_mirror() {
  if [ -n "${TELEMETRICS_TEST_MIRROR:-}" ]; then
    echo "$TELEMETRICS_TEST_MIRROR"
    return
  fi
  mirror=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk -v suite="$CONTAINER_SUITE" '
    function stanza_end() { if (uri != "" && ok && deb) { print uri; found = 1 } uri = ""; ok = 0; deb = 1 }
    BEGIN { deb = 1 }
    /^[ \t]*$/ { stanza_end(); if (found) exit; next }
    /^URIs:/ { uri = $2 }
    /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) ok = 1 }
    /^Types:/ { deb = ($0 ~ /[ \t]deb([ \t]|$)/) }
    /^Enabled:[ \t]*no/ { deb = 0 }
    END { if (!found) stanza_end() }' | head -n 1)
  if [ -z "$mirror" ]; then
    mirror=$(cat /etc/apt/sources.list 2>/dev/null | awk -v suite="$CONTAINER_SUITE" '
      $1 == "deb" { i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ } # [options]
                    if ($(i + 1) == suite) { print $i; exit } }')
  fi
  echo "${mirror:-http://deb.debian.org/debian}"
}

container_rootfs() {
  mirror=$(container_mirror)
  key=$(printf '%s\n' minbase "$CONTAINER_SUITE" "$mirror" "$CONTAINER_PACKAGES" "$CONTAINER_DEBS" \
    | sha256sum | cut -c1-16)
  rootfs="$CONTAINER_CACHE/rootfs-$key"
  if [ ! -d "$rootfs" ]; then
    mkdir -p "$CONTAINER_CACHE"
    # One builder at a time; a half-built root never gets the final name.
    (
      flock 9
      if [ ! -d "$rootfs" ]; then
        rm -rf "$rootfs.new"
        echo "building the container root $rootfs from $mirror (once)" >&2
        # shellcheck disable=SC2016 # $1 is the root, expanded by mmdebstrap's hook shell
        mmdebstrap --quiet --variant=minbase --include="$CONTAINER_PACKAGES" \
          --customize-hook='mkdir -p "$1/var/cache/telemetrics-test-debs"' \
          --customize-hook="chroot \"\$1\" sh -c 'cd /var/cache/telemetrics-test-debs && apt-get -q download $CONTAINER_DEBS'" \
          "$CONTAINER_SUITE" "$rootfs.new" "$mirror" >"$CONTAINER_CACHE/rootfs-$key.log" 2>&1 || exit 1
        mv "$rootfs.new" "$rootfs"
      fi
    ) 9>"$CONTAINER_CACHE/.lock" || return 1
  fi
  echo "$rootfs"
}

# A cgroup of the container's own in every hierarchy systemd needs: the unified (v2) tree, or on
# a hybrid v1 host the name=systemd and unified trees. Prints the directories.
container_cgroup_dirs() {
  name=$1
  case "$(stat -fc %T /sys/fs/cgroup 2>/dev/null)" in
    cgroup2fs) echo "/sys/fs/cgroup/$name" ;;
    tmpfs)
      [ -d /sys/fs/cgroup/systemd ] && echo "/sys/fs/cgroup/systemd/$name"
      [ -d /sys/fs/cgroup/unified ] && echo "/sys/fs/cgroup/unified/$name"
      ;;
  esac
}

# container_boot: boots it; returns 2 where this machine cannot boot a container (the reason on
# stderr), 1 on other failures.
container_boot() {
  [ "$(id -u)" -eq 0 ] || { echo "booting a container needs root" >&2; return 2; }
  for c in systemd-nspawn mmdebstrap nsenter flock; do
    command -v "$c" >/dev/null 2>&1 || { echo "$c is missing (scripts/install-deps.sh installs it)" >&2; return 1; }
  done
  rootfs=$(container_rootfs) || {
    echo "mmdebstrap could not build the container root:" >&2
    tail -n 5 "$CONTAINER_CACHE"/rootfs-*.log >&2 2>/dev/null
    return 2
  }
  container_root=$(mktemp -d "$CONTAINER_CACHE/run.XXXXXX")
  cleanup_hooks="$cleanup_hooks container_poweroff"
  cp -a --reflink=auto "$rootfs/." "$container_root/" || return 1
  container_start
}

# container_start: boots container_root with systemd as PID 1; the return codes of container_boot.
container_start() {
  name="telemetrics-test-$(basename "$container_root")"
  container_cgroups=$(container_cgroup_dirs "$name")
  [ -n "$container_cgroups" ] || { echo "no cgroup hierarchy this test knows at /sys/fs/cgroup" >&2; return 2; }
  for d in $container_cgroups; do
    mkdir "$d" 2>/dev/null || { echo "cannot create the cgroup $d (read-only cgroup tree?)" >&2; return 2; }
  done
  # Without --register=no --keep-unit nspawn asks a host systemd (over D-Bus) for a scope.
  # shellcheck disable=SC2016 # expanded by the inner shell
  sh -c 'for d in $1; do echo $$ > "$d/cgroup.procs" || { echo "cannot join $d" >&2; exit 97; }; done
    shift; exec "$@"' sh \
    "$container_cgroups" systemd-nspawn --quiet --register=no --keep-unit --private-network \
    --console=passive --directory="$container_root" --boot >"$WORK/nspawn.log" 2>&1 &
  container_nspawn=$!
  tries=0
  while [ $tries -lt 300 ]; do
    kill -0 "$container_nspawn" 2>/dev/null || {
      echo "systemd-nspawn could not boot the container:" >&2
      tail -n 20 "$WORK/nspawn.log" >&2
      return 2
    }
    for child in $(ps -o pid= --ppid "$container_nspawn" 2>/dev/null); do
      [ "$(cat "/proc/$child/comm" 2>/dev/null)" = systemd ] && container_pid=$child
    done
    [ -n "$container_pid" ] && break
    sleep 0.1
    tries=$((tries + 1))
  done
  [ -n "$container_pid" ] || { echo "no systemd in the container after 30 s" >&2; return 2; }
  # systemctl needs the manager's private socket, which comes a moment after PID 1 does.
  tries=0
  until in_container 'test -S /run/systemd/private' 2>/dev/null || [ $tries -ge 300 ]; do
    sleep 0.1
    tries=$((tries + 1))
  done
  state=$(in_container 'timeout 120 systemctl is-system-running --wait' 2>&1) || true
  case "$state" in
    running) ;;
    degraded) echo "the container booted degraded: $(in_container 'systemctl --failed --no-legend --plain' | tr '\n' ' ')" ;;
    *) echo "the container did not finish booting ($state)" >&2; return 1 ;;
  esac
}

in_container() {
  nsenter --target "$container_pid" --all \
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 sh -c "$1"
}

container_power_cut() {
  [ -n "$container_pid" ] || return 1
  # SIGKILL to its PID 1 ends every process of its PID namespace at once: no unit stops.
  kill -KILL "$container_pid" 2>/dev/null
  wait "$container_nspawn" 2>/dev/null || true
  container_pid=
  container_nspawn=
  container_remove_cgroups
  if [ -n "${1:-}" ]; then
    sh -c "$1" || return 1
  fi
  container_start
}

container_remove_cgroups() { # the container's own cgroups, deepest first, once they are empty
  for d in $container_cgroups; do
    tries=0
    while [ -d "$d" ] && [ $tries -lt 50 ]; do # the killed processes leave them in a moment
      find "$d" -depth -type d -exec rmdir {} + 2>/dev/null
      [ -d "$d" ] && sleep 0.2
      tries=$((tries + 1))
    done
  done
  container_cgroups=
}

container_poweroff() {
  if [ -n "$container_nspawn" ] && kill -0 "$container_nspawn" 2>/dev/null; then
    in_container 'systemctl poweroff' >/dev/null 2>&1 || true
    tries=0
    while kill -0 "$container_nspawn" 2>/dev/null && [ $tries -lt 300 ]; do
      sleep 0.1
      tries=$((tries + 1))
    done
    # Not down in 30 s: SIGKILL to the container's PID 1 ends every process of its PID
    # namespace (killing nspawn alone would leave them running, orphaned).
    if kill -0 "$container_nspawn" 2>/dev/null; then
      echo "the container did not power off in 30 s; killing it" >&2
      [ -n "$container_pid" ] && kill -KILL "$container_pid" 2>/dev/null
      sleep 1
      kill -KILL "$container_nspawn" 2>/dev/null || true
    fi
    wait "$container_nspawn" 2>/dev/null || true
  fi
  container_pid=
  container_nspawn=
  container_remove_cgroups
  [ -n "$container_root" ] && rm -rf "$container_root"
  container_root=
}
