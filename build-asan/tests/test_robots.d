build-asan/tests/test_robots: tests/unit/test_robots.c common/buf.h \
 crawler/robots.h
common/buf.h:
crawler/robots.h:
