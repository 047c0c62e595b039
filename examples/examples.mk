# examples/examples.mk: the example firmware for QEMU boards (included by the
# top-level Makefile). `make examples` builds, for each board, the firmware
# in several executor configurations:
#   $(BUILD)/examples/BOARD/CONFIG/fw.elf   CONFIG = OPT-DISPATCH[-strict][-int]
# -strict: every file compiled with -mno-unaligned-access (the build for a
# core that traps unaligned accesses: gcc then never merges loads or stores).
# -int: the executor without floats (XIP_FLOAT=0; CoreMark needs none), the
# run loop of `make size`'s int rows.
# `make examples-test` runs them under QEMU (examples/run-tests.sh);
# `make bench-mcu` counts CoreMark's instructions on them (scripts/bench-mcu.sh).

EX_DIR := $(BUILD)/examples
EX_COMMON_SRCS := $(sort $(wildcard examples/common/*.c))
EX_HDRS := $(HDRS) examples/common/fw.h
EX_CFLAGS := -std=c99 -g -Wall -Wextra -Werror -ffreestanding -ffunction-sections -fdata-sections \
    -I. -Iformat -Iexecutor -Iexamples/common

EX_CC_mps2-an386 := arm-none-eabi-gcc
EX_FLAGS_mps2-an386 := -mcpu=cortex-m4 -mthumb
EX_LIBS_mps2-an386 := --specs=nano.specs --specs=rdimon.specs -nostartfiles -Wl,--gc-sections
EX_SRCS_mps2-an386 := examples/mps2-an386/board.c
EX_CONFIGS_mps2-an386 := O2-goto Os-switch O2-goto-strict Os-switch-int

EX_CC_riscv32-virt := riscv64-unknown-elf-gcc
EX_FLAGS_riscv32-virt := -march=rv32imc -mabi=ilp32 -Wa,-march=rv32imc_zicsr --specs=picolibc.specs
EX_LIBS_riscv32-virt := --oslib=semihost -nostartfiles -Wl,--gc-sections
EX_SRCS_riscv32-virt := examples/riscv32-virt/start.S examples/riscv32-virt/board.c
EX_CONFIGS_riscv32-virt := O2-goto Os-switch

EX_BOARDS := mps2-an386 riscv32-virt

# ex_defs CONFIG: the compiler options of a configuration name.
ex_defs = -$(word 1,$(subst -, ,$(1))) \
    -DXIP_DISPATCH_GOTO=$(if $(filter goto,$(subst -, ,$(1))),1,0) \
    $(if $(filter strict,$(subst -, ,$(1))),-mno-unaligned-access) \
    $(if $(filter int,$(subst -, ,$(1))),-DXIP_FLOAT=0)

# $(1) board, $(2) configuration. The firmware's own files (examples/) get
# -fno-tree-loop-distribute-patterns, so that their start-up copy loops stay
# loops; the executor is compiled as a user would compile it.
define EX_FIRMWARE
EX_OBJS_$(1)_$(2) := $(patsubst %,$(EX_DIR)/$(1)/$(2)/%.o,$(basename $(EX_SRCS_$(1)) $(EX_COMMON_SRCS) $(EXECUTOR_SRCS)))
$(EX_DIR)/$(1)/$(2)/%.o: %.c $(EX_HDRS)
	@mkdir -p $$(dir $$@)
	$$(EX_CC_$(1)) $$(EX_CFLAGS) $$(EX_FLAGS_$(1)) $$(call ex_defs,$(2)) \
	    $$(if $$(filter examples/%,$$<),-fno-tree-loop-distribute-patterns) -c $$< -o $$@
$(EX_DIR)/$(1)/$(2)/%.o: %.S
	@mkdir -p $$(dir $$@)
	$$(EX_CC_$(1)) $$(EX_FLAGS_$(1)) -c $$< -o $$@
$(EX_DIR)/$(1)/$(2)/fw.elf: $$(EX_OBJS_$(1)_$(2)) examples/$(1)/link.ld
	$$(EX_CC_$(1)) $$(EX_FLAGS_$(1)) $$(EX_OBJS_$(1)_$(2)) -T examples/$(1)/link.ld $$(EX_LIBS_$(1)) \
	    -Wl,-Map=$$@.map -o $$@
EX_ELFS += $(EX_DIR)/$(1)/$(2)/fw.elf
endef
$(foreach b,$(EX_BOARDS),$(foreach c,$(EX_CONFIGS_$(b)),$(eval $(call EX_FIRMWARE,$(b),$(c)))))

# The host-side test of the firmware's number formatting against glibc's printf.
$(EX_DIR)/test_format: examples/test_format.c examples/common/fw_format.c examples/common/fw.h $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) -std=c99 $(WARN) -O1 -I. -Iformat -Iexecutor -Iexamples/common $< examples/common/fw_format.c -o $@

.PHONY: examples examples-test
examples: $(EX_ELFS) $(EX_DIR)/test_format $(BUILD)/bench-mcu/icount.so

examples-test: examples $(BUILD)/xipwasm corpus
	@BUILD=$(BUILD) sh examples/run-tests.sh

test-build: examples

# `make bench-mcu`: CoreMark instruction counts under QEMU (scripts/bench-mcu.sh).
$(BUILD)/bench-mcu/icount.so: scripts/bench-mcu-plugin.c
	@mkdir -p $(dir $@)
	$(CC) -std=c99 $(WARN) -O2 -shared -fPIC $< -o $@

.PHONY: bench-mcu
bench-mcu: deps
	@$(MAKE) --no-print-directory $(BUILD)/xipwasm examples $(BUILD)/bench-mcu/icount.so
	@BUILD=$(BUILD) sh scripts/bench-mcu.sh
