# Shared by the packaging tests: sourced, not run.
#   TREE  the built tree (dist/target/telemetrics), set by packaging/tests/run
#   DEB   the built Debian package
set -eu
REPO=${REPO:-$(cd "$(dirname "$0")/../.." && pwd)}
TREE=${TREE:-$REPO/dist/target/telemetrics}
DEB=${DEB:-$(ls "$REPO"/dist/target/telemetrics-java_*.deb 2>/dev/null | head -n 1)}
TEST_NAME=$(basename "$0")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/telemetrics-$TEST_NAME.XXXXXX")
cleanup_hooks=""
on_exit() {
  for hook in $cleanup_hooks; do "$hook" || true; done
  rm -rf "$WORK"
}
trap on_exit EXIT INT TERM

fail() {
  echo "FAIL $TEST_NAME: $*" >&2
  exit 1
}
# skip <reason>: the test cannot run here; exit code 77 is counted as skipped.
skip() {
  echo "SKIP $TEST_NAME: $*" >&2
  exit 77
}
need() {
  command -v "$1" >/dev/null 2>&1 || fail "$1 is missing (scripts/install-deps.sh installs it)"
}
