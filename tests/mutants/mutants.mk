# mutants.mk: `make mutants` (mutation testing, tests/mutants/run.sh) and the
# builds of its fallback fast tier: every unit test linked, without
# sanitizers, against the objects of build/xipwasm, so a mutant costs one
# recompiled object and a few links. Included by the top-level Makefile.

FAST_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/fast/%)

.PHONY: mutants fast-build
# The test's own object depends on its source and headers only, so a mutant
# of a library file relinks the tests without recompiling them.
.PRECIOUS: $(BUILD)/fast/test_%.o
$(BUILD)/fast/test_%.o: tests/unit/test_%.c $(HDRS) $(wildcard tests/unit/*.h)
	@mkdir -p $(dir $@)
	$(CC) -std=c99 $(WARN) -O1 -g -I. -Iformat -Iexecutor -Icompiler -D_POSIX_C_SOURCE=200809L -c $< -o $@

$(BUILD)/fast/test_%: $(BUILD)/fast/test_%.o $(COMPILER_OBJS) $(EXECUTOR_OBJS)
	$(CC) $^ -o $@ -lm

$(BUILD)/mutants/apply: tests/mutants/apply.c
	@mkdir -p $(dir $@)
	$(CC) -std=c99 $(WARN) -O1 $< -o $@

fast-build: $(BUILD)/xipwasm $(FAST_BINS)

# make mutants [MUTANT_CHECK='command'] [MUTANT_FILTER=file-substring] [MUTANT_TIMEOUT=s]
mutants: $(BUILD)/mutants/apply $(BUILD)/xipwasm corpus
	@BUILD=$(BUILD) sh tests/mutants/run.sh
