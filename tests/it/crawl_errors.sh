# crawl_errors.sh -- bad input never stops the crawl nor loses what is
# stored: a 404 feed, garbage bytes, an HTML page served as a feed, a dead
# host, a failing article page, a page in an undeclared legacy charset;
# config and store errors give clear messages and their exit codes.
. "$AKHBAR_SRC/tests/lib.sh"

ROOT="$TMP/site"
python3 - "$ROOT" <<'PY'
import os, sys
root = sys.argv[1]
def w(path, data):
    p = os.path.join(root, path)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    open(p, 'wb').write(data if isinstance(data, bytes) else data.encode('utf-8'))
base = 'http://good.localhost:@PORT@/'
items = ''.join('<item><title>%s</title><link>%s%s</link></item>' % (t, base, f)
                for t, f in [('ok', 'ok.html'), ('boom', 'boom.html'), ('legacy', 'latin1.html'),
                             ('gone', 'gone.html')])
w('good.localhost/feed.xml', '<?xml version="1.0"?><rss version="2.0"><channel><title>Good</title>%s</channel></rss>' % items)
para = ("Le conseil communal de la ville a adopté mardi son budget pour l'année prochaine, "
        "après une séance marquée par de longs débats sur les investissements prévus dans les quartiers périphériques. ")
w('good.localhost/ok.html', '<html lang="fr"><head><meta charset="utf-8"><title>Budget adopté</title></head><body>'
  '<nav><a href="/">Accueil</a></nav><h1>Budget adopté</h1><article><p>%s</p><p>%s</p></article></body></html>' % (para, para[::-1]))
# windows-1252 bytes, no charset anywhere.
w('good.localhost/latin1.html', ('<html><head><title>Éducation</title></head><body><h1>Éducation</h1><div class="article">'
  '<p>Les élèves étaient très nombreux à la rentrée scolaire, a précisé le délégué régional, qui a évoqué des classes surchargées dans plusieurs écoles.</p>'
  '<p>Le ministère prévoit de créer de nouvelles écoles et de recruter des enseignants supplémentaires dès le mois prochain, selon la même source.</p>'
  '</div></body></html>').encode('cp1252'))
w('garbage.localhost/feed.xml', bytes(range(256)) * 20)
w('html.localhost/feed.xml', '<!DOCTYPE html><html><head><title>Accueil</title></head><body><p>Bienvenue</p></body></html>')
PY
cat > "$TMP/routes.json" <<'JSON'
{"good.localhost/boom.html": {"status": 500, "body": "internal error"},
 "good.localhost/gone.html": {"status": 404, "body": "gone"},
 "good.localhost/latin1.html": {"content_type": "text/html"},
 "missing.localhost/feed.xml": {"status": 404, "body": "no such feed"}}
JSON
start_server "$ROOT" "$TMP/routes.json"

# A first crawl stores the good articles...
cat > "$TMP/good.conf" <<CONF
[crawl]
db = $TMP/akhbar.db
delay = 0
timeout = 5s
busy_timeout = 1s
[feed good]
url = http://good.localhost:$PORT/feed.xml
site = good
CONF
"$AKHBAR" crawl --config "$TMP/good.conf" > "$TMP/c1.out" 2>&1
check "good feed: exit 0 even though two articles failed" test $? -eq 0
check "summary counts 2 new, 2 failed" grep -q "articles 2 new, 0 skipped, 2 failed" "$TMP/c1.out"
check "a failed article is logged with its URL and reason" grep -q "warning: article http://good.localhost:$PORT/boom.html: HTTP 500" "$TMP/c1.out"

# ...then a crawl with broken feeds keeps going and loses nothing.
cat > "$TMP/bad.conf" <<CONF
[crawl]
db = $TMP/akhbar.db
delay = 0
timeout = 5s
connect_timeout = 2s
[feed good]
url = http://good.localhost:$PORT/feed.xml
[feed missing]
url = http://missing.localhost:$PORT/feed.xml
[feed garbage]
url = http://garbage.localhost:$PORT/feed.xml
[feed html]
url = http://html.localhost:$PORT/feed.xml
[feed dead]
url = http://127.0.0.1:1/feed.xml
CONF
"$AKHBAR" crawl --config "$TMP/bad.conf" > "$TMP/c2.out" 2>&1
check "broken feeds: exit 1 (partial failure)" test $? -eq 1
check "404 feed logged with URL and status" grep -q "feed http://missing.localhost:$PORT/feed.xml: HTTP 404" "$TMP/c2.out"
check "garbage feed logged as not a feed" grep -q "feed http://garbage.localhost:$PORT/feed.xml: not a feed" "$TMP/c2.out"
check "HTML served as a feed is 'not a feed', named as HTML" grep -q "feed http://html.localhost:$PORT/feed.xml: not a feed (document root is <html>, an HTML page)" "$TMP/c2.out"
check "dead host logged with its URL and reason" grep -q "feed http://127.0.0.1:1/feed.xml: .*onnect" "$TMP/c2.out"
check "summary: 1 ok, 4 failed" grep -q "feeds 1 ok (0 unchanged), 4 failed" "$TMP/c2.out"
check "the 500 page is retried, the 404 page is not" grep -q "articles 0 new, 3 skipped, 1 failed" "$TMP/c2.out"

"$AKHBAR" export --db "$TMP/akhbar.db" > "$TMP/out.jsonl"
check "both stored articles are still there" test "$(wc -l < "$TMP/out.jsonl")" -eq 2
check "the windows-1252 page is stored as valid UTF-8 with its accents" \
    python3 -c "import json,sys; a=[json.loads(l) for l in open('$TMP/out.jsonl', encoding='utf-8')]; assert any('élèves étaient très' in x['body'] for x in a), a"

# Config errors: exit 2, with file and line.
"$AKHBAR" crawl --config "$TMP/nonexistent.conf" > "$TMP/e1.out" 2>&1
check "missing config: exit 2" test $? -eq 2
check "missing config: message names the file" grep -q "nonexistent.conf: cannot read config" "$TMP/e1.out"
printf '[crawl]\ndelay = 0\ncolour = blue\n' > "$TMP/typo.conf"
"$AKHBAR" crawl --config "$TMP/typo.conf" > "$TMP/e2.out" 2>&1
check "unknown setting: exit 2" test $? -eq 2
check "unknown setting: FILE:LINE: message" grep -q "typo.conf:3: unknown setting 'colour' in \[crawl\]" "$TMP/e2.out"
printf '[crawl]\ndelay = soon\n' > "$TMP/bad-value.conf"
"$AKHBAR" crawl --config "$TMP/bad-value.conf" > "$TMP/e3.out" 2>&1
check "bad value: FILE:LINE: message" grep -q "bad-value.conf:2: expected a duration" "$TMP/e3.out"
printf '[crawl]\n\n[feed x]\nsite = x\n' > "$TMP/nourl.conf"
"$AKHBAR" crawl --config "$TMP/nourl.conf" > "$TMP/e4.out" 2>&1
check "feed without url: line of its section" grep -q "nourl.conf:3: \[feed x\] has no url" "$TMP/e4.out"
printf 'just some words\n' > "$TMP/syntax.conf"
"$AKHBAR" crawl --config "$TMP/syntax.conf" > "$TMP/e5.out" 2>&1
check "syntax error: exit 2 with line" grep -q "syntax.conf:1:" "$TMP/e5.out"
printf '[crawl]\ndelay = 0\n' > "$TMP/nofeeds.conf"
"$AKHBAR" crawl --config "$TMP/nofeeds.conf" > "$TMP/e6.out" 2>&1
check "no feeds: exit 2" test $? -eq 2

# Store errors: exit 3.
mkdir "$TMP/adir"
"$AKHBAR" crawl --config "$TMP/good.conf" --db "$TMP/adir" > "$TMP/s1.out" 2>&1
check "store is a directory: exit 3" test $? -eq 3
check "store error names the store" grep -q "store $TMP/adir" "$TMP/s1.out"
"$AKHBAR" export --db "$TMP/none.db" > "$TMP/s2.out" 2>&1
check "export of a missing store: exit 3" test $? -eq 3
python3 - "$TMP/akhbar.db" > "$TMP/locker.out" 2>&1 <<'PY' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute('BEGIN EXCLUSIVE')
print('locked', flush=True)
time.sleep(6)
PY
LOCKER=$!
for _ in $(seq 100); do grep -q locked "$TMP/locker.out" && break; sleep 0.05; done
"$AKHBAR" crawl --config "$TMP/good.conf" > "$TMP/s3.out" 2>&1
rc=$?
kill $LOCKER 2>/dev/null; wait $LOCKER 2>/dev/null
check "store locked by another process: exit 3" test $rc -eq 3
check "locked store: clear message" grep -q "another akhbar process holds the store" "$TMP/s3.out"
check "the store is intact after all that" test "$("$AKHBAR" export --db "$TMP/akhbar.db" | wc -l)" -eq 2
