# tests.mk: `make test` and the test builds. Included by the top-level Makefile.

SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
LIB_SRCS := $(FORMAT_SRCS) $(COMPILER_SRCS) $(EXECUTOR_SRCS)
# Extra builds of the executor unit test: switch dispatch, floats compiled out
# (switch and computed goto), and floats and the post-MVP extensions compiled
# out (the smallest executor, switch).
EXEC_VARIANTS := $(if $(wildcard tests/unit/test_executor.c),\
    $(BUILD)/tests/test_executor-switch $(BUILD)/tests/test_executor-nofloat \
    $(BUILD)/tests/test_executor-goto-nofloat $(BUILD)/tests/test_executor-noext)

.PHONY: test test-build test-unit check-clang
# Each unit test links the library sources (not the CLI), with ASan and UBSan.
$(BUILD)/tests/test_%: tests/unit/test_%.c $(sort $(LIB_SRCS)) $(HDRS) $(wildcard tests/unit/*.h)
	@mkdir -p $(dir $@)
	$(CC) -std=c99 $(WARN) $(SAN_FLAGS) -I. -Iformat -Iexecutor -Icompiler -D_POSIX_C_SOURCE=200809L \
	    $< $(sort $(LIB_SRCS)) -o $@ -lm

$(BUILD)/tests/test_executor-switch: tests/unit/test_executor.c $(LIB_SRCS) $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) -std=c99 $(WARN) $(SAN_FLAGS) -DXIP_DISPATCH_GOTO=0 -I. -Iformat -Iexecutor -Icompiler \
	    -D_POSIX_C_SOURCE=200809L $< $(sort $(LIB_SRCS)) -o $@ -lm

$(BUILD)/tests/test_executor-nofloat: tests/unit/test_executor.c $(LIB_SRCS) $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) -std=c99 $(WARN) $(SAN_FLAGS) -DXIP_DISPATCH_GOTO=0 -DXIP_FLOAT=0 -I. -Iformat -Iexecutor -Icompiler \
	    -D_POSIX_C_SOURCE=200809L $< $(sort $(LIB_SRCS)) -o $@ -lm

$(BUILD)/tests/test_executor-goto-nofloat: tests/unit/test_executor.c $(LIB_SRCS) $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) -std=c99 $(WARN) $(SAN_FLAGS) -DXIP_DISPATCH_GOTO=1 -DXIP_FLOAT=0 -I. -Iformat -Iexecutor -Icompiler \
	    -D_POSIX_C_SOURCE=200809L $< $(sort $(LIB_SRCS)) -o $@ -lm

$(BUILD)/tests/test_executor-noext: tests/unit/test_executor.c $(LIB_SRCS) $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) -std=c99 $(WARN) $(SAN_FLAGS) -DXIP_DISPATCH_GOTO=0 -DXIP_FLOAT=0 -DXIP_EXT=0 -I. -Iformat -Iexecutor -Icompiler \
	    -D_POSIX_C_SOURCE=200809L $< $(sort $(LIB_SRCS)) -o $@ -lm

# test_lower built with clang's sanitizers too: its UBSan also reports pointer
# arithmetic on a null pointer (the br_table regression of issue 7), GCC's does not.
LOWER_CLANG := $(BUILD)/tests/test_lower-clang
$(LOWER_CLANG): tests/unit/test_lower.c $(sort $(LIB_SRCS)) $(HDRS) $(wildcard tests/unit/*.h)
	@mkdir -p $(dir $@)
	$(CLANG) -std=c99 $(WARN) $(SAN_FLAGS) -I. -Iformat -Iexecutor -Icompiler -D_POSIX_C_SOURCE=200809L \
	    $< $(sort $(LIB_SRCS)) -o $@ -lm

# The run past 2^32 units of fuel, optimized (minutes under the sanitizers).
$(BUILD)/tests/test_applet_api-long: tests/unit/test_applet_api.c $(LIB_SRCS) $(HDRS) tests/unit/wat.h
	@mkdir -p $(dir $@)
	$(CC) -std=c99 $(WARN) -O2 -DAPPLET_API_LONG=1 -I. -Iformat -Iexecutor -Icompiler \
	    -D_POSIX_C_SOURCE=200809L $< $(sort $(LIB_SRCS)) -o $@ -lm

# The command built with sanitizers, used by the corpus and CLI tests.
$(BUILD)/asan/xipwasm: $(CLI_SRCS) $(LIB_SRCS) $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) -std=c99 $(WARN) $(SAN_FLAGS) -I. -Iformat -Iexecutor $(LLVM_CFLAGS) -D_POSIX_C_SOURCE=200809L \
	    $(CLI_SRCS) $(sort $(LIB_SRCS)) -o $@ $(HOST_LDLIBS)

# The whole project must also build warning-free with clang.
check-clang:
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/clang CC=$(CLANG) $(BUILD)/clang/xipwasm

test-build: $(BUILD)/tests/test_applet_api-long $(BUILD)/xipwasm $(BUILD)/opcode_doc $(BUILD)/diff/seedbytes fuzz fuzz-seeds $(BUILD)/asan/xipwasm $(UNIT_BINS) $(EXEC_VARIANTS) $(LOWER_CLANG) corpus check-clang cross

test: deps
	@$(MAKE) --no-print-directory test-build
	@BUILD=$(BUILD) sh tests/run-all.sh
