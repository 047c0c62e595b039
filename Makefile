# xipwasm top-level build. `make` builds everything into build/.
# make demo | check | test | bench | size | install PREFIX=... | cross | fuzz | clean
#   make check   the fast tier: unit, CLI and a corpus sample (tests/tests.mk)
#   make test    the full suite (tests/run-all.sh)

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
LLVM_LIB := $(shell $(LLVM_CONFIG) --libdir)/libLLVM-$(shell $(LLVM_CONFIG) --version | cut -d. -f1).so
# Loaded by `place` when it runs (dlopen): linking it would cost every command ~30 ms at start-up.
LLVM_CFLAGS := -I$(shell $(LLVM_CONFIG) --includedir) -DXIPWASM_LLVM_LIB='"$(LLVM_LIB)"'
ALL_CFLAGS := -std=c99 $(WARN) $(CFLAGS) -I. -Iformat -Iexecutor $(LLVM_CFLAGS) -D_POSIX_C_SOURCE=200809L
HOST_LDLIBS := -lm -ldl

FORMAT_HDRS := format/xip_format.h format/xip_checked.h format/xip_refs.h format/opcodes.def
FORMAT_SRCS := $(sort $(wildcard format/*.c))
COMPILER_SRCS := $(FORMAT_SRCS) $(sort $(wildcard compiler/*.c))
EXECUTOR_SRCS := $(sort $(wildcard executor/*.c))
CLI_SRCS := $(sort $(wildcard cli/*.c))
HDRS := $(FORMAT_HDRS) $(wildcard compiler/*.h compiler/*.def executor/*.h cli/*.h)
# Every object records the headers it includes (-MMD) in a .d file beside it;
# -MP adds empty rules for them, so a removed header does not break the build.
DEPFLAGS := -MMD -MP

COMPILER_OBJS := $(COMPILER_SRCS:%.c=$(BUILD)/obj/%.o)
EXECUTOR_OBJS := $(EXECUTOR_SRCS:%.c=$(BUILD)/obj/%.o)
CLI_OBJS := $(CLI_SRCS:%.c=$(BUILD)/obj/%.o)

.PHONY: all deps demo test bench size install cross fuzz clean spec
all: $(BUILD)/xipwasm corpus

deps:
	@sh scripts/install-deps.sh

$(BUILD)/obj/%.o: %.c | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -c $< -o $@

# The CLI's run loop hands profiled runs to cli/profile_run.c (run --profile).
$(BUILD)/obj/executor/xip_run.o: ALL_CFLAGS += -DXIP_PROFILE_HOOK=1

$(BUILD)/xipwasm: $(CLI_OBJS) $(COMPILER_OBJS) $(EXECUTOR_OBJS)
	$(CC) $(ALL_CFLAGS) $^ -o $@ $(HOST_LDLIBS)

$(BUILD):
	@mkdir -p $@

# ---- build configurations ------------------------------------------------
# The test, sanitizer and fuzz builds compile each source once per
# configuration into $(BUILD)/cfg/NAME/<dir>/<file>.o and archive the library
# parts, so every unit test, the ASan command and the fuzz targets link the
# same objects. A configuration is CFG_CC_NAME + CFG_FLAGS_NAME; the parts:
#   $(BUILD)/cfg/NAME/libxipcompiler.a   compiler/*.c
#   $(BUILD)/cfg/NAME/libxipexec.a       format/*.c and executor/*.c
# The executor variants (XIP_FLOAT, XIP_EXT, XIP_DISPATCH_GOTO) need only
# their own libxipexec.a: the compiler does not read those macros.
CFG_CFLAGS := -std=c99 $(WARN) -I. -Iformat -Iexecutor -Icompiler $(LLVM_CFLAGS) -D_POSIX_C_SOURCE=200809L
COMPILER_ONLY_SRCS := $(filter-out $(FORMAT_SRCS),$(COMPILER_SRCS))
EXEC_LIB_SRCS := $(FORMAT_SRCS) $(EXECUTOR_SRCS)
# $(call cfg_objs,NAME,SOURCES): the objects of SOURCES in configuration NAME.
cfg_objs = $(patsubst %.c,$(BUILD)/cfg/$(1)/%.o,$(2))
# $(call cfg_libs,COMPILER_CFG,EXEC_CFG): the archives to link, in link order.
cfg_libs = $(BUILD)/cfg/$(1)/libxipcompiler.a $(BUILD)/cfg/$(2)/libxipexec.a

# $(1): configuration name. Compile rule and the two archives.
define CFG_RULES
$(BUILD)/cfg/$(1)/%.o: %.c
	@mkdir -p $$(dir $$@)
	$$(CFG_CC_$(1)) $$(CFG_CFLAGS) $$(CFG_FLAGS_$(1)) $$(DEPFLAGS) -c $$< -o $$@

$(BUILD)/cfg/$(1)/libxipcompiler.a: $$(call cfg_objs,$(1),$$(COMPILER_ONLY_SRCS))
	@rm -f $$@
	$$(AR) rcs $$@ $$^

$(BUILD)/cfg/$(1)/libxipexec.a: $$(call cfg_objs,$(1),$$(EXEC_LIB_SRCS))
	@rm -f $$@
	$$(AR) rcs $$@ $$^
endef

-include corpus/corpus.mk
-include tests/tests.mk
-include tests/m32.mk
-include spec/spec.mk
-include tests/diff/diff.mk
-include fuzz/fuzz.mk
-include executor/cross.mk
-include examples/examples.mk
-include tests/mutants/mutants.mk
$(foreach c,$(CFG_NAMES),$(eval $(call CFG_RULES,$(c))))

# The header dependencies recorded by -MMD (objects sit 2 to 5 directories
# below $(BUILD)). An object of an older build has no .d yet: it depends on
# every header until it is rebuilt once.
-include $(wildcard $(BUILD)/*/*/*.d $(BUILD)/*/*/*/*.d $(BUILD)/*/*/*/*/*.d $(BUILD)/*/*/*/*/*/*.d)
$(foreach o,$(CLI_OBJS) $(COMPILER_OBJS) $(EXECUTOR_OBJS),$(if $(wildcard $(o:.o=.d)),,$(eval $(o): $(HDRS))))

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
