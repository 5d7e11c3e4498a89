build-asan/tests/test_store: tests/unit/test_store.c common/timeutil.h \
 store/store.h common/buf.h
common/timeutil.h:
store/store.h:
common/buf.h:
