# akhbar -- plain Makefile, dependencies through pkg-config.
#
#   make            build build/akhbar
#   make demo       offline demo: local mirror -> crawl -> export
#   make test       unit + integration tests ("N passed, N failed")
#   make deps       install the Debian packages needed (as root)
#   make bench-dedup  dedup quality (dev set), fingerprint speed, insert+query scaling
#   make clean

PKGS     := libcurl libxml-2.0 sqlite3 openssl libutf8proc libxxhash jansson inih
CC       ?= cc
CFLAGS   ?= -O2 -g
AK_CFLAGS = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -I. \
            $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
AK_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -lpthread

BUILD    := build
MODULES  := common config crawler parser dedup store
LIB_SRC  := $(foreach m,$(MODULES),$(wildcard $(m)/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
MAIN_SRC := $(wildcard main/*.c)
MAIN_OBJ := $(MAIN_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
BIN      := $(BUILD)/akhbar

# Debian packages: build, test, demo (one list, shared with .ci/run).
DEB_PKGS := $(shell grep -v '^\#' tests/debian-packages.txt)

.PHONY: all deps test unit it demo clean bench-dedup
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

# test_ddstore also links the dedup <-> store wiring of main/.
$(BUILD)/tests/test_ddstore: tests/unit/test_ddstore.c $(BUILD)/main/ddstore.o $(BUILD)/libakhbar.a
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	@$(CC) $(AK_CFLAGS) $(CFLAGS) -MMD -MP -o $@ $< $(BUILD)/main/ddstore.o $(BUILD)/libakhbar.a \
	    $(AK_LIBS) $(shell pkg-config --libs cmocka 2>/dev/null)

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

DEDUP_BENCH := $(BUILD)/bench/dedup_bench
$(DEDUP_BENCH): bench/dedup_bench.c $(BUILD)/main/ddstore.o $(BUILD)/libakhbar.a
	@mkdir -p $(dir $@)
	@echo "  BENCH   $@"
	@$(CC) $(AK_CFLAGS) $(CFLAGS) -MMD -MP -o $@ $< $(BUILD)/main/ddstore.o $(BUILD)/libakhbar.a $(AK_LIBS)

bench-dedup: deps
	@$(MAKE) --no-print-directory all $(DEDUP_BENCH)
	@sh bench/dedup.sh $(BIN) $(DEDUP_BENCH)

clean:
	rm -rf $(BUILD)

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d) $(UNIT_BIN:=.d) $(DEDUP_BENCH).d
