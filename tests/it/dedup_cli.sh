# dedup_cli.sh -- `akhbar dedup` on the project's own syndication corpus
# (tests/dedup/corpus.jsonl, written by tests/dedup/make-corpus.py): every
# copy kind joins its original, every hard negative stays apart, shared
# paragraphs point at their first appearance; bad input is reported.
. "$AKHBAR_SRC/tests/lib.sh"

C="$AKHBAR_SRC/tests/dedup/corpus.jsonl"
"$AKHBAR" dedup --shared "$C" > "$TMP/out.jsonl" 2> "$TMP/err"
check "dedup exits 0 on the corpus" test $? -eq 0
check "nothing on stderr" test ! -s "$TMP/err"

python3 - "$TMP/out.jsonl" "$C" "$AKHBAR_SRC/tests/dedup/expect.json" <<'PY'
import json, sys
out = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8')]
docs = [json.loads(l) for l in open(sys.argv[2], encoding='utf-8')]
exp = json.load(open(sys.argv[3], encoding='utf-8'))
def say(ok, name, detail=''):
    print(('ok - ' if ok else 'not ok - ') + name)
    if not ok and detail:
        print('    # ' + str(detail)[:600])
say([o['id'] for o in out] == [d['id'] for d in docs], 'one line per article, in input order')
say(all(set(o) == {'id', 'cluster', 'duplicate_of', 'similarity', 'kind', 'shared'} for o in out),
    'lines have id, cluster, duplicate_of, similarity, kind (+ shared)')
by = {o['id']: o for o in out}
pub = {d['id']: d['published'] for d in docs}
for copy, orig, kinds in exp['same']:
    a, b = by[copy], by[orig]
    say(a['cluster'] == b['cluster'], '%s joins %s' % (copy, orig), (a, b))
    say(a['duplicate_of'] == orig and b['duplicate_of'] is None, '%s: duplicate_of names the original %s' % (copy, orig), a)
    say(a['kind'] in kinds, '%s: kind is one of %s' % (copy, kinds), a['kind'])
    say(0 < a['similarity'] <= 1, '%s: similarity in (0, 1]' % copy, a['similarity'])
for x, y, why in exp['apart']:
    say(by[x]['cluster'] != by[y]['cluster'], '%s and %s stay apart: %s' % (x, y, why), (by[x], by[y]))
for art, para, first in exp['shared']:
    sh = by[art]['shared']
    say({'paragraph': para, 'first': first} in sh, 'paragraph %d of %s is linked to its first appearance in %s' % (para, art, first), sh)
# Every cluster's original is its earliest published member.
clusters = {}
for o in out:
    clusters.setdefault(o['cluster'], []).append(o['id'])
bad = [c for c, m in clusters.items() if len(m) > 1 and
       [i for i in m if by[i]['duplicate_of'] is None] != [min(m, key=lambda i: (pub[i], m.index(i)))]]
say(not bad, 'each cluster has one original, its earliest published member', bad)
say(all(o['kind'] == 'original' for o in out if o['duplicate_of'] is None), 'originals have kind original')
PY

# --stream prints as it goes; with a chronological corpus the final
# clusters are the same except where a late original took over.
"$AKHBAR" dedup --stream < "$C" > "$TMP/stream.jsonl"
check "--stream reads standard input and prints one line per article" \
    test "$(wc -l < "$TMP/stream.jsonl")" -eq "$(wc -l < "$C")"

# Bad input: reported with file:line, the rest still processed.
{
    head -n 3 "$C"
    echo '{"id": "x", "body": '
    echo '{"id": "y"}'
    echo '[1, 2]'
    printf '{"id": "bad-utf8", "body": "\xff\xfe"}\n'
    echo '{"id": "z", "body": "نص قصير", "published": "not a date"}'
    echo
} > "$TMP/bad.jsonl"
"$AKHBAR" dedup "$TMP/bad.jsonl" > "$TMP/bad.out" 2> "$TMP/bad.err"
check "unusable lines give exit 1" test $? -eq 1
check "a broken JSON line is reported with its line number" grep -q "bad.jsonl:4: not a JSON object" "$TMP/bad.err"
check "a line without body is reported" grep -q "bad.jsonl:5: needs an \"id\" and a string \"body\"" "$TMP/bad.err"
check "invalid UTF-8 is reported, not passed on" grep -q "bad.jsonl:7:" "$TMP/bad.err"
check "a bad date is reported and ignored" grep -q "bad.jsonl:8: \"published\" is not a date" "$TMP/bad.err"
check "the usable lines are still deduplicated" test "$(wc -l < "$TMP/bad.out")" -eq 4
"$AKHBAR" dedup "$TMP/missing.jsonl" > /dev/null 2> "$TMP/miss.err"
check "a missing file gives exit 4" test $? -eq 4
check "a missing file is named" grep -q "missing.jsonl" "$TMP/miss.err"
"$AKHBAR" dedup --help | grep -q "usage: akhbar dedup"
check "--help prints the usage" test $? -eq 0
