build-asan/parser/charset.o: parser/charset.c parser/charset.h \
 common/buf.h common/mem.h common/utf8.h
parser/charset.h:
common/buf.h:
common/mem.h:
common/utf8.h:
