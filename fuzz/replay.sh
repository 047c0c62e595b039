#!/bin/sh
# replay.sh: replays fuzz/regressions/: every input of fuzz/regressions/TARGET/
# through TARGET's replay build, 64-bit and 32-bit (ASan/UBSan; a report or a
# crash fails), and the differential cases of fuzz/regressions/diff/*.wat
# through tests/diff/run-cases.sh. Prints "N passed, N failed".
# env: BUILD (build)
BUILD=${BUILD:-build}
cd "$(dirname "$0")/.." || exit 2
passed=0
failed=0
for dir in fuzz/regressions/fuzz_*; do
    [ -d "$dir" ] || continue
    target=$(basename "$dir")
    set -- "$dir"/*
    [ -f "$1" ] || continue
    for bin in "$BUILD/fuzz/replay-$target" "$BUILD/m32/fuzz/replay-$target"; do
        if [ ! -x "$bin" ]; then
            echo "FAIL $bin: not built"
            failed=$((failed + 1))
            continue
        fi
        if "$bin" "$@" >"$BUILD/fuzz-replay.log" 2>&1; then
            passed=$((passed + $#))
        else
            tail -n 20 "$BUILD/fuzz-replay.log"
            echo "FAIL $bin: a regression input of $dir fails"
            failed=$((failed + 1))
        fi
    done
done
set -- fuzz/regressions/diff/*.wat
if [ -f "$1" ]; then
    out=$(BUILD="$BUILD" bash tests/diff/run-cases.sh "$@" 2>&1)
    echo "$out" | grep FAIL
    p=$(echo "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\1/p' | tail -n 1)
    f=$(echo "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\2/p' | tail -n 1)
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-1}))
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
