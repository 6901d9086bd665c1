#!/bin/sh
# Installs the Debian packages the build and the tests need, when they are missing:
#   gcc, make      build the probes' JNI socket library (libtelemetry), and compile the small
#                  crashing C programs of the crash probe tests
#   gdb            gcore makes real core dumps of stopped processes
#   binutils       objcopy and strip, for the crash probe's stripped-binary test
#   libc6-dbg      glibc's debug files: the crash probe names and lines libc frames from them
#   influxdb       a real InfluxDB 1.x, started on loopback by the metrics tests to accept
#                  telemctl metrics --format influx
#   prometheus     a real Prometheus, started on loopback (its own port and storage) by the
#                  metrics acceptance test, and promtool, which checks packaging/monitoring's
#                  alerting rules and runs their unit tests (on a systemd machine the package
#                  also starts a system Prometheus on :9090; the tests do not use it)
#   jq             packaging/tests/test-monitoring reads the Grafana dashboard JSON with it
#   chromium       a real headless browser: telemctl's report test renders the transparency
#                  report, takes a screenshot and reads the DOM it built
#   systemd        systemd-socket-activate and systemd-analyze (unit checks, socket activation),
#                  systemctl (telemctl runs its --version in a test)
#   dpkg-dev       dpkg-deb, to inspect the Debian package
#   man-db         man, to check the man pages and the units' Documentation= entries
#   lintian        checks the Debian package as Debian would
#   e2fsprogs      mkfs.ext4: a real ext4 that turns read-only (faults' read-only /var test)
#   libfaketime    a wall clock set forward under the real daemons (faults' clock-step test)
#   mmdebstrap, systemd-container
#                  build a minimal Debian 12 root once, and boot it with systemd as PID 1
#                  (systemd-nspawn) for the package's test under a real systemd
# Needs root (or passwordless sudo) only when something is missing.
set -eu

missing=""
need() { # need <command> <package>
  command -v "$1" >/dev/null 2>&1 || missing="$missing $2"
}
need gcc gcc
need make make
need gdb gdb
need gcore gdb
need objcopy binutils
need strip binutils
need_pkg() { # need_pkg <package>: installed through dpkg, where there is one
  command -v dpkg-query >/dev/null 2>&1 || return 0
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed" || missing="$missing $1"
}
need_pkg libc6-dbg
need_pkg libfaketime
need systemd-socket-activate systemd
need systemd-analyze systemd
need systemctl systemd
need dpkg-deb dpkg
need man man-db
need lintian lintian
need mmdebstrap mmdebstrap
need systemd-nspawn systemd-container
need nsenter util-linux
need flock util-linux
need findmnt util-linux
need mkfs.ext4 e2fsprogs
need influxd influxdb
need prometheus prometheus
need promtool prometheus
need jq jq
need chromium chromium
need ps procps
need jar openjdk-17-jdk-headless
need java openjdk-17-jdk-headless
need mvn maven

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo="sudo -n"
else
  echo "install-deps: missing packages:$missing; run as root: apt-get install$missing" >&2
  exit 1
fi
echo "install-deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086 # one word per package
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
