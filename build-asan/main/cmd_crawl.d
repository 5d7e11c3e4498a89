build-asan/main/cmd_crawl.o: main/cmd_crawl.c common/buf.h \
 common/lockfile.h common/log.h common/mem.h common/strset.h \
 common/timeutil.h common/url.h common/utf8.h common/version.h \
 crawler/fetch.h crawler/policy.h crawler/robots.h dedup/norm.h \
 main/cli.h config/config.h main/progress.h parser/extract.h \
 parser/feed.h store/store.h
common/buf.h:
common/lockfile.h:
common/log.h:
common/mem.h:
common/strset.h:
common/timeutil.h:
common/url.h:
common/utf8.h:
common/version.h:
crawler/fetch.h:
crawler/policy.h:
crawler/robots.h:
dedup/norm.h:
main/cli.h:
config/config.h:
main/progress.h:
parser/extract.h:
parser/feed.h:
store/store.h:
