# mutants.mk: `make mutants` (mutation testing, tests/mutants/run.sh) and the
# builds of its fallback fast tier: every unit test linked, without
# sanitizers, against the objects of build/xipwasm, so a mutant costs one
# recompiled object and a few links. Included by the top-level Makefile.

FAST_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/fast/%)

.PHONY: mutants fast-build
$(BUILD)/fast/test_%: tests/unit/test_%.c $(COMPILER_OBJS) $(EXECUTOR_OBJS) $(HDRS) $(wildcard tests/unit/*.h)
	@mkdir -p $(dir $@)
	$(CC) -std=c99 $(WARN) -O1 -g -I. -Iformat -Iexecutor -Icompiler -D_POSIX_C_SOURCE=200809L \
	    $< $(COMPILER_OBJS) $(EXECUTOR_OBJS) -o $@ -lm

$(BUILD)/mutants/apply: tests/mutants/apply.c
	@mkdir -p $(dir $@)
	$(CC) -std=c99 $(WARN) -O1 $< -o $@

fast-build: $(BUILD)/xipwasm $(FAST_BINS)

# make mutants [MUTANT_CHECK='command'] [MUTANT_FILTER=file-substring] [MUTANT_TIMEOUT=s]
mutants: $(BUILD)/mutants/apply $(BUILD)/xipwasm corpus
	@BUILD=$(BUILD) sh tests/mutants/run.sh
