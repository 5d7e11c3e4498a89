# akhbar -- plain Makefile, dependencies through pkg-config.
#
#   make            build build/akhbar
#   make demo       offline demo: local mirror -> crawl -> export
#   make test       unit + integration tests ("N passed, N failed")
#   make deps       install the Debian packages needed (as root)
#   make install    binary, man pages, systemd units, /etc/akhbar/akhbar.conf
#                   (PREFIX=/usr/local, DESTDIR=, SYSCONFDIR=/etc)
#   make uninstall
#   make bench      the whole pipeline on a generated local news site (nginx)
#                   against the machine's ceilings and the peers, as ratios;
#                   BENCH_PAGES=10000 (default); as root installs nginx + peers
#   make bench-scale  the same plus crawls of 2,000, 10,000 and 50,000 pages
#   make bench-fetch         fetcher under misbehaving hosts (ratio)
#   make conformance-robots  robots.txt conformance runner (needs ../shared)
#   make check-asan the whole test suite with AddressSanitizer + UBSan
#   make check-valgrind  the integration tests with akhbar under valgrind memcheck
#                   (VALGRIND_TESTS='tests/it/x.sh ...' for some of them)
#   make fuzz       libFuzzer on every parser (FUZZ_SECONDS=30 each)
#   make bench-feeds  feed parser speed and memory against feedparser and sfeed
#   make bench-dedup  dedup quality (dev set), fingerprint speed, insert+query scaling
#   make clean
#   make bench-extract  extraction quality and speed on ../shared dev sets
#   make bench-workers  pages/s with 1, 2 and 4 crawlers sharing one PostgreSQL (ratios)

PKGS     := libcurl libxml-2.0 sqlite3 openssl libutf8proc libxxhash jansson inih libpq
CC       ?= cc
CFLAGS   ?= -O2 -g
AK_CFLAGS = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -I. -DAK_SYSCONFDIR='"$(SYSCONFDIR)"' \
            $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
AK_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -lpthread

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
MANDIR     ?= $(PREFIX)/share/man
SYSCONFDIR ?= /etc
UNITDIR    ?= $(PREFIX)/lib/systemd/system
STATEDIR   ?= /var/lib/akhbar

BUILD    := build
MODULES  := common config crawler parser dedup store
LIB_SRC  := $(foreach m,$(MODULES),$(wildcard $(m)/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
MAIN_SRC := $(wildcard main/*.c)
MAIN_OBJ := $(MAIN_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
# Fuzz targets (tests/fuzz/fuzz_NAME.c): libFuzzer binaries in build-fuzz/,
# and replay binaries that run the saved inputs in tests/fuzz/regressions/
# as part of every test run.
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
REPLAY_BIN := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=$(BUILD)/tests/replay_%)
UNIT_BIN += $(REPLAY_BIN)
BIN      := $(BUILD)/akhbar

# Debian packages: build, test, demo (one list, shared with .ci/run).
DEB_PKGS := $(shell grep -v '^\#' tests/debian-packages.txt)


.PHONY: all deps test unit it demo clean install uninstall bench-fetch conformance-robots bench-extract \
        check-asan check-valgrind fuzz bench-feeds bench-dedup bench bench-scale bench-workers
all: $(BIN)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(AK_CFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libakhbar.a: $(LIB_OBJ)
	@ar rcs $@ $^

$(BIN): $(MAIN_OBJ) $(BUILD)/libakhbar.a
	@echo "  LINK    $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(MAIN_OBJ) $(BUILD)/libakhbar.a $(AK_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libakhbar.a
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	@$(CC) $(AK_CFLAGS) $(CFLAGS) -MMD -MP -o $@ $< $(BUILD)/libakhbar.a \
	    $(AK_LIBS) $(shell pkg-config --libs cmocka 2>/dev/null)

$(BUILD)/tests/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(BUILD)/libakhbar.a
	@mkdir -p $(dir $@)
	@echo "  REPLAY  $@"
	@$(CC) $(AK_CFLAGS) $(CFLAGS) -DFUZZ_REPLAY -MMD -MP -o $@ $< $(BUILD)/libakhbar.a $(AK_LIBS)

$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(BUILD)/libakhbar.a
	@echo "  FUZZ    $@"
	@$(CC) $(AK_CFLAGS) $(CFLAGS) -fsanitize=fuzzer -o $@ $< $(BUILD)/libakhbar.a $(AK_LIBS)

# test_ddstore also links the dedup <-> store wiring of main/.
$(BUILD)/tests/test_ddstore: tests/unit/test_ddstore.c $(BUILD)/main/ddstore.o $(BUILD)/libakhbar.a
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	@$(CC) $(AK_CFLAGS) $(CFLAGS) -MMD -MP -o $@ $< $(BUILD)/main/ddstore.o $(BUILD)/libakhbar.a \
	    $(AK_LIBS) $(shell pkg-config --libs cmocka 2>/dev/null)

# test_backends also links the dedup <-> store wiring and the shared-store crawl helpers.
$(BUILD)/tests/test_backends: tests/unit/test_backends.c $(BUILD)/main/ddstore.o $(BUILD)/main/shared.o $(BUILD)/libakhbar.a
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	@$(CC) $(AK_CFLAGS) $(CFLAGS) -MMD -MP -o $@ $< $(BUILD)/main/ddstore.o $(BUILD)/main/shared.o \
	    $(BUILD)/libakhbar.a $(AK_LIBS) $(shell pkg-config --libs cmocka 2>/dev/null)

deps:
	@sh tests/deps.sh $(DEB_PKGS)

test: deps
	@$(MAKE) --no-print-directory all $(UNIT_BIN)
	@sh tests/run.sh $(BIN) $(UNIT_BIN)

unit: all $(UNIT_BIN)
	@sh tests/run.sh --unit $(BIN) $(UNIT_BIN)

it: all
	@sh tests/run.sh --it $(BIN)

demo: deps
	@$(MAKE) --no-print-directory all
	@sh tests/demo/run-demo.sh $(BIN)

# Everything rebuilt with AddressSanitizer and UndefinedBehaviorSanitizer
# (leaks included) in build-asan/, and every test run against it.
ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
check-asan: deps
	@$(MAKE) --no-print-directory BUILD=build-asan CFLAGS="$(ASAN_FLAGS)" LDFLAGS="$(ASAN_FLAGS)" \
	    build-asan/akhbar $(UNIT_BIN:$(BUILD)/%=build-asan/%)
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=86 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    sh tests/run.sh build-asan/akhbar $(UNIT_BIN:$(BUILD)/%=build-asan/%)

# Every akhbar run of the integration tests under memcheck (tests/valgrind.sh):
# memory errors and blocks definitely lost fail the run.
VALGRIND_TESTS ?=
check-valgrind: deps
	@sh tests/deps.sh valgrind
	@$(MAKE) --no-print-directory all
	@sh tests/valgrind.sh $(BIN) $(VALGRIND_TESTS)

# libFuzzer (clang) on every target for FUZZ_SECONDS each, seeded from the
# test fixtures; a crash fails the run and leaves its input in
# build-fuzz/artifacts/ (copy it to tests/fuzz/regressions/NAME/ to keep it).
FUZZ_SECONDS ?= 30
FUZZ_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all -Wno-error
fuzz: deps
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang CFLAGS="$(FUZZ_FLAGS) -fsanitize=fuzzer-no-link" \
	    $(FUZZ_SRC:tests/fuzz/%.c=build-fuzz/%)
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_SRC:tests/fuzz/%.c=build-fuzz/%)

# The shipped config is installed once: an existing one (the operator's) is
# kept, and the new default goes beside it as akhbar.conf.dist.
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	    $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSCONFDIR)/akhbar
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/akhbar
	install -m 644 docs/akhbar.1 $(DESTDIR)$(MANDIR)/man1/akhbar.1
	install -m 644 docs/akhbar.conf.5 $(DESTDIR)$(MANDIR)/man5/akhbar.conf.5
	sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
	    config/systemd/akhbar.service.in > $(DESTDIR)$(UNITDIR)/akhbar.service
	chmod 644 $(DESTDIR)$(UNITDIR)/akhbar.service
	install -m 644 config/systemd/akhbar.timer $(DESTDIR)$(UNITDIR)/akhbar.timer
	sed -e 's|^db = .*|db = $(STATEDIR)/akhbar.db|' config/akhbar.conf > $(BUILD)/akhbar.conf.dist
	if [ -e $(DESTDIR)$(SYSCONFDIR)/akhbar/akhbar.conf ]; then \
	    install -m 644 $(BUILD)/akhbar.conf.dist $(DESTDIR)$(SYSCONFDIR)/akhbar/akhbar.conf.dist; \
	    echo "kept $(DESTDIR)$(SYSCONFDIR)/akhbar/akhbar.conf; the new default is akhbar.conf.dist"; \
	else \
	    install -m 644 $(BUILD)/akhbar.conf.dist $(DESTDIR)$(SYSCONFDIR)/akhbar/akhbar.conf; \
	fi

# The config and the store are the operator's: uninstall leaves them.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/akhbar $(DESTDIR)$(MANDIR)/man1/akhbar.1 \
	    $(DESTDIR)$(MANDIR)/man5/akhbar.conf.5 $(DESTDIR)$(UNITDIR)/akhbar.service \
	    $(DESTDIR)$(UNITDIR)/akhbar.timer $(DESTDIR)$(SYSCONFDIR)/akhbar/akhbar.conf.dist

# Shared reference material (not in CI): ../shared beside a clone.
SHARED ?= $(firstword $(wildcard ../shared ../../shared))

# The fetcher with 5 misbehaving hosts among 20, as a ratio (loopback only).
bench-fetch: all
	@bash bench/fetch.sh $(BIN)

# robots.txt: the 145 cases of Google's reference parser tests.
conformance-robots: all
	@if [ -f "$(SHARED)/conformance/robots/run_robots.py" ]; then \
	    python3 $(SHARED)/conformance/robots/run_robots.py \
	        '$(abspath $(BIN)) robots --agent {agent} {robots} {url}'; \
	else echo "conformance-robots: skipped: ../shared/conformance/robots not found"; fi

# Benchmarks (read ../shared; skip cleanly without it).
$(BUILD)/bench/extract_speed: bench/extract_speed.c $(BUILD)/libakhbar.a
	@mkdir -p $(dir $@)
	@echo "  BENCH   $@"
	@$(CC) $(AK_CFLAGS) $(CFLAGS) -MMD -MP -o $@ $< $(BUILD)/libakhbar.a $(AK_LIBS)

# Ceiling programs of make bench (bare libcurl multi loop, bare SQLite).
$(BUILD)/bench/ceil_%: bench/ceil_%.c
	@mkdir -p $(dir $@)
	@echo "  BENCH   $@"
	@$(CC) $(AK_CFLAGS) $(CFLAGS) -MMD -MP -o $@ $< $(AK_LIBS)

BENCH_TOOLS := $(BUILD)/bench/ceil_fetch $(BUILD)/bench/ceil_sqlite $(BUILD)/bench/extract_speed
BENCH_PAGES ?= 10000
bench: all $(BENCH_TOOLS)
	@python3 bench/run.py --akhbar $(BIN) --build $(BUILD)/bench --pages $(BENCH_PAGES)
bench-scale: all $(BENCH_TOOLS)
	@python3 bench/run.py --akhbar $(BIN) --build $(BUILD)/bench --pages $(BENCH_PAGES) --scale

bench-extract: all $(BUILD)/bench/extract_speed
	@python3 bench/extract_bench.py --akhbar $(BIN) --speed $(BUILD)/bench/extract_speed
bench-feeds: all
	@sh bench/feeds.sh $(BIN)

DEDUP_BENCH := $(BUILD)/bench/dedup_bench
$(DEDUP_BENCH): bench/dedup_bench.c $(BUILD)/main/ddstore.o $(BUILD)/libakhbar.a
	@mkdir -p $(dir $@)
	@echo "  BENCH   $@"
	@$(CC) $(AK_CFLAGS) $(CFLAGS) -MMD -MP -o $@ $< $(BUILD)/main/ddstore.o $(BUILD)/libakhbar.a $(AK_LIBS)

bench-dedup: deps
	@$(MAKE) --no-print-directory all $(DEDUP_BENCH)
	@sh bench/dedup.sh $(BIN) $(DEDUP_BENCH)

# Scaling out: 1, 2 and 4 crawlers on one PostgreSQL (loopback site), as ratios to 1.
bench-workers: deps
	@$(MAKE) --no-print-directory all
	@bash bench/workers.sh $(BIN)

clean:
	rm -rf $(BUILD) build-asan build-fuzz

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d) $(UNIT_BIN:=.d) $(DEDUP_BENCH).d
