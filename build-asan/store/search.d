build-asan/store/search.o: store/search.c store/internal.h store/store.h \
 common/buf.h common/mem.h common/timeutil.h common/utf8.h
store/internal.h:
store/store.h:
common/buf.h:
common/mem.h:
common/timeutil.h:
common/utf8.h:
