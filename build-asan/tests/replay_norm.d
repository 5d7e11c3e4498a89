build-asan/tests/replay_norm: tests/fuzz/fuzz_norm.c common/utf8.h \
 common/buf.h dedup/norm.h parser/charset.h tests/fuzz/fuzz.h
common/utf8.h:
common/buf.h:
dedup/norm.h:
parser/charset.h:
tests/fuzz/fuzz.h:
