build-asan/common/log.o: common/log.c common/log.h common/buf.h
common/log.h:
common/buf.h:
