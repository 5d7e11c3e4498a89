build-asan/tests/replay_config: tests/fuzz/fuzz_config.c config/config.h \
 tests/fuzz/fuzz.h
config/config.h:
tests/fuzz/fuzz.h:
