build-asan/main/progress.o: main/progress.c main/progress.h common/log.h \
 common/timeutil.h
main/progress.h:
common/log.h:
common/timeutil.h:
