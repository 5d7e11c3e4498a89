build-fuzz/config/config.o: config/config.c config/config.h common/buf.h \
  common/mem.h common/version.h

config/config.h:

common/buf.h:

common/mem.h:

common/version.h:
