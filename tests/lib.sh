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
PG_DBS=""
cleanup() {
    for p in $SRV_PIDS; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    for d in $PG_DBS; do pgq "$PG_ADMIN" "DROP DATABASE IF EXISTS $d WITH (FORCE)" > /dev/null 2>&1; done
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

# pg_db NAME : a fresh, empty database NAME on the test PostgreSQL server
# (tests/run.sh starts one; AKHBAR_TEST_PG_HOST is its socket directory),
# dropped when the test ends; sets PGURI to its store location.  Without a
# server the test reports it as a failure and stops.
pg_db() {
    if [ -z "${AKHBAR_TEST_PG_HOST:-}" ]; then
        not_ok "PostgreSQL test server: none (AKHBAR_TEST_PG_HOST is unset; tests/run.sh starts one with tests/pg.sh)"
        exit 1
    fi
    PG_ADMIN="postgresql://akhbar@/postgres?host=$AKHBAR_TEST_PG_HOST"
    if ! pgq "$PG_ADMIN" "DROP DATABASE IF EXISTS $1 WITH (FORCE)" > "$TMP/pg_db.err" 2>&1 ||
       ! pgq "$PG_ADMIN" "CREATE DATABASE $1" >> "$TMP/pg_db.err" 2>&1; then
        not_ok "PostgreSQL test server: cannot create database $1: $(cat "$TMP/pg_db.err")"
        exit 1
    fi
    PG_DBS="$PG_DBS $1"
    PGURI="postgresql://akhbar@/$1?host=$AKHBAR_TEST_PG_HOST"
}

# pgq URI SQL : runs SQL on a PostgreSQL database; rows tab-separated.
pgq() { psql -X -q -A -t -v ON_ERROR_STOP=1 -F "$(printf '\t')" "$1" -c "$2"; }
