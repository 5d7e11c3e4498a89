# crawl_site_rules.sh -- per-site extraction rules ([site HOST] body_xpath,
# title_xpath, date_xpath, author_xpath) reach the extractor in a crawl; a
# host without rules gets the generic extractor on the same markup.
. "$AKHBAR_SRC/tests/lib.sh"

ROOT="$TMP/site"
mkdir -p "$ROOT/ruled.localhost" "$ROOT/plain.localhost"
python3 - "$ROOT" <<'PY'
import sys
root = sys.argv[1]
p1 = ("أعلنت وزارة التجهيز والماء، اليوم الثلاثاء، عن إطلاق برنامج جديد لتأهيل الطرق القروية بعدد من "
      "الأقاليم، بكلفة إجمالية تناهز ثلاثة مليارات درهم، في إطار مخطط يمتد على خمس سنوات.")
p2 = ("وأوضح بلاغ للوزارة أن البرنامج يشمل إنجاز وتوسيع أزيد من ألفي كيلومتر من الطرق، مع إعطاء الأولوية "
      "للمناطق الجبلية والنائية التي تعاني من العزلة خلال فصل الشتاء.")
# The short "summary" box is what the site's rule names as the text; the
# generic extractor takes the longer container.
page = ('<html lang="ar"><head><meta charset="utf-8"><title>عنوان الصفحة</title></head><body>'
        '<h1>برنامج لتأهيل الطرق القروية</h1>'
        '<div class="kicker">عنوان من القاعدة</div>'
        '<span class="when">2024-09-21 10:42</span><b class="who">سعيد الإدريسي</b>'
        '<div class="summary"><p>%s</p></div>'
        '<div class="story"><p>%s</p><p>%s</p></div></body></html>') % (p1, p2, p2.replace('الطرق', 'المسالك'))
for host in ('ruled.localhost', 'plain.localhost'):
    open('%s/%s/1.html' % (root, host), 'w').write(page)
    open('%s/%s/feed.xml' % (root, host), 'w').write(
        '<rss version="2.0"><channel><title>F</title><item><title>t</title>'
        '<link>http://%s:@PORT@/1.html</link></item></channel></rss>' % host)
PY
start_server "$ROOT"
cat > "$TMP/c.conf" <<CONF
[crawl]
db = $TMP/akhbar.db
delay = 0
[feed ruled]
url = http://ruled.localhost:$PORT/feed.xml
[feed plain]
url = http://plain.localhost:$PORT/feed.xml
[site ruled.localhost]
body_xpath = //div[@class="summary"]
title_xpath = //div[@class="kicker"]
date_xpath = //span[@class="when"]
author_xpath = //b[@class="who"]
CONF

"$AKHBAR" crawl --config "$TMP/c.conf" > "$TMP/c.out" 2>&1
check "crawl with site rules: exit 0" test $? -eq 0
"$AKHBAR" export --config "$TMP/c.conf" > "$TMP/out.jsonl" 2> "$TMP/export.err"
check "export exits 0" test $? -eq 0
python3 - "$TMP/out.jsonl" <<'PY'
import json, sys
rows = {}
for line in open(sys.argv[1], encoding='utf8'):
    o = json.loads(line)
    rows['ruled' if 'ruled.localhost' in o['url'] else 'plain'] = o
def say(ok, name, detail=''):
    print(('ok - ' if ok else 'not ok - ') + name)
    if not ok and detail:
        print('    # ' + detail)
r, p = rows.get('ruled', {}), rows.get('plain', {})
say(r.get('body', '').startswith('أعلنت وزارة التجهيز') and '\n\n' not in r.get('body', ''),
    'body_xpath gives the ruled element only', repr(r.get('body', ''))[:200])
say(r.get('title') == 'عنوان من القاعدة', 'title_xpath gives the ruled title', repr(r.get('title')))
say(r.get('published') == '2024-09-21T09:42:00Z', 'date_xpath gives the published date', repr(r.get('published')))
say(r.get('author') == 'سعيد الإدريسي', 'author_xpath gives the author', repr(r.get('author')))
say(p.get('body', '').startswith('وأوضح بلاغ') and p.get('title') == 'برنامج لتأهيل الطرق القروية',
    'a host without rules gets the generic extractor', repr(p.get('body', ''))[:120] + ' ' + repr(p.get('title')))
PY

printf '[crawl]\ndb = %s/x.db\n[site a.ma]\ndate_xpath = //span[\n' "$TMP" > "$TMP/bad.conf"
"$AKHBAR" crawl --config "$TMP/bad.conf" > "$TMP/bad.out" 2>&1
check "an invalid site rule is a config error (exit 2)" test $? -eq 2
check "the error names file, line and expression" grep -q "bad.conf:4: invalid XPath expression '//span\['" "$TMP/bad.out"
