build-asan/tests/test_url: tests/unit/test_url.c common/url.h
common/url.h:
