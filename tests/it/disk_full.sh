# disk_full.sh -- a store that cannot grow (a size quota, and a real full
# filesystem when the test may mount one) stops the crawl cleanly with a
# clear message and exit 3; the store stays consistent and the next run,
# with room again, continues.
. "$AKHBAR_SRC/tests/lib.sh"

ROOT="$TMP/site"
python3 - "$ROOT" <<'PY'
import os, sys
root = sys.argv[1] + '/big.localhost'
os.makedirs(root)
items = []
for i in range(60):
    body = ''.join('<p>الفقرة %d من المقال %d تتحدث عن تطورات الوضع الاقتصادي والاجتماعي في جهات المملكة، وفق معطيات رسمية حديثة صادرة اليوم. %s</p>'
                   % (k, i, 'تفاصيل إضافية ' * 30) for k in range(8))
    open('%s/a%d.html' % (root, i), 'w').write('<html lang="ar"><head><meta charset="utf-8"><title>مقال %d</title></head><body><h1>مقال %d</h1><div class="content">%s</div></body></html>' % (i, i, body))
    items.append('<item><title>%d</title><link>http://big.localhost:@PORT@/a%d.html</link></item>' % (i, i))
open(root + '/feed.xml', 'w').write('<rss version="2.0"><channel><title>big</title>%s</channel></rss>' % ''.join(items))
PY
start_server "$ROOT"

verify_store() { # DB
    python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); assert c.execute('pragma integrity_check').fetchone()[0]=='ok'" "$1"
}

# 1. A quota (PRAGMA max_page_count): works everywhere.  A first run
# stores 10 articles, a second one meets the quota half-way.
printf '[crawl]\ndb = %s/q.db\ndelay = 0\nmax_articles = 10\n[feed big]\nurl = http://big.localhost:%s/feed.xml\n' "$TMP" "$PORT" > "$TMP/q.conf"
"$AKHBAR" crawl --config "$TMP/q.conf" > "$TMP/q0.out" 2>&1
check "quota: a first run fits (10 articles)" test "$("$AKHBAR" export --db "$TMP/q.db" | wc -l)" -eq 10
sed -i 's/^max_articles = .*/max_articles = 0\nmax_store_size = 400k/' "$TMP/q.conf"
"$AKHBAR" crawl --config "$TMP/q.conf" > "$TMP/q1.out" 2>&1
check "store quota reached: exit 3" test $? -eq 3
check "quota: clear message" grep -q "database or disk is full.*(or raise max_store_size)" "$TMP/q1.out"
check "quota: the store is consistent" verify_store "$TMP/q.db"
check "quota: no confusing second error" sh -c '! grep -q "no transaction is active" "$1"' _ "$TMP/q1.out"
n1=$("$AKHBAR" export --db "$TMP/q.db" | wc -l)
check "quota: what was committed is kept ($n1 articles)" test "$n1" -ge 10 -a "$n1" -lt 60
sed -i 's/^max_store_size = .*/max_store_size = 0/' "$TMP/q.conf"
"$AKHBAR" crawl --config "$TMP/q.conf" > "$TMP/q2.out" 2>&1
check "with room again, the next run continues and completes" test "$("$AKHBAR" export --db "$TMP/q.db" | wc -l)" -eq 60

# 2. A real full filesystem (tmpfs with a size), when mounting is allowed.
MNT="$TMP/small"
mkdir -p "$MNT"
if mount -t tmpfs -o size=600k tmpfs "$MNT" 2>/dev/null; then
    trap 'umount "$MNT" 2>/dev/null; cleanup' EXIT
    printf '[crawl]\ndb = %s/f.db\ndelay = 0\nmax_articles = 10\n[feed big]\nurl = http://big.localhost:%s/feed.xml\n' "$MNT" "$PORT" > "$TMP/f.conf"
    "$AKHBAR" crawl --config "$TMP/f.conf" > "$TMP/f0.out" 2>&1
    check "full disk: a first run fits (10 articles)" test "$("$AKHBAR" export --db "$MNT/f.db" | wc -l)" -eq 10
    sed -i 's/^max_articles = .*/max_articles = 0/' "$TMP/f.conf"
    "$AKHBAR" crawl --config "$TMP/f.conf" > "$TMP/f1.out" 2>&1
    check "full disk: exit 3" test $? -eq 3
    check "full disk: clear message naming the store" grep -q "store $MNT/f.db: .*full.*(free some disk space; nothing stored was lost)" "$TMP/f1.out"
    check "full disk: the store is consistent" verify_store "$MNT/f.db"
    n1=$("$AKHBAR" export --db "$MNT/f.db" | wc -l)
    check "full disk: everything committed before is kept ($n1)" test "$n1" -ge 10 -a "$n1" -lt 60
    cp "$MNT"/f.db* "$TMP/" && umount "$MNT"
    sed -i "s|^db = .*|db = $TMP/f.db|" "$TMP/f.conf"
    "$AKHBAR" crawl --config "$TMP/f.conf" > "$TMP/f2.out" 2>&1
    check "moved to a disk with room, the next run completes" test "$("$AKHBAR" export --db "$TMP/f.db" | wc -l)" -eq 60
else
    ok "(no permission to mount a tmpfs here: the quota test above covers SQLITE_FULL)"
fi
