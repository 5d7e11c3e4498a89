# feed_status.sh -- what each HTTP answer does to a feed across runs:
# 301/308 update the stored URL (302/303/307 do not), redirect chains,
# loops, too many hops and non-http targets; 404/410 retire a feed after
# retire_after failures (visible in `akhbar feeds`, undone by --reset);
# other failures back off exponentially with jitter; Cache-Control max-age
# is "not before" (capped), and a 304 keeps the validators.  The store's
# clock is moved with SQL instead of sleeping.
. "$AKHBAR_SRC/tests/lib.sh"

ROOT="$TMP/site"
python3 - "$ROOT" <<'PY'
import os, sys
root = sys.argv[1]
def w(path, data):
    p = os.path.join(root, path)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    open(p, 'w', encoding='utf-8').write(data)
para = ("Le ministère de la Santé a annoncé jeudi l'ouverture de trois nouveaux centres hospitaliers "
        "dans la région de l'Oriental, qui accueilleront leurs premiers patients au printemps prochain. ")
n = 0
def feed(path, host):
    global n
    n += 1
    w(host + path, '<rss version="2.0"><channel><title>F</title><item><title>A%d</title>'
      '<link>http://%s:@PORT@/art%d.html</link></item></channel></rss>' % (n, host, n))
    w(host + '/art%d.html' % n, '<html><body><h1>Titre %d</h1><div class="content"><p>%s</p><p>%s %d</p></div></body></html>'
      % (n, para, para.upper(), n))
h = 'f.localhost'
feed('/new301.xml', h)
feed('/feed308.xml', 'g.localhost')
feed('/tmp302.xml', h)
feed('/tmp307.xml', h)
feed('/chain-end.xml', h)
feed('/five-end.xml', h)
feed('/maxage.xml', h)
feed('/huge-maxage.xml', h)
feed('/ok.xml', h)
PY
python3 - "$TMP/routes.json" <<'PY'
import json, sys
b = 'http://f.localhost:@PORT@'
r = {
 'f.localhost/m301.xml': {'status': 301, 'redirect': b + '/new301.xml'},
 'f.localhost/m308.xml': {'status': 308, 'redirect': 'http://g.localhost:@PORT@/feed308.xml'},
 'f.localhost/t302.xml': {'status': 302, 'redirect': b + '/tmp302.xml'},
 'f.localhost/t307.xml': {'status': 307, 'redirect': b + '/tmp307.xml'},
 # 301 -> 301 -> 302 -> 200: the feed moved to where the permanent hops led.
 'f.localhost/chain.xml': {'status': 301, 'redirect': b + '/chain-a.xml'},
 'f.localhost/chain-a.xml': {'status': 301, 'redirect': b + '/chain-b.xml'},
 'f.localhost/chain-b.xml': {'status': 302, 'redirect': b + '/chain-end.xml'},
 'f.localhost/loop.xml': {'status': 302, 'redirect': b + '/loop-b.xml'},
 'f.localhost/loop-b.xml': {'status': 302, 'redirect': b + '/loop.xml'},
 'f.localhost/ftp.xml': {'status': 301, 'redirect': 'ftp://f.localhost/feed.xml'},
 'f.localhost/gone.xml': {'status': 410, 'body': 'gone'},
 'f.localhost/missing.xml': {'status': 404, 'body': 'no'},
 'f.localhost/broken.xml': {'status': 500, 'body': 'oops'},
 'f.localhost/maxage.xml': {'etag': '"m-1"', 'headers': {'Cache-Control': 'public, max-age=3600'}},
 'f.localhost/huge-maxage.xml': {'headers': {'Cache-Control': 'max-age=31536000'}},
}
for i in range(5):   # five hops: followed
    r['f.localhost/five%d.xml' % i] = {'status': 301, 'redirect': b + ('/five%d.xml' % (i + 1) if i < 4 else '/five-end.xml')}
for i in range(6):   # six hops: one too many
    r['f.localhost/six%d.xml' % i] = {'status': 302, 'redirect': b + '/six%d.xml' % (i + 1)}
json.dump(r, open(sys.argv[1], 'w'))
PY
start_server "$ROOT" "$TMP/routes.json"
{
    printf '[crawl]\ndb = %s\ndelay = 0\ntimeout = 5s\nretire_after = 2\n' "$TMP/akhbar.db"
    for f in m301 m308 t302 t307 chain five0 six0 loop ftp gone missing broken maxage huge-maxage ok; do
        printf '[feed %s]\nurl = http://f.localhost:%s/%s.xml\n' "$f" "$PORT" "$f"
    done
} > "$TMP/c.conf"
run() { "$AKHBAR" crawl -v --config "$TMP/c.conf" > "$TMP/$1.out" 2>&1; }
state() { "$AKHBAR" feeds --json --config "$TMP/c.conf" | python3 -c "
import json, sys
for l in sys.stdin:
    j = json.loads(l)
    if j['name'] == '$1': print(j['$2'])"; }

run c1
check "first run: exit 1 (some feeds failed)" test $? -eq 1
check "every article behind a working feed is stored" grep -q "articles 9 new, 0 skipped, 0 failed" "$TMP/c1.out"
check "301: logged as moved" grep -q "feed http://f.localhost:$PORT/m301.xml: moved permanently to http://f.localhost:$PORT/new301.xml" "$TMP/c1.out"
check "301: stored URL updated" test "$(state m301 current_url)" = "http://f.localhost:$PORT/new301.xml"
check "308 to another host: stored URL updated" test "$(state m308 current_url)" = "http://g.localhost:$PORT/feed308.xml"
check "302: stored URL unchanged" test "$(state t302 current_url)" = None
check "307: stored URL unchanged" test "$(state t307 current_url)" = None
check "301, 301, 302: moved to where the permanent hops led" test "$(state chain current_url)" = "http://f.localhost:$PORT/chain-b.xml"
check "five redirects are followed" test "$(state five0 state)" = ok
check "six redirects are refused" grep -q "feed http://f.localhost:$PORT/six0.xml: more than 5 redirects" "$TMP/c1.out"
check "a redirect loop is named" grep -q "feed http://f.localhost:$PORT/loop.xml: redirect loop" "$TMP/c1.out"
check "a redirect to ftp: is refused" grep -q "feed http://f.localhost:$PORT/ftp.xml: redirect (HTTP 301) to a non-http(s) URL: ftp://" "$TMP/c1.out"
check "no request is made to an ftp URL" test "$(nreqs f.localhost /feed.xml)" -eq 0

# Back-off: a failed feed is not due again for base/2..base (10 min).
check "500: failing, with a not-before" test "$(state broken state)" = failing
check "500: back-off between 5 and 10 minutes" python3 -c "
import datetime, json, subprocess, sys, time
nb = '$(state broken not_before)'
t = datetime.datetime.strptime(nb, '%Y-%m-%dT%H:%M:%SZ').replace(tzinfo=datetime.timezone.utc).timestamp()
d = t - time.time()
sys.exit(0 if 290 <= d <= 601 else 1)"
check "max-age: not before about an hour" python3 -c "
import datetime, sys, time
t = datetime.datetime.strptime('$(state maxage not_before)', '%Y-%m-%dT%H:%M:%SZ').replace(tzinfo=datetime.timezone.utc).timestamp()
sys.exit(0 if 3500 <= t - time.time() <= 3601 else 1)"
check "max-age of a year: capped at max_cache_wait (1 h)" python3 -c "
import datetime, sys, time
t = datetime.datetime.strptime('$(state huge-maxage not_before)', '%Y-%m-%dT%H:%M:%SZ').replace(tzinfo=datetime.timezone.utc).timestamp()
sys.exit(0 if t - time.time() <= 3601 else 1)"

: > "$REQLOG"
run c2
check "second run: a moved feed is fetched at its new URL only" test "$(nreqs f.localhost /m301.xml)" -eq 0
check "second run: ...and its new URL is fetched" test "$(nreqs f.localhost /new301.xml)" -eq 1
check "second run: 308 target fetched directly" test "$(nreqs g.localhost /feed308.xml)" -eq 1
check "second run: 302 feed fetched at its configured URL" test "$(nreqs f.localhost /t302.xml)" -eq 1
check "second run: chain starts at the stored URL" test "$(reqs f.localhost /chain | sed -n 1p | cut -d' ' -f2)" = /chain-b.xml
check "second run: a failing feed in back-off is not requested" test "$(nreqs f.localhost /broken.xml)" -eq 0
check "second run: a feed with max-age is not requested" test "$(nreqs f.localhost /maxage.xml)" -eq 0
check "second run: the waiting feeds are counted" grep -q "politeness: feeds [1-9][0-9]* not due" "$TMP/c2.out"
check "akhbar feeds: a moved feed shows its new URL" bash -c "'$AKHBAR' feeds --config '$TMP/c.conf' | grep -q 'moved from http://f.localhost:$PORT/m301.xml'"

# Time passes (every not-before moved to the past).
sql "$TMP/akhbar.db" "UPDATE feeds SET not_before = 1 WHERE not_before IS NOT NULL" > /dev/null
: > "$REQLOG"
run c3
check "after the back-off the failing feed is asked again" test "$(nreqs f.localhost /broken.xml)" -eq 1
check "failures keep counting" test "$(state broken failures)" -eq 2
check "a 304 after max-age: validators were sent" grep -q '"If-None-Match": "\\"m-1\\""' "$REQLOG"
check "a 304 counts as ok and unchanged" grep -q "feed http://f.localhost:$PORT/maxage.xml: not modified" "$TMP/c3.out"
check "a 304 keeps max-age as not-before" test "$(state maxage state)" = waiting
check "410 twice (retire_after = 2): retired" test "$(state gone state)" = retired
check "404 twice: retired" test "$(state missing state)" = retired
check "retirement is logged with the way back" grep -q "feed http://f.localhost:$PORT/gone.xml: retired after 2 answers 404/410 in a row; \`akhbar feeds --reset gone\`" "$TMP/c3.out"
"$AKHBAR" feeds --config "$TMP/c.conf" > "$TMP/feeds.out"
check "akhbar feeds shows retired feeds with the last error" grep -A2 "^gone  *retired" "$TMP/feeds.out"
check "akhbar feeds shows the last error" grep -q "last error: HTTP 410" "$TMP/feeds.out"

sql "$TMP/akhbar.db" "UPDATE feeds SET not_before = 1 WHERE not_before IS NOT NULL" > /dev/null
: > "$REQLOG"
run c4
check "a retired feed is not requested" test "$(nreqs f.localhost /gone.xml)" -eq 0
check "retired feeds are counted" grep -q "2 retired" "$TMP/c4.out"
check "akhbar feeds --reset NAME" bash -c "'$AKHBAR' feeds --config '$TMP/c.conf' --reset gone | grep -q 'feed gone: reset'"
"$AKHBAR" feeds --config "$TMP/c.conf" --reset nosuchfeed > /dev/null 2>&1
check "akhbar feeds --reset of an unknown feed: exit 2" test $? -eq 2
"$AKHBAR" feeds --config "$TMP/c.conf" --reset "http://f.localhost:$PORT/m301.xml" > /dev/null
run c5
check "after --reset the feed is asked again" test "$(nreqs f.localhost /gone.xml)" -eq 1
check "after --reset a moved feed starts again from its configured URL" test "$(nreqs f.localhost /m301.xml)" -eq 1
