# executor/cross.mk: `make cross` builds the executor for a Cortex-M4 with
# arm-none-eabi-gcc -Os in five configurations (dispatch goto/switch x float
# on/off, and the smallest: switch, no floats, no post-MVP extensions) into
# $(BUILD)/cross/<config>/ and prints the text size of each. It fails when
# a configuration needs anything from outside the executor but memcpy,
# memset and the compiler's own helpers (libgcc's __aeabi_*, __*di3, ...):
# the executor is freestanding and uses no other C library function.

CROSS_CC ?= arm-none-eabi-gcc
CROSS_SIZE ?= arm-none-eabi-size
CROSS_NM ?= arm-none-eabi-nm
CROSS_CFLAGS := -std=c99 -mcpu=cortex-m4 -mthumb -Os -Wall -Wextra -Werror -ffreestanding \
    -ffunction-sections -fdata-sections -I. -Iformat -Iexecutor
CROSS_SRCS := $(sort $(wildcard executor/*.c))
CROSS_CONFIGS := goto-float switch-float goto-nofloat switch-nofloat switch-nofloat-noext
CROSS_DEFS_goto-float := -DXIP_DISPATCH_GOTO=1 -DXIP_FLOAT=1
CROSS_DEFS_switch-float := -DXIP_DISPATCH_GOTO=0 -DXIP_FLOAT=1
CROSS_DEFS_goto-nofloat := -DXIP_DISPATCH_GOTO=1 -DXIP_FLOAT=0
CROSS_DEFS_switch-nofloat := -DXIP_DISPATCH_GOTO=0 -DXIP_FLOAT=0
CROSS_DEFS_switch-nofloat-noext := -DXIP_DISPATCH_GOTO=0 -DXIP_FLOAT=0 -DXIP_EXT=0

# $(1): configuration name; the objects of that configuration.
cross_objs = $(CROSS_SRCS:executor/%.c=$(BUILD)/cross/$(1)/%.o)

define CROSS_RULES
$(BUILD)/cross/$(1)/%.o: executor/%.c $(HDRS)
	@mkdir -p $$(dir $$@)
	$$(CROSS_CC) $$(CROSS_CFLAGS) $$(CROSS_DEFS_$(1)) -c $$< -o $$@
endef
$(foreach c,$(CROSS_CONFIGS),$(eval $(call CROSS_RULES,$(c))))

.PHONY: cross
cross: $(foreach c,$(CROSS_CONFIGS),$(call cross_objs,$(c)))
	@for c in $(CROSS_CONFIGS); do \
	    echo "== $$c"; \
	    $(CROSS_SIZE) -t $(BUILD)/cross/$$c/*.o | tail -n +1; \
	    $(CROSS_NM) --defined-only $(BUILD)/cross/$$c/*.o | awk 'NF == 3 { print $$3 }' | sort -u >$(BUILD)/cross/$$c.defined; \
	    needs=$$($(CROSS_NM) -u $(BUILD)/cross/$$c/*.o | awk 'NF == 2 { print $$2 }' | sort -u | \
	        comm -23 - $(BUILD)/cross/$$c.defined | grep -v -x -E 'memcpy|memset|__[a-z0-9_]+' | tr '\n' ' '); \
	    if [ -n "$$needs" ]; then echo "cross: $$c needs $$needs(only memcpy, memset and compiler helpers may be left undefined)"; exit 1; fi; \
	done
