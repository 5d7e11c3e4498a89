build-asan/tests/replay_feed: tests/fuzz/fuzz_feed.c common/utf8.h \
 common/buf.h parser/feed.h tests/fuzz/fuzz.h
common/utf8.h:
common/buf.h:
parser/feed.h:
tests/fuzz/fuzz.h:
