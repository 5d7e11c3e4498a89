build-asan/main/cmd_feeds.o: main/cmd_feeds.c common/buf.h common/log.h \
 common/mem.h common/timeutil.h main/cli.h config/config.h store/store.h
common/buf.h:
common/log.h:
common/mem.h:
common/timeutil.h:
main/cli.h:
config/config.h:
store/store.h:
