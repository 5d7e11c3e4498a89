# hostile.sh -- what the internet may send: XXE and billion-laughs feeds,
# a 100 MB one-line page, 100,000-deep nesting, NUL bytes, invalid and
# overlong UTF-8 and encoded surrogates, 64 KB URLs, SQL metacharacters and
# control characters, JSON-breaking characters in every exported field, a
# feed listing 1,000,000 entries, redirects to file:// and ftp://.  The
# crawl never crashes, bounds its work, and stores valid UTF-8 that exports
# as valid JSON.
. "$AKHBAR_SRC/tests/lib.sh"

ROOT="$TMP/site"
python3 - "$ROOT" <<'PY'
import os, sys, gzip, json
root = sys.argv[1]
H = root + '/evil.localhost'
os.makedirs(H)
def w(name, data):
    open(os.path.join(H, name), 'wb').write(data if isinstance(data, bytes) else data.encode('utf-8'))
base = 'http://evil.localhost:@PORT@/'
good = ('<p>أعلنت السلطات المحلية عن افتتاح مركز صحي جديد بالمدينة، في إطار برنامج لتقريب الخدمات الصحية من الساكنة، '
        'حسب ما أفاد به بلاغ رسمي صدر اليوم الثلاثاء.</p>')
page = lambda title, body: '<html><head><meta charset="utf-8"><title>%s</title></head><body><h1>%s</h1><div class="content">%s%s</div></body></html>' % (title, title, good, body)
# Strings that break naive SQL and JSON writers, kept in title and body.
nasty = 'Q\'uote "dbl" \\back; DROP TABLE articles; -- </script> \u2028\u2029 \u202e RLO \u200f'
w('sql.html', page(nasty.replace('<', '&lt;'), '<p>' + nasty.replace('<', '&lt;') + ' جملة إضافية طويلة بما يكفي لتكون فقرة.</p>'))
# NUL bytes, invalid and overlong UTF-8, encoded surrogates, stray continuation bytes.
w('bytes.html', page('bytes', '') .encode('utf-8').replace(b'</div>', b'<p>nul\x00byte \xc0\xaf overlong \xed\xa0\x80 surrogate \x80\xbf stray \xf8\x88\x80\x80\x80 five-byte, and a long enough sentence.</p></div>'))
# 100,000-deep nesting.
w('deep.html', '<html><body>' + '<div>' * 100000 + good + '</div>' * 10 + '</body></html>')
# A 100 MB single-line page (gzip on the wire).
w('huge.html', b'<html><body><p>' + b'x' * (100 << 20) + b'</p></body></html>')
# An external entity in a feed (never loaded), and a billion-laughs feed
# (refused with a clear message).
w('xxe.xml', '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
  '<rss version="2.0"><channel><title>&xxe;</title><item><title>t &xxe;</title><link>%sxxe-target.html</link></item></channel></rss>' % base)
w('bomb.xml', '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaaaaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
  '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">'
  '<!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">]>'
  '<rss version="2.0"><channel><title>&g;</title><item><title>&g;</title><link>%sbomb-target.html</link></item></channel></rss>' % base)
w('xxe-target.html', page('xxe target', ''))
# The main feed: every hostile page, a 64 KB URL, redirects to file:// and ftp://.
long_url = base + 'long/' + 'a' * 65536 + '.html'
items = ['sql.html', 'bytes.html', 'deep.html', 'huge.html', 'to-file.html', 'to-ftp.html']
w('feed.xml', '<rss version="2.0"><channel><title>evil</title>%s<item><title>long</title><link>%s</link></item></channel></rss>'
  % (''.join('<item><title>%s</title><link>%s%s</link></item>' % (i, base, i) for i in items), long_url))
# A feed listing 1,000,000 entries (about 60 MB).
with open(os.path.join(H, 'million.xml'), 'wb') as f:
    f.write(b'<rss version="2.0"><channel><title>million</title>')
    chunk = []
    for i in range(1000000):
        chunk.append(b'<item><link>%sm/%d.html</link></item>' % (base.encode(), i))
        if len(chunk) == 10000:
            f.write(b''.join(chunk)); chunk = []
    f.write(b'</channel></rss>')
open(os.path.join(root, 'routes.json'), 'w').write(json.dumps({
    'evil.localhost/huge.html': {'gzip': True},
    'evil.localhost/to-file.html': {'status': 302, 'redirect': 'file:///etc/passwd'},
    'evil.localhost/to-ftp.html': {'status': 301, 'redirect': 'ftp://evil.localhost/x'},
    'evil.localhost/to-file.xml': {'status': 302, 'redirect': 'file:///etc/passwd'},
}))
PY
start_server "$ROOT" "$ROOT/routes.json"
cat > "$TMP/c.conf" <<CONF
[crawl]
db = $TMP/akhbar.db
delay = 0
max_per_host = 4
timeout = 20s
max_articles = 40
[feed evil]
url = http://evil.localhost:$PORT/feed.xml
[feed xxe]
url = http://evil.localhost:$PORT/xxe.xml
[feed bomb]
url = http://evil.localhost:$PORT/bomb.xml
[feed million]
url = http://evil.localhost:$PORT/million.xml
[feed to-file]
url = http://evil.localhost:$PORT/to-file.xml
CONF

t0=$(date +%s)
"$AKHBAR" crawl --config "$TMP/c.conf" > "$TMP/c.out" 2>&1
rc=$?
t1=$(date +%s)
check "the crawl survives everything (exit 0 or 1, not a crash: $rc)" test $rc -le 1
check "the crawl is bounded in time ($((t1 - t0)) s)" test $((t1 - t0)) -lt 60
check "the million-entry feed is cut at max_feed_size" grep -q "million.xml: body larger than" "$TMP/c.out"

# The same feed read whole (a larger cap): 1,000,000 entries parsed, and
# max_articles bounds the run.
sed -e 's/^max_articles = 40/max_articles = 40\nmax_feed_size = 100M/' -e "s|^db = .*|db = $TMP/m.db|" "$TMP/c.conf" > "$TMP/m.conf"
t0=$(date +%s)
"$AKHBAR" crawl --config "$TMP/m.conf" > "$TMP/m.out" 2>&1
t1=$(date +%s)
check "a 1,000,000-entry feed read whole: the run still ends ($((t1 - t0)) s)" test $((t1 - t0)) -lt 60
check "max_articles bounds the run" grep -q "max_articles (40) reached" "$TMP/m.out"
check "no more than 40 article requests in that run" test "$(grep -c '"path": "/m/' "$REQLOG")" -le 40
check "the 100 MB page is cut off with a clear reason" grep -q "huge.html: body larger than" "$TMP/c.out"
check "a redirect to file:// is refused" grep -q "to-file.html: .*\(rotocol\|redirect\)" "$TMP/c.out"
check "a redirect to ftp:// is refused" grep -q "to-ftp.html: .*\(rotocol\|redirect\)" "$TMP/c.out"
check "a feed redirected to file:// is refused" grep -q "feed http://evil.localhost:$PORT/to-file.xml: " "$TMP/c.out"
check "the 64 KB URL fails cleanly" grep -q "article http://evil.localhost:$PORT/long/aaaa" "$TMP/c.out"
check "a billion-laughs feed is refused with a clear reason" grep -q "feed http://evil.localhost:$PORT/bomb.xml: .*entit" "$TMP/c.out"
check "no 'root:' from /etc/passwd anywhere in the store" sh -c "! grep -q 'root:x:0' '$TMP/akhbar.db'"

"$AKHBAR" export --db "$TMP/akhbar.db" > "$TMP/out.jsonl"
check "export exits 0" test $? -eq 0
python3 - "$TMP/out.jsonl" <<'PY'
import json, sys
raw = open(sys.argv[1], 'rb').read()
def say(ok, name, detail=''):
    print(('ok - ' if ok else 'not ok - ') + name)
    if not ok and detail: print('    # ' + detail[:400])
try:
    text = raw.decode('utf-8')
    say(True, 'export is valid UTF-8')
except UnicodeDecodeError as e:
    say(False, 'export is valid UTF-8', str(e)); text = raw.decode('utf-8', 'replace')
lines = text.split('\n')[:-1]
arts = []
for l in lines:
    try: arts.append(json.loads(l))
    except Exception as e: say(False, 'each line parses as JSON', repr(l[:200]))
say(len(arts) == len(lines) and arts, 'each line parses as JSON (%d)' % len(arts))
by = {a['url'].rsplit('/', 1)[-1]: a for a in arts}
nasty = 'Q\'uote "dbl" \\back; DROP TABLE articles; -- </script> \u2028\u2029 \u202e RLO \u200f'
# U+2028/2029 are line separators: the extractor folds them like any white space.
nasty = ' '.join(nasty.replace('\u2028', ' ').replace('\u2029', ' ').split(' ')).replace('  ', ' ').replace('  ', ' ')
s = by.get('sql.html')
say(s is not None and s['title'] == nasty, 'SQL/JSON metacharacters and control characters in the title survive intact',
    repr(s and s['title']))
say(s is not None and nasty in s['body'], '...and in the body')
b = by.get('bytes.html')
say(b is not None and '\ufffd' in b['body'] and '\x00' not in b['body'],
    'NUL, invalid, overlong and surrogate bytes become U+FFFD', repr(b and b['body'][-200:]))
say('xxe-target.html' in by, 'the XXE feed is read without expanding anything')
say(all('root:x:0' not in json.dumps(a) for a in arts), 'no external entity content in any field')
for f in ('url', 'title', 'body', 'site', 'feed_url', 'author', 'lang', 'content_hash'):
    bad = [a['id'] for a in arts if a.get(f) is not None and not isinstance(a[f], str)]
    if bad: say(False, 'field %s is a string' % f, str(bad))
PY
"$AKHBAR" extract "$ROOT/evil.localhost/huge.html" > "$TMP/huge.json"
check "akhbar extract on a 100 MB page: too-large, no crash" grep -q '"status":"too-large"' "$TMP/huge.json"
"$AKHBAR" extract "$ROOT/evil.localhost/deep.html" > "$TMP/deep.json"
check "akhbar extract on 100,000-deep nesting: no crash" test $? -eq 0
