#!/usr/bin/env python3
"""gen-large.py N FEED EXPECTED -- writes an RSS 2.0 feed of N entries and,
computed independently from the same data (not by akhbar), the JSON that
`akhbar feed --url https://large.example.ma/feed` must print for it."""
import json
import sys

n, feed_path, exp_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
DAYS = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]  # 1 Jan 1970 was a Thursday
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
BASE = 1726905600  # 2024-09-21T08:00:00Z
items, entries = [], []
for i in range(n):
    t = BASE - i * 600
    days, rem = divmod(t, 86400)
    # civil date from days since the epoch (Howard Hinnant's algorithm)
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    y += m <= 2
    hh, mm, ss = rem // 3600, rem % 3600 // 60, rem % 60
    rfc = "%s, %02d %s %04d %02d:%02d:%02d +0000" % (DAYS[days % 7], d, MONTHS[m - 1], y, hh, mm, ss)
    iso = "%04d-%02d-%02dT%02d:%02d:%02dZ" % (y, m, d, hh, mm, ss)
    lang_ar = i % 2 == 0
    title = ("خبر رقم %d من المغرب" % i) if lang_ar else ("Dépêche n°%d : l'économie & le sport" % i)
    items.append(
        "<item><title>%s</title><link>/news/%d.html</link><guid isPermaLink=\"false\">id-%d</guid>"
        "<pubDate>%s</pubDate><category>c%d</category><description><![CDATA[<p>%s</p>]]></description>"
        "</item>\n" % (title.replace("&", "&amp;"), i, i, rfc, i % 7, title))
    entries.append({"id": "id-%d" % i, "title": title, "link": "https://large.example.ma/news/%d.html" % i,
                    "published": iso, "updated": None, "author": None, "summary": "<p>%s</p>" % title,
                    "content": None, "categories": ["c%d" % (i % 7)], "enclosures": [], "language": None})
with open(feed_path, "w", encoding="utf-8") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Volume</title>'
            "<link>https://large.example.ma/</link><language>ar</language>\n")
    f.write("".join(items))
    f.write("</channel></rss>\n")
with open(exp_path, "w", encoding="utf-8") as f:
    json.dump({"format": "rss2.0", "feed": {"title": "Volume", "link": "https://large.example.ma/",
                                            "language": "ar", "updated": None}, "entries": entries},
              f, ensure_ascii=False)
