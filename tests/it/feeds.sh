#!/bin/bash
# feeds.sh -- the feed parser on every fixture in tests/feeds.
#
# For each input tests/feeds/NAME.* (any extension but the ones below):
#   NAME.expected  the JSON `akhbar feed` must print (compared as JSON)
#   NAME.args      extra arguments, one per line (--url, --content-type)
#   NAME.exit      expected exit status (default 0)
#   NAME.stderr    a text that must appear in the messages on stderr
# The output must also be valid UTF-8 JSON.  A generated feed of 5,000
# entries (tests/feeds/gen-large.py writes it and, independently, the
# expected JSON) checks volume.  UPDATE=1 rewrites the .expected files
# from the current output (review the diff before committing).
source "$(dirname "$0")/../lib.sh"
DIR="$AKHBAR_SRC/tests/feeds"

jsoneq() { # got expected
    python3 - "$1" "$2" <<'PY'
import json, sys
raw = open(sys.argv[1], 'rb').read()
try:
    got = json.loads(raw.decode('utf-8'))
except Exception as e:
    print('output is not UTF-8 JSON: %s' % e); sys.exit(1)
want = json.load(open(sys.argv[2], encoding='utf-8'))
if got == want: sys.exit(0)
def walk(a, b, path):
    if type(a) != type(b): print('%s: got %r, want %r' % (path, a, b)); return
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if a.get(k, '<missing>') != b.get(k, '<missing>'): walk(a.get(k, '<missing>'), b.get(k, '<missing>'), path + '.' + k)
    elif isinstance(a, list):
        if len(a) != len(b): print('%s: %d items, want %d' % (path, len(a), len(b)))
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y: walk(x, y, '%s[%d]' % (path, i))
    else: print('%s: got %r, want %r' % (path, a, b))
walk(got, want, '$')
sys.exit(1)
PY
}

pretty() { python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1])), ensure_ascii=False, indent=1))' "$1"; }

for input in "$DIR"/*; do
    case "$input" in *.args|*.exit|*.stderr|*.expected|*.py|*.md) continue ;; esac
    name=$(basename "$input")
    base="$DIR/${name%.*}"
    args=()
    [ -f "$base.args" ] && mapfile -t args < "$base.args"
    want_exit=0
    [ -f "$base.exit" ] && want_exit=$(cat "$base.exit")
    "$AKHBAR" feed "${args[@]}" "$input" > "$TMP/out" 2> "$TMP/err"
    rc=$?
    if [ -n "${UPDATE:-}" ]; then
        pretty "$TMP/out" > "$base.expected" || cp "$TMP/out" "$base.expected"
    fi
    why=""
    if [ "$rc" != "$want_exit" ]; then
        why="exit status $rc, want $want_exit"
    elif [ ! -f "$base.expected" ]; then
        why="no $base.expected"
    elif ! diff_out=$(jsoneq "$TMP/out" "$base.expected"); then
        why="output differs: $diff_out"
    elif [ -f "$base.stderr" ] && ! grep -qF -- "$(cat "$base.stderr")" "$TMP/err"; then
        why="stderr lacks '$(cat "$base.stderr")'"
    fi
    if [ -z "$why" ]; then
        ok "feed ${name}"
    else
        not_ok "feed ${name}"
        printf '%s\n' "$why" | head -n 20 | sed 's/^/    # /'
        sed 's/^/    # stderr: /' "$TMP/err" | head -n 5
    fi
done

# Volume: 0 and 1 entries are fixtures above; 5,000 generated here.
python3 "$DIR/gen-large.py" 5000 "$TMP/large.xml" "$TMP/large.expected"
check "feed 5000 generated entries" bash -c "\"$AKHBAR\" feed -q --url https://large.example.ma/feed \"$TMP/large.xml\" > \"$TMP/large.out\" && $(declare -f jsoneq); jsoneq \"$TMP/large.out\" \"$TMP/large.expected\""

# The same document read from stdin, and --pretty, give the same JSON.
"$AKHBAR" feed -q "$DIR/rss2-wordpress-ar.xml" > "$TMP/a.json"
"$AKHBAR" feed -q - < "$DIR/rss2-wordpress-ar.xml" > "$TMP/b.json"
"$AKHBAR" feed -q --pretty "$DIR/rss2-wordpress-ar.xml" > "$TMP/c.json"
check "feed from stdin equals feed from a file" cmp "$TMP/a.json" "$TMP/b.json"
check "feed --pretty is the same JSON" bash -c "$(declare -f jsoneq); jsoneq \"$TMP/c.json\" \"$TMP/a.json\""
check "feed --help documents the output" bash -c "\"$AKHBAR\" feed --help | grep -q news-sitemap"
check "feed without a file is a usage error" bash -c "\"$AKHBAR\" feed 2>/dev/null; [ \$? -eq 2 ]"
check "feed on a missing file exits 4" bash -c "\"$AKHBAR\" feed \"$TMP/none.xml\" 2>/dev/null; [ \$? -eq 4 ]"
