build-fuzz/common/url.o: common/url.c common/url.h common/buf.h \
  common/mem.h

common/url.h:

common/buf.h:

common/mem.h:
