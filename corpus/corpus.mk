# corpus/corpus.mk - build rules for the xipwasm test corpus.
#
# Included by the top-level Makefile, or used on its own from the repo root:
#     make -f corpus/corpus.mk corpus
#
# Produces, for every NAME in CORPUS_PROGRAMS:
#   $(BUILD)/corpus/NAME-O0.wasm NAME-O2.wasm NAME-Oz.wasm   (clang, wasm32)
#   $(BUILD)/corpus/NAME.native                             (host gcc + UBSan)
#   $(BUILD)/corpus/NAME.expected                           (stdout of NAME.native)
# All variables and targets defined here are prefixed with corpus/CORPUS_.

# Standalone use: make `corpus` the default goal.  When included, keep the
# including makefile's default goal untouched.
ifeq ($(words $(MAKEFILE_LIST)),1)
.DEFAULT_GOAL := corpus
endif
CORPUS_SAVED_DEFAULT_GOAL := $(.DEFAULT_GOAL)

BUILD ?= build
CLANG ?= clang
CC_NATIVE ?= gcc

CORPUS_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
CORPUS_OUT := $(BUILD)/corpus

CORPUS_PROGRAMS := crc32 sha256 sha512 hmac_sha256 aes128 bigint quicksort \
                   matmul fib hashtable parser fmath memops base64 utf8 fir \
                   minivm

CORPUS_OPT_LEVELS := O0 O2 Oz

CORPUS_WASM_CFLAGS := --target=wasm32 -nostdlib -Wall -Wextra -Werror
CORPUS_WASM_LDFLAGS := -Wl,--no-entry -Wl,--export=run -Wl,--allow-undefined
# -ffp-contract=off: no fused multiply-add on hosts that have it (aarch64),
# so native f64 results match wasm (see applet.h).
CORPUS_NATIVE_CFLAGS := -O1 -Wall -Wextra -Werror -ffp-contract=off \
                        -fsanitize=undefined -fno-sanitize-recover

CORPUS_HEADERS := $(wildcard $(CORPUS_DIR)/*.h)
CORPUS_RT := $(CORPUS_DIR)/applet_rt.c
CORPUS_NATIVE_SUPPORT := $(CORPUS_DIR)/native_main.c $(CORPUS_DIR)/native_host.c

CORPUS_WASM := $(foreach o,$(CORPUS_OPT_LEVELS),$(CORPUS_PROGRAMS:%=$(CORPUS_OUT)/%-$(o).wasm))
CORPUS_NATIVE := $(CORPUS_PROGRAMS:%=$(CORPUS_OUT)/%.native)
CORPUS_EXPECTED := $(CORPUS_PROGRAMS:%=$(CORPUS_OUT)/%.expected)

.PHONY: corpus corpus-check corpus-clean

corpus: $(CORPUS_WASM) $(CORPUS_NATIVE) $(CORPUS_EXPECTED)

$(CORPUS_OUT):
	mkdir -p $@

# Compile and link are separate steps on purpose: when the clang driver
# links with an -O flag and finds binaryen's wasm-opt in PATH, it silently
# post-processes the module with `wasm-opt -O<n>` (clang >= 12), so the
# output would depend on whether binaryen is installed.  Linking without
# -O keeps the modules plain clang + wasm-ld output.
CORPUS_OBJ := $(CORPUS_OUT)/obj

$(CORPUS_OBJ):
	mkdir -p $@

define CORPUS_WASM_RULE
$$(CORPUS_PROGRAMS:%=$$(CORPUS_OBJ)/%-$(1).o): $$(CORPUS_OBJ)/%-$(1).o: \
		$$(CORPUS_DIR)/%.c $$(CORPUS_HEADERS) | $$(CORPUS_OBJ)
	$$(CLANG) $$(CORPUS_WASM_CFLAGS) -$(1) -c -o $$@ $$<

$$(CORPUS_OBJ)/applet_rt-$(1).o: $$(CORPUS_RT) $$(CORPUS_HEADERS) | $$(CORPUS_OBJ)
	$$(CLANG) $$(CORPUS_WASM_CFLAGS) -$(1) -c -o $$@ $$<

$$(CORPUS_PROGRAMS:%=$$(CORPUS_OUT)/%-$(1).wasm): $$(CORPUS_OUT)/%-$(1).wasm: \
		$$(CORPUS_OBJ)/%-$(1).o $$(CORPUS_OBJ)/applet_rt-$(1).o | $$(CORPUS_OUT)
	$$(CLANG) --target=wasm32 -nostdlib $$(CORPUS_WASM_LDFLAGS) -o $$@ $$^
endef
$(foreach o,$(CORPUS_OPT_LEVELS),$(eval $(call CORPUS_WASM_RULE,$(o))))

$(CORPUS_NATIVE): $(CORPUS_OUT)/%.native: $(CORPUS_DIR)/%.c $(CORPUS_NATIVE_SUPPORT) \
		$(CORPUS_HEADERS) | $(CORPUS_OUT)
	$(CC_NATIVE) $(CORPUS_NATIVE_CFLAGS) -o $@ $(CORPUS_NATIVE_SUPPORT) $<

$(CORPUS_EXPECTED): $(CORPUS_OUT)/%.expected: $(CORPUS_OUT)/%.native
	$(abspath $<) > $@.tmp
	mv $@.tmp $@

# ---- Rust programs (no_std, with the sdk's host module sdk/xipwasm.rs) ----
# Built with Debian's rustc (called by path: another rustc on PATH may lack
# the wasm32 target) at opt-level 2 and s, and natively at opt-level 0 with
# overflow checks and debug assertions (a wrapped overflow that wasm would
# hide aborts the native run, so the expected output cannot be wrong), then
# linked with native_main.c and native_host.c like the C programs.
CORPUS_RUSTC ?= /usr/bin/rustc
CORPUS_RUST_PROGRAMS := rs_sieve rs_sort rs_fmt
CORPUS_RUST_OPT_LEVELS := 2 s
CORPUS_RUST_DEPS := $(CORPUS_DIR)/../sdk/xipwasm.rs
CORPUS_RUST_WASM := $(foreach o,$(CORPUS_RUST_OPT_LEVELS),$(CORPUS_RUST_PROGRAMS:%=$(CORPUS_OUT)/%-O$(o).wasm))
CORPUS_RUST_NATIVE := $(CORPUS_RUST_PROGRAMS:%=$(CORPUS_OUT)/%.native)

define CORPUS_RUST_RULE
$$(CORPUS_RUST_PROGRAMS:%=$$(CORPUS_OUT)/%-O$(1).wasm): $$(CORPUS_OUT)/%-O$(1).wasm: \
		$$(CORPUS_DIR)/%.rs $$(CORPUS_RUST_DEPS) | $$(CORPUS_OUT)
	$$(CORPUS_RUSTC) --target wasm32-unknown-unknown --crate-type cdylib -C opt-level=$(1) \
	    -C panic=abort -C strip=debuginfo -o $$@ $$<
endef
$(foreach o,$(CORPUS_RUST_OPT_LEVELS),$(eval $(call CORPUS_RUST_RULE,$(o))))

$(CORPUS_RUST_PROGRAMS:%=$(CORPUS_OBJ)/lib%.a): $(CORPUS_OBJ)/lib%.a: $(CORPUS_DIR)/%.rs \
		$(CORPUS_RUST_DEPS) | $(CORPUS_OBJ)
	$(CORPUS_RUSTC) --crate-type staticlib -C opt-level=0 -C overflow-checks=on -C debug-assertions=on \
	    -C panic=abort -o $@ $<

$(CORPUS_RUST_NATIVE): $(CORPUS_OUT)/%.native: $(CORPUS_OBJ)/lib%.a $(CORPUS_NATIVE_SUPPORT) \
		$(CORPUS_HEADERS) | $(CORPUS_OUT)
	$(CC_NATIVE) -O1 -Wall -Wextra -Werror -o $@ $(CORPUS_NATIVE_SUPPORT) $<

$(CORPUS_RUST_PROGRAMS:%=$(CORPUS_OUT)/%.expected): $(CORPUS_OUT)/%.expected: $(CORPUS_OUT)/%.native
	$(abspath $<) > $@.tmp
	mv $@.tmp $@

corpus: $(CORPUS_RUST_WASM) $(CORPUS_RUST_NATIVE) $(CORPUS_RUST_PROGRAMS:%=$(CORPUS_OUT)/%.expected)

# Validates every wasm with wabt and checks that the only imports are the
# host functions of module "env" (see corpus/check_wasm.sh).
corpus-check: $(CORPUS_WASM)
	sh $(CORPUS_DIR)/check_wasm.sh $(CORPUS_WASM)

corpus-clean:
	rm -rf $(CORPUS_OUT)

.DEFAULT_GOAL := $(CORPUS_SAVED_DEFAULT_GOAL)
