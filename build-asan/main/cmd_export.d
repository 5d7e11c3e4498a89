build-asan/main/cmd_export.o: main/cmd_export.c common/buf.h common/log.h \
 common/mem.h common/timeutil.h main/cli.h config/config.h store/store.h
common/buf.h:
common/log.h:
common/mem.h:
common/timeutil.h:
main/cli.h:
config/config.h:
store/store.h:
