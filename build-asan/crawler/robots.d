build-asan/crawler/robots.o: crawler/robots.c crawler/robots.h \
 common/buf.h common/mem.h
crawler/robots.h:
common/buf.h:
common/mem.h:
