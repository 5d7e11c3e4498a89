build-asan/tests/replay_date: tests/fuzz/fuzz_date.c common/timeutil.h \
 parser/date.h tests/fuzz/fuzz.h
common/timeutil.h:
parser/date.h:
tests/fuzz/fuzz.h:
