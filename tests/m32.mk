# m32.mk: the 32-bit host build (gcc -m32, Debian gcc-multilib) with ASan and
# UBSan: the command and every unit test, so size arithmetic that wraps only
# with a 32-bit size_t is caught. run-all.sh runs the unit tests, the CLI
# tests and the corpus with it. Included by the top-level Makefile.

M32_FLAGS := -m32 -std=c99 $(WARN) $(SAN_FLAGS) -I. -Iformat -Iexecutor -Icompiler -D_POSIX_C_SOURCE=200809L
M32_UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/m32/tests/%)
# `place` needs the host's LLVM, which is 64-bit only: a stub says so (run-all skips test_place.sh).
M32_CLI_SRCS := $(filter-out cli/cmd_place.c,$(CLI_SRCS)) tests/m32_place.c

.PHONY: test-m32-build
test-m32-build: $(BUILD)/m32/xipwasm $(M32_UNIT_BINS)
test-build: test-m32-build

$(BUILD)/m32/xipwasm: $(M32_CLI_SRCS) $(LIB_SRCS) $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(M32_FLAGS) -Icli $(M32_CLI_SRCS) $(sort $(LIB_SRCS)) -o $@ -lm

$(BUILD)/m32/tests/test_%: tests/unit/test_%.c $(sort $(LIB_SRCS)) $(HDRS) $(wildcard tests/unit/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(M32_FLAGS) $< $(sort $(LIB_SRCS)) -o $@ -lm
