#!/bin/bash
# bench/fetch.sh [BIN] -- the fetcher under misbehaving hosts, as a ratio.
#
# Crawls the same 15 healthy loopback hosts (3 articles each, delay 200ms,
# max_per_host 2) twice per round: alone (the reference), then with 5
# misbehaving hosts added (a feed that never answers, 429 for an hour, a
# gzip bomb, a redirect loop, 5xx on robots.txt and feed) under timeout =
# 3s and low_speed_time = 2s (which ends the silent feed first).  The goal
# (issue 6): the second crawl takes about the first plus the timeout that
# fires, i.e. ratio = t(20 hosts) / (t(15 healthy) + 2 s) at most about 1,
# with every healthy article stored.  Also reports a naive reference: the
# same 45 articles fetched one by one with curl(1), no pacing.
# Nothing leaves 127.0.0.1; needs python3 (and curl for the naive line).
set -eu
BIN=${1:-build/akhbar}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
SRC=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-3}
TMP=$(mktemp -d)
PIDS=""
trap 'for p in $PIDS; do kill $p 2>/dev/null; done; wait 2>/dev/null; rm -rf "$TMP"' EXIT

serve() { # DIR NAME -> sets PORT
    python3 "$SRC/tests/httpd.py" --root "$1/site" --routes "$1/routes.json" > "$1/httpd.out" 2>&1 &
    PIDS="$PIDS $!"
    for _ in $(seq 100); do
        PORT=$(sed -n 's/^PORT //p' "$1/httpd.out")
        [ -n "$PORT" ] && return 0
        sleep 0.05
    done
    echo "bench: cannot start the fixture server" >&2
    exit 1
}

mkdir -p "$TMP/good" "$TMP/all"
python3 "$SRC/tests/make-hosts.py" --no-bad "$TMP/good/site" "$TMP/good/routes.json" "$TMP/good/c.tmpl"
python3 "$SRC/tests/make-hosts.py" "$TMP/all/site" "$TMP/all/routes.json" "$TMP/all/c.tmpl"
serve "$TMP/good"; GOOD_PORT=$PORT
serve "$TMP/all"; ALL_PORT=$PORT

crawl() { # DIR PORT ROUND -> prints seconds; checks 45 articles stored
    local db="$1/r$3.db"
    sed -e "s/@PORT@/$2/g" -e "s|@DB@|$db|" "$1/c.tmpl" > "$1/c.conf"
    local t0 t1
    t0=$(date +%s.%N)
    "$BIN" crawl -q --config "$1/c.conf" > "$1/out" 2>&1 || true
    t1=$(date +%s.%N)
    local n
    n=$("$BIN" export --db "$db" | wc -l)
    if [ "$n" -ne 45 ]; then
        echo "bench: expected 45 healthy articles stored, got $n" >&2
        cat "$1/out" >&2
        exit 1
    fi
    python3 -c "print('%.3f' % ($t1 - $t0))"
}

good=() all=()
for r in $(seq "$ROUNDS"); do
    good+=("$(crawl "$TMP/good" "$GOOD_PORT" "$r")")
    all+=("$(crawl "$TMP/all" "$ALL_PORT" "$r")")
done
naive="missing"
# The naive reference needs curl(1): installed here when running as root.
if ! command -v curl > /dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl > /dev/null 2>&1 || true
fi
if command -v curl > /dev/null 2>&1; then
    t0=$(date +%s.%N)
    for h in $(seq 15); do
        for a in 0 1 2; do
            curl -s -o /dev/null --compressed "http://h$h.localhost:$GOOD_PORT/a$a.html" || true
        done
        curl -s -o /dev/null "http://h$h.localhost:$GOOD_PORT/feed.xml" || true
    done
    t1=$(date +%s.%N)
    naive=$(python3 -c "print('%.3f' % ($t1 - $t0))")
fi
python3 - "$naive" "${good[*]}" "${all[*]}" <<'PY'
import statistics, sys
naive = sys.argv[1]
good = [float(x) for x in sys.argv[2].split()]
bad = [float(x) for x in sys.argv[3].split()]
g, b = statistics.median(good), statistics.median(bad)
print('15 healthy hosts alone (reference):   median %.2f s  %s' % (g, good))
print('15 healthy + 5 misbehaving hosts:     median %.2f s  %s' % (b, bad))
print('ratio t(20) / (t(15) + 2 s):          %.2f  (1.00 = the healthy crawl plus the whole timeout)' % (b / (g + 2)))
print('extra time over the healthy crawl:    %.2f s (low_speed_time 2 s, timeout 3 s)' % (b - g))
if naive != 'missing':
    print('naive sequential curl, 60 GETs, no robots.txt, no pacing: %s s (akhbar healthy / naive = %.2f)'
          % (naive, g / float(naive)))
else:
    print('naive reference: curl missing')
PY
