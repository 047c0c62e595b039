#!/bin/sh
# test_run.sh: `xipwasm run`: entry points, argument parsing, result printing,
# .wasm and image giving the same output, the env host functions, traps
# (exit 3), the fake clock and fuel (exit 4).
. tests/cli/lib.sh

wat values <<'W'
(module
  (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
  (func (export "neg64") (param i64) (result i64) i64.const 0 local.get 0 i64.sub)
  (func (export "half") (param f32) (result f32) local.get 0 f32.const 0.5 f32.mul)
  (func (export "third") (param f64) (result f64) local.get 0 f64.const 3 f64.div)
  (func (export "multi") (param i32 i64 f32 f64) (result f64 f32 i64 i32)
    local.get 3 local.get 2 local.get 1 local.get 0)
  (func (export "nan32") (result f32) f32.const nan)
  (func (export "nan64") (result f64) f64.const -nan:0x1234)
  (func (export "none"))
  (func (export "main") (result i32) i32.const 42))
W
expect_stdout "i32:42" "$XIPWASM" run "$T/values.wasm"
expect_stdout "i32:5" "$XIPWASM" run "$T/values.wasm" --invoke add 2 3
expect_stdout "i32:-1" "$XIPWASM" run "$T/values.wasm" --invoke add 0xffffffff 0
expect_stdout "i32:-2147483648" "$XIPWASM" run "$T/values.wasm" --invoke add -2147483648 0
expect_stdout "i32:0" "$XIPWASM" run "$T/values.wasm" --invoke add -7 7
expect_stdout "i64:-7" "$XIPWASM" run "$T/values.wasm" --invoke neg64 7
expect_stdout "i64:-9223372036854775808" "$XIPWASM" run "$T/values.wasm" --invoke neg64 0x8000000000000000
expect_stdout "f32:1.5" "$XIPWASM" run "$T/values.wasm" --invoke half 3
expect_stdout "f32:0.0500000007" "$XIPWASM" run "$T/values.wasm" --invoke half 0.1
expect_stdout "f64:0.33333333333333331" "$XIPWASM" run "$T/values.wasm" --invoke third 1
expect_stdout "f64:-inf" "$XIPWASM" run "$T/values.wasm" --invoke third -inf
expect_stdout "f64:7
f32:-2.5
i64:123456789012
i32:-3" "$XIPWASM" run "$T/values.wasm" --invoke multi -3 123456789012 -2.5 7
expect_stdout "f32:nan" "$XIPWASM" run "$T/values.wasm" --invoke nan32
expect_stdout "f64:-nan:0x1234" "$XIPWASM" run "$T/values.wasm" --invoke nan64
expect_stdout "" "$XIPWASM" run "$T/values.wasm" --invoke none
# Options may come before or after the arguments, and as --opt=value.
expect_stdout "i32:5" "$XIPWASM" run --invoke=add "$T/values.wasm" 2 --fuel=1000 3

# Bad arguments are usage errors.
expect_stderr_contains 2 "takes 2 arguments, got 1" "$XIPWASM" run "$T/values.wasm" --invoke add 1
expect_stderr_contains 2 "try xipwasm run --help" "$XIPWASM" run "$T/values.wasm" --invoke add 1 2 3
expect_stderr_contains 2 "argument 2: 'x' is not a valid i32" "$XIPWASM" run "$T/values.wasm" --invoke add 1 x
expect_stderr_contains 2 "argument 1: '4294967296' is not a valid i32" \
    "$XIPWASM" run "$T/values.wasm" --invoke add 4294967296 1
expect_stderr_contains 2 "argument 1: '1.5x' is not a valid f32" "$XIPWASM" run "$T/values.wasm" --invoke half 1.5x
expect_stderr_contains 2 "argument 1: '1.5' is not a valid i64" "$XIPWASM" run "$T/values.wasm" --invoke neg64 1.5

# The same module as .wasm and as an image prints the same.
wat hello <<'W'
(module
  (import "env" "print_str" (func $str (param i32 i32)))
  (import "env" "print_i32" (func $i32 (param i32)))
  (import "env" "print_i64" (func $i64 (param i64)))
  (import "env" "print_f64" (func $f64 (param f64)))
  (memory 1)
  (data (i32.const 16) "hello\n")
  (func (export "_start")
    i32.const 16 i32.const 6 call $str
    i32.const -5 call $i32
    i32.const 21 i32.const 1 call $str
    i64.const -9000000000 call $i64
    i32.const 21 i32.const 1 call $str
    f64.const 0.1 call $f64
    i32.const 21 i32.const 1 call $str))
W
expected="hello
-5
-9000000000
0.10000000000000001"
expect_stdout "$expected" "$XIPWASM" run "$T/hello.wasm"
expect_exit 0 "$XIPWASM" compile "$T/hello.wasm" -o "$T/hello.xip"
expect_stdout "$expected" "$XIPWASM" run "$T/hello.xip"

# print_f32 (the optional env function) prints with %.9g.
wat f32 <<'W'
(module
  (import "env" "print_f32" (func $f32 (param f32)))
  (import "env" "print_str" (func $str (param i32 i32)))
  (memory 1)
  (data (i32.const 0) "\n")
  (func (export "main") f32.const 0.1 call $f32 i32.const 0 i32.const 1 call $str))
W
expect_stdout "0.100000001" "$XIPWASM" run "$T/f32.wasm"

# Traps: exit 3 and "xipwasm: FILE: trap: ... in function F "NAME" at +0xOFF (wasm offset 0xW)" on stderr.
wat traps <<'W'
(module
  (import "env" "foo" (func $foo))
  (import "env" "print_i32" (func $bad_sig (param i64)))
  (import "env" "print_str" (func $str (param i32 i32)))
  (memory 1 1)
  (func (export "unreachable") unreachable)
  (func (export "div") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)
  (func (export "load") (param i32) (result i32) local.get 0 i32.load offset=4)
  (func (export "unlinked") call $foo)
  (func (export "badsig") i64.const 1 call $bad_sig)
  (func (export "str") (param i32 i32) local.get 0 local.get 1 call $str)
  (func $rec (export "recurse") (param i32) (result i32) local.get 0 i32.const 1 i32.add call $rec))
W
expect_stderr_matches 3 "^xipwasm: $T/traps.wasm: trap: unreachable in function 3 \"unreachable\" at \+0x[0-9a-f]+ \(wasm offset 0xa6\)$" "$XIPWASM" run "$T/traps.wasm" --invoke unreachable
expect_stderr_matches 3 "^xipwasm: $T/traps.wasm: trap: integer divide by zero in function 4 \"div\" at \+0x[0-9a-f]+ \(wasm offset 0xae\)$" "$XIPWASM" run "$T/traps.wasm" --invoke div 1 0
expect_stderr_matches 3 "^xipwasm: $T/traps.wasm: trap: integer overflow in function 4 \"div\" at \+0x[0-9a-f]+ \(wasm offset 0xae\)$" "$XIPWASM" run "$T/traps.wasm" --invoke div -2147483648 -1
expect_stdout "i32:-3" "$XIPWASM" run "$T/traps.wasm" --invoke div -7 2
expect_stderr_matches 3 "^xipwasm: $T/traps.wasm: trap: out of bounds memory access in function 5 \"load\" at \+0x[0-9a-f]+ \(wasm offset 0xb4\)$" "$XIPWASM" run "$T/traps.wasm" --invoke load 65532
expect_stdout "i32:0" "$XIPWASM" run "$T/traps.wasm" --invoke load 65528
expect_stderr_matches 3 "^xipwasm: $T/traps.wasm: trap: unlinked import env\.foo in function 6 \"unlinked\" at \+0x[0-9a-f]+ \(wasm offset 0xba\): \(\) -> \(\) is not provided \(try --stub MODULE.FIELD=VALUE,... or --stub-all\)$" "$XIPWASM" run "$T/traps.wasm" --invoke unlinked
expect_stderr_matches 3 "^xipwasm: $T/traps.wasm: trap: unlinked import env\.print_i32 in function 7 \"badsig\" at \+0x[0-9a-f]+ \(wasm offset 0xc1\): the module's signature \(i64\) -> \(\) differs from the built-in \(i32\) -> \(\)$" "$XIPWASM" run "$T/traps.wasm" --invoke badsig
expect_stderr_matches 3 "^xipwasm: $T/traps.wasm: trap: out of bounds memory access in function 8 \"str\" at \+0x[0-9a-f]+ \(wasm offset 0xca\)$" "$XIPWASM" run "$T/traps.wasm" --invoke str 65530 7
expect_stdout "" "$XIPWASM" run "$T/traps.wasm" --invoke str 65536 0
expect_stderr_matches 3 "^xipwasm: $T/traps.wasm: trap: call stack exhausted in function 9 \"recurse\" at \+0x[0-9a-f]+ \(wasm offset 0xd4\)$" "$XIPWASM" run "$T/traps.wasm" --invoke recurse 0
expect_stderr_matches 3 "^xipwasm: $T/traps.wasm: trap: call stack exhausted in function 9 \"recurse\" at \+0x[0-9a-f]+ \(wasm offset 0xd4\)$" \
    "$XIPWASM" run "$T/traps.wasm" --invoke recurse 0 --frames 50
expect_stderr_matches 3 "^xipwasm: $T/traps.wasm: trap: call stack exhausted in function 9 \"recurse\" at \+0x[0-9a-f]+ \(wasm offset 0xd4\)$" \
    "$XIPWASM" run "$T/traps.wasm" --invoke recurse 0 --stack 64
expect_exit 0 "$XIPWASM" compile "$T/traps.wasm" -o "$T/traps.xip"
expect_stderr_matches 3 "^xipwasm: $T/traps.xip: trap: integer divide by zero in function 4 at \+0x[0-9a-f]+$" "$XIPWASM" run "$T/traps.xip" --invoke div 1 0

# A trap in the start function.
wat start <<'W'
(module (func $s unreachable) (start $s) (func (export "main") (result i32) i32.const 1))
W
expect_stderr_matches 3 "^xipwasm: $T/start.wasm: trap: unreachable in function 0 at \+0x[0-9a-f]+ \(wasm offset 0x29\)$" "$XIPWASM" run "$T/start.wasm"

# The fake clock: k-th call returns (k-1)*STEP.
wat clock <<'W'
(module
  (import "env" "clock_ms" (func $clock (result i64)))
  (func (export "main") (result i64 i64 i64) call $clock call $clock call $clock))
W
expect_stdout "i64:0
i64:25
i64:50" "$XIPWASM" run "$T/clock.wasm" --fake-clock 25
expect_stdout "i64:0
i64:-3
i64:-6" "$XIPWASM" run "$T/clock.wasm" --fake-clock -3
expect_exit 0 "$XIPWASM" run "$T/clock.wasm"

# Fuel: a long loop stops with a small budget (exit 4), finishes with a large one.
wat loop <<'W'
(module
  (func (export "main") (result i32) (local i32)
    (loop $l
      local.get 0 i32.const 1 i32.add local.tee 0
      i32.const 100000 i32.lt_u br_if $l)
    local.get 0))
W
expect_stderr 4 "xipwasm: $T/loop.wasm: out of fuel" "$XIPWASM" run "$T/loop.wasm" --fuel 1000
expect_stdout "i32:100000" "$XIPWASM" run "$T/loop.wasm" --fuel 1000000
expect_stdout "i32:100000" "$XIPWASM" run "$T/loop.wasm"
# Without --fuel, long runs refill transparently (more than one 2^24 slice).
wat longloop <<'W'
(module
  (func (export "main") (result i32) (local i32)
    (loop $l
      local.get 0 i32.const 1 i32.add local.tee 0
      i32.const 40000000 i32.lt_u br_if $l)
    local.get 0))
W
expect_stdout "i32:40000000" "$XIPWASM" run "$T/longloop.wasm"

# Memory limits: --memory smaller than the module's minimum is refused.
wat bigmem <<'W'
(module (memory 4) (func (export "main") (result i32) memory.size))
W
expect_stdout "i32:4" "$XIPWASM" run "$T/bigmem.wasm"
expect_stderr 1 "xipwasm: $T/bigmem.wasm: buffer too small: the module's initial linear memory is 262144 bytes, --memory gives 65536" \
    "$XIPWASM" run "$T/bigmem.wasm" --memory 65536
finish
