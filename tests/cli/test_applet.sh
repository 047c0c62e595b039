#!/bin/sh
# test_applet.sh: trying applets on the workstation: --stub and --stub-all,
# --run-all-exports, the export list when no function is found, signature
# mismatches, output ended before results, --quiet, trap sites with maps
# (compile --map, run --map, symbolize), '-' for stdin/stdout, --emit-c and
# the input-kind hints of compile.
. tests/cli/lib.sh

wat app --debug-names <<'W'
(module
  (import "env" "read_sensor" (func $read_sensor (result i32)))
  (import "env" "pair" (func $pair (param i32) (result i32 i64)))
  (import "env" "print_str" (func $str (param i32 i32)))
  (import "env" "print_i32" (func $pi (param i32)))
  (import "env" "print_i64" (func $bad (param i32)))
  (memory 1)
  (data (i32.const 0) "no newline")
  (func (export "sense") (result i32) call $read_sensor i32.const 1 i32.add)
  (func (export "pairs") (result i32 i64) i32.const 5 call $pair)
  (func (export "unterminated") (result i32) i32.const 0 i32.const 10 call $str i32.const 7)
  (func (export "numbers") i32.const 1 call $pi i32.const 2 call $pi)
  (func (export "bad") i32.const 1 call $bad)
  (func $divide (export "div") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_u)
  (func (export "outer") (param i32) (result i32) i32.const 9 local.get 0 call $divide)
  (func (export "printtrap") i32.const 0 i32.const 10 call $str unreachable))
W
A="$T/app.wasm"

# Stubs: given values, zeros, several results, --stub-all; bad stubs are usage errors.
expect_stdout "i32:42" "$XIPWASM" run "$A" --invoke sense --stub env.read_sensor=41
expect_stdout "i32:1" "$XIPWASM" run "$A" --invoke sense --stub env.read_sensor
expect_stdout "i32:-6" "$XIPWASM" run "$A" --invoke sense --stub=env.read_sensor=-7
expect_stdout "i32:1" "$XIPWASM" run "$A" --invoke sense --stub-all
expect_stdout "i32:3
i64:-9000000000" "$XIPWASM" run "$A" --invoke pairs --stub env.pair=3,-9000000000
expect_stdout "i32:0
i64:0" "$XIPWASM" run "$A" --invoke pairs --stub-all
expect_stdout "i32:3
i64:4" "$XIPWASM" run "$A" --invoke pairs --stub-all --stub env.pair=3,4
expect_stderr 2 "xipwasm: run: --stub env.read_sensor=x: 'x' is not a valid i32
try xipwasm run --help" "$XIPWASM" run "$A" --invoke sense --stub env.read_sensor=x
expect_stderr 2 "xipwasm: run: --stub env.pair=1: the import (i32) -> (i32, i64) returns 2 values
try xipwasm run --help" "$XIPWASM" run "$A" --invoke pairs --stub env.pair=1
expect_stderr 2 "xipwasm: run: --stub env.pair=1,2,3: the import (i32) -> (i32, i64) returns 2 values
try xipwasm run --help" "$XIPWASM" run "$A" --invoke pairs --stub env.pair=1,2,3
expect_stderr 2 "xipwasm: run: --stub env.nosuch=1: $A imports no function env.nosuch
try xipwasm run --help" "$XIPWASM" run "$A" --invoke sense --stub env.nosuch=1
expect_stderr 2 "xipwasm: run: --stub read_sensor: expected MODULE.FIELD or MODULE.FIELD=VALUE,...
try xipwasm run --help" "$XIPWASM" run "$A" --invoke sense --stub read_sensor
expect_stderr 2 "xipwasm: run: option --stub needs a value
try xipwasm run --help" "$XIPWASM" run "$A" --invoke sense --stub

# An import the CLI does not provide, and one whose signature differs from the built-in.
expect_stderr_matches 3 "^xipwasm: $A: trap: unlinked import env\.read_sensor in function 5 \"sense\" at \+0x[0-9a-f]+ \(wasm offset 0x[0-9a-f]+\): \(\) -> \(i32\) is not provided \(try --stub MODULE\.FIELD=VALUE,\.\.\. or --stub-all\)$" \
    "$XIPWASM" run "$A" --invoke sense
expect_stderr_matches 3 "^xipwasm: $A: trap: unlinked import env\.print_i64 in function 9 \"bad\" at \+0x[0-9a-f]+ \(wasm offset 0x[0-9a-f]+\): the module's signature \(i32\) -> \(\) differs from the built-in \(i64\) -> \(\)$" \
    "$XIPWASM" run "$A" --invoke bad
# --stub-all stubs it too (the built-in does not fit it).
expect_stdout "" "$XIPWASM" run "$A" --invoke bad --stub-all

# Program output is ended before the results; --quiet prints the results only.
expect_stdout "no newline
i32:7" "$XIPWASM" run "$A" --invoke unterminated
expect_stdout "i32:7" "$XIPWASM" run "$A" --invoke unterminated --quiet
expect_stdout "i32:7" "$XIPWASM" run "$A" --invoke unterminated -q
expect_stdout "12" "$XIPWASM" run "$A" --invoke numbers
expect_stdout "" "$XIPWASM" run "$A" --invoke numbers -q
# ... and before a trap message (stdout then holds the ended line).
expect_stderr_matches 3 "^xipwasm: $A: trap: unreachable in function 12 \"printtrap\" at \+0x[0-9a-f]+ \(wasm offset 0x[0-9a-f]+\)$" \
    "$XIPWASM" run "$A" --invoke printtrap
if [ "$(cat "$T/out")" = "no newline" ] && [ "$(tail -c 1 "$T/out" | od -An -c | tr -d ' ')" = '\n' ]; then
    pass
else
    fail "output ended before a trap" "stdout: $(od -c "$T/out" | head -n 2)"
fi

# No function to run, or an unknown one: the exports with their signatures (exit 2).
exports="  sense () -> (i32)
  pairs () -> (i32, i64)
  unterminated () -> (i32)
  numbers () -> ()
  bad () -> ()
  div (i32, i32) -> (i32)
  outer (i32) -> (i32)
  printtrap () -> ()"
expect_stderr 2 "xipwasm: $A: no _start or main to run: use --invoke NAME; the exported functions are:
$exports" "$XIPWASM" run "$A"
expect_stderr 2 "xipwasm: $A: no exported function 'nosuch'; the exported functions are:
$exports" "$XIPWASM" run "$A" --invoke nosuch
wat noexports <<'W'
(module (func))
W
expect_stderr 2 "xipwasm: $T/noexports.wasm: no _start or main to run: use --invoke NAME; the exported functions are:
  (none)" "$XIPWASM" run "$T/noexports.wasm"

# --run-all-exports: one line per function, zero arguments, traps included (exit 3).
expect_exit 3 "$XIPWASM" run "$A" --run-all-exports --stub-all
cp "$T/out" "$T/all.out"
cat >"$T/expected" <<'E'
sense() => i32:1
pairs() => i32:0, i64:0
no newline
unterminated() => i32:7
12
numbers() =>
bad() =>
E
head -n 7 "$T/all.out" >"$T/got"
expect_file_same "run-all-exports output" "$T/expected" "$T/got"
if [ "$(wc -l <"$T/all.out")" -eq 11 ] && [ "$(tail -n 2 "$T/all.out" | head -n 1)" = "no newline" ] &&
    grep -Eq '^printtrap\(\) => trap: unreachable in function 12 "printtrap"' "$T/all.out" &&
    grep -Eq '^div\(i32:0, i32:0\) => trap: integer divide by zero in function 10 "divide" at \+0x[0-9a-f]+ \(wasm offset 0x[0-9a-f]+\)$' "$T/all.out" &&
    grep -Eq '^outer\(i32:0\) => trap: integer divide by zero in function 10 "divide"' "$T/all.out"; then
    pass
else
    fail "run-all-exports traps" "no trap lines for div and outer"
fi
wat allok <<'W'
(module (func (export "a") (result i32) i32.const 1) (func (export "b") (param i64) (result i64) local.get 0))
W
expect_stdout "a() => i32:1
b(i64:0) => i64:0" "$XIPWASM" run "$T/allok.wasm" --run-all-exports
expect_stderr 2 "xipwasm: run: --run-all-exports takes no --invoke or arguments
try xipwasm run --help" "$XIPWASM" run "$T/allok.wasm" --run-all-exports --invoke a

# Maps: compile --map, the trap of an image with and without --map, symbolize.
expect_exit 0 "$XIPWASM" compile "$A" -o "$T/app.xip" --map "$T/app.map"
expect_exit 0 "$XIPWASM" compile "$A" -o "$T/plain.xip"
expect_file_same "--map leaves the image unchanged" "$T/app.xip" "$T/plain.xip"
if head -n 1 "$T/app.map" | grep -qx "xipwasm-map 2" && grep -qx "name 10 divide" "$T/app.map" &&
    grep -qx "functions 13 imports 5" "$T/app.map"; then pass; else fail "map header" "$(head -n 3 "$T/app.map")"; fi
# the Wasm offset of i32.div_u, from wasm-objdump
wasm_off=$(wasm-objdump -d "$A" | sed -n 's/^ 0*\([0-9a-f]*\): 6e .*i32.div_u.*/0x\1/p')
expect_stderr_matches 3 "^xipwasm: $T/app.xip: trap: integer divide by zero in function 10 at \+0x[0-9a-f]+$" \
    "$XIPWASM" run "$T/app.xip" --invoke div 1 0
expect_stderr_matches 3 "^xipwasm: $T/app.xip: trap: integer divide by zero in function 10 \"divide\" at \+0x[0-9a-f]+ \(wasm offset $wasm_off\)$" \
    "$XIPWASM" run "$T/app.xip" --map "$T/app.map" --invoke div 1 0
expect_stderr_matches 3 "^xipwasm: $A: trap: integer divide by zero in function 10 \"divide\" at \+0x[0-9a-f]+ \(wasm offset $wasm_off\)$" \
    "$XIPWASM" run "$A" --invoke outer 0
offset=$(sed -n 's/.* at +\(0x[0-9a-f]*\) .*/\1/p' "$T/err")
expect_stdout "function 10 \"divide\" at +$offset (wasm offset $wasm_off)" "$XIPWASM" symbolize "$T/app.map" 10 "$offset"
expect_stdout "function 10 \"divide\" at +$offset (wasm offset $wasm_off)" "$XIPWASM" symbolize "$A" 10 "$offset"
expect_stderr 1 "xipwasm: $T/app.map: function 2 is an import: it has no bytecode" "$XIPWASM" symbolize "$T/app.map" 2 0
expect_stderr 1 "xipwasm: $T/app.map: no function 13 (the module has 13)" "$XIPWASM" symbolize "$T/app.map" 13 0
expect_stderr 1 "xipwasm: $T/app.map: function 10 has no code at offset 0x1000" "$XIPWASM" symbolize "$T/app.map" 10 0x1000
expect_stderr 2 "xipwasm: symbolize: expected MAP FUNC OFFSET
try xipwasm symbolize --help" "$XIPWASM" symbolize "$T/app.map" 10
expect_stderr 2 "xipwasm: symbolize: bad offset 'x'
try xipwasm symbolize --help" "$XIPWASM" symbolize "$T/app.map" 10 x
expect_stderr 2 "xipwasm: symbolize: bad function index 'f1'
try xipwasm symbolize --help" "$XIPWASM" symbolize "$T/app.map" f1 0
printf 'not a map\n' >"$T/bad.map"
expect_stderr 1 "xipwasm: $T/bad.map:1: not an xipwasm map (xipwasm compile --map)" "$XIPWASM" symbolize "$T/bad.map" 1 0
expect_stderr 1 "xipwasm: $T/bad.map:1: not an xipwasm map (xipwasm compile --map)" \
    "$XIPWASM" run "$T/app.xip" --map "$T/bad.map" --invoke div 1 0
wat other <<'W'
(module (func (export "f")))
W
expect_exit 0 "$XIPWASM" compile "$T/other.wasm" -o "$T/other.xip" --map "$T/other.map"
expect_stderr_matches 1 "^xipwasm: $T/other.map: the map is of another image \(checksum 0x[0-9a-f]{8}, the image's 0x[0-9a-f]{8}\)$" \
    "$XIPWASM" run "$T/app.xip" --map "$T/other.map" --invoke div 1 0
expect_stdout "" "$XIPWASM" run "$T/other.xip" --map "$T/other.map" --invoke f

# '-' is standard input and output.
expect_exit 0 sh -c "'$XIPWASM' compile - -o - <'$A' >'$T/stdout.xip'"
expect_file_same "compile - -o -" "$T/stdout.xip" "$T/plain.xip"
expect_stdout "i32:42" sh -c "'$XIPWASM' run - --invoke sense --stub env.read_sensor=41 <'$T/app.xip'"
expect_stdout "i32:42" sh -c "'$XIPWASM' run - --invoke sense --stub env.read_sensor=41 <'$A'"
expect_exit 0 sh -c "'$XIPWASM' compile '$A' -o '$T/m.xip' --map - >'$T/stdout.map'"
expect_file_same "--map -" "$T/stdout.map" "$T/app.map"
expect_stderr 2 "xipwasm: compile: -o - and --map - cannot both be standard output
try xipwasm compile --help" "$XIPWASM" compile "$A" -o - --map -

# --emit-c: a C array that compiles and holds the image's bytes.
expect_exit 0 "$XIPWASM" compile "$A" --emit-c -o "$T/app_image.c"
if grep -q "^const uint8_t app_image_xip\[" "$T/app_image.c" &&
    grep -q "^const uint32_t app_image_xip_size = $(wc -c <"$T/plain.xip" | tr -d ' ');" "$T/app_image.c"; then
    pass
else
    fail "--emit-c declarations" "$(head -n 5 "$T/app_image.c")"
fi
cat >"$T/dump_image.c" <<'C'
#include <stdint.h>
#include <stdio.h>
extern const uint8_t app_image_xip[];
extern const uint32_t app_image_xip_size;
int main(void) { return fwrite(app_image_xip, 1, app_image_xip_size, stdout) == app_image_xip_size ? 0 : 1; }
C
if cc -std=c99 -Wall -Wextra -Werror "$T/dump_image.c" "$T/app_image.c" -o "$T/dump_image" 2>"$T/err" &&
    "$T/dump_image" >"$T/from_c.xip"; then
    expect_file_same "--emit-c bytes" "$T/from_c.xip" "$T/plain.xip"
else
    fail "--emit-c output compiles" "cc failed"
fi
expect_exit 0 "$XIPWASM" compile "$A" --emit-c -o "$T/9lives.c"
if grep -q "^const uint8_t _9lives_xip\[" "$T/9lives.c"; then pass; else fail "--emit-c name" "$(sed -n 5p "$T/9lives.c")"; fi

# Input-kind hints of compile.
expect_stderr 1 "xipwasm: $T/app.wat: not a WebAssembly binary module: this looks like WebAssembly text (.wat): convert it first, e.g. wat2wasm IN.wat -o IN.wasm" \
    "$XIPWASM" compile "$T/app.wat" -o "$T/x.xip"
expect_stderr 1 "xipwasm: $T/app.xip: not a WebAssembly binary module: this is already an xipwasm image: run or verify it, or give the .wasm" \
    "$XIPWASM" compile "$T/app.xip" -o "$T/x.xip"

# Buffer sizes: what the module needs and what was given; a .wasm given to verify.
wat twopages <<'W'
(module (memory 2) (func (export "main") (result i32) i32.const 1))
W
expect_stderr 1 "xipwasm: $T/twopages.wasm: buffer too small: the module's initial linear memory is 131072 bytes, --memory gives 8192" \
    "$XIPWASM" run "$T/twopages.wasm" --memory 8192
expect_stdout "i32:1" "$XIPWASM" run "$T/twopages.wasm" --memory 131072
expect_stderr 1 "$A: error: a WebAssembly module, not an xipwasm image: compile it first (xipwasm compile IN.wasm -o OUT.xip) or run it (xipwasm run)" \
    "$XIPWASM" verify "$A"
finish
