build-asan/tests/test_extract: tests/unit/test_extract.c common/buf.h \
 common/timeutil.h parser/extract.h
common/buf.h:
common/timeutil.h:
parser/extract.h:
