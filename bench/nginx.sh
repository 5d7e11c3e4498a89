#!/bin/sh
# nginx.sh start ROOT PORT DIR | stop DIR -- Debian's nginx serving the
# generated site on 127.0.0.11-20:PORT (ROOT/<address>/...), keep-alive on,
# gzip on (pre-compressed twins through gzip_static, as a cached front end).
set -eu
case "$1" in
start)
    root=$(cd "$2" && pwd); port=$3; dir=$4
    mkdir -p "$dir/tmp"
    cat > "$dir/nginx.conf" <<CONF
daemon on;
worker_processes 2;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
    access_log $dir/access.log;
    client_body_temp_path $dir/tmp; proxy_temp_path $dir/tmp; fastcgi_temp_path $dir/tmp;
    uwsgi_temp_path $dir/tmp; scgi_temp_path $dir/tmp;
    keepalive_timeout 65; keepalive_requests 100000;
    sendfile on; tcp_nopush on;
    gzip_static on; gzip on; gzip_comp_level 1; gzip_types application/rss+xml;
    types { text/html html; application/rss+xml xml; text/plain txt; }
    server {
        listen 127.0.0.11:$port; listen 127.0.0.12:$port; listen 127.0.0.13:$port; listen 127.0.0.14:$port;
        listen 127.0.0.15:$port; listen 127.0.0.16:$port; listen 127.0.0.17:$port; listen 127.0.0.18:$port;
        listen 127.0.0.19:$port; listen 127.0.0.20:$port;
        root $root/\$host;
        location / { try_files \$uri =404; }
    }
}
CONF
    nginx -c "$dir/nginx.conf" -p "$dir"
    ;;
stop)
    dir=$2
    [ -f "$dir/nginx.pid" ] && kill "$(cat "$dir/nginx.pid")" 2>/dev/null || true
    ;;
esac
