build-asan/main/cli.o: main/cli.c main/cli.h config/config.h common/buf.h \
 common/log.h common/mem.h common/timeutil.h common/utf8.h
main/cli.h:
config/config.h:
common/buf.h:
common/log.h:
common/mem.h:
common/timeutil.h:
common/utf8.h:
