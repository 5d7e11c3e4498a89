build-asan/dedup/norm.o: dedup/norm.c dedup/norm.h common/buf.h \
 common/utf8.h
dedup/norm.h:
common/buf.h:
common/utf8.h:
