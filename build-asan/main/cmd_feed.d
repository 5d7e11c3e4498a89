build-asan/main/cmd_feed.o: main/cmd_feed.c common/log.h common/mem.h \
 common/timeutil.h main/cli.h config/config.h parser/feed.h
common/log.h:
common/mem.h:
common/timeutil.h:
main/cli.h:
config/config.h:
parser/feed.h:
