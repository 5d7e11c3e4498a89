build-asan/tests/test_config: tests/unit/test_config.c config/config.h
config/config.h:
