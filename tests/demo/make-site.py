#!/usr/bin/env python3
"""Writes the bundled demo mirror under tests/demo/site/ (committed output).

Four invented Moroccan-style news sites on *.localhost hosts, each with a
feed and article pages in its own page chrome:
  akhbar24.localhost   Arabic, WordPress/tagDiv-like, RSS 2.0, UTF-8
  sahifa.localhost     Arabic, JNews-like, RSS 2.0, windows-1256
  lematinal.localhost  French, custom CMS, Atom 1.0
  rabatinfo.localhost  French, HTML5 + JSON-LD, RSS 2.0
The seed article is published by akhbar24 (original) and sahifa (a copy in
other chrome); rabatinfo republishes a lematinal story with an added
attribution line.  Article texts are written for this project, except the
seed article (the project's starting point).  "@PORT@" in the files is
replaced by the fixture server with its port.

    python3 tests/demo/make-site.py   # rewrites tests/demo/site/
"""
import html
import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'site')

SEED_TITLE = 'أنقرة تدخل نادي العواصم العالمية المعتمدة على الخبرة الأمنية للمغرب'
SEED = [
    'دخلت أنقرة نادي العواصم العالمية المعتمدة على الخبرة الأمنية للمغرب، إذ يجري عبد اللطيف الحموشي، المدير العام للأمن الوطني ولمراقبة التراب الوطني، زيارة عمل إلى تركيا، تمتد من أول أمس الخميس إلى اليوم السبت، وذلك في سياق الجهود المبذولة لتدعيم علاقات التعاون الأمني الثنائي، وتبادل الخبرات المرتبطة بالمستجدات التكنولوجية والابتكارات العلمية في المجال الأمني.',
    'وذكر بلاغ لقطب المديرية العامة للأمن الوطني والمديرية العامة لمراقبة التراب الوطني أن حموشي التقى خلال هذه الزيارة، التي جاءت بدعوة رسمية من السلطات التركية، مع كل من منير كارال أوغلو الوزير المنتدب في وزارة الداخلية التركية، وسلامي يلديز، المدير العام للاستعلامات، واستعرض معهما مختلف القضايا الأمنية ذات الاهتمام المشترك، ومستويات التعاون القائمة بين البلدين في المجال الأمني، وسبل الارتقاء بهذا التعاون بما يضمن تحقيق الأمن والاستقرار وتحييد المخاطر والتحديات الأمنية المشتركة.',
    'وحسب البلاغ ذاته ، تميزت تلك اللقاءات الثنائية بتطابق وجهات النظر والتأكيد على الرغبة المشتركة في تدعيم آليات التعاون الأمني بين البلدين، وتقاسم الخبرات والتجارب في مختلف التخصصات الأمنية، بما يرقى إلى مستوى العلاقات المتميزة بين المملكة المغربية والجمهورية التركية.',
    'وتم إجراء تلك اللقاءات الأمنية الثنائية بالتزامن مع زيارة المدير العام للأمن الوطني ولمراقبة التراب الوطني للمعرض الدولي لتجهيزات الأمن الداخلي (IGEF24)، الذي تحتضنه أنقرة، من 19 إلى 21 شتنبر الجاري، والذي يشكل منصة دولية تستعرض أحدث التطورات التكنولوجية والابتكارات في مجال الأمن والدفاع على مستوى العالم.',
    'واطلع المدير العام للأمن الوطني ولمراقبة التراب الوطني خلال زيارته لأروقة هذا المعرض الدولي، على مختلف التجهيزات المبتكرة في مجال الأمن الداخلي وتكنولوجيات الخدمات الأمنية والشرطية على الصعيد العالمي، والتي من شأنها تجويد المنظومة الأمنية وجعلها أكثر فاعلية ونجاعة في مكافحة التهديدات الإجرامية الناشئة.',
    'وخلص البلاغ إلى أن الزيارة المذكورة تؤشر على الاهتمام المتزايد بأهمية تدعيم وتطوير آليات التعاون الأمني الدولي، وتعزيز الشراكات الثنائية والمتعددة الأطراف في المجال الشرطي، باعتبارها الآلية الأنجع لمواجهة الامتدادات الدولية والإقليمية لمخاطر الإرهاب وتهديدات الجريمة المنظمة العابرة للحدود الوطنية.',
    'ووفق صحيفة الصباح، فإن دعوات دول الجوار الإقليمي للتعاون مع الأجهزة الأمنية المغربية تبعث إشارات مفادها أن كبريات العواصم تعول في تعاونها مع المغرب على المستوى الأمني، في ظل التغيرات الجديدة التي عرفتها المنطقة والعالم، عبر تجديد آلياتها ووسائلها لمسايرة المستجدات الإقليمية وتعزيز القدرات على مواجهة التهديدات الأمنية الجديدة، في وقت بات المغرب يكتسب سمعة دولية في إطار مكافحة الجريمة بشكل استباقي، بفضل الخبرة التي راكمتها مؤسسته الأمنية، عبر قنوات تعاون أمني ثنائي للمملكة أوجد أنماطا جديدة أكثر مرونة وفاعلية، ما جعلها تكون مطلوبة من دول الاتحاد الأوربي وخارجه.',
]

# (slug, title, author or None, ISO date, paragraphs)
AKHBAR24 = [
    ('896548', SEED_TITLE, None, '2024-09-21T10:42:00+01:00', SEED),
    ('896601', 'أمطار رعدية مرتقبة بعدد من أقاليم المملكة', 'سعيد الإدريسي', '2024-09-22T18:05:00+01:00', [
        'أفادت المديرية العامة للأرصاد الجوية بأن زخات مطرية رعدية قوية مرتقبة، ابتداء من مساء اليوم الأحد إلى غاية يوم الثلاثاء، بعدد من أقاليم المملكة، مع احتمال تساقط البرد محليا.',
        'وأوضحت النشرة الإنذارية أن الكميات المتوقعة قد تتراوح بين 30 و50 ملم بأقاليم أزيلال وبني ملال وخنيفرة وميدلت، فيما ستعرف أقاليم الحوز وتارودانت وشيشاوة زخات أخف.',
        'ودعت المديرية مستعملي الطريق إلى توخي الحذر واتباع إرشادات السلامة، خاصة في المناطق الجبلية التي قد تعرف سيولا مفاجئة.',
    ]),
    ('896655', 'افتتاح الدورة الجديدة للمعرض الدولي للكتاب بالرباط', 'نادية بنعلي', '2024-09-23T11:30:00+01:00', [
        'افتتحت صباح اليوم بالرباط فعاليات الدورة الجديدة للمعرض الدولي للنشر والكتاب، بمشاركة أزيد من 700 عارض يمثلون خمسين دولة، في موعد ثقافي بات يستقطب عشرات الآلاف من الزوار كل سنة.',
        'ويتضمن برنامج هذه الدورة ندوات فكرية ولقاءات مع كتاب مغاربة وأجانب، إلى جانب فضاءات مخصصة للأطفال وورشات للقراءة والكتابة.',
        'وأكد المنظمون أن المعرض سيظل مفتوحا في وجه العموم إلى غاية الأحد المقبل، من العاشرة صباحا إلى الثامنة مساء.',
    ]),
]

SAHIFA = [
    ('news-20240921-1', SEED_TITLE, None, '2024-09-21T13:59:00+01:00', SEED),
    ('news-20240922-4', 'ارتفاع صادرات الحوامض المغربية نحو الأسواق الإفريقية', 'يوسف العلوي', '2024-09-22T09:15:00+01:00', [
        'سجلت صادرات الحوامض المغربية نحو الأسواق الإفريقية ارتفاعا ملحوظا خلال الموسم الحالي، وفق معطيات مهنيي القطاع، مدفوعة بالطلب المتزايد في دول غرب إفريقيا.',
        'وأشار المهنيون إلى أن الكميات المصدرة تجاوزت 120 ألف طن، مقابل 95 ألف طن خلال الموسم الماضي، رغم تداعيات الجفاف على عدد من الضيعات بجهة سوس ماسة.',
        'ويرى خبراء أن تنويع الأسواق يظل خيارا استراتيجيا لتقليص الارتباط بالسوق الأوروبية، التي تعرف منافسة قوية من منتجين آخرين في حوض المتوسط.',
    ]),
    ('news-20240923-2', 'تأهل فريق الوداد إلى دور المجموعات', None, '2024-09-23T22:40:00+01:00', [
        'ضمن فريق الوداد الرياضي تأهله إلى دور المجموعات من المسابقة القارية، بعد فوزه مساء أمس بهدفين دون رد على ضيفه، في مباراة احتضنها الملعب الكبير بالدار البيضاء.',
        'وسجل هدفي اللقاء كل من مهاجم الفريق في الدقيقة 34 ومدافعه في الدقيقة 78 إثر ضربة ركنية، أمام حضور جماهيري غفير.',
        'وأعرب مدرب الفريق في الندوة الصحفية عقب المباراة عن رضاه عن أداء لاعبيه، مؤكدا أن الهدف المقبل هو تصدر المجموعة.',
    ]),
]

TOURISM = [
    "Le Maroc a accueilli plus de 8 millions de touristes au cours du premier semestre, soit une hausse de 14% par rapport à la même période de l'année précédente, selon les chiffres de l'Observatoire du tourisme.",
    "Les marchés européens, en tête desquels la France et l'Espagne, restent les principaux pourvoyeurs de visiteurs, tandis que les arrivées des Marocains résidant à l'étranger progressent également.",
    "Les professionnels du secteur se montrent optimistes pour la saison estivale, portée par l'ouverture de nouvelles lignes aériennes vers Marrakech, Agadir et Tanger.",
]

LEMATINAL = [
    ('2024/09/casablanca-tramway-nouvelle-ligne', 'Casablanca : lancement des travaux de la nouvelle ligne de tramway', 'Salma Idrissi', '2024-09-20T09:10:00+01:00', [
        "Les travaux de la nouvelle ligne de tramway de Casablanca ont été lancés ce vendredi, en présence des autorités locales et des représentants de la société de développement local chargée du projet.",
        "Longue de 14 kilomètres, la ligne desservira une vingtaine de stations entre le quartier de Sidi Moumen et le centre-ville. Sa mise en service est prévue dans un délai de trois ans.",
        "Selon les responsables du projet, près de 150.000 voyageurs devraient emprunter quotidiennement cette ligne, qui sera connectée au réseau de bus rapides.",
    ]),
    ('2024/09/tourisme-hausse-arrivees-semestre', 'Tourisme : hausse des arrivées au premier semestre', 'Karim Benjelloun', '2024-09-21T16:45:00+01:00', TOURISM),
    ('2024/09/education-plateforme-numerique-lyceens', 'Éducation : une nouvelle plateforme numérique pour les lycéens', None, '2024-09-22T12:00:00+01:00', [
        "Le ministère de l'Éducation nationale a annoncé le lancement d'une plateforme numérique destinée aux lycéens, qui propose des cours en ligne, des exercices corrigés et des sessions de soutien à distance.",
        "La plateforme, accessible gratuitement, couvre dans un premier temps les matières scientifiques du baccalauréat, avant d'être étendue aux langues et aux sciences humaines.",
        "« Notre objectif est de réduire les inégalités d'accès au soutien scolaire », a indiqué un responsable du ministère lors de la présentation du projet.",
    ]),
]

RABATINFO = [
    ('culture/festival-musiques-du-monde-juin', 'Rabat : le festival des musiques du monde revient en juin', 'Amine Tazi', '2024-09-24T08:20:00+01:00', [
        "La capitale accueillera du 20 au 28 juin la nouvelle édition du festival des musiques du monde, avec une programmation réunissant plus de 90 artistes venus de quatre continents.",
        "Les concerts se tiendront sur six scènes réparties entre la corniche, le quartier de l'Océan et la place du Bab El Had. La majorité des spectacles seront gratuits.",
        "Les organisateurs annoncent également des ateliers de musique destinés aux enfants et des rencontres avec les artistes au sein de la médiathèque municipale.",
    ]),
    ('economie/tourisme-premier-semestre-record', 'Le tourisme marocain en hausse de 14% au premier semestre', None, '2024-09-21T19:30:00+01:00',
     ["Selon Le Matinal, les arrivées touristiques poursuivent leur progression."] + TOURISM),
]

AR_MONTHS = ['يناير', 'فبراير', 'مارس', 'أبريل', 'ماي', 'يونيو', 'يوليوز', 'غشت', 'شتنبر', 'أكتوبر', 'نونبر', 'دجنبر']
AR_DAYS = ['الاثنين', 'الثلاثاء', 'الأربعاء', 'الخميس', 'الجمعة', 'السبت', 'الأحد']
RFC_DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']
RFC_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']


def parts(iso):
    import datetime
    d = datetime.datetime.fromisoformat(iso)
    return d


def rfc822(iso):
    d = parts(iso)
    return '%s, %02d %s %d %02d:%02d:00 +0100' % (RFC_DAYS[d.weekday()], d.day, RFC_MONTHS[d.month - 1], d.year, d.hour, d.minute)


def ar_date(iso):
    d = parts(iso)
    return '%s %02d %s %d - %02d:%02d' % (AR_DAYS[d.weekday()], d.day, AR_MONTHS[d.month - 1], d.year, d.hour, d.minute)


def fr_date(iso):
    d = parts(iso)
    return 'Le %02d/%02d/%d à %02dh%02d' % (d.day, d.month, d.year, d.hour, d.minute)


def e(s):
    return html.escape(s, quote=True)


def write(path, text, encoding='utf-8'):
    full = os.path.join(OUT, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, 'w', encoding=encoding, errors='strict', newline='\n') as f:
        f.write(text)


# ---------------------------------------------------------------- akhbar24
def page_akhbar24(host, slug, title, author, iso, paras, prev, nxt, others):
    url = 'http://%s:@PORT@/%s' % (host, slug)
    body = []
    for i, p in enumerate(paras):
        body.append('<p>%s</p>' % e(p))
        if i == 1 and others:
            body.append('<div class="td-read-also"><p><strong>اقرأ أيضا:</strong> <a href="%s">%s</a></p></div>' % (others[0][0], e(others[0][1])))
    byline = ('<div class="td-post-author-name">بقلم: <a href="/author/x">%s</a></div>' % e(author)) if author else '<div class="td-post-author-name"><a href="/">أخبار 24</a></div>'
    related = ''.join('<li><a href="%s">%s</a></li>' % (u, e(t)) for u, t in others)
    return '''<!doctype html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<title>%(title)s - أخبار 24</title>
<meta property="og:title" content="%(title)s">
<meta property="og:site_name" content="أخبار 24">
<meta property="og:type" content="article">
<meta property="article:published_time" content="%(iso)s">
<link rel="canonical" href="%(url)s?utm_source=rss">
<script>var td_ajax = "x"; window.ads = [];</script>
</head>
<body class="post-template-default single single-post tag-maroc">
<div class="td-header-wrap"><div class="td-header-top"><span class="td-date">الأحد 29 نونبر 2026</span></div>
<div class="td-logo"><a href="/">أخبار 24</a></div>
<ul class="sf-menu"><li><a href="/">الرئيسية</a></li><li><a href="/politique">سياسة</a></li><li><a href="/economie">اقتصاد</a></li><li><a href="/sport">رياضة</a></li><li><a href="/culture">ثقافة</a></li></ul></div>
<div class="td-container">
<div class="td-crumb-container"><a href="/">الرئيسية</a> » <a href="/politique">سياسة</a></div>
<article id="post-%(slug)s" class="post type-post status-publish format-standard">
<header class="td-post-header"><h1 class="entry-title">%(title)s</h1>
<div class="td-module-meta-info">%(byline)s<span class="td-post-date"><time class="entry-date" datetime="%(iso)s">%(ardate)s</time></span></div></header>
<div class="td-post-sharing td-post-sharing-top"><a href="#">فيسبوك</a> <a href="#">تويتر</a> <a href="#">واتساب</a></div>
<div class="td-post-content">
%(body)s
</div>
<footer><div class="td-post-source-tags"><ul class="td-tags"><li><span>الوسوم</span></li><li><a href="/tag/maroc">المغرب</a></li></ul></div>
<div class="td-block-row td-post-next-prev"><div class="td-post-prev-post"><div class="td-post-next-prev-content"><span>المقال السابق</span><a href="%(prev)s">المقال السابق</a></div></div>
<div class="td-post-next-post"><div class="td-post-next-prev-content"><span>المقال التالي</span><a href="%(next)s">المقال التالي</a></div></div></div></footer>
</article>
<div class="td_block_related_posts"><h4 class="td-related-title">مقالات ذات صلة</h4><ul>%(related)s</ul></div>
<div id="comments" class="comments"><h3>التعليقات</h3><p>لا توجد تعليقات بعد. كن أول من يعلق على هذا المقال.</p></div>
</div>
<div class="td-footer-wrapper"><p>جميع الحقوق محفوظة © أخبار 24</p><ul><li><a href="/contact">اتصل بنا</a></li><li><a href="/about">من نحن</a></li></ul></div>
</body></html>
''' % dict(title=e(title), iso=iso, url=url, slug=slug, byline=byline, ardate=ar_date(iso), body='\n'.join(body),
           prev=prev, next=nxt, related=related)


# ---------------------------------------------------------------- sahifa (windows-1256)
def page_sahifa(host, slug, title, author, iso, paras, prev, nxt, others):
    body = '\n'.join('<p>%s</p>' % e(p) for p in paras)
    author_html = ('<div class="jeg_meta_author">كتب <a href="/author">%s</a></div>' % e(author)) if author else ''
    related = ''.join('<div class="jeg_post"><h3 class="jeg_post_title"><a href="%s">%s</a></h3></div>' % (u, e(t)) for u, t in others)
    return '''<!DOCTYPE html>
<html dir="rtl" lang="ar">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">
<title>%(title)s | الصحيفة</title>
<meta name="description" content="%(desc)s">
</head>
<body class="jeg_single_tpl_1">
<div class="jeg_header"><div class="jeg_topbar"><div class="jeg_top_date">الأحد 29 نونبر 2026</div></div>
<nav class="jeg_main_menu"><a href="/">الرئيسية</a> <a href="/news">أخبار</a> <a href="/sport">رياضة</a> <a href="/eco">اقتصاد</a></nav></div>
<div class="jeg_content"><div class="jeg_inner_content">
<div class="jeg_breadcrumbs"><a href="/">الرئيسية</a> / <a href="/news">أخبار</a></div>
<h1 class="jeg_post_title">%(title)s</h1>
<div class="jeg_meta_container">%(author)s<div class="jeg_meta_date">%(ardate)s</div></div>
<div class="jeg_share_top_container"><div class="jeg_share_button"><a>شارك</a><a>فيسبوك</a><a>تويتر</a></div></div>
<div class="entry-content no-share"><div class="content-inner">
%(body)s
</div></div>
<div class="jeg_prevnext_post"><a class="post prev-post" href="%(prev)s"><span class="caption">المقال السابق</span><h3 class="post-title">الخبر السابق</h3></a>
<a class="post next-post" href="%(next)s"><span class="caption">المقال التالي</span><h3 class="post-title">الخبر التالي</h3></a></div>
<div class="jnews_related_post_container"><div class="jeg_block_heading"><h3>أخبار ذات صلة</h3></div>%(related)s</div>
</div></div>
<div class="jeg_footer"><div class="footer_copyright"><p>© 2024 الصحيفة. جميع الحقوق محفوظة.</p></div></div>
</body>
</html>
''' % dict(title=e(title), desc=e(paras[0][:120]), author=author_html, ardate=ar_date(iso), body=body,
           prev=prev, next=nxt, related=related)


# ---------------------------------------------------------------- lematinal (French)
def page_lematinal(host, slug, title, author, iso, paras, prev, nxt, others):
    body = []
    for i, p in enumerate(paras):
        body.append('<p>%s</p>' % e(p))
        if i == 0 and others:
            body.append('<aside class="lire-aussi"><span>Lire aussi</span> <a href="%s">%s</a></aside>' % (others[0][0], e(others[0][1])))
    author_html = ('<span class="signature">Par %s</span>' % e(author)) if author else '<span class="signature">Le Matinal</span>'
    return '''<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>%(title)s | Le Matinal</title>
<meta property="og:site_name" content="Le Matinal">
<meta property="og:title" content="%(title)s">
<meta property="og:url" content="http://%(host)s:@PORT@/%(slug)s">
</head>
<body>
<header class="site-header"><a class="logo" href="/">Le Matinal</a>
<nav><ul><li><a href="/politique">Politique</a></li><li><a href="/economie">Économie</a></li><li><a href="/societe">Société</a></li></ul></nav>
<form class="search"><input name="q"><button>Rechercher</button></form></header>
<main>
<article class="article">
<h1 class="article-title">%(title)s</h1>
<div class="article-infos">%(author)s <span class="date-publication">%(frdate)s</span></div>
<p class="chapo">%(chapo)s</p>
<div class="article-body">
%(body)s
</div>
<div class="partage">Partager : <a href="#">Facebook</a> <a href="#">X</a> <a href="#">LinkedIn</a></div>
</article>
<section class="a-lire"><h2>À lire aussi</h2><ul>%(related)s</ul></section>
</main>
<footer><p>© Le Matinal 2024 - Tous droits réservés</p><p><a href="/mentions">Mentions légales</a></p></footer>
</body>
</html>
''' % dict(title=e(title), host=host, slug=slug, author=author_html, frdate=fr_date(iso),
           chapo=e('L\'essentiel : ' + title.split(':')[-1].strip() + '.'), body='\n'.join(body),
           related=''.join('<li><a href="%s">%s</a></li>' % (u, e(t)) for u, t in others))


# ---------------------------------------------------------------- rabatinfo (HTML5 + JSON-LD)
def page_rabatinfo(host, slug, title, author, iso, paras, prev, nxt, others):
    ld = {'@context': 'https://schema.org', '@type': 'NewsArticle', 'headline': title,
          'datePublished': iso, 'publisher': {'@type': 'Organization', 'name': 'Rabat Info'}}
    if author:
        ld['author'] = {'@type': 'Person', 'name': author}
    else:
        ld['author'] = {'@type': 'Organization', 'name': 'Rabat Info'}
    body = '\n'.join('<p>%s</p>' % e(p) for p in paras)
    return '''<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>%(title)s - Rabat Info</title>
<script type="application/ld+json">%(ld)s</script>
</head>
<body>
<div class="topbar"><a href="/">Rabat Info</a> | <a href="/culture">Culture</a> | <a href="/economie">Économie</a> | <a href="/newsletter">Newsletter</a></div>
<div class="layout"><div class="main-col">
<h1>%(title)s</h1>
<div class="post-meta"><time datetime="%(iso)s">%(frdate)s</time></div>
<div class="story-text">
%(body)s
<p class="related-inline">Lire aussi : <a href="%(other)s">%(othert)s</a></p>
</div>
<div class="social-share"><a>Partager sur Facebook</a> <a>Partager sur X</a></div>
<div class="newsletter-box"><p>Abonnez-vous à notre newsletter pour recevoir l'essentiel de l'actualité chaque matin.</p></div>
</div>
<div class="sidebar"><h3>Les plus lus</h3><ol>%(related)s</ol></div></div>
<div class="cookie-banner">Ce site utilise des cookies pour améliorer votre expérience. <button>Accepter</button></div>
<footer>Rabat Info © 2024</footer>
</body>
</html>
''' % dict(title=e(title), ld=json.dumps(ld, ensure_ascii=False), iso=iso, frdate=fr_date(iso), body=body,
           other=others[0][0] if others else '/', othert=e(others[0][1]) if others else 'Accueil',
           related=''.join('<li><a href="%s">%s</a></li>' % (u, e(t)) for u, t in others))


def rss(host, name, lang, items, encoding='utf-8', content=True):
    out = ['<?xml version="1.0" encoding="%s"?>' % encoding,
           '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">',
           '<channel>', '<title>%s</title>' % e(name), '<link>http://%s:@PORT@/</link>' % host,
           '<atom:link href="http://%s:@PORT@/feed/" rel="self" type="application/rss+xml"/>' % host,
           '<description>%s</description>' % e(name), '<language>%s</language>' % lang]
    for url, title, author, iso, paras in items:
        out.append('<item>')
        out.append('<title>%s</title>' % e(title))
        out.append('<link>%s</link>' % url)
        out.append('<guid isPermaLink="false">%s</guid>' % url.split('/')[-1])
        out.append('<pubDate>%s</pubDate>' % rfc822(iso))
        if author:
            out.append('<dc:creator><![CDATA[%s]]></dc:creator>' % author)
        out.append('<description><![CDATA[<p>%s</p>]]></description>' % paras[0][:150])
        if content:
            out.append('<content:encoded><![CDATA[%s]]></content:encoded>' % ''.join('<p>%s</p>' % p for p in paras))
        out.append('</item>')
    out += ['</channel>', '</rss>', '']
    return '\n'.join(out)


def atom(host, name, items):
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">',
           '<title>%s</title>' % e(name), '<link rel="alternate" href="http://%s:@PORT@/"/>' % host,
           '<id>tag:%s,2024:feed</id>' % host, '<updated>2024-09-22T12:00:00+01:00</updated>']
    for url, title, author, iso, paras in items:
        out += ['<entry>', '<title>%s</title>' % e(title), '<link rel="alternate" type="text/html" href="%s"/>' % url,
                '<id>%s</id>' % url, '<published>%s</published>' % iso, '<updated>%s</updated>' % iso]
        if author:
            out.append('<author><name>%s</name></author>' % e(author))
        out.append('<summary type="html">%s</summary>' % e('<p>%s</p>' % paras[0]))
        out.append('</entry>')
    out += ['</feed>', '']
    return '\n'.join(out)


def site(host, name, lang, articles, page_fn, ext, feed_path, feed_fn, encoding='utf-8'):
    urls = ['http://%s:@PORT@/%s%s' % (host, a[0], ext) for a in articles]
    items = []
    for i, (slug, title, author, iso, paras) in enumerate(articles):
        prev = urls[i - 1] if i > 0 else urls[-1]
        nxt = urls[(i + 1) % len(urls)]
        others = [(urls[j], articles[j][1]) for j in range(len(articles)) if j != i]
        write(os.path.join(host, slug + ext), page_fn(host, slug + ext, title, author, iso, paras, prev, nxt, others), encoding)
        items.append((urls[i], title, author, iso, paras))
    items.reverse()  # newest first, as feeds are
    write(os.path.join(host, feed_path), feed_fn(host, name, lang, items, encoding) if feed_fn is rss else feed_fn(host, name, items), encoding)
    write(os.path.join(host, 'index.html'), '<!doctype html><html lang="%s"><head><meta charset="%s"><title>%s</title>'
          '<link rel="alternate" type="application/rss+xml" href="/%s"></head><body><h1>%s</h1><ul>%s</ul></body></html>\n'
          % (lang, encoding, e(name), feed_path, e(name), ''.join('<li><a href="%s">%s</a></li>' % (u, e(a[1])) for u, a in zip(urls, articles))),
          encoding)


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    site('akhbar24.localhost', 'أخبار 24', 'ar', AKHBAR24, page_akhbar24, '.html', 'feed/index.xml', rss)
    site('sahifa.localhost', 'الصحيفة', 'ar', SAHIFA, page_sahifa, '.html', 'feed/index.xml', rss, 'windows-1256')
    site('lematinal.localhost', 'Le Matinal', 'fr', LEMATINAL, page_lematinal, '', 'atom.xml', atom)
    site('rabatinfo.localhost', 'Rabat Info', 'fr', RABATINFO, page_rabatinfo, '.html', 'rss.xml', rss)
    # Expected results, for the tests.
    expected = []
    for host, arts, ext in (('akhbar24.localhost', AKHBAR24, '.html'), ('sahifa.localhost', SAHIFA, '.html'),
                            ('lematinal.localhost', LEMATINAL, ''), ('rabatinfo.localhost', RABATINFO, '.html')):
        for slug, title, author, iso, paras in arts:
            expected.append({'url': 'http://%s:@PORT@/%s%s' % (host, slug, ext), 'title': title, 'author': author,
                             'published': iso, 'paragraphs': paras})
    with open(os.path.join(HERE, 'expected.jsonl'), 'w', encoding='utf-8') as f:
        for x in expected:
            f.write(json.dumps(x, ensure_ascii=False) + '\n')


if __name__ == '__main__':
    main()
