#!/bin/sh
# valgrind.sh BIN [TEST...] -- the integration tests with every akhbar run
# under valgrind memcheck (make check-valgrind).
#
# Why this exists: AddressSanitizer (make check-asan) sees the code built
# with it; memcheck sees the real binary and the libraries as shipped
# (libcurl, libxml2, SQLite, OpenSSL, libpq), so the two catch different
# things.  Each akhbar process writes its own log; a process with an
# invalid read or write, a use of uninitialised memory in a branch, or a
# block definitely lost exits 99, which fails its test.  At the end, one
# line per process with errors and a total.
#
# Memcheck runs code 20-50 times slower: tests that time a crawl or kill
# it at given moments may fail on time alone; the summary tells those
# (no memcheck error, test failed) from memory errors.  TEST... limits the
# run to some of tests/it/*.sh.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
dir=$(pwd)/build/valgrind
rm -rf "$dir"
mkdir -p "$dir/logs"
cat > "$dir/akhbar" <<EOF
#!/bin/sh
exec valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \\
    --show-leak-kinds=definite --track-origins=no --num-callers=20 \\
    --log-file="$dir/logs/vg.%p.log" "$bin" "\$@"
EOF
chmod +x "$dir/akhbar"
if [ $# -gt 0 ]; then
    # run.sh runs tests/it/*.sh: give it a tree holding only the ones asked for
    tree="$dir/tree"
    mkdir -p "$tree/tests/it"
    for f in $(ls -A); do [ "$f" = tests ] || [ "$f" = build ] || ln -s "$(pwd)/$f" "$tree/$f"; done
    for f in $(ls -A tests); do [ "$f" = it ] || ln -s "$(pwd)/tests/$f" "$tree/tests/$f"; done
    ln -s "$(pwd)/build" "$tree/build"
    for t in "$@"; do ln -s "$(pwd)/$t" "$tree/tests/it/$(basename "$t")"; done
    (cd "$tree" && sh tests/run.sh --it "$dir/akhbar")
else
    sh tests/run.sh --it "$dir/akhbar"
fi
rc=$?
runs=0
bad=0
for log in "$dir"/logs/vg.*.log; do
    [ -f "$log" ] || continue
    runs=$((runs + 1))
    if grep -q 'ERROR SUMMARY: [1-9]\|definitely lost: [1-9]\|Invalid \(read\|write\|free\)\|uninitialised' "$log"; then
        bad=$((bad + 1))
        echo "memcheck errors in $log:"
        grep -m1 -A12 'Invalid\|uninitialised\|definitely lost in' "$log" | sed 's/^/    /'
    fi
done
echo "valgrind: $runs akhbar runs, $bad with memory errors (logs in $dir/logs)"
[ "$bad" -eq 0 ] && [ "$rc" -eq 0 ]
