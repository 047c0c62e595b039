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

# build/xipwasm's run loop hands profiled runs to the CLI (XIP_PROFILE_HOOK),
# so the tests link their own build of it, without the hook.
FAST_EXECUTOR_OBJS := $(patsubst $(BUILD)/obj/executor/xip_run.o,$(BUILD)/fast/xip_run.o,$(EXECUTOR_OBJS))
$(BUILD)/fast/xip_run.o: executor/xip_run.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/fast/test_%: $(BUILD)/fast/test_%.o $(COMPILER_OBJS) $(FAST_EXECUTOR_OBJS)
	$(CC) $^ -o $@ -lm

# The executor test in the switch dispatch build too (make check runs it as
# test_executor-switch): the switch build has its own branch tail.
$(BUILD)/fast/xip_run-switch.o: executor/xip_run.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -DXIP_DISPATCH_GOTO=0 -c $< -o $@

$(BUILD)/fast/test_executor-switch: $(BUILD)/fast/test_executor.o $(COMPILER_OBJS) \
	    $(patsubst $(BUILD)/fast/xip_run.o,$(BUILD)/fast/xip_run-switch.o,$(FAST_EXECUTOR_OBJS))
	$(CC) $^ -o $@ -lm

$(BUILD)/mutants/apply: tests/mutants/apply.c
	@mkdir -p $(dir $@)
	$(CC) -std=c99 $(WARN) -O1 $< -o $@

fast-build: $(BUILD)/xipwasm $(FAST_BINS) $(BUILD)/fast/test_executor-switch

# make mutants [MUTANT_CHECK='command'] [MUTANT_FILTER=file-substring] [MUTANT_TIMEOUT=s]
mutants: $(BUILD)/mutants/apply $(BUILD)/xipwasm corpus
	@BUILD=$(BUILD) CHECK_CORPUS_NAMES="$(CHECK_CORPUS)" sh tests/mutants/run.sh
