#!/usr/bin/python3
"""Scrapy (Debian's python3-scrapy) fetching the same URLs as akhbar, with
its default concurrency, no parsing: the end-to-end peer of make bench.

    scrapy_fetch.py URLS_FILE

Prints one JSON line: pages, seconds, pages_per_s, failed.
"""
import json
import sys
import time

import scrapy
from scrapy.crawler import CrawlerProcess

URLS = sys.argv[1]
urls = [l.strip() for l in open(URLS) if l.strip()]
stats = {'ok': 0, 'failed': 0}


class Fetch(scrapy.Spider):
    name = 'fetch'

    def start_requests(self):
        for u in urls:
            yield scrapy.Request(u, callback=self.done, errback=self.failed, dont_filter=True)

    def done(self, response):
        stats['ok'] += 1

    def failed(self, failure):
        stats['failed'] += 1


process = CrawlerProcess(settings={'LOG_LEVEL': 'ERROR', 'ROBOTSTXT_OBEY': False, 'TELNETCONSOLE_ENABLED': False})
process.crawl(Fetch)
t0 = time.monotonic()
process.start()
secs = time.monotonic() - t0
print(json.dumps({'pages': len(urls), 'ok': stats['ok'], 'failed': stats['failed'], 'seconds': round(secs, 3),
                  'pages_per_s': round(len(urls) / secs, 1)}))
