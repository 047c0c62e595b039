#!/bin/sh
# test_profile.sh: `xipwasm run --profile`: the results stay on stdout, the
# histograms go to stderr; dynamic counts follow the run (calls, returns,
# loop trips), the columns add up to the totals, and the static count is
# the number of instructions `xipwasm dump` disassembles.
. tests/cli/lib.sh

wat prof <<'W'
(module
  (func $sq (param i32) (result i32) local.get 0 local.get 0 i32.mul)
  (func (export "run") (result i32) (local $i i32) (local $s i32)
    (loop $l
      local.get $s local.get $i call $sq i32.add local.set $s
      local.get $i i32.const 1 i32.add local.tee $i
      i32.const 5 i32.lt_u br_if $l)
    local.get $s))
W
expect_stdout "i32:30" "$XIPWASM" run "$T/prof.wasm" --invoke run --profile
cp "$T/err" "$T/profile"
# Only build/xipwasm's run loop is built with XIP_PROFILE_HOOK (Makefile); the
# sanitizer build links the shared test library without it and counts nothing.
if grep -q '^profile: 0 instructions executed' "$T/profile"; then
    echo "# $XIPWASM has no profile hook (not built with XIP_PROFILE_HOOK): counts skipped"
    finish
    exit $?
fi

# Column N of the row whose first field is opcode $1 (0 when absent).
col() {
    awk -v op="$1" -v n="$2" '$1 == op && NF == 5 { v = $n } END { print v + 0 }' "$T/profile"
}
check() {
    if [ "$2" = "$3" ]; then pass; else FAILED=$((FAILED + 1)); echo "FAIL $SCRIPT: $1: got '$2', expected '$3'"; fi
}
total=$(sed -n 's/^profile: \([0-9]*\) instructions executed; \([0-9]*\) instructions.*/\1/p' "$T/profile")
static=$(sed -n 's/^profile: \([0-9]*\) instructions executed; \([0-9]*\) instructions.*/\2/p' "$T/profile")
check "call executed once per trip" "$(col call 4)" 5
check "ret executed once per call plus the outer one" "$(col ret 4)" 6
# The opcode rows (5 fields, until the blank line before the pairs) add up to the totals.
sum_dyn=$(awk 'NR > 2 && NF == 0 { exit } NR > 2 { s += $4 } END { print s + 0 }' "$T/profile")
sum_stat=$(awk 'NR > 2 && NF == 0 { exit } NR > 2 { s += $2 } END { print s + 0 }' "$T/profile")
check "dynamic opcode counts add up to the total" "$sum_dyn" "$total"
check "static opcode counts add up to the total" "$sum_stat" "$static"
"$XIPWASM" dump "$T/prof.wasm" >"$T/dump"
check "static total is the disassembled instruction count" "$(grep -c '^  [0-9a-f]\{4\}: ' "$T/dump")" "$static"
# Pairs: every executed instruction but the first follows another.
pairs=$(awk '/^pairs/ { p = 1; next } p { s += $(NF - 1) } END { print s + 0 }' "$T/profile")
check "the pairs (all listed here) add up to the total less one" "$pairs" "$((total - 1))"
check "call ; mul pairs: the callee starts with a mul after each call" \
    "$(awk '/^pairs/ { p = 1 } p && $1 == "call" && $3 == "i32.mul" { print $6 }' "$T/profile")" 5
# Without --profile nothing is printed to stderr; with a fuel limit the run still profiles.
expect_stdout "i32:30" "$XIPWASM" run "$T/prof.wasm" --invoke run
check "no profile without --profile" "$(wc -c <"$T/err" | tr -d ' ')" 0
expect_stderr_contains 4 "instructions executed" "$XIPWASM" run "$T/prof.wasm" --invoke run --fuel 3 --profile
finish
