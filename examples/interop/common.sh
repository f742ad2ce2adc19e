# Shared by run.sh and more-peers.sh (sourced, not run): logging, package installation, the
# scratch directory with its cleanup, waiting for a port, and the PASS/FAIL bookkeeping.
# The sourcing script sets HOST and `set -euo pipefail` first.

log() { printf '\n== %s\n' "$*"; }

# install_packages PACKAGE...: apt-get install (as root, or through sudo), without recommends;
# the lines of $DEBCONF, if any, are given to debconf-set-selections first.
install_packages() {
    [ "$#" -gt 0 ] || return 0
    log "installing $*"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    if [ -n "${DEBCONF:-}" ]; then
        printf '%s\n' "$DEBCONF" | $sudo debconf-set-selections
    fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@"
}

# make_work PREFIX: a scratch directory in $WORK, removed on exit (KEEP_WORK=1 keeps it) after
# the processes in PIDS are stopped and the script's own cleanup_extra, if defined, has run.
make_work() {
    WORK="$(mktemp -d "/tmp/$1.XXXXXX")"
    chmod 755 "$WORK"
    PIDS=()
    trap cleanup EXIT INT TERM
}

cleanup() {
    if declare -F cleanup_extra >/dev/null; then
        cleanup_extra || true
    fi
    local pid
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    if [ -n "${KEEP_WORK:-}" ]; then echo "work directory kept: $WORK"; else rm -rf "$WORK"; fi
}

# wait_port PORT PID: waits until PORT accepts connections while process PID (the one that
# should own it) is still running: a port held by something else must not pass for ours.
wait_port() {
    local port=$1 pid=$2 i
    for i in $(seq 1 100); do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "process $pid exited before opening port $port" >&2
            return 1
        fi
        if (exec 3<>"/dev/tcp/$HOST/$port") 2>/dev/null; then
            sleep 0.2
            kill -0 "$pid" 2>/dev/null && return 0
        fi
        sleep 0.1
    done
    echo "port $port did not open" >&2
    return 1
}

# check NAME COMMAND...: runs COMMAND, records NAME as passed or failed, and shows the last
# lines of its output when it fails.
FAILED=()
PASSED=()
check() {
    local name=$1
    shift
    if "$@" >"$WORK/step.log" 2>&1; then
        PASSED+=("$name")
        echo "PASS  $name"
    else
        FAILED+=("$name")
        echo "FAIL  $name"
        sed 's/^/      /' "$WORK/step.log" | tail -n 20
    fi
}
