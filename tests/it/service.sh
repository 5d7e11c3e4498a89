# service.sh -- running akhbar as a service: install tree, systemd units
# (verify, security exposure), man pages true to the code, config layers,
# the single-writer lock, signals, progress display, journald priorities,
# search in Arabic and French, stats, export filters.
. "$AKHBAR_SRC/tests/lib.sh"
cd "$AKHBAR_SRC"

# ---- make install / uninstall into a DESTDIR ----------------------------
D="$TMP/destdir"
make -s install DESTDIR="$D" PREFIX=/usr > "$TMP/install.out" 2>&1
check "make install DESTDIR=... PREFIX=/usr succeeds" test $? -eq 0
for f in usr/bin/akhbar usr/share/man/man1/akhbar.1 usr/share/man/man5/akhbar.conf.5 \
         usr/lib/systemd/system/akhbar.service usr/lib/systemd/system/akhbar.timer etc/akhbar/akhbar.conf; do
    check "installed $f" test -f "$D/$f"
done
check "binary is executable" test -x "$D/usr/bin/akhbar"
check "unit runs the installed binary" grep -q "^ExecStart=/usr/bin/akhbar crawl " "$D/usr/lib/systemd/system/akhbar.service"
check "installed config stores in /var/lib/akhbar" grep -q "^db = /var/lib/akhbar/akhbar.db" "$D/etc/akhbar/akhbar.conf"
check "installed config is valid" "$D/usr/bin/akhbar" config check --config "$D/etc/akhbar/akhbar.conf"
echo "# operator's edit" >> "$D/etc/akhbar/akhbar.conf"
make -s install DESTDIR="$D" PREFIX=/usr > /dev/null 2>&1
check "reinstall keeps the operator's config" grep -q "operator's edit" "$D/etc/akhbar/akhbar.conf"
check "reinstall puts the new default beside it" test -f "$D/etc/akhbar/akhbar.conf.dist"
make -s uninstall DESTDIR="$D" PREFIX=/usr > /dev/null 2>&1
check "uninstall removes the binary, units and man pages" \
    test ! -e "$D/usr/bin/akhbar" -a ! -e "$D/usr/lib/systemd/system/akhbar.service" -a ! -e "$D/usr/share/man/man1/akhbar.1"
check "uninstall keeps the config" test -f "$D/etc/akhbar/akhbar.conf"

# ---- systemd units: verify and security exposure ------------------------
P="$TMP/prefix"
make -s install PREFIX="$P" SYSCONFDIR="$P/etc" > /dev/null 2>&1
if command -v systemd-analyze > /dev/null; then
    (cd "$P/lib/systemd/system" && MANPATH="$P/share/man" systemd-analyze verify ./akhbar.service ./akhbar.timer) > "$TMP/verify.out" 2>&1
    check "systemd-analyze verify accepts the units" test $? -eq 0 -a ! -s "$TMP/verify.out"
    systemd-analyze security --offline=yes "$P/lib/systemd/system/akhbar.service" > "$TMP/sec.out" 2>&1
    exposure=$(sed -n 's/.*Overall exposure level for akhbar.service: \([0-9.]*\).*/\1/p' "$TMP/sec.out")
    check "security exposure <= 2.0 (got ${exposure:-none})" awk -v e="${exposure:-99}" 'BEGIN { exit !(e <= 2.0) }'
    check "timer: every 15 min, randomized, persistent" \
        grep -qz "OnUnitActiveSec=15min.*RandomizedDelaySec=.*Persistent=true" "$P/lib/systemd/system/akhbar.timer"
else
    not_ok "systemd-analyze is not installed (package systemd)"
fi

# ---- man pages are true to the code -------------------------------------
for page in docs/akhbar.1 docs/akhbar.conf.5; do
    groff -k -man -ww -z "$page" > "$TMP/groff.out" 2>&1
    check "$page renders without warnings" test ! -s "$TMP/groff.out"
done
for cmd in $("$AKHBAR" --help | sed -n 's/^  \([a-z]*\)  .*/\1/p'); do
    check "akhbar(1) documents '$cmd'" grep -q "^\.B $cmd\$\|^\.B $cmd " docs/akhbar.1
    check "'akhbar $cmd --help' works" "$AKHBAR" "$cmd" --help
done
for key in $(grep -o 'strcmp(\(k\|name\), "[a-z_]*")' config/config.c | sed 's/.*"\(.*\)".*/\1/' | sort -u); do
    check "akhbar.conf(5) documents '$key'" grep -q "^\.BR $key " docs/akhbar.conf.5
done
for code in 0 1 2 3 4 5; do
    check "exit status $code in akhbar(1) and --help" sh -c "grep -q '^\\.B $code\$' docs/akhbar.1 && '$AKHBAR' --help | grep -q '^  $code  '"
done

# ---- config layers ------------------------------------------------------
mkdir -p "$TMP/xdg/akhbar"
printf '[crawl]\ndelay = 5s\nmax_per_host = 1\n[feed sys]\nurl = http://sys.example/feed\n' > "$TMP/system.conf"
printf '[crawl]\nmax_per_host = 3\n' > "$TMP/xdg/akhbar/akhbar.conf"
printf '[crawl]\ndelay = 250ms\n[feed mine]\nurl = http://mine.example/feed\n' > "$TMP/mine.conf"
AKHBAR_SYSTEM_CONFIG="$TMP/system.conf" "$AKHBAR" config check --config "$TMP/mine.conf" > "$TMP/eff.conf" 2>&1
check "config check: exit 0" test $? -eq 0
check "--config overrides the system file" grep -q "^delay = 250ms" "$TMP/eff.conf"
check "the user file overrides the system file" grep -q "^max_per_host = 3" "$TMP/eff.conf"
check "a file with feeds replaces the feed list" sh -c "grep -q '^\[feed mine\]' '$TMP/eff.conf' && ! grep -q 'sys.example' '$TMP/eff.conf'"
check "feeds show where they came from" grep -q "mine.conf:3" "$TMP/eff.conf"
printf '[crawl]\ndelay = later\n' > "$TMP/bad.conf"
"$AKHBAR" config check --config "$TMP/bad.conf" > "$TMP/bad.out" 2>&1
check "config check of a bad file: exit 2 with file:line" sh -c "test $? -eq 2 && grep -q 'bad.conf:2:' '$TMP/bad.out'"
rm -rf "$TMP/xdg/akhbar"

# ---- a fixture site with slow pages --------------------------------------
ROOT="$TMP/site"
python3 - "$ROOT" <<'PY'
import os, sys
root = sys.argv[1] + '/slow.localhost'
os.makedirs(root)
ar_words = ['مدرسة', 'المستشفى', 'إصلاح', 'للمغرب', 'الرباط', 'الميزانية']
fr_words = ['économie', 'été', 'hôpital', 'élèves', 'réforme', 'budget']
items = []
for i in range(12):
    if i % 2 == 0:
        w = ar_words[i // 2]
        lang, body = 'ar', ('<p>خبر رقم %d عن %s في المدينة، حسب ما أفاد به مصدر مطلع اليوم، في انتظار تفاصيل أخرى من الجهات المعنية.</p>'
                            '<p>وأضاف المصدر أن الملف %d سيعرض على المجلس خلال الأسابيع المقبلة.</p>') % (i, w, i)
    else:
        w = fr_words[i // 2]
        lang, body = 'fr', ("<p>Le dossier %d porte sur %s et sur les mesures annoncées par les autorités locales cette semaine.</p>"
                            "<p>Les responsables ont indiqué que le dossier %d sera présenté au conseil dans les prochaines semaines.</p>") % (i, w, i)
    open('%s/a%d.html' % (root, i), 'w').write('<html lang="%s"><head><meta charset="utf-8"><title>Article %d</title></head><body><h1>Article %d</h1><div class="content">%s</div></body></html>' % (lang, i, i, body))
    items.append('<item><title>Article %d</title><link>http://slow.localhost:@PORT@/a%d.html</link></item>' % (i, i))
open(root + '/feed.xml', 'w').write('<rss version="2.0"><channel><title>Slow</title>%s</channel></rss>' % ''.join(items))
PY
python3 -c "import json; print(json.dumps({'slow.localhost/a%d.html' % i: {'delay': 0.6} for i in range(12)}))" > "$TMP/routes.json"
start_server "$ROOT" "$TMP/routes.json"
cat > "$TMP/slow.conf" <<CONF
[crawl]
db = $TMP/slow.db
delay = 0
max_per_host = 1
lock_wait = 300ms
[feed slow]
url = http://slow.localhost:$PORT/feed.xml
site = slow
CONF

# ---- the lock: two crawls at once; readers during a crawl -----------------
"$AKHBAR" crawl --config "$TMP/slow.conf" > "$TMP/first.out" 2>&1 &
FIRST=$!
for _ in $(seq 100); do [ -s "$TMP/slow.db.lock" ] && break; sleep 0.05; done
"$AKHBAR" crawl --config "$TMP/slow.conf" > "$TMP/second.out" 2>&1
rc=$?
check "a second crawl of the same store exits 5" test $rc -eq 5
check "...saying who holds it" grep -q "another crawl (pid $FIRST) is writing" "$TMP/second.out"
for _ in $(seq 100); do [ "$("$AKHBAR" export --db "$TMP/slow.db" 2>/dev/null | wc -l)" -ge 1 ] && break; sleep 0.1; done
check "export works during a crawl" "$AKHBAR" export --db "$TMP/slow.db"
check "stats works during a crawl" "$AKHBAR" stats --db "$TMP/slow.db"
wait $FIRST
check "the first crawl completes" grep -q "articles 12 new" "$TMP/first.out"

# ---- search: spelling variants in Arabic and French ----------------------
for pair in "مدرسه:مدرسة" "مستشفي:المستشفى" "اصلاح:إصلاح" "ECONOMIE:économie" "ete:été" "المغرب:للمغرب"; do
    q=${pair%%:*}; w=${pair#*:}
    "$AKHBAR" search --db "$TMP/slow.db" --json "$q" > "$TMP/s.out" 2>&1
    check "search '$q' finds '$w'" sh -c "test \$(wc -l < '$TMP/s.out') -ge 1 && grep -q '\[$w\]' '$TMP/s.out'"
done
"$AKHBAR" search --db "$TMP/slow.db" "xylophone" > "$TMP/none.out" 2>&1
check "search with no match: exit 1" test $? -eq 1
n=$("$AKHBAR" search --db "$TMP/slow.db" --json --lang fr "économie" | wc -l)
check "search --lang filters" test "$n" -eq 1
check "search results are JSON with snippets" sh -c "'$AKHBAR' search --db '$TMP/slow.db' --json مدرسة | python3 -c 'import json,sys; [json.loads(l)[\"snippet\"] for l in sys.stdin]'"

# ---- stats and export filters -------------------------------------------
"$AKHBAR" stats --db "$TMP/slow.db" --json > "$TMP/stats.json"
check "stats --json: 12 articles, 1 site, 1 healthy feed" python3 -c "
import json; s = json.load(open('$TMP/stats.json'))
assert s['articles'] == 12 and s['sites'][0]['site'] == 'slow' and s['feeds'][0]['failures'] == 0, s"
check "export --lang ar" test "$("$AKHBAR" export --db "$TMP/slow.db" --lang ar | wc -l)" -eq 6
check "export --site" test "$("$AKHBAR" export --db "$TMP/slow.db" --site slow | wc -l)" -eq 12
check "export --site unknown is empty" test "$("$AKHBAR" export --db "$TMP/slow.db" --site nope | wc -l)" -eq 0

# ---- signals: SIGTERM mid-crawl, consistent store, next crawl continues ---
start_server "$ROOT" "$TMP/routes.json"   # a fresh request log
sed -i -e "s|^db = .*|db = $TMP/sig.db|" -e "s|slow.localhost:[0-9]*|slow.localhost:$PORT|" "$TMP/slow.conf"
"$AKHBAR" crawl --config "$TMP/slow.conf" > "$TMP/sig.out" 2>&1 &
PID=$!
for _ in $(seq 200); do grep -q '"path": "/a2.html"' "$REQLOG" 2>/dev/null && break; sleep 0.05; done
t0=$(date +%s%N)
kill -TERM $PID
wait $PID
rc=$?
t1=$(date +%s%N)
check "SIGTERM: exits 1 (interrupted)" test $rc -eq 1
check "SIGTERM: exits within 5 s" test $(( (t1 - t0) / 1000000 )) -lt 5000
check "SIGTERM: says it was interrupted" grep -q "interrupted: stored what was extracted" "$TMP/sig.out"
check "SIGTERM: summary line still printed" grep -q "crawl done:" "$TMP/sig.out"
check "store is consistent after SIGTERM" python3 -c "
import sqlite3; c = sqlite3.connect('$TMP/sig.db'); assert c.execute('pragma integrity_check').fetchone()[0] == 'ok'"
stored=$("$AKHBAR" export --db "$TMP/sig.db" | wc -l)
check "some but not all articles stored before the stop ($stored)" test "$stored" -ge 1 -a "$stored" -lt 12
"$AKHBAR" crawl --config "$TMP/slow.conf" > "$TMP/sig2.out" 2>&1
check "the next crawl completes the site" test "$("$AKHBAR" export --db "$TMP/sig.db" | wc -l)" -eq 12

start_server "$ROOT" "$TMP/routes.json"
sed -i -e "s|^db = .*|db = $TMP/sig2.db|" -e "s|slow.localhost:[0-9]*|slow.localhost:$PORT|" "$TMP/slow.conf"
"$AKHBAR" crawl --config "$TMP/slow.conf" > "$TMP/sig3.out" 2>&1 &
PID=$!
for _ in $(seq 200); do grep -q '"path": "/a0.html"' "$REQLOG" && [ -s "$TMP/sig2.db" ] && break; sleep 0.05; done
sleep 0.2
t0=$(date +%s%N)
kill -TERM $PID; sleep 0.05; kill -TERM $PID
wait $PID
t1=$(date +%s%N)
check "a second signal stops at once (< 2 s)" test $(( (t1 - t0) / 1000000 )) -lt 2000
check "store is consistent after two signals" python3 -c "
import sqlite3; c = sqlite3.connect('$TMP/sig2.db'); assert c.execute('pragma integrity_check').fetchone()[0] == 'ok'"

# ---- progress display: on a terminal only; journald priorities ------------
sed -i "s|^db = .*|db = $TMP/tty.db|" "$TMP/slow.conf"
script -qfec "'$AKHBAR' crawl --config '$TMP/slow.conf'" /dev/null > "$TMP/tty.out" 2>&1
check "on a terminal: a live progress line" grep -q "feeds 1/1 | articles [0-9]*/12 fetched | [0-9]* new | 0 duplicates | [0-9.]*/s | 0:0" "$TMP/tty.out"
check "on a terminal: the line is redrawn in place" grep -q $'\r\033\[Kfeeds' "$TMP/tty.out"
sed -i "s|^db = .*|db = $TMP/pipe.db|" "$TMP/slow.conf"
"$AKHBAR" crawl --config "$TMP/slow.conf" 2> "$TMP/pipe.err" | cat
check "on a pipe: no progress line" sh -c "! grep -q 'feeds [0-9]*/1 |' '$TMP/pipe.err' && ! grep -q \$'\r' '$TMP/pipe.err'"
printf '[crawl]\ndb = %s/j.db\ndelay = 0\n[feed dead]\nurl = http://127.0.0.1:1/feed\n' "$TMP" > "$TMP/j.conf"
JOURNAL_STREAM=8:1234 "$AKHBAR" crawl --config "$TMP/j.conf" 2> "$TMP/journal.err"
check "under systemd: warnings carry <4>" grep -q "^<4>warning: feed http://127.0.0.1:1/feed" "$TMP/journal.err"
check "under systemd: the summary carries <5>" grep -q "^<5>crawl done:" "$TMP/journal.err"
"$AKHBAR" crawl --config "$TMP/j.conf" -q 2> "$TMP/quiet.err"
check "--quiet still prints the summary" grep -q "crawl done:" "$TMP/quiet.err"
