#!/bin/sh
# fast.sh: the quick tier for mutation testing, a subset of `make check`
# that stops at the first failure (MUTANT_CHECK='sh tests/mutants/fast.sh'
# make mutants; also the fallback when the tree has no `make check`).
# It builds build/xipwasm and the unit tests without sanitizers (make
# fast-build's targets, each just before it runs: a mutant costs one
# recompiled object and a few links), then runs the unit tests, the
# corpus programs of CHECK_CORPUS (`make check`'s sample, at -O2) and the
# CLI tests. Every check it runs is one `make check` runs, so a mutant it
# kills, `make check` kills too (the sanitizers and the IR checker there
# only add failures); a survivor here is re-run with `make check`.
# The last line names the step that failed: "fast: FAILED STEP".
BUILD=${BUILD:-build}
CHECK_CORPUS=${CHECK_CORPUS_NAMES:-crc32 sha256 fib quicksort fmath minivm}
# The unit tests, roughly quickest and most often killing first; any other
# unit test that was built runs after them, test_float last.
FIRST_UNITS=${FIRST_UNITS:-test_executor test_verify_bounds test_validate test_lower test_edges test_fused test_locals test_call_bounds test_alloc_limits test_decode test_bulk}

fail() {
    echo "fast: FAILED $1"
    exit 1
}

# Builds the given targets of build/ (a killed mutant stops before the
# later tests are even linked).
build() {
    make --no-print-directory -s -j2 BUILD="$BUILD" "$@" >"$BUILD/fast-build.log" 2>&1 ||
        { tail -n 20 "$BUILD/fast-build.log"; fail build; }
}

unit() {
    for t in "$@"; do
        [ -f "tests/unit/$t.c" ] || continue
        bin="$BUILD/fast/$t"
        build "$bin"
        "$bin" >"$bin.log" 2>&1 || { tail -n 5 "$bin.log"; fail "unit/$t"; }
    done
}

unit $FIRST_UNITS
build "$BUILD/xipwasm"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for name in $CHECK_CORPUS; do
    wasm="$BUILD/corpus/$name-O2.wasm"
    [ -f "$wasm" ] || continue
    timeout 20 "$BUILD/xipwasm" compile "$wasm" -o "$tmp/$name.xip" 2>/dev/null &&
        timeout 20 "$BUILD/xipwasm" run "$tmp/$name.xip" --invoke run >"$tmp/$name.out" 2>/dev/null &&
        cmp -s "$tmp/$name.out" "$BUILD/corpus/$name.expected" || fail "corpus/$name"
done
rest=""
for src in tests/unit/test_*.c; do
    t=$(basename "$src" .c)
    [ "$t" = test_float ] && continue
    case " $FIRST_UNITS " in *" $t "*) continue ;; esac
    rest="$rest $t"
done
unit $rest
XIPWASM="$BUILD/xipwasm" sh tests/cli/run.sh >"$BUILD/fast-cli.log" 2>&1 ||
    { grep FAIL "$BUILD/fast-cli.log" | head -n 5; fail cli; }
# The switch dispatch build of the run loop (its own branch tail).
case "${MUTANT_FILE:-executor/xip_run.c}" in
executor/xip_run.c)
    build "$BUILD/fast/test_executor-switch"
    "$BUILD/fast/test_executor-switch" >"$BUILD/fast/test_executor-switch.log" 2>&1 ||
        { tail -n 5 "$BUILD/fast/test_executor-switch.log"; fail unit/test_executor-switch; }
    ;;
esac
# test_float exercises executor/xip_float.c alone (it links nothing else),
# so a mutant of another file (MUTANT_FILE, set by run.sh) skips it.
case "${MUTANT_FILE:-executor/xip_float.c}" in
executor/xip_float.c) unit test_float ;;
esac
echo "fast: ok"
