#!/usr/bin/env python3
"""gen-feed.py N OUT -- writes a deterministic WordPress-style RSS 2.0 feed
of N items (about 1 KB each: Arabic and French titles, CDATA descriptions
and content:encoded HTML, dc:creator, categories, guid, media:content,
slash:comments, wfw:commentRss) for the feed benchmark.  Same N, same bytes."""
import random
import sys

AR = ("المغرب الرباط الحكومة البرلمان الاقتصاد الأمن الوطني المدير العام زيارة عمل تركيا "
      "التعاون الثنائي الخبرات التكنولوجية المعرض الدولي الداخلية الجهود المبذولة "
      "العلاقات المتميزة المملكة المغربية الجمهورية الاستقرار التحديات المشتركة").split()
FR = ("le la les un une des gouvernement Maroc Rabat économie sécurité coopération "
      "ministre réunion accord développement région été présenté à où déjà très "
      "projet national budget élection société culture sport").split()
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def words(rng, vocab, n):
    return " ".join(rng.choice(vocab) for _ in range(n))


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    rng = random.Random(20240921)
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n'
             '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
             'xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
             'xmlns:atom="http://www.w3.org/2005/Atom" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/" '
             'xmlns:slash="http://purl.org/rss/1.0/modules/slash/" xmlns:media="http://search.yahoo.com/mrss/">\n'
             '<channel>\n<title>أخبار المغرب - Bench</title>\n'
             '<atom:link href="https://bench.example.ma/feed/" rel="self" type="application/rss+xml" />\n'
             '<link>https://bench.example.ma</link>\n<description>Benchmark feed</description>\n'
             '<lastBuildDate>Sat, 21 Sep 2024 09:42:00 +0000</lastBuildDate>\n<language>ar</language>\n']
    for i in range(n):
        ar = rng.random() < 0.6
        vocab = AR if ar else FR
        title = words(rng, vocab, 6)
        day = 1 + i % 28
        h, m = i % 24, (i * 7) % 60
        date = "%s, %02d Sep 2024 %02d:%02d:00 +0100" % (DAYS[i % 7], day, h, m)
        para = "".join("<p>%s</p>" % words(rng, vocab, 9) for _ in range(2))
        parts.append(
            "<item>\n"
            "<title>%s &#8211; %d</title>\n"
            "<link>https://bench.example.ma/%d.html</link>\n"

            "<dc:creator><![CDATA[%s]]></dc:creator>\n"
            "<pubDate>%s</pubDate>\n"
            "<category><![CDATA[%s]]></category>\n<category><![CDATA[%s]]></category>\n"
            '<guid isPermaLink="false">https://bench.example.ma/?p=%d</guid>\n'
            "<description><![CDATA[%s &hellip;]]></description>\n"
            "<content:encoded><![CDATA[%s]]></content:encoded>\n"
            '<media:content url="https://bench.example.ma/img/%d.jpg" type="image/jpeg" medium="image" />\n'
            "<wfw:commentRss>https://bench.example.ma/%d.html/feed</wfw:commentRss>\n"
            "<slash:comments>%d</slash:comments>\n"
            "</item>\n" % (title, i, 100000 + i, words(rng, vocab, 2), date,
                            rng.choice(vocab), rng.choice(vocab), 100000 + i, words(rng, vocab, 6),
                            para, i, 100000 + i, i % 13))
    parts.append("</channel>\n</rss>\n")
    with open(out, "w", encoding="utf-8") as f:
        f.write("".join(parts))


if __name__ == "__main__":
    main()
