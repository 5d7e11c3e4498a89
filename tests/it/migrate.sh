# migrate.sh -- `akhbar migrate`: an SQLite store moved into PostgreSQL
# reads back the same (export byte for byte, stories, search, feed
# state), crawls on without storing anything twice, and a failed
# migration commits nothing.
. "$AKHBAR_SRC/tests/lib.sh"

start_server "$AKHBAR_SRC/tests/demo/site"
demo_config "$TMP/demo.conf"
"$AKHBAR" crawl --config "$TMP/demo.conf" > "$TMP/crawl.out" 2>&1
check "the demo crawl fills an SQLite store" test $? -eq 0
pg_db akhbar_migrate
"$AKHBAR" migrate -v --from "sqlite:$TMP/akhbar.db" --to "$PGURI" > "$TMP/migrate.out" 2>&1
check "migrate exits 0" test $? -eq 0
check "... and says what it moved" grep -q "migrated .*: 11 articles, 11 URLs, 4 feeds, [0-9]* dedup keys, 9 stories" "$TMP/migrate.out"
"$AKHBAR" export --db "$TMP/akhbar.db" > "$TMP/sqlite.jsonl"
"$AKHBAR" export --db "$PGURI" > "$TMP/pg.jsonl"
check "export reads the same, byte for byte (ids, stories, shared paragraphs)" cmp "$TMP/sqlite.jsonl" "$TMP/pg.jsonl"
"$AKHBAR" dups --db "$PGURI" > "$TMP/dups.pg"
"$AKHBAR" dups --db "$TMP/akhbar.db" > "$TMP/dups.sqlite"
check "dups reads the same" cmp "$TMP/dups.sqlite" "$TMP/dups.pg"
check "search folds spelling on the new store" sh -c "'$AKHBAR' search --db '$PGURI' --json 'المغرب' | grep -q '\[للمغرب\]'"
"$AKHBAR" feeds --db "$PGURI" --config "$TMP/demo.conf" > "$TMP/feeds.out" 2>&1
check "feed state moved" test "$(grep -c '^[a-z0-9]*  *ok  ' "$TMP/feeds.out")" -eq 4

# The crawl goes on on PostgreSQL: nothing is stored twice, new ids follow.
sed -i "s|^db = .*|store = $PGURI|" "$TMP/demo.conf"
"$AKHBAR" crawl --config "$TMP/demo.conf" > "$TMP/crawl2.out" 2>&1
check "a crawl on the moved store stores nothing twice" grep -q "articles 0 new, 11 skipped" "$TMP/crawl2.out"
check "ids continue after the largest" test "$(pgq "$PGURI" "SELECT nextval('articles_id_seq')")" -eq 12

# Refusals.
"$AKHBAR" migrate --from "$TMP/akhbar.db" --to "$PGURI" > "$TMP/again.out" 2>&1
check "a store that is not empty is refused (exit 3)" sh -c "test $? -eq 3 && grep -q 'not empty' '$TMP/again.out'"
"$AKHBAR" migrate --from "$TMP/akhbar.db" --to "$TMP/other.db" > "$TMP/usage.out" 2>&1
check "--to must be PostgreSQL (exit 2)" test $? -eq 2
"$AKHBAR" migrate --from "$TMP/none.db" --to "$PGURI" > "$TMP/none.out" 2>&1
check "a missing source is an error naming it (exit 3)" sh -c "test $? -eq 3 && grep -q 'none.db' '$TMP/none.out'"
"$AKHBAR" migrate --from "$TMP/akhbar.db" --to "postgresql://akhbar:secret@/nodb?host=/nonexistent" > "$TMP/conn.out" 2>&1
check "an unreachable server is an error, the password not shown (exit 3)" sh -c \
    "test $? -eq 3 && grep -q 'cannot connect' '$TMP/conn.out' && ! grep -q secret '$TMP/conn.out'"

# All or nothing: a row PostgreSQL refuses (a copy pointing at an article
# that does not exist) leaves the database empty.
cp "$TMP/akhbar.db" "$TMP/broken.db"
python3 - "$TMP/broken.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA foreign_keys = OFF")
db.execute("UPDATE articles SET duplicate_of = 999 WHERE id = (SELECT max(id) FROM articles)")
db.commit()
PY
pg_db akhbar_migrate_broken
"$AKHBAR" migrate --from "$TMP/broken.db" --to "$PGURI" > "$TMP/broken.out" 2>&1
check "a refused row fails the migration (exit 3)" test $? -eq 3
check "... and nothing was committed" test "$(pgq "$PGURI" "SELECT count(*) FROM articles")" -eq 0
