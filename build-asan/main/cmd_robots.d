build-asan/main/cmd_robots.o: main/cmd_robots.c common/log.h common/mem.h \
 crawler/robots.h main/cli.h config/config.h
common/log.h:
common/mem.h:
crawler/robots.h:
main/cli.h:
config/config.h:
