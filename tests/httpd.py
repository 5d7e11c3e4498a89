#!/usr/bin/env python3
"""Loopback fixture HTTP server for akhbar's tests and demo (stdlib only).

    httpd.py --root DIR [--port N] [--routes FILE] [--log FILE] [--tls CERT KEY]

Serves files under DIR.  Virtual hosts: a request for host H is served from
DIR/H/ when that directory exists (so "hespress.localhost:PORT" and
"le360.localhost:PORT" are different sites on one server), else from DIR.
A path ending in "/" serves its index.html, index.xml or feed.xml.

Content-Type comes from the extension (.xml -> application/rss+xml unless
the file starts with <feed -> application/atom+xml; .html -> text/html;
charset=utf-8; no extension: sniffed), or from the routes file.  "@PORT@" in
served files is replaced by the server's port, so fixtures can hold
absolute URLs.

--routes FILE is JSON: {"/path": {rule}, "host/path": {rule}, ...} where a
rule may set any of:
    status        HTTP status (default 200)
    headers       {"Name": "value"} extra response headers
    body          literal body (else the file at the path)
    file          file (relative to DIR) to serve instead
    content_type  Content-Type header value
    delay         seconds to wait before answering
    stall         seconds to wait after the headers, mid-body
    gzip          true: send the body gzip-compressed (Content-Encoding)
    encoding      "gzip", "deflate" or "br": send the body so encoded (brotli
                  is written with stored meta-blocks: stdlib only, valid for
                  any decoder)
    bomb          N: send N MiB of zeros, gzip-compressed (a gzip bomb);
                  with "encoding": "deflate", zlib-compressed
    chunked_forever  true: an endless chunked body
    endless       true: an endless body without length (HTTP/1.0 style,
                  ends when the client hangs up)
    drip          [bytes, seconds]: send the body that many bytes at a time,
                  sleeping that long between pieces (a slow server)
    etag          ETag to send; a matching If-None-Match gets 304
    last_modified Last-Modified to send; a matching If-Modified-Since gets 304
    redirect      Location for a 301/302/303/307/308 (with "status"); @PORT@
                  is replaced by the server's port
    retry_after   N: a "Retry-After: N" header (seconds)
    retry_after_date  N: a Retry-After HTTP-date N seconds from now
    sequence      [rule, rule, ...]: the n-th request gets the n-th rule
                  (the last one repeats)
Every request is appended to --log as one JSON line:
    {"t": epoch seconds (float), "method", "host", "path", "peer": client
     port (one per connection), "headers": {...}}
The chosen port is printed on stdout ("PORT 12345") once listening.
--tls CERT KEY serves HTTPS with that certificate (PEM files).
"""
import argparse
import email.utils
import gzip
import json
import os
import socketserver
import ssl
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, HTTPServer

ARGS = None
PORT = 0
ROUTES = {}
COUNTS = {}
BOMBS = {}
LOCK = threading.Lock()


def content_type_for(path, data):
    if path.endswith('.xml') or path.endswith('/feed') or path.endswith('.rss'):
        head = data[:512].lstrip()
        if b'<feed' in head:
            return 'application/atom+xml'
        if b'<urlset' in head or b'<sitemapindex' in head:
            return 'application/xml'
        return 'application/rss+xml'
    if path.endswith('.html') or path.endswith('/'):
        return 'text/html; charset=utf-8'
    if path.endswith('.txt'):
        return 'text/plain'
    head = data[:256].lstrip().lower()
    if head.startswith(b'<!doctype html') or head.startswith(b'<html'):
        return 'text/html; charset=utf-8'
    if head.startswith(b'<?xml'):
        return 'application/xml'
    return 'application/octet-stream'


def brotli_stored(data):
    """A valid brotli stream holding data in uncompressed meta-blocks."""
    out = bytearray()
    acc = nbits = 0

    def bits(v, k):
        nonlocal acc, nbits
        acc |= v << nbits
        nbits += k
        while nbits >= 8:
            out.append(acc & 255)
            acc >>= 8
            nbits -= 8

    def pad():
        nonlocal acc, nbits
        if nbits:
            out.append(acc & 255)
            acc = nbits = 0

    bits(0, 1)                      # WBITS = 16
    for i in range(0, len(data), 65536):
        chunk = data[i:i + 65536]
        bits(0, 1)                  # ISLAST = 0
        bits(0, 2)                  # MNIBBLES = 4
        bits(len(chunk) - 1, 16)    # MLEN - 1
        bits(1, 1)                  # ISUNCOMPRESSED
        pad()
        out += chunk
    bits(1, 1)                      # ISLAST
    bits(1, 1)                      # ISLASTEMPTY
    pad()
    return bytes(out)


def encode(body, enc):
    if enc == 'gzip':
        return gzip.compress(body)
    if enc == 'deflate':
        return zlib.compress(body)
    if enc == 'br':
        return brotli_stored(body)
    raise ValueError('unknown encoding %r' % enc)


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, fmt, *args):
        pass

    def log_request_line(self):
        if not ARGS.log:
            return
        rec = {'t': time.time(), 'method': self.command,
               'host': self.headers.get('Host', ''), 'path': self.path,
               'peer': self.client_address[1],
               'headers': {k: v for k, v in self.headers.items()}}
        with LOCK:
            with open(ARGS.log, 'a', encoding='utf-8') as f:
                f.write(json.dumps(rec, ensure_ascii=False) + '\n')

    def rule(self):
        host = self.headers.get('Host', '').split(':')[0]
        for key in (host + self.path, self.path, host + self.path.split('?')[0],
                    self.path.split('?')[0]):
            if key in ROUTES:
                r = ROUTES[key]
                if 'sequence' in r:
                    with LOCK:
                        n = COUNTS.get(key, 0)
                        COUNTS[key] = n + 1
                    seq = r['sequence']
                    return seq[min(n, len(seq) - 1)]
                return r
        return {}

    def find_file(self, rel):
        host = self.headers.get('Host', '').split(':')[0]
        roots = []
        if host and os.path.isdir(os.path.join(ARGS.root, host)):
            roots.append(os.path.join(ARGS.root, host))
        roots.append(ARGS.root)
        rel = rel.split('?')[0].lstrip('/')
        for root in roots:
            p = os.path.normpath(os.path.join(root, rel))
            if not p.startswith(os.path.normpath(ARGS.root)):
                return None
            if os.path.isdir(p):
                for idx in ('index.html', 'index.xml', 'feed.xml'):
                    if os.path.isfile(os.path.join(p, idx)):
                        return os.path.join(p, idx)
            elif os.path.isfile(p):
                return p
        return None

    def send(self, status, headers, body):
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        if 'Content-Length' not in headers and body is not None:
            self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        if body and self.command != 'HEAD':
            self.wfile.write(body)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        self.log_request_line()
        r = self.rule()
        if r.get('delay'):
            time.sleep(float(r['delay']))
        status = int(r.get('status', 200))
        headers = dict(r.get('headers', {}))
        if 'retry_after' in r:
            headers['Retry-After'] = str(r['retry_after'])
        if 'retry_after_date' in r:
            headers['Retry-After'] = email.utils.formatdate(
                time.time() + float(r['retry_after_date']), usegmt=True)
        if 'redirect' in r:
            headers['Location'] = r['redirect'].replace('@PORT@', str(PORT))
            self.send(status if status != 200 else 302, headers, b'')
            return
        if r.get('endless'):
            self.send_response(200)
            self.send_header('Content-Type', r.get('content_type', 'text/html'))
            self.send_header('Connection', 'close')
            self.end_headers()
            self.close_connection = True
            chunk = b'<p>' + b'y' * 8000 + b'</p>\n'
            try:
                while True:
                    self.wfile.write(chunk)
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
                return
        if r.get('chunked_forever'):
            self.send_response(200)
            self.send_header('Content-Type', r.get('content_type', 'text/html'))
            self.send_header('Transfer-Encoding', 'chunked')
            self.end_headers()
            chunk = b'<p>' + b'x' * 8000 + b'</p>\n'
            try:
                while True:
                    self.wfile.write(b'%x\r\n%s\r\n' % (len(chunk), chunk))
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return
        if r.get('bomb'):
            enc = 'deflate' if r.get('encoding') == 'deflate' else 'gzip'
            key = (int(r['bomb']), enc)
            with LOCK:
                body = BOMBS.get(key)
            if body is None:  # compressing takes a while: once per size
                zeros = b'\0' * (key[0] << 20)
                body = zlib.compress(zeros, 9) if enc == 'deflate' else gzip.compress(zeros, compresslevel=9)
                with LOCK:
                    BOMBS[key] = body
            headers['Content-Encoding'] = enc
            headers.setdefault('Content-Type', r.get('content_type', 'text/html'))
            self.send(status, headers, body)
            return
        if 'body' in r:
            body = r['body'].encode('utf-8') if isinstance(r['body'], str) else bytes(r['body'])
            path = self.path
        else:
            path = self.find_file(r.get('file', self.path))
            if path is None:
                self.send(404 if status == 200 else status,
                          {'Content-Type': 'text/plain'}, b'not found\n')
                return
            with open(path, 'rb') as f:
                body = f.read().replace(b'@PORT@', str(PORT).encode())
        if r.get('etag'):
            headers['ETag'] = r['etag']
            if self.headers.get('If-None-Match') == r['etag']:
                self.send(304, headers, b'')
                return
        if r.get('last_modified'):
            headers['Last-Modified'] = r['last_modified']
            if (not r.get('etag') and
                    self.headers.get('If-Modified-Since') == r['last_modified']):
                self.send(304, headers, b'')
                return
        headers.setdefault('Content-Type', r.get('content_type') or content_type_for(path, body))
        if r.get('gzip'):
            body = gzip.compress(body)
            headers['Content-Encoding'] = 'gzip'
        if r.get('encoding'):
            body = encode(body, r['encoding'])
            headers['Content-Encoding'] = r['encoding']
        if r.get('drip'):
            piece, pause = int(r['drip'][0]), float(r['drip'][1])
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            try:
                for i in range(0, len(body), piece):
                    self.wfile.write(body[i:i + piece])
                    self.wfile.flush()
                    time.sleep(pause)
            except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
                pass
            return
        if r.get('stall'):
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            self.wfile.write(body[:len(body) // 2])
            self.wfile.flush()
            time.sleep(float(r['stall']))
            try:
                self.wfile.write(body[len(body) // 2:])
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        self.send(status, headers, body)


class Server(socketserver.ThreadingMixIn, HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256  # many hosts connect at once (the default, 5, drops SYNs)


def main():
    global ARGS, ROUTES, PORT
    ap = argparse.ArgumentParser()
    ap.add_argument('--root', required=True)
    ap.add_argument('--port', type=int, default=0)
    ap.add_argument('--bind', default='127.0.0.1', help='address to listen on (a loopback one)')
    ap.add_argument('--routes')
    ap.add_argument('--log')
    ap.add_argument('--tls', nargs=2, metavar=('CERT', 'KEY'))
    ARGS = ap.parse_args()
    if ARGS.routes:
        with open(ARGS.routes, encoding='utf-8') as f:
            ROUTES = json.load(f)
    srv = Server((ARGS.bind, ARGS.port), Handler)
    if ARGS.tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(ARGS.tls[0], ARGS.tls[1])
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    PORT = srv.server_address[1]
    print('PORT %d' % srv.server_address[1], flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == '__main__':
    main()
