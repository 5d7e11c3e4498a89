build-asan/tests/replay_url: tests/fuzz/fuzz_url.c common/url.h \
 common/utf8.h common/buf.h tests/fuzz/fuzz.h
common/url.h:
common/utf8.h:
common/buf.h:
tests/fuzz/fuzz.h:
