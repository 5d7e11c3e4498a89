#!/bin/sh
# dedup.sh AKHBAR DEDUP_BENCH -- the deduplication benchmark (make bench-dedup).
#
#  1. quality on the dev benchmark (../shared/bench/dedup: 3,694 Arabic and
#     French documents in 1,500 gold clusters), scored by its score.py;
#     skipped with a message when the set is not there (CI);
#  2. fingerprinting speed (normalisation, SHA-256, SimHash, MinHash), one
#     core, on synthetic 2 KB articles and on the dev set's bodies, against
#     a naive 128-permutation MinHash loop measured in the same run;
#  3. insert + dedup cost per article with the SQLite store at 10k, 100k
#     and 1M stored articles (BENCH_MAX caps it), ratios from the same run,
#     and the store size per article.
#
# Environment: DEDUP_BENCH_DIR (the dev set), BENCH_MAX (default 1000000),
# TMPDIR (where the scaling store is built: about 6 GB at 1M; removed after).
set -u
AKHBAR=$1
BENCH=$2
SRC=$(cd "$(dirname "$0")/.." && pwd)
MAX=${BENCH_MAX:-1000000}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/akhbar-dedup-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

dir=${DEDUP_BENCH_DIR:-}
if [ -z "$dir" ]; then
    for d in "$SRC/../shared/bench/dedup" "$SRC/../../shared/bench/dedup"; do
        [ -f "$d/docs.jsonl" ] && dir=$d && break
    done
fi

echo "== 1. quality on the dev benchmark"
if [ -n "$dir" ] && [ -f "$dir/docs.jsonl" ] && [ -f "$dir/score.py" ]; then
    command -v python3 > /dev/null || { echo "missing: python3 (needed by score.py)"; exit 1; }
    # The dev set's ts is its publication clock.
    python3 -c '
import json, sys
for l in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(l)
    print(json.dumps({"id": d["id"], "site": d["site"], "title": d["title"], "body": d["body"],
                      "published": d["ts"]}, ensure_ascii=False))' "$dir/docs.jsonl" > "$WORK/docs.jsonl"
    echo "\$ akhbar dedup -v docs.jsonl > pred.jsonl; python3 score.py --gold labels.jsonl --pred pred.jsonl --hard hard_negatives.jsonl"
    "$AKHBAR" dedup -v "$WORK/docs.jsonl" > "$WORK/pred.jsonl" || exit 1
    python3 "$dir/score.py" --gold "$dir/labels.jsonl" --pred "$WORK/pred.jsonl" --hard "$dir/hard_negatives.jsonl"
else
    echo "skipped: the dev benchmark (../shared/bench/dedup) is not here; set DEDUP_BENCH_DIR to run it"
fi

echo
echo "== 2. fingerprinting speed (one core)"
echo "\$ dedup_bench fp 20000"
"$BENCH" fp 20000 || exit 1
if [ -n "$dir" ] && [ -f "$dir/docs.jsonl" ]; then
    echo "\$ dedup_bench fp-file docs.jsonl"
    "$BENCH" fp-file "$dir/docs.jsonl" 5 || exit 1
fi

echo
echo "== 3. insert + dedup cost per article, SQLite store, up to $MAX articles"
echo "\$ dedup_bench scale store.db $MAX"
"$BENCH" scale "$WORK/scale.db" "$MAX" || exit 1
