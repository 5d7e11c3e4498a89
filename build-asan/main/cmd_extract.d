build-asan/main/cmd_extract.o: main/cmd_extract.c common/log.h \
 common/mem.h common/timeutil.h main/cli.h config/config.h \
 parser/extract.h
common/log.h:
common/mem.h:
common/timeutil.h:
main/cli.h:
config/config.h:
parser/extract.h:
