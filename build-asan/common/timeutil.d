build-asan/common/timeutil.o: common/timeutil.c common/timeutil.h
common/timeutil.h:
