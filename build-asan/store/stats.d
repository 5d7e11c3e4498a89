build-asan/store/stats.o: store/stats.c store/internal.h store/store.h \
 common/buf.h common/mem.h common/timeutil.h
store/internal.h:
store/store.h:
common/buf.h:
common/mem.h:
common/timeutil.h:
