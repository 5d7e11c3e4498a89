build-asan/tests/test_policy: tests/unit/test_policy.c common/timeutil.h \
 config/config.h crawler/policy.h
common/timeutil.h:
config/config.h:
crawler/policy.h:
