# m32.mk: the 32-bit host build (gcc -m32, Debian gcc-multilib) with ASan and
# UBSan: the command and every unit test, so size arithmetic that wraps only
# with a 32-bit size_t is caught. run-all.sh runs the unit tests, the CLI
# tests and the corpus with it. Included by the top-level Makefile.

# The m32 configuration: its library is compiled once (top-level Makefile,
# CFG_RULES) and linked into the command and every unit test.
# SSE2 arithmetic, as on x86-64: the x87 unit's extended precision rounds
# twice (to 64 bits, then to 53), so the host's double results, which
# test_float takes as the reference, would differ from IEEE 754's.
CFG_CC_m32 := $(CC) -m32 -msse2 -mfpmath=sse
CFG_FLAGS_m32 := $(SAN_FLAGS) $(TEST_DEFS) -Icli
CFG_NAMES += m32
M32_LIBS := $(call cfg_libs,m32,m32)
M32_UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/m32/tests/%)
# `place` needs the host's LLVM, which is 64-bit only: a stub says so (run-all skips test_place.sh).
M32_CLI_SRCS := $(filter-out cli/cmd_place.c,$(CLI_SRCS)) tests/m32_place.c

.PHONY: test-m32-build
test-m32-build: $(BUILD)/m32/xipwasm $(M32_UNIT_BINS)
test-build: test-m32-build

$(BUILD)/m32/xipwasm: $(call cfg_objs,m32,$(M32_CLI_SRCS)) $(M32_LIBS)
	@mkdir -p $(dir $@)
	$(CC) -m32 $(SAN_FLAGS) $^ -o $@ -lm

$(BUILD)/m32/tests/test_%: $(BUILD)/cfg/m32/tests/unit/test_%.o $(M32_LIBS)
	@mkdir -p $(dir $@)
	$(CC) -m32 $(SAN_FLAGS) $^ -o $@ -lm
