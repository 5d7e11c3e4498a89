# workers.sh -- several crawlers on one PostgreSQL store: three crawls of
# the same sites at once, one killed (SIGKILL) midway; after the others
# and a later run have finished, every article is stored exactly once,
# no page was fetched twice while its claim was alive, the work was
# shared, requests to each host kept their delay across the crawlers, and
# the stories are those of a single crawler on SQLite (and the truth).
. "$AKHBAR_SRC/tests/lib.sh"

SITE="$TMP/site"
python3 "$AKHBAR_SRC/tests/make-newsite.py" "$SITE" "$TMP/conf.tmpl" "$TMP/truth.json" --sites 4 --stories 40
start_server "$SITE"
pg_db akhbar_workers
MULTI=$PGURI
DELAY_MS=150
mkconf() { # FILE STORE
    sed -e "s/@PORT@/$PORT/g" -e "s|^db = @DB@|db = $2\ndelay = ${DELAY_MS}ms\nmax_transfers = 8\nlease = 10s|" \
        "$TMP/conf.tmpl" > "$1"
}
mkconf "$TMP/one.conf" "$TMP/one.db"
mkconf "$TMP/multi.conf" "$MULTI"
total=$(python3 -c "import json; print(sum(len(s) for s in json.load(open('$TMP/truth.json'))))")

# ---- the reference: one crawler, SQLite ------------------------------------------
"$AKHBAR" crawl --config "$TMP/one.conf" > "$TMP/one.out" 2>&1
check "single crawler on SQLite exits 0" test $? -eq 0
"$AKHBAR" export --config "$TMP/one.conf" > "$TMP/one.jsonl"
: > "$REQLOG"

# ---- three crawlers at once; the second killed midway --------------------------
for i in 1 2 3; do
    "$AKHBAR" crawl -v --config "$TMP/multi.conf" > "$TMP/w$i.out" 2>&1 &
    eval "W$i=\$!"
done
killed=""
for _ in $(seq 400); do
    n=$(pgq "$MULTI" "SELECT count(*) FROM articles" 2>/dev/null || echo 0)
    held=$(pgq "$MULTI" "SELECT count(*) FROM urls WHERE status = 'queued' AND lease_owner LIKE '%:$W2:%'" 2>/dev/null || echo 0)
    if [ "${n:-0}" -ge 12 ] && [ "${held:-0}" -ge 1 ]; then
        kill -9 "$W2"
        killed=$n
        break
    fi
    sleep 0.02
done
wait "$W1"; rc1=$?
wait "$W3"; rc3=$?
wait "$W2" 2>/dev/null
check "crawler 2 was killed midway, holding claims (after $killed of $total articles)" test -n "$killed"
check "the other two crawlers finish (exit 0)" test "$rc1" -eq 0 -a "$rc3" -eq 0
check "the work was shared: both survivors claimed URLs" sh -c \
    "grep -q 'URLs [0-9]* queued, [1-9][0-9]* claimed here' '$TMP/w1.out' && grep -q 'URLs [0-9]* queued, [1-9][0-9]* claimed here' '$TMP/w3.out'"
cp "$REQLOG" "$TMP/before.log"
pgq "$MULTI" "SELECT url FROM urls WHERE status = 'queued' AND lease_owner LIKE '%:$W2:%'" | sort > "$TMP/orphans"
check "no page fetched twice while its claim was alive" python3 - "$TMP/before.log" <<'PY'
import collections, json, sys
n = collections.Counter((r['host'], r['path']) for r in map(json.loads, open(sys.argv[1])) if '/news/' in r['path'])
twice = [k for k, v in n.items() if v > 1]
assert not twice, twice
PY
gap=$(python3 - "$TMP/before.log" <<'PY'
import collections, json, sys
t = collections.defaultdict(list)
for r in map(json.loads, open(sys.argv[1])):
    t[r['host'].split(':')[0]].append(r['t'])
gaps = [b - a for ts in t.values() for a, b in zip(sorted(ts), sorted(ts)[1:])]
print('%.3f %d' % (min(gaps) if gaps else 0, len(t)))
PY
)
# As tests/it/politeness.sh: arrival times at the server jitter by a few tens of ms.
check "requests to each of the 4 hosts kept the ${DELAY_MS} ms delay across the crawlers (min gap ${gap% *} s)" \
    python3 -c "g, n = '$gap'.split(); assert int(n) == 4 and float(g) >= 0.75 * $DELAY_MS / 1000"

# ---- later: the killed crawler's leases run out; another run finishes --------------
pgq "$MULTI" "UPDATE urls SET lease_until = 0 WHERE status = 'queued'; UPDATE feeds SET claimed_at = NULL WHERE claimed_by IS NOT NULL" > /dev/null
: > "$REQLOG"
"$AKHBAR" crawl --config "$TMP/multi.conf" > "$TMP/w4.out" 2>&1
check "a later crawl picks up what the killed one held (exit 0)" test $? -eq 0
check "... and fetches again only pages whose claims had run out" python3 - "$REQLOG" "$TMP/orphans" <<'PY'
import json, sys
orphans = {l.strip().split('/', 3)[3] for l in open(sys.argv[2]) if l.strip()}
again = {r['path'].lstrip('/') for r in map(json.loads, open(sys.argv[1])) if '/news/' in r['path']}
assert again <= orphans, sorted(again - orphans)
PY
check "the frontier is empty" test "$(pgq "$MULTI" "SELECT count(*) FROM urls WHERE status = 'queued'")" -eq 0
"$AKHBAR" export --config "$TMP/multi.conf" > "$TMP/multi.jsonl"
check "every article stored exactly once, the stories equal a single crawler's and the truth" python3 - \
    "$TMP/one.jsonl" "$TMP/multi.jsonl" "$TMP/truth.json" "$PORT" <<'PY'
import collections, json, sys
def stories(path):
    arts = [json.loads(l) for l in open(path, encoding='utf-8')]
    urls = collections.Counter(a['url'] for a in arts)
    assert all(v == 1 for v in urls.values()), [u for u, v in urls.items() if v > 1]
    c = collections.defaultdict(set)
    for a in arts:
        c[a['cluster_id']].add(a['url'])
    return len(arts), sorted(sorted(s) for s in c.values())
n1, one = stories(sys.argv[1])
n2, multi = stories(sys.argv[2])
truth = sorted(sorted(u.replace('@PORT@', sys.argv[4]) for u in s) for s in json.load(open(sys.argv[3])))
assert n2 == sum(len(s) for s in truth), (n2, 'articles')
assert multi == one, [s for s in multi if s not in one][:5]
assert multi == truth, [s for s in multi if s not in truth][:5]
PY

# ---- a second round within feed_interval fetches no feed again -----------------
: > "$REQLOG"
"$AKHBAR" crawl --config "$TMP/multi.conf" > "$TMP/w5.out" 2>&1
check "within feed_interval no crawler fetches the feeds again" sh -c \
    "grep -q 'feeds 0 read here, 4 already taken' '$TMP/w5.out' && ! grep -q feed.xml '$REQLOG'"

# ---- readers on the shared store --------------------------------------------------
check "search works on PostgreSQL" sh -c "'$AKHBAR' search --config '$TMP/multi.conf' --json gouvernement | grep -q '\[gouvernement\]'"
"$AKHBAR" stats --config "$TMP/multi.conf" > "$TMP/stats.out" 2>&1
check "stats shows the articles and the frontier" sh -c \
    "grep -q '^  all  *$total ' '$TMP/stats.out' && grep -q 'frontier (shared store): 0 URLs waiting' '$TMP/stats.out'"
check "a shared store takes no lock file" test ! -e "$TMP/postgresql:"

# ---- a crawler stopped by SIGTERM gives its claims back at once -----------------
pg_db akhbar_workers_term
mkconf "$TMP/term.conf" "$PGURI"
sed -i "s/^delay = .*/delay = 300ms/" "$TMP/term.conf"
"$AKHBAR" crawl --config "$TMP/term.conf" > "$TMP/t1.out" 2>&1 &
T1=$!
for _ in $(seq 400); do
    n=$(pgq "$PGURI" "SELECT count(*) FROM articles" 2>/dev/null || echo 0)
    [ "${n:-0}" -ge 5 ] && break
    sleep 0.02
done
kill -TERM "$T1"
wait "$T1"
check "SIGTERM: the crawl stops cleanly (exit 1)" test $? -eq 1
check "... and gives its claims back (no live lease left)" test \
    "$(pgq "$PGURI" "SELECT count(*) FROM urls WHERE status = 'queued' AND lease_until >= extract(epoch from now())")" -eq 0
check "... with URLs left for the next crawl" test "$(pgq "$PGURI" "SELECT count(*) FROM urls WHERE status = 'queued'")" -gt 0
sed -i "s/^delay = .*/delay = 20ms/" "$TMP/term.conf"
"$AKHBAR" crawl --config "$TMP/term.conf" > "$TMP/t2.out" 2>&1
rc=$?
check "the next crawl takes them at once and completes the site" \
    test "$rc" -eq 0 -a "$(pgq "$PGURI" "SELECT count(*) FROM articles")" -eq "$total"
