# dedup_crawl.sh -- deduplication inside the crawl: every new article is
# clustered in the transaction that stores it, across runs; export shows
# clusters, originals and shared paragraphs; export --unique; akhbar dups;
# articles stored before deduplication existed are clustered on the next
# crawl.
. "$AKHBAR_SRC/tests/lib.sh"

# ---- the demo mirror: the seed on two sites, a French story republished ----
start_server "$AKHBAR_SRC/tests/demo/site"
demo_config "$TMP/demo.conf"
"$AKHBAR" crawl --config "$TMP/demo.conf" > "$TMP/crawl1.out" 2>&1
check "demo crawl exits 0" test $? -eq 0
check "the crawl reports the copies it found" grep -q "dedup: 2 of the 11 new articles are copies" "$TMP/crawl1.out"
"$AKHBAR" export --config "$TMP/demo.conf" > "$TMP/all.jsonl"
"$AKHBAR" export --config "$TMP/demo.conf" --unique > "$TMP/unique.jsonl"
python3 - "$TMP/all.jsonl" "$TMP/unique.jsonl" <<'PY'
import json, sys
arts = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8')]
uniq = [json.loads(l) for l in open(sys.argv[2], encoding='utf-8')]
def say(ok, name, detail=''):
    print(('ok - ' if ok else 'not ok - ') + name)
    if not ok and detail:
        print('    # ' + str(detail)[:600])
fields = ['cluster_id', 'cluster_size', 'similarity', 'kind', 'duplicate_of', 'shared']
say(all(all(f in a for f in fields) for a in arts), 'export has the dedup fields')
seed = [a for a in arts if a['title'].startswith('أنقرة تدخل نادي العواصم')]
say(len(seed) == 2 and seed[0]['cluster_id'] == seed[1]['cluster_id'], 'the seed from two sites is one story', seed and [(a['site'], a['cluster_id']) for a in seed])
first = min(seed, key=lambda a: a['published'])
other = [a for a in seed if a is not first][0]
say(first['duplicate_of'] is None and first['kind'] == 'original', 'the earlier published seed is the original', first['site'])
say(other['duplicate_of'] == first['id'] and other['kind'] == 'exact', 'the other seed points at it, kind exact', (other['duplicate_of'], other['kind']))
assabah = [s for s in other['shared'] if s['paragraph'] == 6]
say(assabah and assabah[0]['first_id'] == first['id'] and first['url'] == assabah[0]['first_url'],
    "the copy's Assabah paragraph is linked to its first appearance", other['shared'])
fr = [a for a in arts if a['site'] == 'rabatinfo' and 'tourisme' in a['title'].lower()]
orig = [a for a in arts if a['site'] == 'lematinal' and a['title'].startswith('Tourisme')]
say(fr and orig and fr[0]['duplicate_of'] == orig[0]['id'], 'the French story republished with an attribution line is a copy', fr and fr[0])
say(fr and fr[0]['kind'] in ('near', 'extended') and 0.5 < fr[0]['similarity'] <= 1, 'its kind and similarity', fr and (fr[0]['kind'], fr[0]['similarity']))
singles = [a for a in arts if a['cluster_size'] == 1]
say(all(a['duplicate_of'] is None and a['kind'] == 'original' and a['shared'] == [] for a in singles), 'other articles are their own stories')
say(len(uniq) == 9 and all(u['duplicate_of'] is None for u in uniq), 'export --unique: one article per story (9)', len(uniq))
say({u['cluster_id'] for u in uniq} == {a['cluster_id'] for a in arts}, 'export --unique covers every story')
PY
"$AKHBAR" dups --config "$TMP/demo.conf" > "$TMP/dups.out"
check "dups lists the two stories stored twice" test "$(grep -c '^story #' "$TMP/dups.out")" -eq 2
seed_copy=$(python3 -c "
import json,sys
for l in open('$TMP/all.jsonl'):
    a=json.loads(l)
    if a['duplicate_of'] and a['kind']=='exact': print(a['id'])")
"$AKHBAR" dups --config "$TMP/demo.conf" "$seed_copy" > "$TMP/dups1.out"
check "dups ID shows the story with its original" grep -q "original" "$TMP/dups1.out"
check "dups ID shows where the Assabah paragraph first appeared" grep -q "paragraph 7 first appeared in #.* (akhbar24): ووفق صحيفة الصباح" "$TMP/dups1.out"
"$AKHBAR" dups --config "$TMP/demo.conf" --json "$seed_copy" | python3 -c "import json,sys; d=json.load(sys.stdin); assert len(d['articles'])==2" 2>&1
check "dups --json ID is one JSON object with both articles" test $? -eq 0
"$AKHBAR" dups --config "$TMP/demo.conf" 9999 2> "$TMP/dups.err"
check "dups on an unknown article is an error (exit 2)" test $? -eq 2

# ---- articles stored before deduplication existed are clustered later ----
python3 - "$TMP/akhbar.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript("DELETE FROM dd_articles; DELETE FROM dd_keys; DELETE FROM dd_clusters; UPDATE articles SET duplicate_of = NULL;")
db.commit()
PY
"$AKHBAR" crawl --config "$TMP/demo.conf" > "$TMP/crawl2.out" 2>&1
check "a crawl clusters the articles that have no dedup state" grep -q "dedup: clustered 11 articles stored before deduplication" "$TMP/crawl2.out"
"$AKHBAR" export --config "$TMP/demo.conf" --unique > "$TMP/unique2.jsonl"
check "... with the same result" test "$(wc -l < "$TMP/unique2.jsonl")" -eq 9

# ---- across runs, and the Assabah paragraph inside two different stories ----
SITE="$TMP/site"
mkdir -p "$SITE/news1.localhost" "$SITE/news2.localhost"
ASSABAH="ووفق صحيفة الصباح، فإن دعوات دول الجوار الإقليمي للتعاون مع الأجهزة الأمنية المغربية تبعث إشارات مفادها أن كبريات العواصم تعول في تعاونها مع المغرب على المستوى الأمني، في ظل التغيرات الجديدة التي عرفتها المنطقة والعالم، في وقت بات المغرب يكتسب سمعة دولية في إطار مكافحة الجريمة بشكل استباقي."
page() { # file title date paragraphs...
    f=$1 t=$2 d=$3
    shift 3
    {
        printf '<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>%s</title>' "$t"
        printf '<meta property="article:published_time" content="%s"></head><body>' "$d"
        printf '<nav><a href="/">الرئيسية</a> <a href="/a">أخبار</a></nav><article><h1>%s</h1>' "$t"
        for p in "$@"; do printf '<p>%s</p>' "$p"; done
        printf '</article><footer>جميع الحقوق محفوظة</footer></body></html>'
    } > "$f"
}
feed() { # file host items (path|title|date)...
    f=$1 h=$2
    shift 2
    {
        printf '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>%s</title><link>http://%s:@PORT@/</link>' "$h" "$h"
        for it in "$@"; do
            IFS='|' read -r p t d <<< "$it"
            printf '<item><title>%s</title><link>http://%s:@PORT@/%s</link><pubDate>%s</pubDate></item>' "$t" "$h" "$p" "$d"
        done
        printf '</channel></rss>'
    } > "$f"
}
P1="دخلت أنقرة نادي العواصم العالمية المعتمدة على الخبرة الأمنية للمغرب، إذ يجري المدير العام للأمن الوطني زيارة عمل إلى تركيا، تمتد من أول أمس الخميس إلى اليوم السبت، وذلك في سياق الجهود المبذولة لتدعيم علاقات التعاون الأمني الثنائي."
P2="وذكر بلاغ للمديرية العامة للأمن الوطني أن المدير العام التقى خلال هذه الزيارة، التي جاءت بدعوة رسمية من السلطات التركية، مع عدد من المسؤولين الأمنيين الأتراك، واستعرض معهم مختلف القضايا الأمنية ذات الاهتمام المشترك."
S1="احتضنت مدينة مدريد، أمس الأربعاء، اجتماعا للجنة الأمنية المشتركة بين المغرب وإسبانيا، خصص لتقييم حصيلة التعاون في مجال مكافحة الهجرة غير النظامية وشبكات التهريب العابرة للحدود."
S2="وأفاد مصدر مطلع بأن الجانبين اتفقا على تعزيز تبادل المعلومات بشكل آني، وتكثيف الدوريات المشتركة في السواحل الشمالية خلال فصل الصيف، إلى جانب تكوين مشترك لفائدة عناصر الأمن."
page "$SITE/news1.localhost/ankara.html" "أنقرة تعتمد على الخبرة الأمنية للمغرب" "2024-09-21T09:00:00+01:00" "$P1" "$P2" "$ASSABAH"
feed "$SITE/news1.localhost/feed.xml" news1.localhost "ankara.html|أنقرة تعتمد على الخبرة الأمنية للمغرب|Sat, 21 Sep 2024 09:00:00 +0100"
page "$SITE/news2.localhost/madrid.html" "لجنة أمنية مغربية إسبانية تجتمع في مدريد" "2024-09-22T10:00:00+01:00" "$S1" "$S2" "$ASSABAH"
page "$SITE/news2.localhost/ankara-lead.html" "أنقرة والخبرة الأمنية المغربية" "2024-09-22T11:00:00+01:00" "$P1" "اقرأ المزيد"
feed "$SITE/news2.localhost/feed.xml" news2.localhost \
    "madrid.html|لجنة أمنية مغربية إسبانية تجتمع في مدريد|Sun, 22 Sep 2024 10:00:00 +0100" \
    "ankara-lead.html|أنقرة والخبرة الأمنية المغربية|Sun, 22 Sep 2024 11:00:00 +0100"
start_server "$SITE"
conf() { # file feeds...
    f=$1
    shift
    printf '[crawl]\ndb = %s\ndelay = 0\ntimeout = 10s\n' "$TMP/runs.db" > "$f"
    for h in "$@"; do printf '[feed %s]\nurl = http://%s:%s/feed.xml\nsite = %s\nlang = ar\n' "$h" "$h" "$PORT" "$h" >> "$f"; done
}
conf "$TMP/run1.conf" news1.localhost
conf "$TMP/run2.conf" news1.localhost news2.localhost
"$AKHBAR" crawl --config "$TMP/run1.conf" > "$TMP/run1.out" 2>&1
check "first run stores the original" grep -q "articles 1 new" "$TMP/run1.out"
"$AKHBAR" crawl --config "$TMP/run2.conf" > "$TMP/run2.out" 2>&1
check "second run stores the other site's two articles" grep -q "articles 2 new" "$TMP/run2.out"
check "second run finds one copy of a story stored in the first" grep -q "dedup: 1 of the 2 new articles are copies" "$TMP/run2.out"
"$AKHBAR" export --config "$TMP/run2.conf" > "$TMP/runs.jsonl"
python3 - "$TMP/runs.jsonl" <<'PY'
import json, sys
arts = {a['url'].rsplit('/', 1)[1]: a for a in map(json.loads, open(sys.argv[1], encoding='utf-8'))}
def say(ok, name, detail=''):
    print(('ok - ' if ok else 'not ok - ') + name)
    if not ok and detail:
        print('    # ' + str(detail)[:600])
a, m, l = arts['ankara.html'], arts['madrid.html'], arts['ankara-lead.html']
say(l['duplicate_of'] == a['id'] and l['kind'] == 'contained', 'a lead-only copy from the next run joins the story (contained)', l)
say(m['cluster_id'] != a['cluster_id'] and m['duplicate_of'] is None, 'the story quoting the Assabah paragraph is not merged with the one it quotes', m)
say([s['first_id'] for s in m['shared'] if s['paragraph'] == 2] == [a['id']], 'its Assabah paragraph is linked to its first appearance', m['shared'])
say(a['shared'] == [], 'the first appearance itself lists nothing as shared', a['shared'])
PY
