#!/bin/sh
# test_errors.sh: user errors (exit 1) and usage errors (exit 2) with their
# exact one-line messages; a failed compile never leaves or clobbers OUT.
. tests/cli/lib.sh

wat ok <<'W'
(module (func (export "main") (result i32) i32.const 7))
W

# Missing files.
expect_stderr 1 "xipwasm: $T/nope.wasm: cannot open: No such file or directory" \
    "$XIPWASM" compile "$T/nope.wasm" -o "$T/nope.xip"
expect_stderr 1 "xipwasm: $T/nope.xip: cannot open: No such file or directory" "$XIPWASM" run "$T/nope.xip"
expect_stderr 1 "xipwasm: $T/nope.xip: cannot open: No such file or directory" "$XIPWASM" dump "$T/nope.xip"
expect_stderr 1 "xipwasm: $T/nope.xip: cannot open: No such file or directory" "$XIPWASM" verify "$T/nope.xip"

# Bad magic: a text file given to compile, run and verify.
echo "hello, world" >"$T/text.bin"
expect_stderr_matches 1 "^xipwasm: $T/text.bin:0x0: " "$XIPWASM" compile "$T/text.bin" -o "$T/text.xip"
expect_stderr 1 "xipwasm: $T/text.bin:0x0: image: bad magic" "$XIPWASM" run "$T/text.bin"
expect_stderr 1 "$T/text.bin: error: image: bad magic (at offset 0x0)" \
    "$XIPWASM" verify "$T/text.bin"

# Malformed wasm: cut in the middle of a section; the message names the offset.
head -c 20 "$T/ok.wasm" >"$T/cut.wasm"
expect_stderr_matches 1 "^xipwasm: $T/cut.wasm:0x[0-9a-f]+: [^ ]" "$XIPWASM" compile "$T/cut.wasm" -o "$T/cut.xip"
if [ "$(wc -l <"$T/err")" -eq 1 ]; then pass; else fail "malformed message" "not one line"; fi
expect_stderr_matches 1 "^xipwasm: $T/cut.wasm:0x[0-9a-f]+: " "$XIPWASM" run "$T/cut.wasm"

# Invalid wasm: a type error inside function 1 (after one import).
wat invalid --no-check <<'W'
(module
  (import "env" "print_i32" (func (param i32)))
  (func (export "main") (result i32) i64.const 1))
W
expect_stderr_matches 1 "^xipwasm: $T/invalid.wasm:0x[0-9a-f]+: function 1: [^ ]" \
    "$XIPWASM" compile "$T/invalid.wasm" -o "$T/invalid.xip"
if [ "$(wc -l <"$T/err")" -eq 1 ]; then pass; else fail "invalid message" "not one line"; fi

# A failed compile leaves no file and does not clobber an existing one.
expect_exit 1 "$XIPWASM" compile "$T/invalid.wasm" -o "$T/fresh.xip"
if [ ! -e "$T/fresh.xip" ]; then pass; else fail "failed compile" "left $T/fresh.xip"; fi
echo "keep me" >"$T/keep.xip"
expect_exit 1 "$XIPWASM" compile "$T/invalid.wasm" -o "$T/keep.xip"
if [ "$(cat "$T/keep.xip")" = "keep me" ]; then pass; else fail "failed compile" "clobbered OUT"; fi
leftovers=$(ls "$T" | grep -c '\.tmp' || true)
if [ "$leftovers" -eq 0 ]; then pass; else fail "failed compile" "left temp files"; fi
# A successful one replaces OUT.
expect_exit 0 "$XIPWASM" compile "$T/ok.wasm" -o "$T/keep.xip"
expect_stdout "i32:7" "$XIPWASM" run "$T/keep.xip"
# An unwritable destination is a user error.
expect_stderr_contains 1 "xipwasm: $T/no/such/dir/x.xip: cannot create: " \
    "$XIPWASM" compile "$T/ok.wasm" -o "$T/no/such/dir/x.xip"

# Usage errors.
expect_stderr 2 "xipwasm: compile: missing -o OUT
try xipwasm compile --help" "$XIPWASM" compile "$T/ok.wasm"
expect_stderr 2 "xipwasm: compile: option -o needs a value
try xipwasm compile --help" "$XIPWASM" compile "$T/ok.wasm" -o
expect_stderr 2 "xipwasm: compile: missing input file
try xipwasm compile --help" "$XIPWASM" compile
expect_stderr_contains 2 "xipwasm: compile: unknown pass 'frob'" \
    "$XIPWASM" compile "$T/ok.wasm" -o "$T/x.xip" --dump-after frob
expect_stderr 2 "xipwasm: run: missing FILE
try xipwasm run --help" "$XIPWASM" run
expect_stderr 2 "xipwasm: run: option --invoke needs a value
try xipwasm run --help" "$XIPWASM" run "$T/ok.wasm" --invoke
expect_stderr 2 "xipwasm: run: bad value 'lots' for --fuel
try xipwasm run --help" "$XIPWASM" run "$T/ok.wasm" --fuel lots
expect_stderr 2 "xipwasm: dump: missing FILE
try xipwasm dump --help" "$XIPWASM" dump
expect_stderr 2 "xipwasm: verify: missing IMAGE
try xipwasm verify --help" "$XIPWASM" verify

# No entry point.
wat noentry <<'W'
(module (func (export "f") (result i32) i32.const 1))
W
expect_stderr 2 "xipwasm: $T/noentry.wasm: no _start or main to run: use --invoke NAME; the exported functions are:
  f () -> (i32)" "$XIPWASM" run "$T/noentry.wasm"
expect_stderr 2 "xipwasm: $T/noentry.wasm: no exported function 'g'; the exported functions are:
  f () -> (i32)" "$XIPWASM" run "$T/noentry.wasm" --invoke g

# --dump-after prints to stdout and still writes the image.
expect_exit 0 "$XIPWASM" compile "$T/ok.wasm" -o "$T/dumped.xip" --dump-after decode
if [ -s "$T/out" ] && [ -s "$T/dumped.xip" ]; then pass; else fail "--dump-after decode" "no dump or no image"; fi
for pass_name in validate lower liveness allocate plan encode; do
    expect_exit 0 "$XIPWASM" compile "$T/ok.wasm" -o "$T/dumped.xip" --dump-after $pass_name
done

# XIPWASM_MAX_REGS: the CLI passes it to the compiler as its register limit (far slots).
wat far <<'W'
(module (func (export "f") (param i32) (result i32) (local i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32) (local.set 1 (i32.add (local.get 0) (i32.const 0)))(local.set 2 (i32.add (local.get 0) (i32.const 1)))(local.set 3 (i32.add (local.get 0) (i32.const 2)))(local.set 4 (i32.add (local.get 0) (i32.const 3)))(local.set 5 (i32.add (local.get 0) (i32.const 4)))(local.set 6 (i32.add (local.get 0) (i32.const 5)))(local.set 7 (i32.add (local.get 0) (i32.const 6)))(local.set 8 (i32.add (local.get 0) (i32.const 7)))(local.set 9 (i32.add (local.get 0) (i32.const 8)))(local.set 10 (i32.add (local.get 0) (i32.const 9)))(local.set 11 (i32.add (local.get 0) (i32.const 10)))(local.set 12 (i32.add (local.get 0) (i32.const 11)))(local.set 13 (i32.add (local.get 0) (i32.const 12)))(local.set 14 (i32.add (local.get 0) (i32.const 13)))(local.set 15 (i32.add (local.get 0) (i32.const 14)))(local.set 16 (i32.add (local.get 0) (i32.const 15))) (local.get 1)(local.get 2) i32.add (local.get 3) i32.add (local.get 4) i32.add (local.get 5) i32.add (local.get 6) i32.add (local.get 7) i32.add (local.get 8) i32.add (local.get 9) i32.add (local.get 10) i32.add (local.get 11) i32.add (local.get 12) i32.add (local.get 13) i32.add (local.get 14) i32.add (local.get 15) i32.add (local.get 16) i32.add ))
W
XIPWASM_MAX_REGS=12
export XIPWASM_MAX_REGS
expect_exit 0 "$XIPWASM" compile "$T/far.wasm" -o "$T/far.xip" --dump-after allocate
if grep -q 'local.load_far' "$T/out"; then pass; else fail "XIPWASM_MAX_REGS=12" "no far slots in the dump"; fi
expect_stdout "i32:200" "$XIPWASM" run "$T/far.wasm" --invoke f 5
unset XIPWASM_MAX_REGS
expect_exit 0 "$XIPWASM" compile "$T/far.wasm" -o "$T/far.xip" --dump-after allocate
if grep -q 'local.load_far' "$T/out"; then fail "no XIPWASM_MAX_REGS" "far slots without a limit"; else pass; fi
finish
