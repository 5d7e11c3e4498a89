#!/bin/sh
# feeds.sh BIN -- the feed parser benchmark (`make bench-feeds`).
#
# Generates a deterministic 5,000-item, ~5 MB WordPress-style RSS feed
# (bench/gen-feed.py; not committed) and times, in the same run, on the
# same file: `akhbar feed` and the peers Debian packages (python3-feedparser,
# the reference users know; sfeed 1.7, the fastest C peer).  Prints items/s
# for each, the ratio to feedparser, and peak memory (max RSS) against the
# file size.  As root it installs what is missing (time, python3-feedparser,
# sfeed); a peer that is still missing is reported as missing.
set -u
BIN=${1:-build/akhbar}
HERE=$(dirname "$0")
if [ "$(id -u)" = 0 ]; then
    missing=""
    [ -x /usr/bin/time ] || missing="$missing time"
    /usr/bin/python3 -c 'import feedparser' 2>/dev/null || missing="$missing python3-feedparser"
    command -v sfeed >/dev/null 2>&1 || missing="$missing sfeed"
    if [ -n "$missing" ]; then
        echo "installing:$missing"
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >/dev/null 2>&1 && break
            sleep 6 # another process may hold the dpkg lock
        done
    fi
fi
exec /usr/bin/python3 "$HERE/feeds.py" "$BIN" "${BENCH_ITEMS:-5000}" "${BENCH_RUNS:-15}"
