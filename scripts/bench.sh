#!/bin/sh
# bench.sh: deterministic speed figures (instructions counted by callgrind, not
# seconds). CoreMark per iteration: the fake clock makes the iteration count
# depend only on the step. CoreMark reports only runs of >= 10 (fake) seconds:
# step 10000 times 20 iterations (score 2), step 20000 times 10 (score 0.5),
# after the same calibration, so (I(10000) - I(20000)) / 10 is one iteration.
BUILD=${BUILD:-build}
XIPWASM=$BUILD/xipwasm
COREMARK=${COREMARK:-../shared/corpus/coremark-minimal.wasm}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Prints the instructions callgrind counts for one command.
count() {
    valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" "$@" 2>&1 >/dev/null |
        sed -n 's/.*Collected : *\([0-9]*\).*/\1/p'
}

"$XIPWASM" compile "$COREMARK" -o "$tmp/coremark.xip" || exit 1
i1=$(count "$XIPWASM" run "$tmp/coremark.xip" --invoke run --fake-clock 10000)
i2=$(count "$XIPWASM" run "$tmp/coremark.xip" --invoke run --fake-clock 20000)
echo "CoreMark (coremark-minimal.wasm), x86-64 instructions under callgrind:"
echo "  run, clock step 10000: $i1"
echo "  run, clock step 20000: $i2"
echo "  per iteration: $(( (i1 - i2) / 10 ))   (goal <= 2,000,000; wasm3 3.97 M, native 0.34 M)"
echo
echo "Corpus programs at -O2, whole run (instructions):"
for w in "$BUILD"/corpus/*-O2.wasm; do
    [ -f "$w" ] || continue
    name=$(basename "$w" .wasm)
    "$XIPWASM" compile "$w" -o "$tmp/$name.xip" || continue
    printf '  %-16s %12s\n' "$name" "$(count "$XIPWASM" run "$tmp/$name.xip" --invoke run)"
done
