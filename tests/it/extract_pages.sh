# extract_pages.sh -- `akhbar extract` on the fixture pages of
# tests/extract (theme families unlike the development sets': a CMS with a
# JSON-LD @graph, an Arc XP-like French layout, an old windows-1256 table
# layout without metadata, a custom French CMS with <br><br> text, a short
# article beside a longer box of teasers, a byline above the headline): title,
# published instant, author, language and the whole body must be what a
# careful reader takes (tests/extract/NAME.expect.json).
. "$AKHBAR_SRC/tests/lib.sh"

for page in "$AKHBAR_SRC"/tests/extract/*.html; do
    pname=$(basename "$page" .html)
    "$AKHBAR" extract --url "https://example.ma/$pname.html" "$page" > "$TMP/$pname.json" 2> "$TMP/$pname.err"
    check "$pname: extract exits 0" test $? -eq 0
    python3 - "$TMP/$pname.json" "${page%.html}.expect.json" "$pname" <<'PY'
import datetime, json, sys
got = json.load(open(sys.argv[1], encoding='utf8'))
want = json.load(open(sys.argv[2], encoding='utf8'))
name = sys.argv[3]
def when(s):
    return datetime.datetime.fromisoformat(s.replace('Z', '+00:00')) if s else None
def say(ok, what, detail):
    print(('ok - ' if ok else 'not ok - ') + name + ': ' + what)
    if not ok:
        print('    # got  ' + detail[0][:300].replace('\n', ' / '))
        print('    # want ' + detail[1][:300].replace('\n', ' / '))
say(got.get('status') == 'ok', 'status ok', (repr(got.get('status')), "'ok'"))
for k in ('title', 'author', 'lang', 'body'):
    say(got.get(k) == want.get(k), k, (repr(got.get(k)), repr(want.get(k))))
say(when(got.get('published')) == when(want.get('published')), 'published instant',
    (repr(got.get('published')), repr(want.get('published'))))
PY
done
