build-asan/tests/test_crawlstate: tests/unit/test_crawlstate.c \
 common/timeutil.h store/store.h common/buf.h
common/timeutil.h:
store/store.h:
common/buf.h:
