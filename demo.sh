#!/bin/sh
# demo.sh -- the first command on a fresh Debian 12 machine (as root):
# installs what is missing (make, compiler, libraries), builds akhbar, and
# runs the offline demo: a crawl of the bundled mirror of Moroccan-style
# news sites served on 127.0.0.1, then an export to JSON lines.
set -eu
cd "$(dirname "$0")"
command -v make > /dev/null 2>&1 || sh tests/deps.sh make
exec make demo
