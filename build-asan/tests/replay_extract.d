build-asan/tests/replay_extract: tests/fuzz/fuzz_extract.c common/utf8.h \
 common/buf.h parser/extract.h tests/fuzz/fuzz.h
common/utf8.h:
common/buf.h:
parser/extract.h:
tests/fuzz/fuzz.h:
