#!/bin/sh
# run.sh SECONDS TARGET... -- runs each libFuzzer target for SECONDS,
# seeded from the project's fixtures, and prints one line per target with
# executions, coverage and whether it crashed.  Exit 1 on any crash.
set -u
secs=$1
shift
out=build-fuzz
mkdir -p "$out/artifacts"
failed=0
for t in "$@"; do
    name=$(basename "$t" | sed 's/^fuzz_//')
    corpus="$out/corpus/$name"
    seeds="$out/seeds/$name"
    mkdir -p "$corpus" "$seeds"
    seed() { while IFS= read -r f; do cp "$f" "$seeds/$(printf '%s' "$f" | tr '/' '_')"; done; }
    case $name in
    feed)    find tests/demo/site tests/feeds -name '*.xml' 2>/dev/null | head -300 | seed ;;
    extract) find tests/demo/site tests/extract -type f ! -name '*.xml' ! -name '*.json*' 2>/dev/null | head -200 | seed ;;
    config)  find config -name '*.conf' | seed ;;
    date|url) i=0; while IFS= read -r line; do i=$((i + 1)); printf '%s' "$line" > "$seeds/$i"; done < tests/fuzz/seeds/$name.txt ;;
    norm)    find tests/demo/site -type f | head -50 | seed ;;
    robots)  find tests/fuzz/seeds/robots -type f | seed ;;
    esac
    [ -d tests/fuzz/regressions/$name ] && cp tests/fuzz/regressions/$name/* "$seeds" 2>/dev/null
    log="$out/$name.log"
    "$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=1048576 \
        -artifact_prefix="$out/artifacts/$name-" -print_final_stats=1 "$corpus" "$seeds" > "$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    if [ $rc -eq 0 ]; then
        echo "ok   fuzz_$name: ${execs:-0} executions in ${secs}s, coverage ${cov:-?} edges, ${ft:-?} features, corpus $(ls "$corpus" | wc -l)"
    else
        failed=$((failed + 1))
        echo "FAIL fuzz_$name: crashed (exit $rc); input saved in $out/artifacts/, log $log"
        grep -m5 -A15 'ERROR\|==ERROR\|runtime error' "$log" | head -30 | sed 's/^/    /'
    fi
done
[ $failed -eq 0 ]
