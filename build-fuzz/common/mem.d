build-fuzz/common/mem.o: common/mem.c common/mem.h

common/mem.h:
