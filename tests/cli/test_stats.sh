#!/bin/sh
# test_stats.sh: `xipwasm stats`: the RAM an image needs (memory, globals, RAM
# tables, the stack bound per image and per export, or unbounded), in text and
# JSON, checked against what runs really use (run --stack-usage) and against
# the loader (the exact bound loads, one less is refused); errors for bad input.
. tests/cli/lib.sh

# run -> mid -> leaf: acyclic, 2 frame records deep; one RAM table (a size word + 3 entries, 8 at most).
wat chain <<'W'
(module
  (memory 2 5)
  (global $g (mut i32) (i32.const 1)) (global i64 (i64.const 2)) (global $h (mut f64) (f64.const 0))
  (table $t 3 8 funcref)
  (func $leaf (param i32) (result i32) (local i32 i32)
    local.get 0 i32.const 3 i32.mul local.set 1 local.get 1 local.get 0 i32.xor local.set 2
    local.get 2 local.get 1 i32.add)
  (func $mid (param i32) (result i32) (local i32)
    local.get 0 i32.const 9 i32.add local.set 1 local.get 1 local.get 0 call $leaf i32.add)
  (func (export "run") (result i32)
    i32.const 0 ref.null func table.set $t
    global.get $g global.get $g call $mid i32.add)
  (func (export "shallow") (result i32) i32.const 4 call $leaf))
W
expect_exit 0 "$XIPWASM" compile "$T/chain.wasm" -o "$T/chain.xip"
expect_exit 0 "$XIPWASM" stats "$T/chain.xip"
cp "$T/out" "$T/stats.txt"
for line in '^  memory    initial 131072 bytes \(128\.0 KiB\) = 2 x 65536-byte pages, maximum 327680 bytes \(320\.0 KiB\)$' \
    '^  globals   3 \(24 bytes\)$' \
    '^  tables    4 words \(16 bytes\) in RAM, 9 words at their maximum$' \
    '^  stack     [0-9]+ slots \([0-9]+ bytes\), 2 frame records \(24 bytes\): recorded in the image, checked by the loader' \
    '^            export run: [0-9]+ slots, 2 frame records$' \
    '^            export shallow: [0-9]+ slots, 1 frame records$' \
    '^  loading   needs a stack buffer of [0-9]+ slots' '^  instance  [0-9]+ bytes' '^  total     [0-9]+ bytes'; do
    if grep -Eq "$line" "$T/stats.txt"; then pass; else fail "stats chain.xip: $line" "$(cat "$T/stats.txt")"; fi
done

# The bound is what a run of the deepest export really reaches, and what the loader requires.
slots=$(sed -n 's/^  stack     \([0-9]*\) slots.*/\1/p' "$T/stats.txt")
run_slots=$(sed -n 's/^            export run: \([0-9]*\) slots.*/\1/p' "$T/stats.txt")
shallow=$(sed -n 's/^            export shallow: \([0-9]*\) slots.*/\1/p' "$T/stats.txt")
expect_stderr_contains 0 "stack usage: " "$XIPWASM" run "$T/chain.xip" --invoke run --stack-usage
hook=1
if grep -q "stack usage: not measured" "$T/err"; then
    hook=0
    echo "# $XIPWASM has no profile hook (not built with XIP_PROFILE_HOOK): high-water marks skipped"
else
    expect_stderr_contains 0 "stack usage: $run_slots slots, 2 frame records (bound: $slots slots, 2 frame records)" \
        "$XIPWASM" run "$T/chain.xip" --invoke run --stack-usage
    expect_stderr_contains 0 "stack usage: $shallow slots, 1 frame records" \
        "$XIPWASM" run "$T/chain.xip" --invoke shallow --stack-usage
fi
expect_exit 0 "$XIPWASM" run "$T/chain.xip" --invoke run --stack "$slots" --frames 2
expect_stderr_contains 1 "stack too small: the image's bound is $slots slots and 2 frame records, --stack gives $((slots - 1))" \
    "$XIPWASM" run "$T/chain.xip" --invoke run --stack $((slots - 1)) --frames 2
expect_stderr_contains 1 "stack too small" "$XIPWASM" run "$T/chain.xip" --invoke run --stack "$slots" --frames 1

# The smallest stack buffer the loader accepts: exactly that loads, one slot less does not.
load=$(sed -n 's/^  loading   needs a stack buffer of \([0-9]*\) slots.*/\1/p' "$T/stats.txt")
expect_exit 0 "$XIPWASM" verify "$T/chain.xip"
expect_exit 0 "$XIPWASM" run "$T/chain.xip" --invoke run --stack "$load" --frames 2
expect_exit 1 "$XIPWASM" run "$T/chain.xip" --invoke run --stack $((load - 1)) --frames 2

# JSON: the same figures.
expect_exit 0 "$XIPWASM" stats --json "$T/chain.xip"
if python3 - "$T/out" "$slots" "$run_slots" <<'P'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["memory"] == {"initial": 131072, "maximum": 327680, "page_bytes": 65536}, d["memory"]
assert d["globals"] == 3 and d["table_words"] == {"initial": 4, "maximum": 9}, d
s = d["stack"]
assert s["bounded"] and s["recorded"] and s["slots"] == int(sys.argv[2]) and s["frames"] == 2, s
assert [(e["name"], e["frames"]) for e in s["exports"]] == [("run", 2), ("shallow", 1)], s
assert s["exports"][0]["slots"] == int(sys.argv[3]), s
assert d["instance_bytes"] > 0 and d["frame_record_bytes"] >= 10 and d["load_stack_slots"] >= s["slots"], d
P
then pass; else fail "stats --json chain.xip" "$(cat "$T/out")"; fi

# Recursion: unbounded, with the cost of each nested call; no memory at all.
wat fact <<'W'
(module
  (func $fact (export "fact") (param i64) (result i64)
    local.get 0 i64.eqz if (result i64) i64.const 1 else
    local.get 0 local.get 0 i64.const 1 i64.sub call $fact i64.mul end))
W
expect_exit 0 "$XIPWASM" compile "$T/fact.wasm" -o "$T/fact.xip"
expect_exit 0 "$XIPWASM" stats "$T/fact.xip"
cp "$T/out" "$T/fact.txt"
for line in '^  memory    none$' \
    '^  stack     unbounded: the calls may recurse \(a cycle through the call at 0x[0-9a-f]+\); each nested$' \
    '^            call adds at most [0-9]+ slots and one frame record \([0-9]+ bytes\); the largest frame is [0-9]+ slots$'; do
    if grep -Eq "$line" "$T/fact.txt"; then pass; else fail "stats fact.xip: $line" "$(cat "$T/fact.txt")"; fi
done
if grep -q "export fact" "$T/fact.txt"; then fail "stats fact.xip" "per-export figures for an unbounded image"; else pass; fi
expect_exit 0 "$XIPWASM" stats --json "$T/fact.xip"
if python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["stack"]; assert not s["bounded"] and s["slots_per_call"] > 0 and s["largest_frame"] >= s["slots_per_call"], s' "$T/out"
then pass; else fail "stats --json fact.xip" "$(cat "$T/out")"; fi
# each level of fact(20) adds one frame record: the run reports 20
expect_stderr_contains 0 "stack usage:" "$XIPWASM" run "$T/fact.xip" --invoke fact 20 --stack-usage
if [ $hook -eq 0 ] || grep -Eq "slots, 20 frame records \(bound: none, the calls may recurse\)" "$T/err"; then pass; else fail "fact 20 depth" "$(cat "$T/err")"; fi

# Bad input: a .wasm, not an image at all, a corrupt image, a lying bound; usage errors.
expect_stderr_contains 1 "a WebAssembly module, not an xipwasm image" "$XIPWASM" stats "$T/chain.wasm"
printf 'hello, not an image at all' >"$T/text.xip"
expect_stderr 1 "xipwasm: $T/text.xip:0x0: image: bad magic" "$XIPWASM" stats "$T/text.xip"
cp "$T/chain.xip" "$T/flip.xip"
printf 'Z' | dd of="$T/flip.xip" bs=1 seek=30 conv=notrunc 2>/dev/null
expect_stderr 1 "xipwasm: $T/flip.xip:0x10: image: bad checksum" "$XIPWASM" stats "$T/flip.xip"
python3 - "$T/chain.xip" "$T/lie.xip" <<'P'
import struct, sys, zlib
b = bytearray(open(sys.argv[1], 'rb').read())
assert b[-11] == 13, "STACK is the last section"
struct.pack_into('<I', b, len(b) - 6, struct.unpack_from('<I', b, len(b) - 6)[0] - 1)
struct.pack_into('<I', b, 16, zlib.adler32(bytes(b[20:])))
open(sys.argv[2], 'wb').write(b)
P
size=$(wc -c <"$T/chain.xip" | tr -d ' ')
expect_stderr 1 "xipwasm: $T/lie.xip:0x$(printf '%x' $((size - 6))): image: malformed" "$XIPWASM" stats "$T/lie.xip"
expect_stderr 1 "$T/lie.xip: error: image: malformed (at offset 0x$(printf '%x' $((size - 6))))" "$XIPWASM" verify "$T/lie.xip"
expect_exit 1 "$XIPWASM" stats "$T/missing.xip"
expect_exit 2 "$XIPWASM" stats
expect_exit 2 "$XIPWASM" stats --bogus "$T/chain.xip"
expect_exit 2 "$XIPWASM" stats "$T/chain.xip" "$T/fact.xip"
expect_exit 0 "$XIPWASM" stats --help
finish
