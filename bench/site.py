#!/usr/bin/env python3
"""Generates the benchmark's local news site (deterministic, not committed).

    site.py OUT --pages N [--feeds 50] [--seed 1] [--syndicated 0.2]

N article pages spread over FEEDS feeds on 10 hosts (127.0.0.11 ... 127.0.0.20:
distinct loopback addresses, so each is its own host for politeness and
any client resolves them),
60-120 KB each like real WordPress pages (inline CSS/JS, menus, sidebars,
related links, comments, footer) around 4-12 paragraphs of Arabic or
French news-like text, in three page layouts; about 20% of the articles
are syndicated copies of another site's article (same paragraphs, another
site's chrome, sometimes an added attribution line or cut to the lead).
Writes OUT/<host>/... (each file with a .gz twin for gzip_static),
OUT/feeds.txt and OUT/urls.txt, with the server's port in every URL.
"""
import argparse
import os
import random

AR = ('الحكومة المغرب الرباط الدار البيضاء مراكش فاس طنجة أكادير وجدة مكناس الوزارة المدير العام البرلمان '
      'المجلس الجهوي الجماعة الوطني الدولي الاقتصاد الاستثمار المشروع البرنامج الميزانية الدعم القطاع '
      'الفلاحة الصناعة السياحة التعليم الصحة المستشفى المدرسة الجامعة الطلبة الأساتذة المواطنين الساكنة '
      'الأمن الشرطة المحكمة القضاء الملف القضية التحقيق البلاغ المصدر الصحيفة الجريدة الموقع الإعلام '
      'أعلن أكد أوضح أشار أفاد كشف قرر صادق أطلق افتتح ترأس استقبل زار التقى دعا طالب رفض انتقد '
      'اليوم أمس الأسبوع الشهر السنة الماضي المقبل الجاري خلال بعد قبل حسب وفق إطار ظل بين حول '
      'في من إلى على عن مع أن الذي التي هذا هذه ذلك تلك كما حيث بينما وقد وكان وهو وهي وذلك '
      'جديد كبير مهم أساسي رسمي عمومي محلي جهوي وطني دولي مالي اجتماعي سياسي ثقافي رياضي '
      'الماء الطرق النقل الطاقة البيئة المناخ الجفاف الأمطار الفيضانات الحرائق الأسعار التضخم الشغل البطالة '
      'الشباب النساء الأطفال الأسر المقاولات الشركات الأبناك السوق الصادرات الواردات الموانئ المطارات').split()
FR = ('le la les un une des du de au aux et ou mais dans sur sous avec pour par selon entre contre '
      'gouvernement ministère ministre maroc rabat casablanca marrakech tanger fès agadir région commune conseil '
      'parlement projet programme budget investissement économie croissance secteur agriculture industrie '
      'tourisme éducation santé hôpital école université étudiants enseignants citoyens habitants '
      'sécurité police tribunal justice dossier enquête communiqué source journal presse '
      'a annoncé a indiqué a précisé a souligné a lancé a inauguré a présidé a reçu a visité a rencontré '
      'aujourdhui hier semaine mois année dernier prochain cours lors après avant cadre '
      'nouveau nouvelle grand grande important importante officiel public local régional national international '
      'eau routes transport énergie environnement climat sécheresse pluies prix inflation emploi chômage '
      'jeunes femmes enfants familles entreprises banques marché exportations importations ports aéroports').split()


def sentence(rng, words, n):
    return ' '.join(rng.choice(words) for _ in range(n))


def paragraph(rng, lang):
    words = AR if lang == 'ar' else FR
    comma, stop = ('،', '.') if lang == 'ar' else (',', '.')
    parts = []
    for _ in range(rng.randint(2, 4)):
        parts.append(sentence(rng, words, rng.randint(8, 16)) + comma + ' ' + sentence(rng, words, rng.randint(6, 14)) + stop)
    return ' '.join(parts)


_THEMES = {}


def css_js(rng, host, kb):
    """Inline CSS and scripts, as themes ship them (bulk, not content): the
    host's theme, cut to this page's size."""
    if host not in _THEMES:
        trng = random.Random(host)
        rules = []
        total = 0
        while total < 100 * 1024:
            sel = '.%s-%d' % (trng.choice(['td', 'jeg', 'wp', 'elementor', 'post', 'widget', 'menu']), trng.randint(1, 99999))
            r = '%s{margin:%dpx;padding:%dpx;color:#%06x;font-size:%dpx}' % (sel, trng.randint(0, 40), trng.randint(0, 40), trng.randint(0, 0xffffff), trng.randint(10, 30))
            rules.append(r)
            total += len(r)
        blob = ''.join(rules)
        script = '<script>var td_ajax={"ads":[%s]};</script>' % ','.join(str(trng.randint(0, 1000)) for _ in range(200))
        _THEMES[host] = (blob, script)
    blob, script = _THEMES[host]
    cut = blob.find('}', kb * 1024) + 1 or len(blob)
    return '<style>' + blob[:cut] + '</style>' + script


LAYOUTS = [
    ('<div class="td-post-content entry-content">', '</div>', 'td'),
    ('<div class="jeg_inner_content"><div class="content-inner">', '</div></div>', 'jeg'),
    ('<article class="article"><div class="article-body">', '</div></article>', 'custom'),
]


def chrome(rng, host, lang, n_links):
    nav = ''.join('<li><a href="/category/%d">%s</a></li>' % (i, sentence(rng, AR if lang == 'ar' else FR, 2)) for i in range(n_links))
    return '<header><nav class="main-menu"><ul>%s</ul></nav><div class="top-date">2026-11-29</div></header>' % nav


def page(rng, host, lang, layout, title, paras, others, pad_kb):
    open_tag, close_tag, kind = layout
    related = ''.join('<li><a href="%s">%s</a></li>' % (u, t) for u, t in others)
    body = ''.join('<p>%s</p>' % p for p in paras)
    return ('<!DOCTYPE html><html lang="%s"><head><meta charset="utf-8"><title>%s - %s</title>'
            '<meta property="og:title" content="%s"><meta property="article:published_time" content="2026-11-%02dT%02d:%02d:00+01:00">'
            '%s</head><body>%s<main><h1 class="entry-title">%s</h1>%s%s%s'
            '<div class="share-buttons"><a href="#">Facebook</a><a href="#">X</a><a href="#">WhatsApp</a></div>'
            '<div class="related-posts"><h3>%s</h3><ul>%s</ul></div>'
            '<div id="comments"><h3>comments</h3><p>%s</p></div></main>'
            '<aside class="sidebar"><ul>%s</ul></aside><footer><p>© %s</p></footer></body></html>') % (
        lang, title, host, title, rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59),
        css_js(rng, host, pad_kb), chrome(rng, host, lang, 40), title, open_tag, body, close_tag,
        'مقالات ذات صلة' if lang == 'ar' else 'Lire aussi', related, sentence(rng, AR if lang == 'ar' else FR, 20),
        related, host)


def write(path, text):
    """The file and its gzip twin (nginx's gzip_static serves it to clients
    that accept gzip, as a cached front end would)."""
    data = text.encode('utf-8')
    with open(path, 'wb') as out:
        out.write(data)
    with open(path + '.gz', 'wb') as out:
        out.write(zlib_gzip(data))


def zlib_gzip(data):
    import gzip
    return gzip.compress(data, compresslevel=4, mtime=0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('out')
    ap.add_argument('--pages', type=int, default=10000)
    ap.add_argument('--feeds', type=int, default=50)
    ap.add_argument('--hosts', type=int, default=10)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--syndicated', type=float, default=0.2)
    ap.add_argument('--port', type=int, required=True, help='port written into the URLs')
    a = ap.parse_args()
    port = str(a.port)
    rng = random.Random(a.seed)
    per_feed = a.pages // a.feeds
    feeds = []  # (host, path, lang, layout)
    for f in range(a.feeds):
        h = f % a.hosts
        host = '127.0.0.%d' % (11 + h)
        lang = 'ar' if h < a.hosts * 6 // 10 else 'fr'
        feeds.append((host, 'section%d' % (f // a.hosts), lang, LAYOUTS[h % len(LAYOUTS)]))
    originals = []  # (lang, title, paras) of articles that may be copied
    urls = []
    for fi, (host, section, lang, layout) in enumerate(feeds):
        items = []
        base = os.path.join(a.out, host, section)
        os.makedirs(base, exist_ok=True)
        for i in range(per_feed):
            url = 'http://%s:@PORT@/%s/a%d.html' % (host, section, i)
            same_lang = [o for o in originals[-500:] if o[0] == lang]
            if same_lang and rng.random() < a.syndicated:
                _, title, paras = rng.choice(same_lang)
                paras = list(paras)
                r = rng.random()
                if r < 0.3:
                    paras = paras[:max(1, len(paras) // 2)]
                elif r < 0.6:
                    paras.insert(0, ('نقلت يومية الصباح أن ' if lang == 'ar' else 'Selon Le Matinal, ') + sentence(rng, AR if lang == 'ar' else FR, 8) + '.')
                title = title + (' (تفاصيل)' if lang == 'ar' else ' (détails)') if rng.random() < 0.5 else title
            else:
                title = sentence(rng, AR if lang == 'ar' else FR, rng.randint(6, 12))
                paras = [paragraph(rng, lang) for _ in range(rng.randint(4, 12))]
                originals.append((lang, title, paras))
            others = [('/%s/a%d.html' % (section, rng.randrange(per_feed)), sentence(rng, AR if lang == 'ar' else FR, 6)) for _ in range(8)]
            html = page(rng, host, lang, layout, title, paras, others, rng.randint(40, 90))
            write(os.path.join(base, 'a%d.html' % i), html.replace('@PORT@', port))
            items.append('<item><title>%s</title><link>%s</link><guid>%s</guid><pubDate>Sun, %02d Nov 2026 %02d:%02d:00 +0100</pubDate>'
                         '<description><![CDATA[%s]]></description></item>' % (title, url, url, rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59), paras[0][:200]))
            urls.append(url)
        write(os.path.join(base, 'feed.xml'),
              ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>%s %s</title><link>http://%s:@PORT@/</link>%s</channel></rss>'
               % (host, section, host, ''.join(items))).replace('@PORT@', port))
    with open(os.path.join(a.out, 'feeds.txt'), 'w') as out:
        for host, section, lang, layout in feeds:
            out.write('http://%s:%s/%s/feed.xml %s %s\n' % (host, port, section, host, lang))
    with open(os.path.join(a.out, 'urls.txt'), 'w') as out:
        out.write('\n'.join(u.replace('@PORT@', port) for u in urls) + '\n')


if __name__ == '__main__':
    main()
