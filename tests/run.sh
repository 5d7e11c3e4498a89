#!/bin/sh
# run.sh [--unit|--it] BIN [UNIT_TEST_BINARY...] -- akhbar's test runner.
#
# Runs the cmocka unit-test binaries (TAP output) and the integration
# scripts tests/it/*.sh (which print "ok - ..." / "not ok - ..." lines and
# start their own servers on 127.0.0.1), then prints "N passed, N failed".
# A binary or script that dies without reporting counts as one failure.
set -u
mode=all
case "${1:-}" in --unit) mode=unit; shift ;; --it) mode=it; shift ;; esac
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
export AKHBAR="$BIN"
export AKHBAR_SRC="$(pwd)"
passed=0
failed=0
logdir=$(mktemp -d)
pgdir=""
trap 'rm -rf "$logdir"; [ -z "$pgdir" ] || sh tests/pg.sh stop "$pgdir"' EXIT
# A throwaway PostgreSQL server for the shared-store tests (tests/pg.sh,
# socket only); the tests find it through AKHBAR_TEST_PG_HOST.  Without
# one, those tests fail and say why.
if [ -z "${AKHBAR_TEST_PG_HOST:-}" ]; then
    pgdir=$(mktemp -d /tmp/akhbar-pg.XXXXXX)
    if sh tests/pg.sh start "$pgdir" > /dev/null 2> "$logdir/pg.err"; then
        export AKHBAR_TEST_PG_HOST="$pgdir"
    else
        echo "PostgreSQL test server could not be started (its tests will fail):"
        sed 's/^/    /' "$logdir/pg.err"
        rm -rf "$pgdir"
        pgdir=""
    fi
fi

report() { # name, output file, exit status
    p=$(grep -c '^ok ' "$2")
    f=$(grep -c '^not ok ' "$2")
    if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
        f=1
        echo "FAIL $1: reported no test results"
        tail -n 20 "$2" | sed 's/^/    /'
    elif [ "$3" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1
        echo "FAIL $1: exited with status $3 without reporting a failure"
        tail -n 20 "$2" | sed 's/^/    /'
    fi
    passed=$((passed + p))
    failed=$((failed + f))
    if [ "$f" -gt 0 ]; then
        echo "FAIL $1 ($p passed, $f failed)"
        grep -A12 '^not ok ' "$2" | sed 's/^/    /' | head -n 60
    else
        echo "ok   $1 ($p)"
    fi
}

if [ "$mode" != it ]; then
    for t in "$@"; do
        out="$logdir/$(basename "$t").out"
        case "$(basename "$t")" in
        replay_*) # saved fuzz inputs (crashes once found) must not crash again
            name=$(basename "$t" | sed 's/^replay_//')
            "$t" $(find tests/fuzz/regressions/"$name" -type f 2>/dev/null | sort) > "$out" 2>&1 ;;
        *) CMOCKA_MESSAGE_OUTPUT=TAP "$t" > "$out" 2>&1 ;;
        esac
        report "$t" "$out" $?
    done
fi
if [ "$mode" != unit ]; then
    for t in tests/it/*.sh; do
        [ -f "$t" ] || continue
        out="$logdir/$(basename "$t").out"
        bash "$t" > "$out" 2>&1
        report "$t" "$out" $?
    done
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
