#!/bin/sh
# test_optimize.sh: `xipwasm compile -O...`, the binaryen pre-pass: it makes
# unoptimized code smaller with the same results, keeps xipwasm's own located
# errors for bad modules, and turns binaryen's failures (a module it cannot
# read, a missing library) into errors for the file, leaving no output.
. tests/cli/lib.sh

# Unoptimized code as clang -O0 writes it: every value goes through a local.
wat slow <<'W'
(module
  (func $sum (export "sum") (param $n i32) (result i32)
    (local $i i32) (local $acc i32) (local $t i32)
    (local.set $i (i32.const 0))
    (local.set $acc (i32.const 0))
    (block $done
      (loop $next
        (local.set $t (local.get $i))
        (br_if $done (i32.ge_s (local.get $t) (local.get $n)))
        (local.set $t (i32.mul (local.get $i) (i32.const 3)))
        (local.set $acc (i32.add (local.get $acc) (local.get $t)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $acc))
  (func (export "run") (result i32) (call $sum (i32.const 1000))))
W
expect_exit 0 "$XIPWASM" compile "$T/slow.wasm" -o "$T/plain.xip"
for level in -O -O1 -O2 -O3 -O4 -Os -Oz; do
    expect_exit 0 "$XIPWASM" compile "$T/slow.wasm" $level -o "$T/opt.xip"
    expect_stdout "i32:1498500" "$XIPWASM" run "$T/opt.xip" --invoke run
    expect_stdout "i32:135" "$XIPWASM" run "$T/opt.xip" --invoke sum 10
    plain=$(wc -c <"$T/plain.xip") opt=$(wc -c <"$T/opt.xip")
    case $level in -O1) ;; *)   # -O1 keeps the locals
        if [ "$opt" -lt "$plain" ]; then pass; else fail "compile $level" "image $opt bytes, not below $plain without it"; fi
    esac
done
expect_stdout "i32:1498500" "$XIPWASM" run "$T/plain.xip" --invoke run
# the map follows the optimized module and still names functions
expect_exit 0 "$XIPWASM" compile "$T/slow.wasm" -O -o "$T/opt.xip" --map "$T/opt.map"
expect_stdout "i32:1498500" "$XIPWASM" run "$T/opt.xip" --invoke run --map "$T/opt.map"

# An invalid module: xipwasm's own error, with its offset, before binaryen sees it.
printf '\000asm\001\000\000\000\001\005\001\140\000\001\177\003\002\001\000\012\006\001\004\000\102\000\013' >"$T/bad.wasm"
expect_stderr 1 "xipwasm: $T/bad.wasm:0x1a: function 0: type mismatch: expected i32, got i64" \
    "$XIPWASM" compile "$T/bad.wasm" -O -o "$T/bad.xip"
[ ! -e "$T/bad.xip" ] && pass || fail "compile -O bad" "left an output file"

# A memory with a custom page size: valid for xipwasm, unreadable for binaryen 108.
printf '\000asm\001\000\000\000\005\004\001\010\001\000' >"$T/pages.wasm"
expect_exit 0 "$XIPWASM" compile "$T/pages.wasm" -o "$T/pages.xip"
expect_stderr_contains 1 "xipwasm: $T/pages.wasm: binaryen's optimizer failed (exit status 1); compile without -O" \
    "$XIPWASM" compile "$T/pages.wasm" -O -o "$T/pages2.xip"
[ ! -e "$T/pages2.xip" ] && pass || fail "compile -O pages" "left an output file"

# No library: a clear error.
expect_stderr_contains 1 "xipwasm: compile -O: cannot load binaryen's library $T/none.so" \
    env XIPWASM_BINARYEN_LIB="$T/none.so" "$XIPWASM" compile "$T/slow.wasm" -O -o "$T/x.xip"
expect_exit 2 "$XIPWASM" compile "$T/slow.wasm" -O5 -o "$T/x.xip"
finish
