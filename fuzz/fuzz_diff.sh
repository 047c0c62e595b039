#!/bin/bash
# fuzz_diff.sh SECONDS [FIRST_SEED]: the differential fuzz target. Random
# bytes become valid modules through binaryen's translate-to-fuzz
# (wasm-opt -ttf); each exported function runs in xipwasm and in wabt's
# wasm-interp (the reference) and any difference in results or traps fails.
# This is tests/diff/run.sh driven in batches of 25 seeds until SECONDS have
# passed, alternating two feature sets (MVP + sign-ext, saturating
# conversions and mutable globals; then also bulk memory). It is a script
# loop, not a libFuzzer target: binaryen's C API has no translate-to-fuzz,
# and the reference is a separate process, so coverage guidance would steer
# nothing but the process start. Failing modules land in $BUILD/diff/fail/;
# reduce them (tests/diff/reduce.sh) into fuzz/regressions/diff/NAME.wat.
# The first seed defaults to one derived from the clock, so runs explore new
# seeds; it is printed for replay. env: BUILD (build), XIPWASM.
BUILD=${BUILD:-build}
SECONDS_LIMIT=${1:-60}
first=${2:-$(( ($(date +%s) % 100000) * 1000 + 1000000 ))}
HERE=$(cd "$(dirname "$0")" && pwd)
BASE="--mvp-features --enable-sign-ext --enable-nontrapping-float-to-int --enable-mutable-globals"
start=$(date +%s)
seed=$first batch=25 round=0
modules=0 compared=0 failed=0 inconclusive=0 skipped=0
while [ $(( $(date +%s) - start )) -lt "$SECONDS_LIMIT" ]; do
    features=$BASE
    [ $((round % 2)) -eq 1 ] && features="$BASE --enable-bulk-memory"
    out=$(FEATURES="$features" BUILD="$BUILD" bash "$HERE/../tests/diff/run.sh" "$seed" "$batch" 2>&1)
    echo "$out" | grep -E '^seed [0-9]+: export .*(reference|NaN|inconclusive)' | grep -v ': ok '
    gen_failed=$(echo "$out" | grep -c 'generator failed')
    modules=$((modules + batch - gen_failed))
    p=$(echo "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' | tail -n 1)
    f=$(echo "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' | tail -n 1)
    i=$(echo "$out" | sed -n 's/^diff: seeds .*: \([0-9]*\) inconclusive, \([0-9]*\) skipped$/\1/p')
    s=$(echo "$out" | sed -n 's/^diff: seeds .*: \([0-9]*\) inconclusive, \([0-9]*\) skipped$/\2/p')
    if [ -z "$p" ]; then
        echo "fuzz_diff: tests/diff/run.sh did not finish at seed $seed:"
        echo "$out" | tail -n 5
        exit 2
    fi
    compared=$((compared + p + ${f:-0})) failed=$((failed + ${f:-0}))
    inconclusive=$((inconclusive + ${i:-0})) skipped=$((skipped + ${s:-0}))
    seed=$((seed + batch)) round=$((round + 1))
done
echo "fuzz_diff: seeds $first..$((seed - 1)): $modules modules, $compared exports compared," \
     "$failed failed, $inconclusive inconclusive, $skipped skipped ($(( $(date +%s) - start )) s)"
[ "$failed" -eq 0 ]
