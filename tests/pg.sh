#!/bin/sh
# pg.sh start DIR | stop DIR -- a throwaway PostgreSQL cluster for the tests.
#
# start: initdb into DIR/data (Debian's postgresql package), then a server
# listening only on a Unix socket in DIR (no TCP port, so parallel test
# runs never collide), with superuser "akhbar" and trust authentication.
# Durability is off (fsync, synchronous_commit): it is thrown away after
# the run; PG_DURABLE=1 keeps PostgreSQL's defaults (benchmarks).  As root, initdb and the server run as the unprivileged
# "postgres" user (initdb refuses root).  Prints DIR on success; on
# failure prints why on stderr and exits 1.  Connect with
# postgresql://akhbar@/DBNAME?host=DIR (tests/lib.sh: pg_db NAME).
# stop: stops the server at once and removes DIR.
set -u
cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: pg.sh start|stop DIR" >&2; exit 2; }

bindir=""
for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r); do
    [ -x "$d/initdb" ] && { bindir=$d; break; }
done
if [ -z "$bindir" ] && command -v pg_config >/dev/null 2>&1; then bindir=$(pg_config --bindir); fi

as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
start)
    if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
        echo "PostgreSQL server not installed (Debian package postgresql; make deps installs it)" >&2
        exit 1
    fi
    if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
        echo "running as root and there is no 'postgres' user to run the server as" >&2
        exit 1
    fi
    mkdir -p "$dir" || exit 1
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    if ! as_owner "$bindir/initdb" -D "$dir/data" -A trust -U akhbar -E UTF8 --locale=C.UTF-8 \
            --no-sync > "$dir/initdb.log" 2>&1; then
        echo "initdb failed:" >&2
        tail -n 20 "$dir/initdb.log" >&2
        exit 1
    fi
    fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    [ "${PG_DURABLE:-}" = 1 ] && fast=""
    if ! as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
            -o "-k $dir -c listen_addresses= $fast -c max_connections=60" \
            start > "$dir/pg_ctl.log" 2>&1; then
        echo "the PostgreSQL server did not start:" >&2
        tail -n 20 "$dir/server.log" "$dir/pg_ctl.log" >&2 2>/dev/null
        exit 1
    fi
    echo "$dir"
    ;;
stop)
    [ -d "$dir/data" ] && [ -n "$bindir" ] && as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1
    rm -rf "$dir"
    ;;
*)
    echo "usage: pg.sh start|stop DIR" >&2
    exit 2
    ;;
esac
