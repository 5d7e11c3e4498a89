build-asan/common/utf8.o: common/utf8.c common/utf8.h common/buf.h \
 common/mem.h
common/utf8.h:
common/buf.h:
common/mem.h:
