# crawl_demo.sh -- the whole pipeline on the bundled demo mirror:
# feeds -> articles -> SQLite -> JSON lines; a second run stores nothing;
# the seed article comes out right from both sites that publish it.
. "$AKHBAR_SRC/tests/lib.sh"

start_server "$AKHBAR_SRC/tests/demo/site"
demo_config "$TMP/demo.conf"

"$AKHBAR" crawl --config "$TMP/demo.conf" --timings "$TMP/t1.json" > "$TMP/crawl1.out" 2>&1
rc=$?
check "first crawl exits 0" test $rc -eq 0
check "summary line reports 11 new articles" grep -q "feeds 4 ok (0 unchanged), 0 failed; articles 11 new, 0 skipped" "$TMP/crawl1.out"
check "--timings: the run's figures as JSON" python3 -c '
import json, sys
t = json.load(open(sys.argv[1]))
assert t["new_articles"] == 11 and t["feeds_ok"] == 4, t
assert t["wall_s"] > 0 and t["cpu_s"] > 0 and t["max_rss_kb"] > 0 and t["requests"] >= 15, t
st = t["cpu_stage_s"]
assert st["extract"] > 0 and st["store"] > 0 and st["feeds"] > 0, st
assert t["threads"] >= 1
' "$TMP/t1.json"

"$AKHBAR" crawl --config "$TMP/demo.conf" > "$TMP/crawl2.out" 2>&1
check "second crawl exits 0" test $? -eq 0
check "second crawl stores nothing" grep -q "articles 0 new, 11 skipped" "$TMP/crawl2.out"
pages=$(grep -c '"path": "/[^f][^"]*\.html\|"path": "/2024' "$REQLOG")
check "second crawl fetched no article page again (11 page requests in all)" test "$pages" -eq 11

"$AKHBAR" export --config "$TMP/demo.conf" --output "$TMP/out.jsonl" 2> "$TMP/export.err"
check "export exits 0" test $? -eq 0
check "no temporary file left by --output" test -z "$(ls "$TMP" | grep '\.tmp\.')"

python3 - "$TMP/out.jsonl" "$AKHBAR_SRC/tests/demo/expected.jsonl" "$PORT" <<'PY'
import json, sys
out, exp, port = sys.argv[1], sys.argv[2], sys.argv[3]
def say(ok, name, detail=''):
    print(('ok - ' if ok else 'not ok - ') + name)
    if not ok and detail:
        print('    # ' + detail[:600])
lines = open(out, encoding='utf-8').read().splitlines()
arts = []
bad = 0
for l in lines:
    try:
        arts.append(json.loads(l))
    except Exception as e:
        bad += 1
say(bad == 0 and len(lines) == 11, 'export is 11 lines, each one JSON object', '%d lines, %d bad' % (len(lines), bad))
fields = ['id', 'url', 'canonical_url', 'site', 'feed_url', 'title', 'body', 'published', 'fetched_at',
          'author', 'lang', 'content_hash', 'duplicate_of']
missing = [f for a in arts for f in fields if f not in a]
say(not missing, 'every line has the documented fields', str(missing[:5]))
keys = [a['published'] or a['fetched_at'] for a in arts]
say(keys == sorted(keys), 'lines are oldest first', str(keys))
say(len({a['url'] for a in arts}) == len(arts), 'no article stored twice')
say(all(len(a['content_hash']) == 64 for a in arts), 'content_hash is SHA-256 hex')
by_url = {a['url']: a for a in arts}
expected = [json.loads(l) for l in open(exp, encoding='utf-8')]
for x in expected:
    url = x['url'].replace('@PORT@', port)
    a = by_url.get(url)
    if a is None:
        say(False, 'stored ' + url)
        continue
    say(a['title'] == x['title'], 'title of ' + url, repr(a['title']))
    body = a['body'].split('\n\n')
    # Every paragraph of the article is there, in order.
    pos, ordered = 0, True
    for p in x['paragraphs']:
        try:
            pos = body.index(p, pos) + 1
        except ValueError:
            ordered = False
    say(ordered, 'all paragraphs in order: ' + url, a['body'][:300])
    say('المقال السابق' not in a['body'] and 'المقال التالي' not in a['body'], 'no prev/next links in body: ' + url)
seed_title = 'أنقرة تدخل نادي العواصم العالمية المعتمدة على الخبرة الأمنية للمغرب'
seeds = [a for a in arts if a['title'] == seed_title]
say(len(seeds) == 2, 'the seed article is stored from both sites', str(len(seeds)))
for a in seeds:
    paras = a['body'].split('\n\n')
    say(len(paras) == 7, 'seed from %s has exactly seven paragraphs' % a['site'], str(len(paras)))
    say(seed_title not in a['body'], 'seed from %s: title not in body' % a['site'])
    say(paras[-1].startswith('ووفق صحيفة الصباح'), 'seed from %s ends with the Assabah paragraph' % a['site'])
langs = {a['site']: a['lang'] for a in arts}
say(langs == {'akhbar24': 'ar', 'sahifa': 'ar', 'lematinal': 'fr', 'rabatinfo': 'fr'}, 'languages per site', str(langs))
PY

# --since filters, --until too.
n=$("$AKHBAR" export --config "$TMP/demo.conf" --since 2024-09-23 | wc -l)
check "--since keeps the 3 articles from 23 September on" test "$n" -eq 3
n=$("$AKHBAR" export --config "$TMP/demo.conf" --until 2024-09-21 | wc -l)
check "--until keeps the article before 21 September" test "$n" -eq 1
"$AKHBAR" export --config "$TMP/demo.conf" --since yesterday > /dev/null 2>&1
check "a bad --since is a usage error (exit 2)" test $? -eq 2
