build-asan/main/cmd_stats.o: main/cmd_stats.c common/log.h \
 common/timeutil.h main/cli.h config/config.h store/store.h common/buf.h
common/log.h:
common/timeutil.h:
main/cli.h:
config/config.h:
store/store.h:
common/buf.h:
