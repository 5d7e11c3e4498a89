# crash_recovery.sh -- SIGKILL at random moments, 25 times, against a local
# site; after each kill the next crawl continues.  At the end: the store
# passes integrity_check, every article a killed run reported as stored is
# still there, none is stored twice, duplicate_of links point at originals,
# and a last crawl completes the site.
. "$AKHBAR_SRC/tests/lib.sh"

ROOT="$TMP/site"
python3 - "$ROOT" <<'PY'
import os, sys, random
random.seed(7)
root = sys.argv[1]
routes = {}
for h in range(3):
    host = 'h%d.localhost' % h
    os.makedirs(os.path.join(root, host))
    items = []
    for i in range(100):
        name = 'n%d.html' % i
        words = ' '.join(random.choice(['الحكومة', 'المغرب', 'الاقتصاد', 'البرلمان', 'المدينة', 'الرياضة', 'التعليم', 'الصحة'])
                         for _ in range(40))
        open(os.path.join(root, host, name), 'w').write(
            '<html lang="ar"><head><meta charset="utf-8"><title>خبر %d-%d</title></head><body><h1>خبر %d-%d</h1>'
            '<div class="content"><p>%s، حسب مصدر رقم %d.</p><p>وأضاف المصدر %d أن %s.</p></div></body></html>'
            % (h, i, h, i, words, i, h, words[::-1]))
        items.append('<item><title>%d</title><link>http://%s:@PORT@/%s</link></item>' % (i, host, name))
        routes['%s/%s' % (host, name)] = {'delay': round(random.uniform(0.1, 0.3), 3)}
    open(os.path.join(root, host, 'feed.xml'), 'w').write('<rss version="2.0"><channel><title>%s</title>%s</channel></rss>' % (host, ''.join(items)))
import json
json.dump(routes, open(os.path.join(root, '..', 'routes.json'), 'w'))
PY
start_server "$ROOT" "$TMP/routes.json"
{
    printf '[crawl]\ndb = %s/akhbar.db\ndelay = 0\nmax_per_host = 1\n' "$TMP"
    for h in 0 1 2; do printf '[feed h%d]\nurl = http://h%d.localhost:%s/feed.xml\nsite = h%d\n' $h $h "$PORT" $h; done
} > "$TMP/c.conf"

: > "$TMP/reported"
kills=0
for i in $(seq 25); do
    "$AKHBAR" crawl --config "$TMP/c.conf" -v > "$TMP/run$i.out" 2>&1 &
    pid=$!
    sleep "$(( RANDOM % 3 )).$(( RANDOM % 10 ))$(( RANDOM % 10 ))"
    if kill -KILL $pid 2>/dev/null; then kills=$((kills + 1)); fi
    wait $pid 2>/dev/null
    sed -n 's/^akhbar: stored //p' "$TMP/run$i.out" >> "$TMP/reported"
done
check "killed with SIGKILL at least 20 times ($kills)" test $kills -ge 20
check "some runs reported stored articles before being killed" test -s "$TMP/reported"

python3 - "$TMP/akhbar.db" > "$TMP/integrity.out" 2>&1 <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute('pragma integrity_check').fetchone()[0])
PY
check "integrity_check is ok after the kills" grep -qx ok "$TMP/integrity.out"

"$AKHBAR" crawl --config "$TMP/c.conf" -v > "$TMP/final.out" 2>&1
check "the final crawl succeeds" test $? -eq 0
sed -n 's/^akhbar: stored //p' "$TMP/final.out" >> "$TMP/reported"
"$AKHBAR" export --db "$TMP/akhbar.db" > "$TMP/all.jsonl"
python3 - "$TMP/all.jsonl" "$TMP/reported" <<'PY'
import json, sys
arts = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8')]
urls = [a['url'] for a in arts]
reported = set(l.strip() for l in open(sys.argv[2], encoding='utf-8') if l.strip())
def say(ok, name, detail=''):
    print(('ok - ' if ok else 'not ok - ') + name)
    if not ok: print('    # ' + detail[:500])
missing = reported - set(urls)
say(not missing, 'every article reported as stored is still there (%d reported)' % len(reported), str(sorted(missing)[:5]))
say(len(urls) == len(set(urls)), 'no article stored twice')
say(len(arts) == 300, 'the site is complete: 300 articles', str(len(arts)))
ids = {a['id']: a for a in arts}
bad = [a['id'] for a in arts if a['duplicate_of'] is not None and
       (a['duplicate_of'] not in ids or ids[a['duplicate_of']]['duplicate_of'] is not None)]
say(not bad, 'every duplicate_of points at a stored original', str(bad[:5]))
PY
