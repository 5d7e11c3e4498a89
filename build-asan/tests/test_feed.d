build-asan/tests/test_feed: tests/unit/test_feed.c common/timeutil.h \
 parser/feed.h
common/timeutil.h:
parser/feed.h:
