build-asan/tests/test_date: tests/unit/test_date.c common/timeutil.h \
 parser/date.h
common/timeutil.h:
parser/date.h:
