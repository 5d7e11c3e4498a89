#!/usr/bin/env python3
"""make-pages.py -- writes the extractor's fixture pages (tests/extract/*.html)
and what a careful reader takes from each (*.expect.json).

The pages imitate theme families other than the development sets' ones
(a news CMS with a JSON-LD @graph, an Arc XP-like French layout, an old
table layout in windows-1256 without metadata, a custom French CMS with
<br><br> text and the date above the headline), so the integration test
tests/it/extract_pages.sh checks the extractor on markup it was not tuned
on.  Run it again after editing; the output is committed.
"""
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent

AR = [
    "قررت الحكومة، خلال مجلسها الأسبوعي المنعقد اليوم الخميس بالرباط، تخصيص غلاف مالي إضافي لدعم مربي الماشية المتضررين من توالي سنوات الجفاف، في إطار برنامج استعجالي يمتد إلى نهاية السنة الجارية.",
    "وأوضح الناطق الرسمي باسم الحكومة، في ندوة صحافية أعقبت المجلس، أن البرنامج يشمل توزيع الشعير المدعم وتوفير الأعلاف المركبة بأثمنة تفضيلية، إلى جانب حملات تلقيح واسعة للقطيع الوطني.",
    "وأضاف المسؤول الحكومي أن السلطات الإقليمية ستشرف على عمليات التوزيع بتنسيق مع الغرف الفلاحية، مؤكدا أن الأولوية ستعطى للمناطق الجبلية والواحات التي تضررت أكثر من غيرها.",
    "ويأتي هذا القرار بعد أسابيع من مطالب تقدمت بها جمعيات مهنية، نبهت فيها إلى ارتفاع أسعار الأعلاف في الأسواق المحلية وتراجع أعداد رؤوس الماشية في عدد من الجهات.",
    "ومن المرتقب أن يعرض وزير الفلاحة تفاصيل البرنامج أمام لجنة القطاعات الإنتاجية بمجلس النواب خلال الأسبوع المقبل، وفق ما أفادت به مصادر برلمانية.",
]
FR = [
    "Le port de Tanger Med a enregistré une hausse de 12% de son trafic de conteneurs au premier trimestre, selon les chiffres publiés lundi par l'autorité portuaire, qui évoque une activité soutenue malgré le ralentissement du commerce mondial.",
    "Cette progression s'explique notamment par l'arrivée de nouvelles lignes maritimes reliant le Maroc à l'Afrique de l'Ouest et à l'Amérique du Sud, précise le communiqué.",
    "L'autorité portuaire table sur un volume de neuf millions de conteneurs d'ici la fin de l'année, un record depuis la mise en service du complexe en 2007.",
    "Les opérateurs logistiques installés dans la zone franche attendent, de leur côté, l'extension des plateformes de stockage annoncée l'an dernier.",
]


def write(name, html, expect, encoding='utf-8'):
    (HERE / f'{name}.html').write_bytes(html.encode(encoding))
    (HERE / f'{name}.expect.json').write_text(json.dumps(expect, ensure_ascii=False, indent=1) + '\n', encoding='utf8')


# 1. A news CMS: JSON-LD @graph, outlet and name in the byline, an inline ad,
#    a read-also insert, tags, share bar, comments, a "most read" sidebar.
html = f'''<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="UTF-8">
<title>دعم استعجالي لمربي الماشية المتضررين من الجفاف | هسبريس</title>
<meta property="og:title" content="دعم استعجالي لمربي الماشية المتضررين من الجفاف">
<meta property="og:site_name" content="Hespress">
<meta property="article:published_time" content="2024-03-14T10:15:00+00:00">
<script type="application/ld+json">{{"@context":"https://schema.org","@graph":[{{"@type":"WebSite","name":"Hespress"}},
{{"@type":"NewsArticle","headline":"دعم استعجالي لمربي الماشية المتضررين من الجفاف","datePublished":"2024-03-14T11:15:00+01:00",
"dateModified":"2024-03-14T12:40:00+01:00","author":{{"@type":"Person","name":"هسبريس - محمد الراجي"}}}}]}}</script>
</head><body class="single single-post">
<header class="site-header"><nav class="main-nav"><ul><li><a href="/">الرئيسية</a></li><li><a href="/politique">سياسة</a></li><li><a href="/economie">اقتصاد</a></li></ul></nav>
<div class="today">الخميس 14 مارس 2024</div></header>
<div class="container"><div class="row"><div class="col-md-8">
<ol class="breadcrumbs"><li><a href="/">الرئيسية</a></li><li><a href="/economie">اقتصاد</a></li></ol>
<h1 class="post-title">دعم استعجالي لمربي الماشية المتضررين من الجفاف</h1>
<div class="post-info"><span class="writer"><a href="/author/77">هسبريس - محمد الراجي</a></span>
<span class="published">الخميس 14 مارس 2024 - 11:15</span></div>
<div class="thumb"><img src="/a.jpg"><span class="img-source">صورة: أرشيف</span></div>
<div class="share"><a href="#">فيسبوك</a><a href="#">تويتر</a><a href="#">واتساب</a></div>
<div class="article-content">
<p>{AR[0]}</p><p>{AR[1]}</p>
<div class="banner-inline"><span>إعلانات</span><ins class="adsbygoogle"></ins></div>
<p><strong>اقرأ أيضا:</strong> <a href="/x">ارتفاع أسعار الأعلاف يثقل كاهل الكسابة</a></p>
<p>{AR[2]}</p><p>{AR[3]}</p><p>{AR[4]}</p>
</div>
<div class="tags-list"><a href="/tag/1">الجفاف</a><a href="/tag/2">الماشية</a></div>
<section class="comments"><h3>التعليقات</h3><div class="comment"><span class="comment-author">مواطن</span><span class="comment-date">منذ ساعتين</span><p>قرار جيد لكنه جاء متأخرا جدا بالنسبة للفلاحين الصغار في الجبال.</p></div></section>
</div><div class="col-md-4"><div class="most-read"><h3>الأكثر قراءة</h3><ul><li><a href="/1">خبر أول عن الطقس في المملكة</a></li><li><a href="/2">خبر ثان عن أسعار المحروقات</a></li></ul></div></div></div></div>
<footer><p>جميع الحقوق محفوظة © هسبريس 2024</p></footer></body></html>'''
write('cms-graph-ar', html, {
    "title": "دعم استعجالي لمربي الماشية المتضررين من الجفاف",
    "published": "2024-03-14T10:15:00Z", "author": "محمد الراجي", "lang": "ar",
    "body": "\n\n".join(AR),
})

# 2. An Arc XP-like French layout: standfirst as a sub-headline, byline with a
#    link, <time> inside the date line, caption, subheading and list, ad
#    label, related block, newsletter box, agency name in meta author.
html = f'''<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>Tanger Med: le trafic de conteneurs en hausse de 12% | www.le360.ma</title>
<meta property="og:title" content="Tanger Med: le trafic de conteneurs en hausse de 12%">
<meta property="og:site_name" content="Le360 Français"><meta name="author" content="Le360">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle","headline":"Tanger Med: le trafic de conteneurs en hausse de 12%",
"datePublished":"2025-04-07T11:18:42.123Z","dateModified":"2025-04-07T12:02:10.000Z","author":[{{"@type":"Person","name":"Amine Tazi"}}],
"publisher":{{"@type":"Organization","name":"Le360"}}}}</script></head>
<body><div id="fusion-app"><header class="c-nav"><ul><li><a href="/">Accueil</a></li><li><a href="/economie">Économie</a></li></ul></header>
<main><article class="b-article"><div class="b-header"><a class="c-overline" href="/economie">Économie</a>
<h1 class="c-heading">Tanger Med: le trafic de conteneurs en hausse de 12%</h1>
<h2 class="c-subheadline">Le complexe portuaire confirme sa place de premier port de Méditerranée.</h2>
<div class="c-attribution">Par <a href="/auteurs/amine-tazi">Amine Tazi</a></div>
<div class="c-date"><time datetime="2025-04-07T11:18:42.123Z">Le 07/04/2025 à 12h18</time></div></div>
<figure class="c-media"><img src="/p.jpg"><figcaption>Le port de Tanger Med. Le360</figcaption></figure>
<div class="b-article-body__content">
<p class="c-paragraph">{FR[0]}</p><p class="c-paragraph">{FR[1]}</p>
<div class="c-ad"><span>Publicité</span></div>
<h2 class="c-heading">Un record attendu</h2><p class="c-paragraph">{FR[2]}</p>
<ul class="c-list"><li>Neuf millions de conteneurs visés cette année</li><li>Nouvelles lignes vers l'Afrique de l'Ouest</li></ul>
<p class="c-paragraph">{FR[3]}</p>
</div>
<div class="c-tags"><a href="/tag/port">Port</a><a href="/tag/tanger">Tanger</a></div>
<div class="b-related"><h3>Sur le même sujet</h3><ul><li><a href="/r1">Le port de Nador West Med entre en service</a></li><li><a href="/r2">Le trafic aérien en hausse à Marrakech</a></li></ul></div>
</article></main>
<aside class="newsletter"><p>Inscrivez-vous à notre newsletter pour recevoir l'essentiel de l'actualité chaque matin.</p></aside>
</div></body></html>'''
write('arc-fr', html, {
    "title": "Tanger Med: le trafic de conteneurs en hausse de 12%",
    "published": "2025-04-07T11:18:42Z", "author": "Amine Tazi", "lang": "fr",
    "body": "\n\n".join(FR[:2] + ["Un record attendu", FR[2], "Neuf millions de conteneurs visés cette année",
                              "Nouvelles lignes vers l'Afrique de l'Ouest", FR[3]]),
})

# 3. An old table layout in windows-1256 without any metadata: the visible
#    date line is all there is; text separated by <br><br>.
html = f'''<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256">
<title>جريدة الشمال - دعم استعجالي لمربي الماشية</title></head><body>
<table width="100%"><tr><td class="menu"><a href="/">الرئيسية</a><br><a href="/a">أخبار</a><br><a href="/b">رياضة</a></td>
<td><font size="5"><b>دعم استعجالي لمربي الماشية</b></font><br>
<font size="2">نشر في 15 غشت 2019 على الساعة 10:20</font><br><br>
{AR[0]}<br><br>{AR[1]}<br><br>{AR[2]}<br><br>
<a href="/prev">المقال السابق</a> | <a href="/next">المقال التالي</a></td></tr></table>
<center>جميع الحقوق محفوظة</center></body></html>'''
write('table-cp1256', html, {
    "title": "دعم استعجالي لمربي الماشية",
    "published": "2019-08-15T09:20:00Z", "author": None, "lang": "ar",
    "body": "\n\n".join(AR[:3]),
}, encoding='cp1256')

# 4. A custom French CMS: the date above the headline, author only in a
#    meta tag, a modified line, text as <br><br> runs in one div, a
#    "Lire aussi" line, a call to follow on WhatsApp.
html = f'''<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Tanger Med en hausse - Médias 24</title>
<meta name="author" content="Sanae Berrada"><meta property="og:title" content="Tanger Med en hausse de 12% au premier trimestre">
<meta property="article:published_time" content="2025-04-07T09:30:00+01:00"></head><body>
<div class="top">Lundi 7 avril 2025</div><div class="page"><div class="art-head"><span class="rubrique">Économie</span>
<div class="dt">Publié le 07/04/2025 à 09h30 - Mis à jour le 07/04/2025 à 11h05</div>
<h1>Tanger Med en hausse de 12% au premier trimestre</h1></div>
<div class="txt">{FR[0]}<br><br>{FR[1]}<br><br><b>Lire aussi :</b> <a href="/x">Nador West Med entre en service</a><br><br>{FR[2]}<br><br>{FR[3]}
<div class="wa">Suivez-nous sur WhatsApp pour ne rien rater de l'actualité économique</div></div></div></body></html>'''
write('custom-fr', html, {
    "title": "Tanger Med en hausse de 12% au premier trimestre",
    "published": "2025-04-07T08:30:00Z", "author": "Sanae Berrada", "lang": "fr",
    "body": "\n\n".join(FR),
})

# 5. A short article next to a longer box of teasers with excerpts (each an
#    <article>), the box titled "اقرأ المزيد"; byline and date in one line.
teaser = ("وفي سياق متصل، أعلنت وزارة الداخلية عن إجراءات جديدة لتنظيم الأسواق الأسبوعية في العالم القروي، "
          "تشمل مراقبة الأسعار وجودة المواد المعروضة، وذلك بتنسيق مع السلطات المحلية والمجالس المنتخبة.")
rel = ''.join(f'<article class="post-item"><h3><a href="/r{i}">عنوان مقال مرتبط رقم {i}</a></h3><p>{teaser}</p>'
              f'<span class="when">منذ {i + 1} ساعات</span></article>' for i in range(6))
html = f'''<html lang="ar"><head><meta charset="utf-8"><title>دعم الكسابة | موقع الأخبار</title>
<meta property="og:title" content="دعم الكسابة"></head><body>
<div class="wrap"><article class="single"><h1>دعم الكسابة</h1>
<div class="line">بقلم: يوسف العلوي | 14 مارس 2024 - 11:15</div>
<div class="entry"><p>{AR[0]}</p><p>{AR[1]}</p></div></article>
<section class="more"><h2>اقرأ المزيد</h2>{rel}</section></div></body></html>'''
write('short-with-teasers', html, {
    "title": "دعم الكسابة", "published": "2024-03-14T10:15:00Z", "author": "يوسف العلوي", "lang": "ar",
    "body": "\n\n".join(AR[:2]),
})

# 6. The byline above the headline, a relative date ("منذ ساعتين") shown,
#    the real one only in the metadata.
html = f'''<html lang="ar"><head><meta charset="utf-8"><title>دعم استعجالي للكسابة المتضررين</title>
<meta property="article:published_time" content="2024-03-14T10:15:00Z"></head><body>
<main><div class="hdr"><span class="cat">اقتصاد</span><span class="by">محمد العمراني</span><span class="ago">منذ ساعتين</span>
<h1>دعم استعجالي للكسابة المتضررين</h1></div>
<div class="content"><p>{AR[0]}</p><p>{AR[1]}</p><p>{AR[2]}</p></div></main></body></html>'''
write('byline-above', html, {
    "title": "دعم استعجالي للكسابة المتضررين", "published": "2024-03-14T10:15:00Z",
    "author": "محمد العمراني", "lang": "ar", "body": "\n\n".join(AR[:3]),
})
