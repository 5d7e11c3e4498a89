# crawl_http.sh -- HTTP behaviour the crawl relies on: conditional GET
# (validators stored verbatim and sent back, 304 = no work), body caps
# enforced on the decoded stream (a gzip bomb is cut off), gzip bodies,
# identity headers.
. "$AKHBAR_SRC/tests/lib.sh"

ROOT="$TMP/site"
mkdir -p "$ROOT/news.localhost"
python3 - "$ROOT/news.localhost" <<'PY'
import sys
d = sys.argv[1]
items = ''.join('<item><title>t%d</title><link>http://news.localhost:@PORT@/%s.html</link></item>' % (i, n)
                for i, n in enumerate(['a', 'bomb', 'zipped']))
open(d + '/feed.xml', 'w').write('<rss version="2.0"><channel><title>N</title>%s</channel></rss>' % items)
para = ("Le conseil régional a voté lundi un plan de soutien aux agriculteurs touchés par la sécheresse, "
        "doté d'une enveloppe de deux cents millions de dirhams sur trois ans. ")
for n in ('a', 'zipped'):
    open(d + '/%s.html' % n, 'w').write('<html><body><h1>Plan</h1><div class="content"><p>%s</p><p>%s</p></div></body></html>' % (para, para.upper()))
PY
cat > "$TMP/routes.json" <<'JSON'
{"news.localhost/feed.xml": {"etag": "\"v1-abc\"", "last_modified": "Sat, 21 Sep 2024 09:42:00 GMT"},
 "news.localhost/bomb.html": {"bomb": 64, "content_type": "text/html"},
 "news.localhost/zipped.html": {"gzip": true}}
JSON
start_server "$ROOT" "$TMP/routes.json"
cat > "$TMP/c.conf" <<CONF
[crawl]
db = $TMP/akhbar.db
delay = 0
max_page_size = 1M
from = ops@example.org
[feed news]
url = http://news.localhost:$PORT/feed.xml
CONF

"$AKHBAR" crawl --config "$TMP/c.conf" > "$TMP/c1.out" 2>&1
check "first crawl: exit 0" test $? -eq 0
check "gzip bomb cut off at the cap, with a clear reason" grep -q "article http://news.localhost:$PORT/bomb.html: body larger than 1048576 bytes" "$TMP/c1.out"
check "the other articles are stored (plain and gzip)" grep -q "articles 2 new, 0 skipped, 1 failed" "$TMP/c1.out"
check "User-Agent identifies akhbar" grep -q '"User-Agent": "akhbar/[0-9.]* (+' "$REQLOG"
check "From: header sent" grep -q '"From": "ops@example.org"' "$REQLOG"
check "Accept-Encoding offered" grep -q '"Accept-Encoding": "[^"]*gzip' "$REQLOG"
check "no cookies, no Referer" bash -c "! grep -qi '\"cookie\"\\|\"referer\"' '$REQLOG'"

"$AKHBAR" crawl --config "$TMP/c.conf" > "$TMP/c2.out" 2>&1
check "second crawl: feed not modified (304)" grep -q "feeds 1 ok (1 unchanged)" "$TMP/c2.out"
check "ETag sent back verbatim" grep -q '"If-None-Match": "\\"v1-abc\\""' "$REQLOG"
check "Last-Modified sent back verbatim" grep -q '"If-Modified-Since": "Sat, 21 Sep 2024 09:42:00 GMT"' "$REQLOG"
