#!/usr/bin/python3
"""crosscheck.py [FIXTURE...] -- compares `akhbar feed` with Debian's
python3-feedparser on the fixtures (all of them by default) and prints
every field where they differ.  A development tool, not a test: feedparser
is not a test dependency, and some differences are deliberate (listed in
tests/feeds/README.md).  Markup is compared as text, since feedparser
sanitises HTML and akhbar keeps the publisher's markup.

    /usr/bin/python3 tests/feeds/crosscheck.py [--akhbar build/akhbar]
"""
import calendar, html, json, os, re, subprocess, sys, time

import feedparser

HERE = os.path.dirname(os.path.abspath(__file__))
AKHBAR = os.path.join(HERE, '..', '..', 'build', 'akhbar')
args = sys.argv[1:]
if args[:1] == ['--akhbar']:
    AKHBAR, args = args[1], args[2:]

VERSIONS = {'rss20': 'rss2.0', 'rss': 'rss2.0', 'rss10': 'rss1.0', 'atom10': 'atom1.0', 'atom03': 'atom0.3',
            'rss090': 'rss0.9x', 'rss091n': 'rss0.9x', 'rss091u': 'rss0.9x', 'rss092': 'rss0.9x',
            'rss093': 'rss0.9x', 'rss094': 'rss0.9x', '': None}


def iso(t):
    return time.strftime('%Y-%m-%dT%H:%M:%SZ', t) if t else None


def text(s):
    if s is None:
        return None
    s = re.sub(r'<[^>]*>', ' ', s)
    s = html.unescape(s)
    return ' '.join(s.split()) or None


def fp(path, extra):
    headers = {}
    for k, v in zip(extra[::2], extra[1::2]):
        if k == '--url':
            headers['content-location'] = v
        elif k == '--content-type':
            headers['content-type'] = v
    d = feedparser.parse(open(path, 'rb').read(), response_headers=headers)
    f = d.feed
    out = {'format': VERSIONS.get(d.get('version', ''), d.get('version')),
           'feed': {'title': text(f.get('title')), 'link': f.get('link'), 'language': f.get('language'),
                    'updated': iso(f.get('updated_parsed') or f.get('published_parsed'))},
           'entries': []}
    for e in d.entries:
        encl = [{'url': l.get('href'), 'type': l.get('type') or None,
                 'length': int(l['length']) if str(l.get('length', '')).isdigit() else None}
                for l in e.get('links', []) if l.get('rel') == 'enclosure']
        out['entries'].append({
            'id': e.get('id'), 'title': text(e.get('title')), 'link': e.get('link'),
            'published': iso(e.get('published_parsed')), 'updated': iso(e.get('updated_parsed')),
            'author': e.get('author'), 'summary': text(e.get('summary')),
            'content': text(e['content'][0].value) if e.get('content') else None,
            'categories': [t.get('term') for t in e.get('tags', []) if t.get('term')],
            'enclosures': encl})
    return out, d.get('bozo_exception')


def ours(path, extra):
    p = subprocess.run([AKHBAR, 'feed', '-q'] + extra + [path], capture_output=True)
    d = json.loads(p.stdout)
    for e in d['entries']:
        e['title'] = text(e['title'])
        e['summary'] = text(e['summary'])
        e['content'] = text(e['content'])
        e.pop('language', None)
    d['feed']['title'] = text(d['feed']['title'])
    return d


def main():
    names = args or sorted(n for n in os.listdir(HERE)
                           if not n.endswith(('.args', '.exit', '.stderr', '.expected', '.py', '.md')))
    for n in names:
        path = os.path.join(HERE, n) if not os.path.isabs(n) else n
        base = path.rsplit('.', 1)[0]
        extra = open(base + '.args').read().split('\n')[:-1] if os.path.exists(base + '.args') else []
        a = ours(path, extra)
        try:
            b, bozo = fp(path, extra)
        except Exception as e:  # feedparser itself can crash (surrogate references)
            print('== %s (feedparser crashed: %r)' % (n, e))
            continue
        diffs = []
        if a['format'] != b['format']:
            diffs.append('format: akhbar %r, feedparser %r' % (a['format'], b['format']))
        for k in a['feed']:
            if a['feed'][k] != b['feed'][k]:
                diffs.append('feed.%s: akhbar %r, feedparser %r' % (k, a['feed'][k], b['feed'][k]))
        if len(a['entries']) != len(b['entries']):
            diffs.append('entries: akhbar %d, feedparser %d' % (len(a['entries']), len(b['entries'])))
        for i, (x, y) in enumerate(zip(a['entries'], b['entries'])):
            for k in x:
                if x[k] != y.get(k):
                    diffs.append('entries[%d].%s: akhbar %r, feedparser %r' % (i, k, x[k], y.get(k)))
        print('== %s%s' % (n, ' (feedparser: %s)' % bozo if bozo else ''))
        for d in diffs:
            print('   ' + d[:300])


main()
