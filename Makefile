# xipwasm top-level build. `make` builds everything into build/.
# make demo | test | bench | size | install PREFIX=... | cross | fuzz | clean

BUILD ?= build
CC ?= gcc
CLANG ?= clang
PREFIX ?= /usr/local
ifeq ($(origin CC),default)
CC := gcc
endif

WARN := -Wall -Wextra -Werror
CFLAGS ?= -O2 -g
# `xipwasm place` reads firmware ELF files with LLVM's object library (C API).
LLVM_CONFIG ?= llvm-config
LLVM_CFLAGS := -I$(shell $(LLVM_CONFIG) --includedir)
ALL_CFLAGS := -std=c99 $(WARN) $(CFLAGS) -I. -Iformat -Iexecutor $(LLVM_CFLAGS) -D_POSIX_C_SOURCE=200809L
HOST_LDLIBS := -lm $(shell $(LLVM_CONFIG) --ldflags) $(shell $(LLVM_CONFIG) --libs object)

FORMAT_HDRS := format/xip_format.h format/xip_checked.h format/opcodes.def
FORMAT_SRCS := $(sort $(wildcard format/*.c))
COMPILER_SRCS := $(FORMAT_SRCS) $(sort $(wildcard compiler/*.c))
EXECUTOR_SRCS := $(sort $(wildcard executor/*.c))
CLI_SRCS := $(sort $(wildcard cli/*.c))
HDRS := $(FORMAT_HDRS) $(wildcard compiler/*.h compiler/*.def executor/*.h cli/*.h)

COMPILER_OBJS := $(COMPILER_SRCS:%.c=$(BUILD)/obj/%.o)
EXECUTOR_OBJS := $(EXECUTOR_SRCS:%.c=$(BUILD)/obj/%.o)
CLI_OBJS := $(CLI_SRCS:%.c=$(BUILD)/obj/%.o)

.PHONY: all deps demo test bench size install cross fuzz clean spec
all: $(BUILD)/xipwasm corpus

deps:
	@sh scripts/install-deps.sh

$(BUILD)/obj/%.o: %.c $(HDRS) | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/xipwasm: $(CLI_OBJS) $(COMPILER_OBJS) $(EXECUTOR_OBJS)
	$(CC) $(ALL_CFLAGS) $^ -o $@ $(HOST_LDLIBS)

$(BUILD):
	@mkdir -p $@

-include corpus/corpus.mk
-include tests/tests.mk
-include tests/m32.mk
-include spec/spec.mk
-include tests/diff/diff.mk
-include fuzz/fuzz.mk
-include executor/cross.mk
-include examples/examples.mk
-include tests/mutants/mutants.mk

DEMO_WASM := $(BUILD)/corpus/sha256-O2.wasm
demo: deps
	@$(MAKE) --no-print-directory $(BUILD)/xipwasm $(DEMO_WASM)
	./$(BUILD)/xipwasm compile $(DEMO_WASM) -o $(BUILD)/demo.xip
	./$(BUILD)/xipwasm run $(BUILD)/demo.xip --invoke run

install: $(BUILD)/xipwasm
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/include/xipwasm \
	    $(DESTDIR)$(PREFIX)/share/xipwasm/executor $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 755 $(BUILD)/xipwasm $(DESTDIR)$(PREFIX)/bin/xipwasm
	install -m 644 executor/xip.h $(DESTDIR)$(PREFIX)/include/xipwasm/xip.h
	install -m 644 $(FORMAT_HDRS) $(DESTDIR)$(PREFIX)/include/xipwasm/
	install -m 644 $(EXECUTOR_SRCS) $(wildcard executor/*.h) $(DESTDIR)$(PREFIX)/share/xipwasm/executor/
	sed -e 's|@PREFIX@|$(PREFIX)|g' scripts/xipwasm.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/xipwasm.pc

clean:
	rm -rf $(BUILD)

# docs/format.md = prose + the instruction table generated from opcodes.def.
$(BUILD)/opcode_doc: scripts/opcode_doc.c $(FORMAT_HDRS) | $(BUILD)
	$(CC) $(ALL_CFLAGS) $< -o $@

docs/format.md: docs/format.head.md $(BUILD)/opcode_doc
	{ cat docs/format.head.md; ./$(BUILD)/opcode_doc; } > $@

bench: deps
	@$(MAKE) --no-print-directory $(BUILD)/xipwasm corpus
	@BUILD=$(BUILD) sh scripts/bench.sh

size: deps
	@$(MAKE) --no-print-directory $(BUILD)/xipwasm corpus
	@BUILD=$(BUILD) sh scripts/size.sh
