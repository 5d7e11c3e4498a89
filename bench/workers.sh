#!/bin/bash
# bench/workers.sh [BIN] -- scaling out: pages/s with 1, 2 and 4 crawlers
# sharing one PostgreSQL store, as ratios to 1 crawler (make bench-workers).
#
# A throwaway PostgreSQL cluster with its default durability (fsync on:
# every article is a durable commit, as in production) on a Unix socket,
# and a loopback site: SITES hosts (default 40) with STORIES stories
# (default 1200, about 1,800 articles, a third of the stories republished
# by other sites) written by tests/make-newsite.py, served by nginx (one
# worker process; installed as root when missing) or, without it, by
# tests/httpd.py (Python: it may then be the bottleneck; the report says
# which).  Per round and per crawler count N: a fresh database, N `akhbar
# crawl` processes started together (delay 0: politeness is not what is
# measured), wall time until the last one exits, every article checked
# stored exactly once.  The same run measures one crawler on SQLite, the
# embedded default, as a second reference.  ROUNDS rounds (default 3),
# interleaved; medians and bests reported.  Run it on an otherwise idle
# machine: the figures are CPU-bound and shared by the crawlers, the
# server and PostgreSQL.
set -u
BIN=${1:-build/akhbar}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
SRC=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-3}
SITES=${SITES:-40}
STORIES=${STORIES:-1200}
COUNTS=${COUNTS:-"1 2 4"}
TMP=$(mktemp -d /tmp/akhbar-bench-workers.XXXXXX)
chmod 755 "$TMP"
PGDIR="$TMP/pg"
SRV=""
cleanup() { # KEEP=1 keeps the files (sites, configs, outputs), not the servers
    [ -n "$SRV" ] && kill "$SRV" 2>/dev/null
    wait 2>/dev/null
    if [ -n "${KEEP:-}" ]; then
        sh "$SRC/tests/pg.sh" stop "$PGDIR" > /dev/null 2>&1
        echo "kept $TMP"
    else
        sh "$SRC/tests/pg.sh" stop "$PGDIR" 2>/dev/null
        rm -rf "$TMP"
    fi
}
trap cleanup EXIT

need() { # PACKAGE COMMAND: installs PACKAGE as root when COMMAND is missing
    command -v "$2" > /dev/null 2>&1 && return 0
    if [ "$(id -u)" = 0 ]; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$1" > /dev/null 2>&1
    fi
    command -v "$2" > /dev/null 2>&1
}

echo "== akhbar bench-workers: $SITES sites, $STORIES stories, crawlers: $COUNTS, $ROUNDS rounds"
if ! ls /usr/lib/postgresql/*/bin/initdb > /dev/null 2>&1 && ! need postgresql pg_ctlcluster; then
    echo "missing: PostgreSQL server (Debian package postgresql); bench-workers needs it"
    exit 1
fi
PG_DURABLE=${PG_DURABLE:-1} sh "$SRC/tests/pg.sh" start "$PGDIR" > /dev/null || { echo "bench-workers: PostgreSQL did not start"; exit 1; }
ADMIN="postgresql://akhbar@/postgres?host=$PGDIR"
psql -X -q "$ADMIN" -c "SELECT 1" > /dev/null || exit 1

python3 "$SRC/tests/make-newsite.py" "$TMP/site" "$TMP/conf.tmpl" "$TMP/truth.json" --sites "$SITES" --stories "$STORIES"
chmod -R a+rX "$TMP/site"
TOTAL=$(python3 -c "import json; print(sum(len(s) for s in json.load(open('$TMP/truth.json'))))")
PORT=$(python3 -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
# The pages name their own port (tests/httpd.py fills @PORT@ in as it
# serves; nginx serves them as they are).
find "$TMP/site" -type f -exec sed -i "s/@PORT@/$PORT/g" {} +
if need nginx nginx || [ -x /usr/sbin/nginx ]; then
    NGINX=$(command -v nginx || echo /usr/sbin/nginx)
    mkdir -p "$TMP/nginx"
    cat > "$TMP/nginx/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log;
$( [ "$(id -u)" = 0 ] && echo "user root;" )
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $TMP/nginx/body;
    proxy_temp_path $TMP/nginx/proxy;
    fastcgi_temp_path $TMP/nginx/fastcgi;
    uwsgi_temp_path $TMP/nginx/uwsgi;
    scgi_temp_path $TMP/nginx/scgi;
    types { text/html html; application/rss+xml xml; }
    server { listen 127.0.0.1:$PORT; root $TMP/site/\$host; }
}
CONF
    "$NGINX" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" > "$TMP/nginx/out" 2>&1 &
    SRV=$!
    SERVER="nginx (1 worker process)"
else
    echo "missing: nginx; serving with tests/httpd.py (Python), which may limit the larger counts"
    python3 "$SRC/tests/httpd.py" --root "$TMP/site" --port "$PORT" > "$TMP/httpd.out" 2>&1 &
    SRV=$!
    SERVER="tests/httpd.py (Python, threads)"
fi
for _ in $(seq 100); do
    curl -s -o /dev/null "http://alpha.localhost:$PORT/feed.xml" 2> /dev/null && break
    python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/', timeout=1)" 2> /dev/null && break
    sleep 0.1
done
printf '[crawl]\nallow_private = 127.0.0.0/8 ::1\n' > "$TMP/system.conf"
export AKHBAR_SYSTEM_CONFIG="$TMP/system.conf" XDG_CONFIG_HOME="$TMP/xdg"
unset AKHBAR_CONFIG

# CPU seconds the PostgreSQL server spent so far: the postmaster and its
# children (backends are reaped when a crawler disconnects).
pg_cpu() {
    python3 - "$PGDIR/data/postmaster.pid" <<'PY'
import os, sys
pid = int(open(sys.argv[1]).readline())
tck = os.sysconf('SC_CLK_TCK')
def ticks(p, children):
    f = open('/proc/%d/stat' % p).read().rsplit(')', 1)[1].split()
    return int(f[11]) + int(f[12]) + (int(f[13]) + int(f[14]) if children else 0)
total = ticks(pid, True)
for d in os.listdir('/proc'):
    if d.isdigit():
        try:
            if int(open('/proc/%s/stat' % d).read().rsplit(')', 1)[1].split()[1]) == pid:
                total += ticks(int(d), False)
        except (OSError, ValueError, IndexError):
            pass
print('%.3f' % (total / tck))
PY
}

# run N STORE LABEL: N crawlers at once on STORE; prints "wall cpu articles"
run() {
    sed -e "s/@PORT@/$PORT/g" -e "s|^db = @DB@|db = $2\ndelay = 0\nmax_per_host = 4\nmax_transfers = 32|" \
        "$TMP/conf.tmpl" > "$TMP/$3.conf"
    python3 - "$BIN" "$TMP/$3.conf" "$1" "$TMP/$3" <<'PY'
import os, subprocess, sys, time
binary, conf, n, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
t0 = time.monotonic()
procs = [subprocess.Popen([binary, 'crawl', '-q', '--config', conf], stdout=open('%s.%d.out' % (out, i), 'w'),
                          stderr=subprocess.STDOUT) for i in range(n)]
cpu, bad = 0.0, 0
for p in procs:
    _, status, ru = os.wait4(p.pid, 0)
    cpu += ru.ru_utime + ru.ru_stime
    bad += os.waitstatus_to_exitcode(status) != 0
print('%.3f %.3f %d' % (time.monotonic() - t0, cpu, bad))
PY
}

check_store() { # STORE: articles stored, each URL once
    "$BIN" export --db "$1" | python3 -c "
import collections, json, sys
urls = collections.Counter(json.loads(l)['url'] for l in sys.stdin)
print(len(urls) if all(v == 1 for v in urls.values()) else -1)"
}

declare -A WALL CPU DBCPU
for r in $(seq "$ROUNDS"); do
    for n in $COUNTS sqlite; do
        if [ "$n" = sqlite ]; then
            store="$TMP/r$r.db"
            res=$(run 1 "$store" "sqlite-$r")
        else
            db="bench_${n}_$r"
            psql -X -q "$ADMIN" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" > /dev/null
            store="postgresql://akhbar@/$db?host=$PGDIR"
            c0=$(pg_cpu)
            res=$(run "$n" "$store" "pg$n-$r")
            c1=$(pg_cpu)
            DBCPU[$n]="${DBCPU[$n]:-} $(python3 -c "print($c1 - $c0)")"
        fi
        set -- $res
        got=$(check_store "$store")
        if [ "$3" != 0 ] || [ "$got" != "$TOTAL" ]; then
            echo "round $r, $n: $3 crawlers failed, $got of $TOTAL articles stored once; see below"
            tail -n 5 "$TMP"/*"$n-$r".*.out
            exit 1
        fi
        WALL[$n]="${WALL[$n]:-} $1"
        CPU[$n]="${CPU[$n]:-} $2"
        printf '  round %d, %-6s: %6.2f s wall, %6.2f s CPU (crawlers), %d articles\n' "$r" "$n" "$1" "$2" "$got"
    done
done

echo
echo "server: $SERVER; PostgreSQL $(psql -X -A -t "$ADMIN" -c 'SHOW server_version') (fsync on, synchronous_commit on); $(nproc) CPU cores, shared"
python3 - "$TOTAL" "$COUNTS" "${WALL[1]:-}" "${WALL[2]:-}" "${WALL[4]:-}" "${WALL[sqlite]}" "${CPU[1]:-}" "${CPU[2]:-}" "${CPU[4]:-}" "${CPU[sqlite]}" "${DBCPU[1]:-}" "${DBCPU[2]:-}" "${DBCPU[4]:-}" <<'PY'
import statistics, sys
total = int(sys.argv[1])
counts = sys.argv[2].split()
wall = {k: [float(x) for x in v.split()] for k, v in zip(['1', '2', '4', 'sqlite'], sys.argv[3:7]) if v.strip()}
cpu = {k: [float(x) for x in v.split()] for k, v in zip(['1', '2', '4', 'sqlite'], sys.argv[7:11]) if v.strip()}
db = {k: [float(x) for x in v.split()] for k, v in zip(['1', '2', '4'], sys.argv[11:14]) if v.strip()}
print('| crawlers | store | wall median (best) | pages/s median (best) | x 1 crawler, medians / bests | CPU s per 1000 pages: crawlers + database |')
print('|---|---|---|---|---|---|')
ref = wall.get('1')
for k in counts + ['sqlite']:
    if k not in wall:
        continue
    med, best = statistics.median(wall[k]), min(wall[k])
    r = ('%.2f / %.2f' % (statistics.median(ref) / med, min(ref) / best)) if ref else '-'
    dbs = ('%.2f' % (1000 * statistics.median(db[k]) / total)) if k in db else '(in process)'
    print('| %s | %s | %.2f s (%.2f s) | %.0f (%.0f) | %s | %.2f + %s |' % (
        1 if k == 'sqlite' else k, 'SQLite' if k == 'sqlite' else 'PostgreSQL', med, best, total / med,
        total / best, r, 1000 * statistics.median(cpu[k]) / total, dbs))
PY
