# limits.sh -- hard limits and transfer encodings: stalls and slow drips
# end at the configured timeouts, endless bodies (chunked or not) and
# deflate bombs are cut at the cap, an endless robots.txt is cut and still
# used, brotli and deflate bodies are decoded, a feed with a wrong
# Content-Type still parses; TLS verification is on, and a per-site
# opt-out works and is logged loudly.
. "$AKHBAR_SRC/tests/lib.sh"

ROOT="$TMP/site"
python3 - "$ROOT" <<'PY'
import os, sys
root = sys.argv[1]
def w(path, data):
    p = os.path.join(root, path)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    open(p, 'w', encoding='utf-8').write(data)
para = ("أعلنت وزارة الفلاحة يوم الاثنين عن برنامج جديد لدعم الفلاحين المتضررين من الجفاف، "
        "بغلاف مالي يبلغ مليارا درهم على مدى ثلاث سنوات، حسب بلاغ صادر عن الوزارة. ")
pages = ['stall', 'delay', 'drip', 'forever', 'endless', 'deflatebomb', 'brotli', 'deflate', 'plain']
items = ''.join('<item><title>%s</title><link>http://lim.localhost:@PORT@/%s.html</link></item>' % (p, p) for p in pages)
w('lim.localhost/feed.xml', '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>L</title>%s</channel></rss>' % items)
for p in pages:
    w('lim.localhost/%s.html' % p, '<html lang="ar"><head><meta charset="utf-8"><title>%s</title></head><body><h1>عنوان %s</h1>'
      '<div class="content"><p>%s</p><p>%s %s</p></div></body></html>' % (p, p, para, para, p))
w('rob.localhost/feed.xml', '<rss version="2.0"><channel><title>R</title><item><title>x</title>'
  '<link>http://rob.localhost:@PORT@/x.html</link></item></channel></rss>')
w('rob.localhost/x.html', '<html><body><h1>x</h1><div class="content"><p>%s</p><p>%s</p></div></body></html>' % (para, para))
w('secure.localhost/feed.xml', '<rss version="2.0"><channel><title>S</title><item><title>s</title>'
  '<link>https://secure.localhost:@PORT@/s.html</link></item></channel></rss>')
w('secure.localhost/s.html', '<html><body><h1>s</h1><div class="content"><p>%s</p><p>%s</p></div></body></html>' % (para, para))
PY
cat > "$TMP/routes.json" <<'JSON'
{"lim.localhost/feed.xml": {"content_type": "text/plain; charset=iso-8859-1"},
 "lim.localhost/stall.html": {"stall": 30},
 "lim.localhost/delay.html": {"delay": 30},
 "lim.localhost/drip.html": {"drip": [20, 0.5]},
 "lim.localhost/forever.html": {"chunked_forever": true},
 "lim.localhost/endless.html": {"endless": true},
 "lim.localhost/deflatebomb.html": {"bomb": 16, "encoding": "deflate"},
 "lim.localhost/brotli.html": {"encoding": "br"},
 "lim.localhost/deflate.html": {"encoding": "deflate"},
 "rob.localhost/robots.txt": {"chunked_forever": true, "content_type": "text/plain"}}
JSON
start_server "$ROOT" "$TMP/routes.json"
cat > "$TMP/c.conf" <<CONF
[crawl]
db = $TMP/akhbar.db
delay = 0
max_per_host = 8
timeout = 3s
low_speed_limit = 100
low_speed_time = 1s
max_page_size = 1M
[feed lim]
url = http://lim.localhost:$PORT/feed.xml
[feed rob]
url = http://rob.localhost:$PORT/feed.xml
CONF
"$AKHBAR" crawl -v --config "$TMP/c.conf" > "$TMP/c1.out" 2>&1
check "crawl: exit 0 (page failures are not feed failures)" test $? -eq 0
check "feed served as text/plain with a wrong charset still parses" grep -q "feed http://lim.localhost:$PORT/feed.xml: rss2.0, 9 entries" "$TMP/c1.out"
check "stall mid-body: ended by the low-speed limit or timeout" grep -q "article http://lim.localhost:$PORT/stall.html: .*\(too slow\|timed out\)" "$TMP/c1.out"
check "no answer at all: ended by a timeout" grep -q "article http://lim.localhost:$PORT/delay.html: .*\(too slow\|timed out\)" "$TMP/c1.out"
check "a 40 B/s drip: ended by the low-speed limit" grep -q "article http://lim.localhost:$PORT/drip.html: .*too slow" "$TMP/c1.out"
check "endless chunked body: cut at the cap" grep -q "article http://lim.localhost:$PORT/forever.html: body larger than 1048576 bytes" "$TMP/c1.out"
check "endless body without length: cut at the cap" grep -q "article http://lim.localhost:$PORT/endless.html: body larger than 1048576 bytes" "$TMP/c1.out"
check "deflate bomb: cut at the cap" grep -q "article http://lim.localhost:$PORT/deflatebomb.html: body larger than 1048576 bytes" "$TMP/c1.out"
check "brotli body decoded and stored" grep -q "stored http://lim.localhost:$PORT/brotli.html" "$TMP/c1.out"
check "deflate body decoded and stored" grep -q "stored http://lim.localhost:$PORT/deflate.html" "$TMP/c1.out"
check "Accept-Encoding offers br" grep -q '"Accept-Encoding": "[^"]*br' "$REQLOG"
check "endless robots.txt: cut at the parse limit" grep -q "robots.txt http://rob.localhost:$PORT: larger than 524288 bytes; the rest is ignored" "$TMP/c1.out"
check "endless robots.txt: what was read is used (no rules: page fetched)" grep -q "stored http://rob.localhost:$PORT/x.html" "$TMP/c1.out"
check "summary: 3 stored, 6 failed" grep -q "articles 4 new, 0 skipped, 6 failed" "$TMP/c1.out"

# TLS: a self-signed certificate is refused; insecure_tls = yes accepts it, loudly.
if openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
       -subj /CN=secure.localhost -addext subjectAltName=DNS:secure.localhost \
       -keyout "$TMP/key.pem" -out "$TMP/cert.pem" > "$TMP/openssl.out" 2>&1; then
    HTTP_PORT=$PORT
    start_server "$ROOT" "" --tls "$TMP/cert.pem" "$TMP/key.pem"
    cat > "$TMP/tls.conf" <<CONF
[crawl]
db = $TMP/tls.db
delay = 0
timeout = 5s
[feed secure]
url = https://secure.localhost:$PORT/feed.xml
CONF
    "$AKHBAR" crawl --config "$TMP/tls.conf" > "$TMP/t1.out" 2>&1
    check "TLS: a self-signed certificate is refused (exit 1)" test $? -eq 1
    check "TLS: the reason names the certificate" grep -q "feed https://secure.localhost:$PORT/feed.xml: .*certificate" "$TMP/t1.out"
    check "TLS: nothing but the refused robots.txt was requested" test "$(nreqs secure.localhost)" -eq 0
    printf '[site secure.localhost]\ninsecure_tls = yes\n' >> "$TMP/tls.conf"
    "$AKHBAR" crawl --config "$TMP/tls.conf" > "$TMP/t2.out" 2>&1
    check "TLS: the failed feed waits for its back-off" grep -q "feeds 1 not due" "$TMP/t2.out"
    "$AKHBAR" feeds --config "$TMP/tls.conf" --reset secure > /dev/null
    "$AKHBAR" crawl --config "$TMP/tls.conf" > "$TMP/t2.out" 2>&1
    check "TLS opt-out: the crawl works" test $? -eq 0
    check "TLS opt-out: the article is stored" grep -q "articles 1 new" "$TMP/t2.out"
    check "TLS opt-out: logged loudly with file and line" grep -q "warning: TLS certificate verification is OFF for secure.localhost (insecure_tls = yes in \[site secure.localhost\], $TMP/tls.conf:7)" "$TMP/t2.out"
    printf '[crawl]\n[site x]\ninsecure_tls = maybe\n' > "$TMP/badtls.conf"
    "$AKHBAR" crawl --config "$TMP/badtls.conf" > "$TMP/t3.out" 2>&1
    check "insecure_tls takes yes or no" grep -q "badtls.conf:3: expected yes or no" "$TMP/t3.out"
else
    not_ok "TLS: cannot make a test certificate with openssl"
    sed 's/^/    # /' "$TMP/openssl.out"
fi
