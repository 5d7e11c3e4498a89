# ssrf.sh -- a feed cannot point akhbar at the operator's network: every
# connection to a loopback, private, link-local, multicast or reserved
# address is refused (checked on the address actually connected to, after
# DNS, at every redirect hop) unless allow_private names it.
. "$AKHBAR_SRC/tests/lib.sh"

# The "secret" service on 127.0.0.1 that must never be reached.
mkdir -p "$TMP/secret"
echo "internal admin page" > "$TMP/secret/admin.html"
start_server "$TMP/secret"
SECRET_PORT=$PORT
SECRET_LOG=$REQLOG

# A news site on 127.0.0.2 (the only allowed address in part 2).
ROOT="$TMP/site"
python3 - "$ROOT" "$SECRET_PORT" <<'PY'
import os, sys
root, sp = sys.argv[1], sys.argv[2]
os.makedirs(root)
para = ('<p>Le conseil régional a adopté un programme de réhabilitation des routes rurales, doté de deux '
        'milliards de dirhams, selon un communiqué publié lundi par ses services.</p>')
open(root + '/ok.html', 'w').write('<html><body><h1>Routes</h1><div class="content">%s%s</div></body></html>' % (para, para))
links = ['http://127.0.0.2:@PORT@/ok.html',
         'http://127.0.0.1:%s/admin.html' % sp,             # loopback, literal
         'http://secret.localhost:%s/admin.html' % sp,      # a name that resolves to loopback
         'http://2130706433:%s/admin.html' % sp,            # 127.0.0.1 in decimal
         'http://[::ffff:127.0.0.1]:%s/admin.html' % sp,    # IPv4-mapped IPv6
         'http://169.254.169.254/latest/meta-data/',        # cloud metadata (link-local)
         'http://0.0.0.0:%s/admin.html' % sp,               # unspecified
         'http://127.0.0.2:@PORT@/redirect.html']           # redirect into the secret service
open(root + '/feed.xml', 'w').write('<rss version="2.0"><channel><title>x</title>%s</channel></rss>'
    % ''.join('<item><title>%d</title><link>%s</link></item>' % (i, l) for i, l in enumerate(links)))
PY
printf '{"/redirect.html": {"status": 302, "redirect": "http://127.0.0.1:%s/admin.html"}}' "$SECRET_PORT" > "$TMP/routes.json"
start_server "$ROOT" "$TMP/routes.json" --bind 127.0.0.2
SITE_PORT=$PORT

# 1. No allowlist (no system layer either): nothing on loopback is fetched.
printf '[crawl]\ndb = %s/a.db\ndelay = 0\n[feed x]\nurl = http://127.0.0.2:%s/feed.xml\n' "$TMP" "$SITE_PORT" > "$TMP/a.conf"
AKHBAR_SYSTEM_CONFIG=/nonexistent "$AKHBAR" crawl --config "$TMP/a.conf" > "$TMP/a.out" 2>&1
check "default: the feed on 127.0.0.2 is refused (exit 1)" test $? -eq 1
check "default: a clear message naming the feed, the address and the setting" \
    grep -q "feed http://127.0.0.2:$SITE_PORT/feed.xml: .*refused to connect to 127.0.0.2, a loopback address (SSRF guard; allow it with allow_private)" "$TMP/a.out"
check "default: the server got no request at all" test ! -s "$REQLOG"

# 2. Only 127.0.0.2 allowed: its articles come in, nothing reaches 127.0.0.1.
printf '[crawl]\ndb = %s/b.db\ndelay = 0\nallow_private = 127.0.0.2\n[feed x]\nurl = http://127.0.0.2:%s/feed.xml\n' "$TMP" "$SITE_PORT" > "$TMP/b.conf"
AKHBAR_SYSTEM_CONFIG=/nonexistent "$AKHBAR" crawl --config "$TMP/b.conf" > "$TMP/b.out" 2>&1
check "allowed host: its article is stored" grep -q "articles 1 new" "$TMP/b.out"
check "loopback literal refused" grep -q "article http://127.0.0.1:$SECRET_PORT/admin.html: .*refused to connect to 127.0.0.1, a loopback address" "$TMP/b.out"
check "a name resolving to loopback refused at connect time" grep -q "article http://secret.localhost:$SECRET_PORT/admin.html: .*refused to connect to \\(127.0.0.1\\|::1\\), a loopback address" "$TMP/b.out"
check "decimal IPv4 form normalised to 127.0.0.1 (one URL, refused once)" test "$(grep -c "article http://127.0.0.1:$SECRET_PORT/admin.html" "$TMP/b.out")" -eq 1
check "IPv4-mapped IPv6 refused" grep -q "article http://\[::ffff:127.0.0.1\]:$SECRET_PORT/admin.html: .*refused to connect to ::ffff:127.0.0.1, a loopback address" "$TMP/b.out"
check "cloud metadata address refused" grep -q "article http://169.254.169.254/latest/meta-data/: .*refused to connect to 169.254.169.254, a link-local address" "$TMP/b.out"
check "unspecified address refused" grep -q "article http://0.0.0.0:$SECRET_PORT/admin.html: .*refused to connect to 0.0.0.0, an unspecified address" "$TMP/b.out"
check "a redirect into the secret service refused" grep -q "article http://127.0.0.2:$SITE_PORT/redirect.html: .*refused to connect to 127.0.0.1, a loopback address" "$TMP/b.out"
check "the secret service never got a request" test ! -s "$SECRET_LOG"

# 3. A bad allowlist is a config error with file and line.
printf '[crawl]\nallow_private = 127.0.0.1, intranet\n' > "$TMP/bad.conf"
"$AKHBAR" config check --config "$TMP/bad.conf" > "$TMP/bad.out" 2>&1
check "bad allow_private: exit 2, FILE:LINE, the bad entry" \
    sh -c "test $? -eq 2 && grep -q \"bad.conf:2: allow_private: 'intranet' is not an address or network\" '$TMP/bad.out'"
