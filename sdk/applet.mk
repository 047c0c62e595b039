# applet.mk: make rules for small xipwasm applets in C and Rust.
#
# Include it from your Makefile (or use it with make -f sdk/applet.mk):
#     include PATH/sdk/applet.mk
#     all: blink.xip
# then `make blink.xip` builds blink.c or blink.rs into blink.wasm and
# compiles that into the image blink.xip. Defaults make small applets:
#   - memory of one 64 KiB page, initial = maximum (APPLET_MEMORY),
#   - the stack first, below the data (APPLET_STACK bytes), so that a stack
#     overflow traps (out of bounds) instead of overwriting static data,
#   - -Os / opt-level=s, unused code removed, symbols and names stripped.
# A program whose data and stack do not fit one page fails to link with
# "initial memory too small": raise APPLET_MEMORY (a multiple of 65536) or
# lower APPLET_STACK. See docs/applets.md.

APPLET_SDK := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
XIPWASM ?= xipwasm
APPLET_CC ?= clang
APPLET_RUSTC ?= /usr/bin/rustc
APPLET_STACK ?= 8192
APPLET_MEMORY ?= 65536
APPLET_MAX_MEMORY ?= $(APPLET_MEMORY)
APPLET_OPT ?= -Os
APPLET_RUST_OPT ?= s

# Compile and link are separate steps: linking with an -O flag lets the
# clang driver run binaryen's wasm-opt when it is installed.
APPLET_CFLAGS ?= --target=wasm32 -ffreestanding -fno-builtin -nostdlib $(APPLET_OPT) -Wall -Wextra \
                 -I$(APPLET_SDK)
APPLET_LDFLAGS ?= --target=wasm32 -nostdlib -Wl,--no-entry -Wl,--stack-first \
                  -Wl,-z,stack-size=$(APPLET_STACK) -Wl,--initial-memory=$(APPLET_MEMORY) \
                  -Wl,--max-memory=$(APPLET_MAX_MEMORY) -Wl,--gc-sections -Wl,--strip-all
APPLET_RUSTFLAGS ?= --target wasm32-unknown-unknown --crate-type cdylib -C opt-level=$(APPLET_RUST_OPT) \
                    -C panic=abort -C strip=symbols -C link-arg=--stack-first \
                    -C link-arg=-zstack-size=$(APPLET_STACK) -C link-arg=--initial-memory=$(APPLET_MEMORY) \
                    -C link-arg=--max-memory=$(APPLET_MAX_MEMORY)

%.applet.o: %.c $(APPLET_SDK)/xipwasm_applet.h
	$(APPLET_CC) $(APPLET_CFLAGS) -c -o $@ $<

%.xw_rt.o: $(APPLET_SDK)/xw_rt.c $(APPLET_SDK)/xipwasm_applet.h
	$(APPLET_CC) $(APPLET_CFLAGS) -c -o $@ $<

%.wasm: %.applet.o %.xw_rt.o
	$(APPLET_CC) $(APPLET_LDFLAGS) -o $@ $^

%.wasm: %.rs $(APPLET_SDK)/xipwasm.rs
	$(APPLET_RUSTC) $(APPLET_RUSTFLAGS) -o $@ $<

%.xip: %.wasm
	$(XIPWASM) compile $< -o $@

.PRECIOUS: %.wasm %.applet.o %.xw_rt.o
