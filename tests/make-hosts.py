#!/usr/bin/env python3
"""make-hosts.py ROOT ROUTES CONF_TEMPLATE [--healthy N] [--articles N] [--no-bad]

Writes a fixture for the "many hosts, some misbehaving" crawl (used by
tests/it/twenty_hosts.sh and bench/fetch.sh): N healthy sites
h1.localhost ... each with a feed of A articles, and five misbehaving
ones -- stall (the feed never answers), throttle (429, Retry-After: 3600),
bomb (the feed is a gzip bomb), loop (the feed redirects in a loop),
e5xx (robots.txt 503, feed 500).  ROUTES gets the httpd.py routes; the
config template has @PORT@ and @DB@ to fill in.
"""
import argparse, json, os

ap = argparse.ArgumentParser()
ap.add_argument('root')
ap.add_argument('routes')
ap.add_argument('conf')
ap.add_argument('--healthy', type=int, default=15)
ap.add_argument('--articles', type=int, default=3)
ap.add_argument('--no-bad', action='store_true')
a = ap.parse_args()

PARA = ("أعلن المجلس الجماعي للمدينة عن إطلاق مشروع جديد لتأهيل الأحياء القديمة، بكلفة إجمالية "
        "تناهز خمسين مليون درهم، على أن تنطلق الأشغال خلال الأشهر المقبلة وفق ما جاء في بلاغ رسمي. ")

def w(path, data):
    p = os.path.join(a.root, path)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    open(p, 'w', encoding='utf-8').write(data)

def site(host, n):
    items = ''.join('<item><title>%s %d</title><link>http://%s:@PORT@/a%d.html</link></item>' % (host, i, host, i)
                    for i in range(n))
    w(host + '/feed.xml', '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>%s</title>%s</channel></rss>'
      % (host, items))
    for i in range(n):
        w(host + '/a%d.html' % i, '<html lang="ar"><head><meta charset="utf-8"><title>%s %d</title></head><body>'
          '<h1>%s %d</h1><div class="content"><p>%s</p><p>%s (%s %d)</p></div></body></html>'
          % (host, i, host, i, PARA, PARA, host, i))

hosts = ['h%d.localhost' % i for i in range(1, a.healthy + 1)]
for h in hosts:
    site(h, a.articles)
routes = {}
bad = [] if a.no_bad else ['stall.localhost', 'throttle.localhost', 'bomb.localhost', 'loop.localhost', 'e5xx.localhost']
for h in bad:
    site(h, a.articles)
if bad:
    routes.update({
        'stall.localhost/feed.xml': {'delay': 600},
        'throttle.localhost/feed.xml': {'status': 429, 'retry_after': 3600, 'body': 'too many requests'},
        'bomb.localhost/feed.xml': {'bomb': 16, 'content_type': 'application/rss+xml'},
        'loop.localhost/feed.xml': {'status': 302, 'redirect': 'http://loop.localhost:@PORT@/feed2.xml'},
        'loop.localhost/feed2.xml': {'status': 302, 'redirect': 'http://loop.localhost:@PORT@/feed.xml'},
        'e5xx.localhost/robots.txt': {'status': 503, 'body': 'maintenance'},
        'e5xx.localhost/feed.xml': {'status': 500, 'body': 'error'},
    })
json.dump(routes, open(a.routes, 'w'))
with open(a.conf, 'w') as f:
    f.write('[crawl]\ndb = @DB@\nallow_private = 127.0.0.1\ndelay = 200ms\nmax_per_host = 2\nconnect_timeout = 2s\ntimeout = 3s\n'
            'low_speed_limit = 100\nlow_speed_time = 2s\nmax_feed_size = 2M\n')
    for h in hosts + bad:
        f.write('[feed %s]\nurl = http://%s:@PORT@/feed.xml\n' % (h.split('.')[0], h))
