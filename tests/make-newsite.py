#!/usr/bin/env python3
"""make-newsite.py ROOT CONF_TEMPLATE TRUTH [--sites N] [--stories N] [--seed N]

Writes a deterministic set of news sites for multi-crawler tests and the
scaling benchmark (tests/it/workers.sh, bench/workers.sh): hosts
alpha.localhost, bravo.localhost ... under ROOT, each with an RSS feed
(/feed.xml) and article pages in site chrome (menu, share bar, footer).
Stories are Arabic or French, written from a word list so that two
stories share almost nothing; about a third are republished by one or two
other sites, as an exact copy or with an attribution opening the lead
("According to site X, ..."); with --lead, also as the lead alone with a
"read more" line (the dedup engine clusters those only when the full
story arrives first, so crawls in another order may differ).  CONF_TEMPLATE receives a config
listing the feeds (@PORT@ and @DB@ to fill in); TRUTH receives the stories
as JSON: [[url, url, ...], ...] (paths, one list per story, original
first).
"""
import argparse, email.utils, json, os, random, time

ap = argparse.ArgumentParser()
ap.add_argument('root')
ap.add_argument('conf')
ap.add_argument('truth')
ap.add_argument('--sites', type=int, default=4)
ap.add_argument('--stories', type=int, default=40)
ap.add_argument('--seed', type=int, default=7)
ap.add_argument('--lead', action='store_true')
a = ap.parse_args()
rnd = random.Random(a.seed)

AR = ("الحكومة الوزارة البرلمان المدينة الجهة الإقليم المشروع البرنامج الميزانية المواطنين الشباب المدارس "
      "المستشفيات الطرق الفلاحة الصيد السياحة الصناعة الطاقة المياه الأمطار الجفاف الأسعار الأسواق الصادرات "
      "الواردات الاستثمار الشركات العمال النقابات الحوار الاتفاق القانون المحكمة القضية التحقيق الأمن الشرطة "
      "الحدود التعاون الشراكة الاتحاد الرياضة المنتخب البطولة المباراة الجمهور الثقافة المهرجان الكتاب الفنانين "
      "التعليم الجامعة الطلبة البحث الرقمي الإدارة الخدمات الصحة أعلن أكد أوضح أضاف كشف قرر دعا طالب انطلق "
      "اختتم جديد كبير مهم واسع سريع محلي وطني دولي جهوي قروي حضري اقتصادي اجتماعي سياسي رسمي عمومي خاص "
      "الماضي المقبل الحالي الأول الثاني الأخير خلال بعد قبل منذ حول ضمن إطار أجل بهدف تعزيز تطوير تحسين دعم "
      "إطلاق تنظيم تمويل إنجاز توفير مواكبة تأهيل حماية مراقبة تتبع").split()
FR = ("gouvernement ministère parlement ville région province projet programme budget citoyens jeunes écoles "
      "hôpitaux routes agriculture pêche tourisme industrie énergie eau pluies sécheresse prix marchés exportations "
      "importations investissement entreprises travailleurs syndicats dialogue accord loi tribunal affaire enquête "
      "sécurité police frontières coopération partenariat union sport équipe championnat match public culture "
      "festival livre artistes enseignement université étudiants recherche numérique administration services santé "
      "annonce confirme précise ajoute révèle décide appelle lance clôture nouveau grand important large rapide "
      "local national international régional rural urbain économique social politique officiel public privé "
      "dernier prochain actuel premier deuxième pendant après avant depuis autour dans cadre afin renforcer "
      "développer améliorer soutenir organiser financer réaliser fournir accompagner protéger contrôler suivre").split()
CHROME = {
    'ar': ('الرئيسية | سياسة | اقتصاد | مجتمع | رياضة', 'شارك المقال على فيسبوك وتويتر وواتساب',
           'جميع الحقوق محفوظة', 'اقرأ المزيد', 'نقلا عن موقع %s، '),
    'fr': ('Accueil | Politique | Économie | Société | Sport', 'Partagez cet article sur Facebook et Twitter',
           'Tous droits réservés', 'Lire la suite', 'Selon le site %s, '),
}


def sentence(words, n):
    s = ' '.join(rnd.choice(words) for _ in range(n))
    return s[0].upper() + s[1:] + '.'


def story_text(lang):
    words = AR if lang == 'ar' else FR
    title = ' '.join(rnd.choice(words) for _ in range(7))
    paras = [' '.join(sentence(words, rnd.randint(12, 18)) for _ in range(2)) for _ in range(rnd.randint(3, 5))]
    return title, paras


def esc(s):
    return s.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')


NAMES = ('alpha bravo charlie delta echo foxtrot golf hotel india juliett kilo lima mike november oscar papa '
         'quebec romeo sierra tango uniform victor whiskey xray yankee zulu').split()
# Site names without digits: an attribution naming "site4" would carry a number the original lacks.
sites = ['%s%s.localhost' % (NAMES[i % 26], NAMES[i // 26 - 1] if i >= 26 else '') for i in range(a.sites)]
pages = {h: [] for h in sites}        # host -> [(path, title, published, lang, paras, chrome kind)]
truth = []
t0 = 1727000000                        # 2024-09-22
for k in range(a.stories):
    lang = 'ar' if k % 3 else 'fr'
    title, paras = story_text(lang)
    home = sites[k % len(sites)]
    t = t0 + k * 600
    path = '/news/%s-%d.html' % (lang, k)
    pages[home].append((path, title, t, lang, paras))
    members = ['http://%s:@PORT@%s' % (home, path)]
    if k % 3 == 0 and len(sites) > 1:
        others = [h for h in sites if h != home]
        rnd.shuffle(others)
        for j, h in enumerate(others[:1 + (k % 2)]):
            kinds = ('exact', 'attributed', 'lead') if a.lead else ('exact', 'attributed')
            kind = kinds[(k // 3 + j) % len(kinds)]
            c = CHROME[lang]
            if kind == 'exact':
                cp = list(paras)
            elif kind == 'attributed':
                cp = [c[4] % home.split('.')[0] + paras[0][0].lower() + paras[0][1:]] + paras[1:]
            else:
                cp = [paras[0], c[3]]
            cpath = '/news/%s-%d-r%d.html' % (lang, k, j)
            pages[h].append((cpath, title, t + 1800 * (j + 1), lang, cp))
            members.append('http://%s:@PORT@%s' % (h, cpath))
    truth.append(members)

for h in sites:
    items = []
    for path, title, t, lang, paras in pages[h]:
        c = CHROME[lang]
        iso = time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(t))
        body = ''.join('<p>%s</p>' % esc(p) for p in paras)
        html = ('<!DOCTYPE html><html lang="%s"%s><head><meta charset="utf-8"><title>%s | %s</title>'
                '<meta property="article:published_time" content="%s"></head><body>'
                '<nav class="menu">%s</nav><article><h1>%s</h1><time datetime="%s">%s</time>%s'
                '<div class="share">%s</div></article><footer>%s %s</footer></body></html>'
                % (lang, ' dir="rtl"' if lang == 'ar' else '', esc(title), h, iso, c[0], esc(title), iso,
                   iso[:10], body, c[1], c[2], h))
        p = os.path.join(a.root, h, path.lstrip('/'))
        os.makedirs(os.path.dirname(p), exist_ok=True)
        open(p, 'w', encoding='utf-8').write(html)
        items.append('<item><title>%s</title><link>http://%s:@PORT@%s</link><pubDate>%s</pubDate></item>'
                     % (esc(title), h, path, email.utils.formatdate(t, usegmt=True)))
    feed = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>%s</title>%s</channel></rss>'
            % (h, ''.join(items)))
    p = os.path.join(a.root, h, 'feed.xml')
    os.makedirs(os.path.dirname(p), exist_ok=True)
    open(p, 'w', encoding='utf-8').write(feed)

with open(a.conf, 'w', encoding='utf-8') as f:
    f.write('[crawl]\ndb = @DB@\n')
    for h in sites:
        f.write('\n[feed %s]\nurl = http://%s:@PORT@/feed.xml\nsite = %s\n' % (h, h, h.split('.')[0]))
json.dump(truth, open(a.truth, 'w'), ensure_ascii=False)
