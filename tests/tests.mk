# tests.mk: `make check` (the fast tier), `make test` (the full suite) and the
# test builds. Included by the top-level Makefile, whose CFG_RULES compile
# each configuration's library once (see "build configurations" there).

SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
# Test builds also check the compiler's IR after every pass (compiler/check_ir.c)
# and build the executor's test-only helpers (executor/xip_float.c).
TEST_DEFS := -DXC_CHECK_IR=1 -DXIP_TEST_HELPERS=1

# san: ASan + UBSan, default executor (computed goto, floats, extensions).
# san-VARIANT: the executor variants the executor unit test runs in too.
EXEC_VARIANTS_LIST := switch nofloat noext goto-nofloat switch-direct
CFG_CC_san := $(CC)
CFG_FLAGS_san := $(SAN_FLAGS) $(TEST_DEFS)
# The switch variants take what the device -Os builds default to: the
# decode-once run loop, the small i64 divider and the small float paths.
CFG_DEFS_switch := -DXIP_DISPATCH_GOTO=0 -DXIP_PREDECODE=1 -DXIP_SMALL_DIV64=1 -DXIP_SMALL_FLOAT=1
CFG_DEFS_nofloat := -DXIP_DISPATCH_GOTO=0 -DXIP_PREDECODE=1 -DXIP_FLOAT=0 -DXIP_SMALL_DIV64=1
CFG_DEFS_noext := -DXIP_DISPATCH_GOTO=0 -DXIP_PREDECODE=1 -DXIP_FLOAT=0 -DXIP_EXT=0 -DXIP_SMALL_DIV64=1 -DXIP_STACK_BOUND=0
CFG_DEFS_goto-nofloat := -DXIP_DISPATCH_GOTO=1 -DXIP_FLOAT=0
# switch-direct: the switch build whose handlers read their own operands (XIP_PREDECODE=0).
CFG_DEFS_switch-direct := -DXIP_DISPATCH_GOTO=0 -DXIP_PREDECODE=0
$(foreach v,$(EXEC_VARIANTS_LIST),$(eval CFG_CC_san-$(v) := $$(CC)))
$(foreach v,$(EXEC_VARIANTS_LIST),$(eval CFG_FLAGS_san-$(v) := $$(SAN_FLAGS) $$(TEST_DEFS) $$(CFG_DEFS_$(v))))
# san-clang: clang's ASan + UBSan, which also reports pointer arithmetic on a
# null pointer (the br_table regression of issue 7); GCC's does not.
CFG_CC_san-clang := $(CLANG)
CFG_FLAGS_san-clang := $(SAN_FLAGS) $(TEST_DEFS)
CFG_NAMES += san $(EXEC_VARIANTS_LIST:%=san-%) san-clang

SAN_LIBS := $(call cfg_libs,san,san)
# The library sources, for one-off builds outside the configurations.
LIB_SRCS := $(sort $(FORMAT_SRCS) $(COMPILER_SRCS) $(EXECUTOR_SRCS))
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
# Extra builds of the executor unit test, one per executor variant.
EXEC_VARIANTS := $(if $(wildcard tests/unit/test_executor.c),$(EXEC_VARIANTS_LIST:%=$(BUILD)/tests/test_executor-%))

.PHONY: test test-build check check-build check-clang cppcheck
# Each unit test links the san library (not the CLI).
$(BUILD)/tests/test_%: $(BUILD)/cfg/san/tests/unit/test_%.o $(SAN_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(SAN_FLAGS) $< $(SAN_LIBS) -o $@ -lm

# $(1): executor variant. test_executor compiled and linked in that variant.
define EXEC_VARIANT_RULE
$(BUILD)/tests/test_executor-$(1): $(BUILD)/cfg/san-$(1)/tests/unit/test_executor.o \
	    $(call cfg_libs,san,san-$(1))
	@mkdir -p $$(dir $$@)
	$$(CC) $$(SAN_FLAGS) $$^ -o $$@ -lm
endef
$(foreach v,$(EXEC_VARIANTS_LIST),$(eval $(call EXEC_VARIANT_RULE,$(v))))

# test_fuse in the switch variants too: the fused rows' handlers differ there
# (decoded operands with XIP_PREDECODE, the shared result tail).
FUSE_VARIANTS_LIST := switch switch-direct
FUSE_VARIANTS := $(FUSE_VARIANTS_LIST:%=$(BUILD)/tests/test_fuse-%)
define FUSE_VARIANT_RULE
$(BUILD)/tests/test_fuse-$(1): $(BUILD)/cfg/san-$(1)/tests/unit/test_fuse.o $(call cfg_libs,san,san-$(1))
	@mkdir -p $$(dir $$@)
	$$(CC) $$(SAN_FLAGS) $$^ -o $$@ -lm
endef
$(foreach v,$(FUSE_VARIANTS_LIST),$(eval $(call FUSE_VARIANT_RULE,$(v))))

# test_lower built with clang's sanitizers too (configuration san-clang).
LOWER_CLANG := $(BUILD)/tests/test_lower-clang
$(LOWER_CLANG): $(BUILD)/cfg/san-clang/tests/unit/test_lower.o $(call cfg_libs,san-clang,san-clang)
	@mkdir -p $(dir $@)
	$(CLANG) $(SAN_FLAGS) $^ -o $@ -lm

# The run past 2^32 units of fuel, optimized (minutes under the sanitizers).
$(BUILD)/tests/test_applet_api-long: tests/unit/test_applet_api.c $(LIB_SRCS) $(HDRS) tests/unit/wat.h
	@mkdir -p $(dir $@)
	$(CC) -std=c99 $(WARN) -O2 -DAPPLET_API_LONG=1 -I. -Iformat -Iexecutor -Icompiler \
	    -D_POSIX_C_SOURCE=200809L $< $(sort $(LIB_SRCS)) -o $@ -lm

# The load-time scaling test's loader (tests/scaling/run.sh): the executor
# optimized as on a device, counted under callgrind.
$(BUILD)/scaling/load: tests/scaling/load.c $(EXECUTOR_SRCS) $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) -std=c99 $(WARN) -O2 -g -I. -Iformat -Iexecutor $< $(EXECUTOR_SRCS) -o $@ -lm

# test_fuel optimized, for tests/fuel-bound.sh (host instructions per unit of fuel under callgrind).
$(BUILD)/tests/test_fuel-O2: tests/unit/test_fuel.c $(LIB_SRCS) $(HDRS) tests/unit/wat.h tests/unit/check.h
	@mkdir -p $(dir $@)
	$(CC) -std=c99 $(WARN) -O2 -g -I. -Iformat -Iexecutor -Icompiler \
	    -D_POSIX_C_SOURCE=200809L $< $(sort $(LIB_SRCS)) -o $@ -lm

# The command built with sanitizers, used by the corpus, CLI and spec tests.
$(BUILD)/asan/xipwasm: $(call cfg_objs,san,$(CLI_SRCS)) $(SAN_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(SAN_FLAGS) $^ -o $@ $(HOST_LDLIBS)

# The whole project must also build warning-free with clang.
check-clang:
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/clang CC=$(CLANG) $(BUILD)/clang/xipwasm

# cppcheck over every C source: it must report nothing. Findings are fixed, or
# suppressed inline (`// cppcheck-suppress id` with the reason) when false.
# The executor is checked once per configuration it builds in; its computed
# goto (`&&label`) is a GNU extension cppcheck cannot parse, so the goto
# configurations are left to the compilers' warnings. XIP_NO_TABLE_CHECKS
# skips opcodes.def's compile-time self-checks (format/xip_format.h), which
# cppcheck takes ~20 s a file to expand; the compilers still check them.
CPPCHECK ?= cppcheck
CPPCHECK_FLAGS := -q --std=c99 --enable=warning,portability,performance --inline-suppr \
    --error-exitcode=1 -I. -Iformat -Iexecutor -Icompiler -Icli -D_POSIX_C_SOURCE=200809L \
    -DXIP_NO_TABLE_CHECKS
CPPCHECK_EXEC_CONFIGS := "-DXIP_FLOAT=1 -DXIP_EXT=1" "-DXIP_FLOAT=0 -DXIP_EXT=1" "-DXIP_FLOAT=0 -DXIP_EXT=0" \
    "-DXIP_FLOAT=1 -DXIP_EXT=1 -DXIP_PREDECODE=1 -DXIP_SMALL_DIV64=1 -DXIP_SMALL_FLOAT=1"
cppcheck:
	@$(CPPCHECK) $(CPPCHECK_FLAGS) $(FORMAT_SRCS) $(COMPILER_ONLY_SRCS) $(CLI_SRCS) \
	    $(wildcard tests/unit/*.c tests/scaling/*.c fuzz/*.c scripts/*.c)
	@for defs in $(CPPCHECK_EXEC_CONFIGS); do \
	    $(CPPCHECK) $(CPPCHECK_FLAGS) -DXIP_DISPATCH_GOTO=0 $$defs -DXIP_TEST_HELPERS=1 \
	        $(EXECUTOR_SRCS) || exit 1; \
	done
	@echo "cppcheck: no findings"

# The fast tier: unit tests (ASan, UBSan, IR checker), CLI tests (release
# build: under ASan they take 90 s here) and a sample of the corpus at -O2
# through the ASan command.
CHECK_CORPUS := crc32 sha256 fib quicksort fmath minivm
CHECK_CORPUS_FILES := $(CHECK_CORPUS:%=$(BUILD)/corpus/%-O2.wasm) $(CHECK_CORPUS:%=$(BUILD)/corpus/%.expected)
check-build: $(BUILD)/xipwasm $(BUILD)/asan/xipwasm $(UNIT_BINS) $(EXEC_VARIANTS) $(FUSE_VARIANTS) $(CHECK_CORPUS_FILES)

check: check-build
	@BUILD=$(BUILD) CHECK_CORPUS="$(CHECK_CORPUS:%=$(BUILD)/corpus/%-O2.wasm)" sh tests/run-all.sh --fast

test-build: $(BUILD)/tests/test_applet_api-long $(BUILD)/scaling/load $(BUILD)/tests/test_fuel-O2 $(BUILD)/xipwasm $(BUILD)/opcode_doc $(BUILD)/diff/seedbytes fuzz fuzz-seeds $(BUILD)/asan/xipwasm $(UNIT_BINS) $(EXEC_VARIANTS) $(FUSE_VARIANTS) $(LOWER_CLANG) corpus check-clang cross

# The test builds run TEST_JOBS at a time (the machines here have 2 cores).
TEST_JOBS ?= 2
test: deps
	@start=$$(date +%s); $(MAKE) -j$(TEST_JOBS) --no-print-directory test-build && \
	    echo "test build: $$(($$(date +%s) - start)) s"
	@BUILD=$(BUILD) sh tests/run-all.sh

# Objects reached only through pattern rules are kept (not intermediate).
.SECONDARY: $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/cfg/san/tests/unit/%.o) \
    $(EXEC_VARIANTS_LIST:%=$(BUILD)/cfg/san-%/tests/unit/test_executor.o) \
    $(FUSE_VARIANTS_LIST:%=$(BUILD)/cfg/san-%/tests/unit/test_fuse.o) \
    $(BUILD)/cfg/san-clang/tests/unit/test_lower.o

# The executor compiles warning-free with the flags firmware builds often use
# (-pedantic -Wconversion -Werror), under gcc and clang, in every configuration.
STRICT_FLAGS := -std=c99 -Wall -Wextra -pedantic -Wconversion -Werror -I. -Iformat -Iexecutor
STRICT_CONFIGS := "" "-DXIP_DISPATCH_GOTO=0" "-DXIP_FLOAT=0" "-DXIP_FLOAT=0 -DXIP_DISPATCH_GOTO=0" \
    "-DXIP_FLOAT=0 -DXIP_EXT=0" "-DXIP_FLOAT=0 -DXIP_EXT=0 -DXIP_DISPATCH_GOTO=0 -DXIP_STACK_BOUND=0" \
    "-DXIP_DISPATCH_GOTO=0 -DXIP_PREDECODE=1 -DXIP_SMALL_DIV64=1 -DXIP_SMALL_FLOAT=1" \
    "-DXIP_DISPATCH_GOTO=0 -DXIP_PREDECODE=1 -DXIP_FLOAT=0 -DXIP_EXT=0 -DXIP_STACK_BOUND=0"
.PHONY: check-strict
check-strict:
	@for cc in $(CC) $(CLANG); do for defs in $(STRICT_CONFIGS); do for src in $(EXECUTOR_SRCS); do \
	    $$cc $(STRICT_FLAGS) $$defs -c $$src -o /dev/null || { echo "check-strict: $$cc $$defs $$src"; exit 1; }; \
	done; done; done
	@echo "check-strict: the executor builds warning-free with -pedantic -Wconversion (gcc, clang, 9 configurations)"
