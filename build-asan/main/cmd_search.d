build-asan/main/cmd_search.o: main/cmd_search.c common/buf.h common/log.h \
 common/timeutil.h main/cli.h config/config.h store/store.h
common/buf.h:
common/log.h:
common/timeutil.h:
main/cli.h:
config/config.h:
store/store.h:
