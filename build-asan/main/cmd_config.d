build-asan/main/cmd_config.o: main/cmd_config.c common/log.h main/cli.h \
 config/config.h
common/log.h:
main/cli.h:
config/config.h:
