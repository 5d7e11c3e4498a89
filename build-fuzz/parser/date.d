build-fuzz/parser/date.o: parser/date.c parser/date.h common/timeutil.h \
  common/utf8.h common/buf.h

parser/date.h:

common/timeutil.h:

common/utf8.h:

common/buf.h:
