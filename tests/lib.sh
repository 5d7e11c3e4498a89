# lib.sh -- helpers for the integration tests (sourced by tests/it/*.sh).
#
# Each test prints "ok - NAME" or "not ok - NAME" (with details below it),
# the runner counts them.  Servers are started on 127.0.0.1 by the test and
# stopped on exit.  $AKHBAR is the binary, $AKHBAR_SRC the source tree.
set -u
: "${AKHBAR:=$(pwd)/build/akhbar}"
: "${AKHBAR_SRC:=$(pwd)}"
TMP=$(mktemp -d)
# Tests never read the machine's own akhbar config layers; their system
# layer allows the loopback fixture servers explicitly (the SSRF guard
# refuses non-public addresses by default).
printf '[crawl]\nallow_private = 127.0.0.0/8 ::1\n' > "$TMP/lib-system.conf"
export AKHBAR_SYSTEM_CONFIG="$TMP/lib-system.conf" XDG_CONFIG_HOME="$TMP/xdg"
unset AKHBAR_CONFIG
SRV_PIDS=""
cleanup() {
    for p in $SRV_PIDS; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT
[ -n "${KEEP_TMP:-}" ] && trap "echo kept $TMP" EXIT

ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; }

# check NAME CMD... : runs CMD, reports ok/not ok with its output on failure.
check() {
    name=$1
    shift
    if out=$("$@" 2>&1); then
        ok "$name"
    else
        not_ok "$name"
        printf '%s\n' "$out" | head -n 30 | sed 's/^/    # /'
    fi
}

# start_server ROOT [ROUTES_JSON [HTTPD_ARGS...]] : starts tests/httpd.py;
# sets PORT and REQLOG (one JSON line per request received).
start_server() {
    REQLOG="$TMP/requests-$RANDOM.log"
    : > "$REQLOG"
    local out="$TMP/httpd-$RANDOM.out"
    : > "$out"
    local routes=()
    [ -n "${2:-}" ] && routes=(--routes "$2")
    local extra=("${@:3}")
    python3 "$AKHBAR_SRC/tests/httpd.py" --root "$1" --log "$REQLOG" "${routes[@]}" "${extra[@]}" > "$out" 2>&1 &
    SRV_PIDS="$SRV_PIDS $!"
    for _ in $(seq 100); do
        PORT=$(sed -n 's/^PORT //p' "$out")
        [ -n "$PORT" ] && return 0
        sleep 0.05
    done
    echo "cannot start the fixture server:" >&2
    cat "$out" >&2
    exit 1
}

# demo_config FILE : config/demo.conf rewritten for this test's port and db.
demo_config() {
    sed -e "s/:8642/:$PORT/g" -e "s|^db = .*|db = $TMP/akhbar.db|" \
        "$AKHBAR_SRC/config/demo.conf" > "$1"
}

# reqs HOST [PATH_PREFIX] : the request lines of $REQLOG for HOST (any
# port), one "t path" per line, in arrival order.
reqs() {
    python3 - "$REQLOG" "$1" "${2:-}" <<'PY'
import json, signal, sys
signal.signal(signal.SIGPIPE, signal.SIG_DFL)
log, host, prefix = sys.argv[1:4]
for line in open(log, encoding='utf-8'):
    r = json.loads(line)
    if r['host'].split(':')[0] == host and r['path'].startswith(prefix):
        print('%.3f %s' % (r['t'], r['path']))
PY
}

# nreqs HOST [PATH_PREFIX] : how many requests HOST got (for PATH_PREFIX).
nreqs() { reqs "$@" | wc -l; }

# sql DB QUERIES : SQLite statements separated by ';' through Python's sqlite3 (no sqlite3 CLI
# needed); prints rows as tab-separated values.
sql() {
    python3 - "$1" "$2" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for q in sys.argv[2].split(';'):
    for row in c.execute(q):
        print('\t'.join('' if v is None else str(v) for v in row))
c.commit()
PY
}
