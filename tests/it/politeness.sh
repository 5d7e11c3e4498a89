# politeness.sh -- pacing and throttling, asserted on the fixture server's
# request log (no blind sleeps: short configured delays): the minimum gap
# between two requests to one host, per-site overrides, the per-host
# concurrency limit, a slow host not stalling the others, connection reuse,
# 429/503 Retry-After (seconds and HTTP-date) holding a host within the run
# and deferring it across runs.
. "$AKHBAR_SRC/tests/lib.sh"

ROOT="$TMP/site"
python3 - "$ROOT" <<'PY'
import os, sys
root = sys.argv[1]
def w(path, data):
    p = os.path.join(root, path)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    open(p, 'w', encoding='utf-8').write(data)
para = ("La commune a lancé mardi les travaux de réhabilitation de l'ancienne médina, un chantier "
        "de deux ans financé par l'État et la région, selon un communiqué publié le même jour. ")
def site(host, n):
    items = ''.join('<item><title>%s %d</title><link>http://%s:@PORT@/p%d.html</link></item>' % (host, i, host, i)
                    for i in range(n))
    w(host + '/feed.xml', '<rss version="2.0"><channel><title>%s</title>%s</channel></rss>' % (host, items))
    for i in range(n):
        w(host + '/p%d.html' % i, '<html><body><h1>%s %d</h1><div class="content"><p>%s</p><p>%s %d</p></div></body></html>'
          % (host, i, para, para.upper(), i))
site('paced.localhost', 5)     # global delay 200 ms
site('slow.localhost', 3)      # [site] delay 500 ms
site('conc.localhost', 6)      # delay 0, 2 at a time, each page takes 0.4 s
site('stall.localhost', 4)     # every page takes 2 s
site('fast.localhost', 6)      # delay 0
site('busy.localhost', 3)      # p1: 429 Retry-After: 1, then 200
site('busy2.localhost', 2)     # p0: 503 with an HTTP-date 2 s ahead, then 200
site('later.localhost', 2)     # feed: 429 Retry-After: 3600
site('mixed.localhost', 4)     # p0: 503 Retry-After: 3600; the rest must wait
site('nag.localhost', 5)       # every page: 429 Retry-After: 1 once, then 200
site('wall.localhost', 2)      # every page: 429 Retry-After: 1, always
PY
python3 - "$TMP/routes.json" <<'PY'
import json, sys
r = {}
for i in range(6):
    r['conc.localhost/p%d.html' % i] = {'delay': 0.4}
for i in range(4):
    r['stall.localhost/p%d.html' % i] = {'delay': 2}
r['busy.localhost/p1.html'] = {'sequence': [{'status': 429, 'retry_after': 1, 'body': 'slow down'}, {}]}
r['busy2.localhost/p0.html'] = {'sequence': [{'status': 503, 'retry_after_date': 2, 'body': 'busy'}, {}]}
r['later.localhost/feed.xml'] = {'status': 429, 'retry_after': 3600, 'body': 'come back in an hour'}
r['mixed.localhost/p0.html'] = {'status': 503, 'retry_after': 3600, 'body': 'maintenance'}
for i in range(5):
    r['nag.localhost/p%d.html' % i] = {'sequence': [{'status': 429, 'retry_after': 1}, {}]}
for i in range(2):
    r['wall.localhost/p%d.html' % i] = {'status': 429, 'retry_after': 1}
json.dump(r, open(sys.argv[1], 'w'))
PY
start_server "$ROOT" "$TMP/routes.json"
{
    printf '[crawl]\ndb = %s\ndelay = 200ms\nmax_per_host = 1\ntimeout = 10s\nmax_retry_wait = 5s\n' "$TMP/akhbar.db"
    for h in paced slow conc stall fast busy busy2 later mixed nag wall; do
        printf '[feed %s]\nurl = http://%s.localhost:%s/feed.xml\n' "$h" "$h" "$PORT"
    done
    printf '[site slow.localhost]\ndelay = 500ms\n'
    printf '[site conc.localhost]\ndelay = 0\nmax_per_host = 2\n'
    printf '[site stall.localhost]\ndelay = 0\nmax_per_host = 2\n'
    printf '[site fast.localhost]\ndelay = 0\n'
} > "$TMP/c.conf"

# gaps HOST : the smallest gap between two consecutive requests to HOST.
gaps() { reqs "$1" | python3 -c "
import sys
t = [float(l.split()[0]) for l in sys.stdin]
print(min(b - a for a, b in zip(t, t[1:])))"; }
# at_least X Y : X >= Y (floats)
at_least() { python3 -c "import sys; sys.exit(0 if float('$1') >= float('$2') else 1)"; }

"$AKHBAR" crawl -v --config "$TMP/c.conf" > "$TMP/c1.out" 2>&1
check "crawl: exit 0 (throttled hosts are not failures)" test $? -eq 0

check "paced host: all 7 requests made (robots, feed, 5 pages)" test "$(nreqs paced.localhost)" -eq 7
# The log stamps arrivals: a first request on a new connection can be
# stamped late (thread start), so the bound is 3/4 of the delay; without
# pacing the gaps are a few milliseconds.
g=$(gaps paced.localhost)
check "paced host: requests about delay (200 ms) apart (min gap $g s)" at_least "$g" 0.15
g=$(gaps slow.localhost)
check "[site] delay override: requests about 500 ms apart (min gap $g s)" at_least "$g" 0.375
check "paced host: one kept-alive connection for all its requests" \
    test "$(python3 -c "
import json
print(len({r['peer'] for r in map(json.loads, open('$REQLOG')) if r['host'].startswith('paced.')}))")" -eq 1

# conc: max_per_host = 2, each page 0.4 s: never three at once, but two.
python3 - "$REQLOG" > "$TMP/conc.txt" <<'PY'
import json, sys
t = sorted(r['t'] for r in map(json.loads, open(sys.argv[1]))
           if r['host'].startswith('conc.') and r['path'].startswith('/p'))
print(len(t), min(c - a for a, c in zip(t, t[2:])), min(b - a for a, b in zip(t, t[1:])))
PY
read -r n third pair < "$TMP/conc.txt"
check "per-host limit: all 6 pages fetched" test "$n" -eq 6
check "per-host limit 2: a third request waits for one of two to end (min gap $third s)" at_least "$third" 0.35
check "per-host limit 2: two requests do run together (closest pair $pair s)" at_least 0.2 "$pair"

# A slow host does not stall the others: every fast page was requested
# before the slow host's first page had even been answered.
python3 - "$REQLOG" > "$TMP/stall.txt" <<'PY'
import json, sys
rs = list(map(json.loads, open(sys.argv[1])))
stall = min(r['t'] for r in rs if r['host'].startswith('stall.') and r['path'].startswith('/p'))
fast = max(r['t'] for r in rs if r['host'].startswith('fast.') and r['path'].startswith('/p'))
print('%.3f' % (stall + 2 - fast))
PY
m=$(cat "$TMP/stall.txt")
check "slow host does not stall the others (fast pages done ${m} s before the slow host's first answer)" at_least "$m" 0
check "slow host's pages are all stored in the end" test "$(nreqs stall.localhost /p)" -eq 4

# 429 with Retry-After: 1 (seconds): held, then sent again, and stored.
python3 - "$REQLOG" > "$TMP/busy.txt" <<'PY'
import json, sys
rs = [r for r in map(json.loads, open(sys.argv[1])) if r['host'].startswith('busy.')]
t429 = [r['t'] for r in rs if r['path'] == '/p1.html'][0]
after = [r['t'] - t429 for r in rs if r['t'] > t429]
print(len([r for r in rs if r['path'] == '/p1.html']), '%.3f' % min(after))
PY
read -r n wait < "$TMP/busy.txt"
check "429 + Retry-After: 1: the page is asked again" test "$n" -eq 2
check "429 + Retry-After: 1: no request to that host within 1 s (next after $wait s)" at_least "$wait" 0.95
check "429: the article is stored in the same run" grep -q "stored http://busy.localhost:$PORT/p1.html" "$TMP/c1.out"
python3 - "$REQLOG" > "$TMP/busy2.txt" <<'PY'
import json, sys
rs = [r for r in map(json.loads, open(sys.argv[1])) if r['host'].startswith('busy2.')]
t = [r['t'] for r in rs if r['path'] == '/p0.html']
print(len(t), '%.3f' % (t[1] - t[0] if len(t) > 1 else -1))
PY
read -r n wait < "$TMP/busy2.txt"
check "503 + Retry-After HTTP-date: the page is asked again" test "$n" -eq 2
check "503 + Retry-After HTTP-date: not before the date (after $wait s)" at_least "$wait" 0.95
# A host that keeps throttling is waited for 4 times in a run, then left
# for a later run; one request is re-sent at most twice.
check "a nagging host is waited for 4 times, then deferred" test "$(nreqs nag.localhost /p)" -eq 9
check "...the 4 pages it let through are stored" test "$(grep -c "stored http://nag.localhost" "$TMP/c1.out")" -eq 4
check "a request is re-sent at most twice, then its host is deferred" test "$(nreqs wall.localhost /p)" -eq 3
check "held requests are counted" grep -q "8 requests held by Retry-After" "$TMP/c1.out"

# Retry-After beyond max_retry_wait: the host waits for a later run.
check "429 for an hour on a feed: one request only" test "$(nreqs later.localhost /feed.xml)" -eq 1
check "the feed is deferred, not failed" grep -q "feeds 0 not due, 0 retired, 1 deferred" "$TMP/c1.out"
check "503 for an hour on a page: the host's other pages wait" test "$(nreqs mixed.localhost /p)" -eq 1
check "deferred pages are counted (mixed 4, nag 1, wall 2)" grep -q "pages 0 disallowed by robots.txt, 7 deferred" "$TMP/c1.out"

"$AKHBAR" crawl -v --config "$TMP/c.conf" > "$TMP/c2.out" 2>&1
check "next run: no request at all to the host paused for an hour" test "$(nreqs later.localhost)" -eq 2
check "next run: the paused page host gets no request" test "$(nreqs mixed.localhost /p)" -eq 1
check "next run: the pause is logged" grep -q "host later.localhost:$PORT: paused until" "$TMP/c2.out"
"$AKHBAR" feeds --config "$TMP/c.conf" > "$TMP/feeds.out" 2>&1
check "akhbar feeds shows the deferred feed as waiting" grep -q "^later  *waiting" "$TMP/feeds.out"
check "akhbar feeds lists the paused hosts" grep -q "^host later.localhost:$PORT paused until .*(HTTP 429, Retry-After 3600)" "$TMP/feeds.out"

# An hour later (the store's clock moved back), the host is asked again.
sql "$TMP/akhbar.db" "UPDATE hosts SET not_before = 1; UPDATE feeds SET not_before = NULL" > /dev/null
"$AKHBAR" crawl --config "$TMP/c.conf" > "$TMP/c3.out" 2>&1
check "after the pause: the feed is requested again" test "$(nreqs later.localhost /feed.xml)" -eq 2
