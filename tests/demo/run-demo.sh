#!/bin/sh
# run-demo.sh BIN -- the offline demo: serve the bundled mirror on
# 127.0.0.1:8642, crawl it with config/demo.conf, export, show the result.
set -eu
BIN=${1:-build/akhbar}
OUT=build/demo
PORT=8642
mkdir -p "$OUT"
rm -f "$OUT"/akhbar.db "$OUT"/akhbar.db-wal "$OUT"/akhbar.db-shm "$OUT"/articles.jsonl

python3 tests/httpd.py --root tests/demo/site --port $PORT --log "$OUT/requests.log" > "$OUT/httpd.out" 2>&1 &
SRV=$!
trap 'kill $SRV 2>/dev/null || true' EXIT INT TERM
i=0
until grep -q PORT "$OUT/httpd.out" 2>/dev/null; do
    i=$((i + 1))
    if [ $i -gt 50 ] || ! kill -0 $SRV 2>/dev/null; then
        echo "demo: the local server could not start on 127.0.0.1:$PORT:" >&2
        cat "$OUT/httpd.out" >&2
        exit 1
    fi
    sleep 0.1
done

echo "== akhbar crawl --config config/demo.conf   (local mirror of 4 Moroccan-style sites)"
"$BIN" crawl --config config/demo.conf
echo
echo "== akhbar crawl again: nothing is stored twice"
"$BIN" crawl --config config/demo.conf
echo
echo "== akhbar export --config config/demo.conf --output $OUT/articles.jsonl"
"$BIN" export --config config/demo.conf --output "$OUT/articles.jsonl"
echo "$(wc -l < "$OUT/articles.jsonl") articles in $OUT/articles.jsonl; the first three (bodies cut):"
python3 - "$OUT/articles.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], encoding='utf-8') as f:
    for n, line in enumerate(f):
        if n == 3:
            break
        a = json.loads(line)
        a['body'] = a['body'][:160] + ('...' if len(a['body']) > 160 else '')
        print(json.dumps(a, ensure_ascii=False))
PY
