build-fuzz/common/strset.o: common/strset.c common/strset.h common/mem.h

common/strset.h:

common/mem.h:
