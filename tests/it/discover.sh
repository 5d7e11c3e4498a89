# discover.sh -- sites instead of feeds: `akhbar discover` and the crawl of
# a configured site (declared feeds, common paths, robots.txt news
# sitemaps, thin feeds), and sitemap indexes whose unchanged children are
# not fetched again.
. "$AKHBAR_SRC/tests/lib.sh"

ROOT="$TMP/site"
python3 - "$ROOT" <<'PY'
import os, sys
root = sys.argv[1]
def w(path, data):
    p = os.path.join(root, path)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    open(p, 'w', encoding='utf-8').write(data)
para = ("Le conseil régional a approuvé lundi un programme de soutien aux coopératives agricoles, "
        "avec une enveloppe de cent millions de dirhams répartie sur trois années budgétaires. ")
def article(host, name, title):
    w('%s/%s.html' % (host, name), '<html lang="fr"><head><meta charset="utf-8"><title>%s</title></head><body>'
      '<h1>%s</h1><article><p>%s</p><p>%s</p></article></body></html>' % (title, title, para + title, para[::-1]))
def rss(host, path, names, title='Flux'):
    items = ''.join('<item><title>%s</title><link>http://%s:@PORT@/%s.html</link></item>' % (n, host, n) for n in names)
    w('%s/%s' % (host, path), '<rss version="2.0"><channel><title>%s</title>%s</channel></rss>' % (title, items))
    for n in names: article(host, n, 'Article %s' % n)
def urlset(host, path, names):
    urls = ''.join('<url><loc>http://%s:@PORT@/%s.html</loc><news:news><news:title>%s</news:title></news:news></url>' % (host, n, n) for n in names)
    w('%s/%s' % (host, path), '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
      'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">%s</urlset>' % urls)
    for n in names: article(host, n, 'Article %s' % n)
# decl: declares its feed and a comments feed
w('decl.localhost/index.html', '<!DOCTYPE html><html><head><title>Decl</title>'
  '<link rel="alternate" type="application/rss+xml" title="Decl &raquo; Flux" href="/news/feed.xml">'
  '<link rel="alternate" type="application/rss+xml" title="Decl &raquo; Comments Feed" href="/comments/feed.xml">'
  '</head><body><p>Accueil</p></body></html>')
rss('decl.localhost', 'news/feed.xml', ['d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd8', 'd9', 'd10'])
w('decl.localhost/comments/feed.xml', '<rss version="2.0"><channel><title>Comments</title></channel></rss>')
# guess: declares nothing, /rss is the feed
w('guess.localhost/index.html', '<html><head><title>Guess</title></head><body>rien</body></html>')
rss('guess.localhost', 'rss', ['g1', 'g2', 'g3', 'g4', 'g5', 'g6', 'g7', 'g8', 'g9', 'g10'])
# nofeed: only a news sitemap in robots.txt (and another sitemap, not news)
w('nofeed.localhost/index.html', '<html><head><title>Sans flux</title></head><body>rien</body></html>')
w('nofeed.localhost/robots.txt', 'User-agent: *\nDisallow: /admin/\nSitemap: http://nofeed.localhost:@PORT@/post-sitemap.xml\n'
  'Sitemap: /news-sitemap.xml # the news\n')
urlset('nofeed.localhost', 'news-sitemap.xml', ['n1', 'n2'])
urlset('nofeed.localhost', 'post-sitemap.xml', ['old1'])
# thin: a feed with one entry, and a news sitemap
w('thin.localhost/index.html', '<html><head><link rel="alternate" type="application/atom+xml" href="/atom.xml"></head><body></body></html>')
w('thin.localhost/atom.xml', '<feed xmlns="http://www.w3.org/2005/Atom"><title>Thin</title><entry><title>t1</title>'
  '<link href="http://thin.localhost:@PORT@/t1.html"/><id>t1</id></entry></feed>')
article('thin.localhost', 't1', 'Article t1')
w('thin.localhost/robots.txt', 'Sitemap: /sitemap-news.xml\n')
urlset('thin.localhost', 'sitemap-news.xml', ['t2', 't3'])
# none: nothing at all
w('none.localhost/index.html', '<html><body>rien</body></html>')
# index: a sitemap index whose children change over time
for n, body in (('idx1.xml', ('2024-09-20', '2024-09-20')), ('idx2.xml', ('2024-09-20', '2024-09-21'))):
    w('index.localhost/' + n, '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
      '<sitemap><loc>http://index.localhost:@PORT@/a.xml</loc><lastmod>%s</lastmod></sitemap>'
      '<sitemap><loc>http://index.localhost:@PORT@/b.xml</loc><lastmod>%s</lastmod></sitemap></sitemapindex>' % body)
urlset('index.localhost', 'a.xml', ['a1'])
urlset('index.localhost', 'b.xml', ['b1'])
PY
cat > "$TMP/routes.json" <<'JSON'
{"index.localhost/sitemap_index.xml": {"sequence": [{"file": "idx1.xml"}, {"file": "idx1.xml"}, {"file": "idx2.xml"}]}}
JSON
start_server "$ROOT" "$TMP/routes.json"
printf '[crawl]\ndelay = 0\ntimeout = 5s\n' > "$TMP/d.conf"
D() { "$AKHBAR" discover --config "$TMP/d.conf" "$@"; }
J() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); $2" "$1"; }

# ---- akhbar discover -------------------------------------------------------
D "http://decl.localhost:$PORT/" > "$TMP/decl.json" 2> "$TMP/decl.err"
check "discover: declared feeds found (exit 0)" test $? -eq 0
check "discover: the declared feed, first, with format and title" J "$TMP/decl.json" \
    "f=d['feeds'][0]; assert f['url']=='http://decl.localhost:$PORT/news/feed.xml' and f['format']=='rss2.0' and f['title']=='Flux' and f['entries']==10 and f['found']=='declared' and not f['comments'], d"
check "discover: the comments feed is marked" J "$TMP/decl.json" \
    "assert [f['comments'] for f in d['feeds']]==[False, True], d"
check "discover: no common path tried when feeds are declared" bash -c "! grep -q '\"path\": \"/feed\"' '$REQLOG'"
D "http://guess.localhost:$PORT/" > "$TMP/guess.json" 2>/dev/null
check "discover: a common path when none is declared" J "$TMP/guess.json" \
    "assert [(f['url'], f['found']) for f in d['feeds']]==[('http://guess.localhost:$PORT/rss', 'path')], d"
D "http://nofeed.localhost:$PORT/" > "$TMP/nofeed.json" 2>/dev/null
check "discover: sitemaps from robots.txt, with their format" J "$TMP/nofeed.json" \
    "assert sorted((f['url'].rsplit('/',1)[1], f['format'], f['found']) for f in d['feeds'])==[('news-sitemap.xml','news-sitemap','robots'),('post-sitemap.xml','news-sitemap','robots')], d"
D "http://decl.localhost:$PORT/news/feed.xml" > "$TMP/self.json" 2>/dev/null
check "discover: a feed address is its own answer" J "$TMP/self.json" \
    "assert [f['found'] for f in d['feeds']]==['self'], d"
D "http://none.localhost:$PORT/" > "$TMP/none.json" 2> "$TMP/none.err"
check "discover: nothing found: exit 1" test $? -eq 1
check "discover: nothing found: clear message" grep -q "no feed found" "$TMP/none.err"
D "http://127.0.0.1:1/" > /dev/null 2> "$TMP/dead.err"
check "discover: dead host: exit 1 with the reason" bash -c "[ $? -eq 1 ] && grep -q 'onnect' '$TMP/dead.err'"
D "ftp://x.example/" > /dev/null 2>&1
check "discover: not an http URL: usage error" test $? -eq 2
check "discover --help" bash -c "\"$AKHBAR\" discover --help | grep -q robots.txt"

# ---- the crawl of sites ------------------------------------------------------
cat > "$TMP/c.conf" <<CONF
[crawl]
db = $TMP/akhbar.db
delay = 0
timeout = 5s
[feed decl]
url = http://decl.localhost:$PORT/
[feed guess]
url = http://guess.localhost:$PORT/
[feed nofeed]
url = http://nofeed.localhost:$PORT/
[feed thin]
url = http://thin.localhost:$PORT/
[feed none]
url = http://none.localhost:$PORT/
CONF
: > "$REQLOG"
"$AKHBAR" crawl -v --config "$TMP/c.conf" > "$TMP/c1.out" 2>&1
check "crawl of sites: exit 1 (one site has nothing)" test $? -eq 1
check "crawl of sites: 4 sites ok, 1 failed" grep -q "feeds 4 ok (0 unchanged), 1 failed" "$TMP/c1.out"
check "crawl of sites: every article found is stored (10+10+2+3)" grep -q "articles 25 new" "$TMP/c1.out"
check "the comments feed is never fetched" bash -c "! grep -q 'comments/feed.xml' '$REQLOG'"
check "guessing stops at the first feed (/rss.xml, /feed/ not tried)" \
    bash -c "grep -q '\"host\": \"guess.localhost:$PORT\", \"path\": \"/rss\"' '$REQLOG' && ! grep -q '\"host\": \"guess.localhost:$PORT\", \"path\": \"/rss.xml\"' '$REQLOG'"
check "a site without a feed is crawled through its news sitemap only" \
    bash -c "grep -q 'nofeed.localhost:$PORT/n1.html' '$TMP/c1.out' && ! grep -q 'post-sitemap.xml' '$REQLOG'"
check "a thin feed is completed by the news sitemap" grep -q "thin.localhost:$PORT/t3.html" "$TMP/c1.out"
check "a site with nothing: the reason, then what was tried" \
    grep -q "feed http://none.localhost:$PORT/: not a feed (document root is <html>, an HTML page); no feed found on the site" "$TMP/c1.out"
"$AKHBAR" crawl --config "$TMP/c.conf" > "$TMP/c2.out" 2>&1
check "second crawl of sites: nothing stored twice" grep -q "articles 0 new" "$TMP/c2.out"

# ---- sitemap index: <lastmod> ----------------------------------------------------
cat > "$TMP/i.conf" <<CONF
[crawl]
db = $TMP/index.db
delay = 0
[feed index]
url = http://index.localhost:$PORT/sitemap_index.xml
CONF
count() { grep -c "\"host\": \"index.localhost:$PORT\", \"path\": \"/$1\"" "$REQLOG"; }
: > "$REQLOG"
"$AKHBAR" crawl --config "$TMP/i.conf" > "$TMP/i1.out" 2>&1
check "index: first crawl reads both children" bash -c "[ $(count a.xml) -eq 1 ] && [ $(count b.xml) -eq 1 ] && grep -q 'articles 2 new' '$TMP/i1.out'"
"$AKHBAR" crawl --config "$TMP/i.conf" > "$TMP/i2.out" 2>&1
check "index: unchanged <lastmod>: children not fetched again" bash -c "[ $(count a.xml) -eq 1 ] && [ $(count b.xml) -eq 1 ]"
"$AKHBAR" crawl --config "$TMP/i.conf" > "$TMP/i3.out" 2>&1
check "index: only the child whose <lastmod> moved is fetched" bash -c "[ $(count a.xml) -eq 1 ] && [ $(count b.xml) -eq 2 ]"
