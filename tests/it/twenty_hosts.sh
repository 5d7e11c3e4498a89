# twenty_hosts.sh -- one crawl of 20 hosts of which 5 misbehave (a feed
# that never answers, 429 for an hour, a gzip bomb, a redirect loop, 5xx on
# robots.txt and feed): every healthy article is stored, every bad host is
# reported with its reason, and no healthy request waits for the bad ones
# (the healthy hosts are done before the stalled feed's timeout fires).
# The time ratio itself is measured by `make bench-fetch`, not here.
. "$AKHBAR_SRC/tests/lib.sh"

python3 "$AKHBAR_SRC/tests/make-hosts.py" "$TMP/site" "$TMP/routes.json" "$TMP/c.tmpl"
start_server "$TMP/site" "$TMP/routes.json"
sed -e "s/@PORT@/$PORT/g" -e "s|@DB@|$TMP/akhbar.db|" "$TMP/c.tmpl" > "$TMP/c.conf"

"$AKHBAR" crawl --config "$TMP/c.conf" > "$TMP/c1.out" 2>&1
check "crawl of 20 hosts: exit 1 (the bad feeds failed)" test $? -eq 1
check "every healthy article is stored (45)" grep -q "articles 45 new, 0 skipped, 0 failed" "$TMP/c1.out"
check "15 healthy feeds ok; stall, bomb, loop, 5xx failed" grep -q "feeds 15 ok (0 unchanged), 4 failed" "$TMP/c1.out"
check "the 429 feed is deferred, not failed" grep -q "feeds 0 not due, 0 retired, 1 deferred" "$TMP/c1.out"
check "stall: timed out" grep -q "feed http://stall.localhost:$PORT/feed.xml: .*\(timed out\|too slow\)" "$TMP/c1.out"
check "bomb: cut at the feed cap" grep -q "feed http://bomb.localhost:$PORT/feed.xml: body larger than 2097152 bytes" "$TMP/c1.out"
check "loop: redirect loop" grep -q "feed http://loop.localhost:$PORT/feed.xml: redirect loop" "$TMP/c1.out"
check "5xx: robots.txt unreachable, nothing else asked" test "$(nreqs e5xx.localhost)" -eq 1
check "throttle: asked once" test "$(nreqs throttle.localhost /feed.xml)" -eq 1
python3 - "$REQLOG" > "$TMP/order.txt" <<'PY'
import json, sys
rs = list(map(json.loads, open(sys.argv[1])))
stall = min(r['t'] for r in rs if r['host'].startswith('stall.') and r['path'] == '/feed.xml')
healthy = max(r['t'] for r in rs if r['host'].startswith('h'))
print('%.3f' % (stall + 3 - healthy))
PY
m=$(cat "$TMP/order.txt")
check "healthy hosts finished before the stalled feed's 3 s timeout (${m} s to spare)" \
    python3 -c "import sys; sys.exit(0 if float('$m') > 0 else 1)"
check "every store write is there (export)" test "$("$AKHBAR" export --db "$TMP/akhbar.db" | wc -l)" -eq 45
