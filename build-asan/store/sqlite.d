build-asan/store/sqlite.o: store/sqlite.c store/internal.h store/store.h \
 common/buf.h common/mem.h common/timeutil.h common/url.h
store/internal.h:
store/store.h:
common/buf.h:
common/mem.h:
common/timeutil.h:
common/url.h:
