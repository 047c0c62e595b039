#!/bin/sh
# test_sdk.sh: the applet kits in sdk/: applet.mk builds the C and Rust
# examples into one-page, stack-first, stripped modules that run; a stack
# overflow traps instead of overwriting data; too much data fails to link
# with a clear message; the Console of xipwasm.rs formats through core::fmt.
. tests/cli/lib.sh

SDK="$PWD/sdk"
cp sdk/examples/hello.c sdk/examples/hello_rust.rs "$T/"
sed -i "s|#\[path = \"../xipwasm.rs\"\]|#[path = \"$SDK/xipwasm.rs\"]|" "$T/hello_rust.rs"
mk() { make --no-print-directory -s -C "$T" -f "$SDK/applet.mk" XIPWASM="$XIPWASM" "$@"; }

expect_exit 0 mk hello.xip hello_rust.xip
expect_stdout "hello from C: sum 1..10 = 55
i32:55" "$XIPWASM" run "$T/hello.xip" --invoke run 10
expect_stdout "hello from Rust: sum 1..10 = 55
i32:55" "$XIPWASM" run "$T/hello_rust.xip" --invoke run 10

# small by default: one page (initial = max), the stack first (the stack
# pointer starts at APPLET_STACK, data above it), no names or custom sections
for m in hello hello_rust; do
    wasm-objdump -x "$T/$m.wasm" >"$T/$m.objdump"
    if grep -q "pages: initial=1 max=1" "$T/$m.objdump" &&
        grep -q "global\[0\] i32 mutable=1 - init i32=8192" "$T/$m.objdump" &&
        ! grep -q "^Custom:" "$T/$m.objdump"; then
        pass
    else
        : >"$T/out"
        cp "$T/$m.objdump" "$T/err"
        fail "$m.wasm layout" "not one page, stack first and stripped"
    fi
    size=$(wc -c <"$T/$m.wasm")
    if [ "$size" -lt 1024 ]; then pass; else fail "$m.wasm size" "$size bytes"; fi
done

# A stack overflow runs below address 0 and traps (the stack first: it cannot reach the data).
cat >"$T/deep.c" <<'C'
#include "xipwasm_applet.h"
static int depth(int n)
{
    volatile char pad[256];
    pad[n & 255] = 1;
    if (n == 0)
        return 0;
    int r = depth(n - 1);
    return r + pad[n & 255];
}
XW_EXPORT("run") int run(int n) { return depth(n); }
C
expect_exit 0 mk deep.xip
expect_stdout "i32:10" "$XIPWASM" run "$T/deep.xip" --invoke run 10
expect_stderr_matches 3 "^xipwasm: $T/deep.xip: trap: out of bounds memory access in function [0-9]+ at \+0x[0-9a-f]+$" \
    "$XIPWASM" run "$T/deep.xip" --invoke run 100

# Data that does not fit the page: the linker says so; APPLET_MEMORY raises it.
cat >"$T/big.c" <<'C'
#include "xipwasm_applet.h"
static volatile char table[70000];
XW_EXPORT("run") int run(int i) { table[i] = 1; return table[i] + table[i / 2]; }
C
expect_exit 2 mk big.wasm
if grep -q "initial memory too small" "$T/err"; then pass; else fail "big.wasm" "no 'initial memory too small'"; fi
expect_exit 0 mk APPLET_MEMORY=131072 big.xip
expect_stdout "i32:1" "$XIPWASM" run "$T/big.xip" --invoke run 69999

# The Rust Console (core::fmt) and clock_ms through the fake clock.
cat >"$T/fmt.rs" <<R
#![no_std]
#[path = "$SDK/xipwasm.rs"]
mod xipwasm;
use core::fmt::Write;
#[no_mangle]
pub extern "C" fn run() -> i64 {
    let a = xipwasm::clock_ms();
    let b = xipwasm::clock_ms();
    let _ = write!(xipwasm::Console, "{:>5}|{:#x}|{:.2}\n", 42, 255, 1.0f64 / 3.0);
    b - a
}
R
expect_exit 0 mk fmt.xip
expect_stdout "   42|0xff|0.33
i64:7" "$XIPWASM" run "$T/fmt.xip" --invoke run --fake-clock 7
finish
