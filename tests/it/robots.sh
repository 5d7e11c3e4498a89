# robots.sh -- robots.txt in a crawl (RFC 9309): no request to a
# disallowed path, robots.txt first and once per origin, 4xx allows all,
# 5xx disallows all, redirects followed across hosts (rules of the first
# origin), more than 500 KiB parsed and cut at the bound, the 24-hour cache
# in the store, a stale copy used when the file is unreachable; and the
# `akhbar robots` command.
. "$AKHBAR_SRC/tests/lib.sh"

ROOT="$TMP/site"
python3 - "$ROOT" <<'PY'
import os, sys
root = sys.argv[1]
def w(path, data):
    p = os.path.join(root, path)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    open(p, 'wb').write(data if isinstance(data, bytes) else data.encode('utf-8'))
para = ("Le conseil régional a voté lundi un plan de soutien aux agriculteurs touchés par la sécheresse, "
        "doté d'une enveloppe de deux cents millions de dirhams sur trois ans, a indiqué un communiqué. ")
def page(title):
    return ('<html><head><meta charset="utf-8"><title>%s</title></head><body><h1>%s</h1>'
            '<div class="content"><p>%s</p><p>%s</p></div></body></html>' % (title, title, para, para.upper()))
def feed(host, paths):
    items = ''.join('<item><title>%s</title><link>http://%s:@PORT@%s</link></item>' % (p, host, p) for p in paths)
    w(host + '/feed.xml', '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>%s</title>%s</channel></rss>' % (host, items))
    for p in paths:
        if not p.endswith('.pdf'):
            w(host + p, page(p))

# r.localhost: a specific group for us, a "*" group that would forbid all.
feed('r.localhost', ['/a.html', '/private/x.html', '/private/ok-1.html', '/doc.pdf', '/news/مقال-1.html', '/news/other.html'])
w('r.localhost/doc.pdf', b'%PDF-1.4 not really')
w('r.localhost/robots.txt', '\ufeffUser-agent: *\nDisallow: /\n\n'
  '# our group, spelled in capitals\nUSER-AGENT: Akhbar\nDisallow: /private/\nAllow: /private/ok-\n'
  'Disallow: /*.pdf$\nDisallow: /news/مقال\nSitemap: http://r.localhost/sitemap.xml\n')
# n404: no robots.txt at all.
feed('n404.localhost', ['/a.html'])
# e500: robots.txt answers 500: nothing else may be fetched there.
feed('e500.localhost', ['/a.html'])
# redir: robots.txt redirected twice, to another host; its rules apply to redir.
feed('redir.localhost', ['/a.html', '/blocked.html'])
w('rules.localhost/real-robots.txt', 'User-agent: *\nDisallow: /blocked\n')
# loop: robots.txt redirects in a loop: "unavailable", everything allowed.
feed('loop.localhost', ['/a.html'])
# big: a 600 KiB robots.txt; our rule at 450 KiB counts, one at 560 KiB does not.
filler = ''.join('User-agent: bot%d\nDisallow: /x%d/\n' % (i, i) for i in range(40000))
filler = filler[:450 * 1024]
filler = filler[:filler.rfind('\n') + 1]
tail = ''.join('# padding line %d\n' % i for i in range(8000))
late = filler + 'User-agent: akhbar\nDisallow: /deep/\n' + tail[:110 * 1024] + 'Disallow: /late/\n'
assert 500 * 1024 < late.rfind('Disallow: /late/') < 600 * 1024 and late.find('/deep/') < 500 * 1024
w('big.localhost/robots.txt', late + '# end\n' * 100)
feed('big.localhost', ['/deep/a.html', '/late/b.html'])
# flaky: robots.txt forbids /no.html, later answers 503 (the stale copy is used).
feed('flaky.localhost', ['/yes.html', '/no.html'])
PY
cat > "$TMP/routes.json" <<'JSON'
{"e500.localhost/robots.txt": {"status": 500, "body": "oops"},
 "redir.localhost/robots.txt": {"status": 301, "redirect": "http://redir.localhost:@PORT@/r2"},
 "redir.localhost/r2": {"status": 302, "redirect": "http://rules.localhost:@PORT@/real-robots.txt"},
 "loop.localhost/robots.txt": {"status": 302, "redirect": "http://loop.localhost:@PORT@/robots2.txt"},
 "loop.localhost/robots2.txt": {"status": 302, "redirect": "http://loop.localhost:@PORT@/robots.txt"},
 "flaky.localhost/robots.txt": {"sequence": [
     {"body": "User-agent: *\nDisallow: /no.html\n", "content_type": "text/plain"},
     {"status": 503, "body": "maintenance"}]}}
JSON
start_server "$ROOT" "$TMP/routes.json"
{
    printf '[crawl]\ndb = %s\ndelay = 0\ntimeout = 5s\n' "$TMP/akhbar.db"
    for h in r n404 e500 redir loop big flaky; do
        printf '[feed %s]\nurl = http://%s.localhost:%s/feed.xml\n' "$h" "$h" "$PORT"
    done
} > "$TMP/c.conf"

"$AKHBAR" crawl -v --config "$TMP/c.conf" > "$TMP/c1.out" 2>&1
check "crawl with a 5xx robots.txt: exit 1 (that feed failed)" test $? -eq 1

# r.localhost: our group, not "*", and only the allowed paths.
check "robots.txt is the first request to a host" test "$(reqs r.localhost | sed -n 1p | cut -d' ' -f2)" = /robots.txt
check "allowed pages fetched (/a.html, /private/ok-1.html, /news/other.html)" \
    test "$(reqs r.localhost | cut -d' ' -f2 | grep -c -x -e /a.html -e /private/ok-1.html -e /news/other.html)" -eq 3
check "no request to a disallowed path (/private/x.html)" test "$(nreqs r.localhost /private/x)" -eq 0
check "no request to a path disallowed by a \$ pattern (/doc.pdf)" test "$(nreqs r.localhost /doc.pdf)" -eq 0
check "no request to a non-ASCII path disallowed by a raw UTF-8 rule" test "$(nreqs r.localhost /news/%D9)" -eq 0
check "disallowed pages are counted in the summary" grep -q "pages 6 disallowed by robots.txt" "$TMP/c1.out"
check "the deciding rule is named in the log" grep -q "private/x.html: disallowed by robots.txt (line 6: disallow: /private/)" "$TMP/c1.out"
# 4xx: everything allowed.
check "404 robots.txt: pages fetched" test "$(nreqs n404.localhost /a.html)" -eq 1
# 5xx: nothing but robots.txt.
check "500 robots.txt: no other request to that host" test "$(nreqs e500.localhost)" -eq 1
check "500 robots.txt: the feed fails with a clear reason" \
    grep -q "feed http://e500.localhost:$PORT/feed.xml: robots.txt unreachable (HTTP 500)" "$TMP/c1.out"
# Redirects: followed across hosts, rules apply to the first origin.
check "robots.txt redirects followed to another host" test "$(nreqs rules.localhost /real-robots.txt)" -eq 1
check "redirected rules apply to the first origin (/blocked.html not fetched)" test "$(nreqs redir.localhost /blocked)" -eq 0
check "redirected rules: /a.html fetched" test "$(nreqs redir.localhost /a.html)" -eq 1
check "robots.txt redirect loop: unavailable, pages fetched" test "$(nreqs loop.localhost /a.html)" -eq 1
# Size: 450 KiB deep is parsed, beyond 512 KiB is not.
check "a rule 450 KiB into robots.txt is obeyed" test "$(nreqs big.localhost /deep/)" -eq 0
check "a rule beyond the 512 KiB parse limit is not" test "$(nreqs big.localhost /late/)" -eq 1
check "the cut is reported" grep -q "robots.txt http://big.localhost:$PORT: larger than 524288 bytes" "$TMP/c1.out"
check "flaky: disallowed page not fetched" test "$(nreqs flaky.localhost /no.html)" -eq 0

# Second run: robots.txt comes from the store (fetched at most once a day).
"$AKHBAR" crawl --config "$TMP/c.conf" > "$TMP/c2.out" 2>&1
check "second run: feeds fetched again" test "$(nreqs r.localhost /feed.xml)" -eq 2
check "second run: robots.txt not fetched again (cached)" test "$(nreqs r.localhost /robots.txt)" -eq 1
check "second run: still no request to a disallowed path" test "$(nreqs r.localhost /private/x)" -eq 0
check "second run: summary counts cached robots.txt" grep -q "robots.txt 0 fetched, [0-9]* cached" "$TMP/c2.out"
check "a 5xx robots.txt is not cached (asked again)" test "$(nreqs e500.localhost /robots.txt)" -ge 1

# 25 hours later (the store's clock moved back): fetched again; flaky now
# answers 503 and its day-old copy stands in for it.
sql "$TMP/akhbar.db" "UPDATE robots SET fetched_at = fetched_at - 90000; UPDATE feeds SET not_before = NULL" > /dev/null
"$AKHBAR" crawl -v --config "$TMP/c.conf" > "$TMP/c3.out" 2>&1
check "after 24 h: robots.txt fetched again" test "$(nreqs r.localhost /robots.txt)" -eq 2
check "unreachable robots.txt with a cached copy: the copy is used" \
    grep -q "robots.txt http://flaky.localhost:$PORT unreachable (HTTP 503); using the copy fetched 25 h ago" "$TMP/c3.out"
check "unreachable robots.txt with a cached copy: the feed is still fetched" test "$(nreqs flaky.localhost /feed.xml)" -eq 3
check "unreachable robots.txt with a cached copy: its rules still hold" test "$(nreqs flaky.localhost /no.html)" -eq 0

# akhbar robots.
printf 'User-agent: *\nDisallow: /\n\nUser-agent: akhbar\nAllow: /$\nDisallow: /tmp/\nSitemap: https://x.ma/sitemap.xml\n' > "$TMP/robots.txt"
check "akhbar robots: allowed" test "$("$AKHBAR" robots "$TMP/robots.txt" https://x.ma/article)" = allowed
check "akhbar robots: disallowed, exit 0" test "$("$AKHBAR" robots "$TMP/robots.txt" https://x.ma/tmp/a)" = disallowed
check "akhbar robots --agent: another agent falls back to *" \
    test "$("$AKHBAR" robots --agent otherbot "$TMP/robots.txt" https://x.ma/article)" = disallowed
check "akhbar robots -v names the rule" \
    bash -c "'$AKHBAR' robots -v '$TMP/robots.txt' https://x.ma/tmp/a | grep -qx '  line 6: disallow: /tmp/'"
check "akhbar robots --sitemaps lists sitemaps" \
    bash -c "'$AKHBAR' robots --sitemaps '$TMP/robots.txt' https://x.ma/ | grep -qx 'https://x.ma/sitemap.xml'"
check "akhbar robots reads stdin" bash -c "printf 'User-agent: *\nDisallow: /a\n' | '$AKHBAR' robots - /a/b | grep -qx disallowed"
"$AKHBAR" robots "$TMP/none.txt" https://x.ma/ > /dev/null 2> "$TMP/r.err"
check "akhbar robots: a missing file is exit 4 with its name" test $? -eq 4
check "akhbar robots: missing file message" grep -q "none.txt" "$TMP/r.err"
"$AKHBAR" robots "$TMP/robots.txt" > /dev/null 2>&1
check "akhbar robots: missing URL is a usage error" test $? -eq 2
