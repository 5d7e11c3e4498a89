build-asan/crawler/fetch.o: crawler/fetch.c crawler/fetch.h common/buf.h \
 common/log.h common/mem.h common/timeutil.h common/url.h \
 crawler/policy.h crawler/robots.h
crawler/fetch.h:
common/buf.h:
common/log.h:
common/mem.h:
common/timeutil.h:
common/url.h:
crawler/policy.h:
crawler/robots.h:
