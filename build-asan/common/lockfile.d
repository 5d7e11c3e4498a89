build-asan/common/lockfile.o: common/lockfile.c common/lockfile.h \
 common/timeutil.h
common/lockfile.h:
common/timeutil.h:
