#!/bin/sh
# fast.sh: the fallback fast tier for mutation testing (used when the tree
# has no `make check`): builds build/xipwasm and the unit tests without
# sanitizers (make fast-build), then runs the unit tests, the CLI tests and
# a corpus sample (one optimization level), stopping at the first failure.
# The last line names the step that failed: "fast: FAILED STEP".
# Order: the tests that existed before the mutation work (OLD_UNITS, CLI,
# corpus), then the ones written for it (NEW_UNITS), so a log tells which
# of them killed a mutant; test_float last.
BUILD=${BUILD:-build}
CORPUS_SAMPLE=${CORPUS_SAMPLE:--O2}
OLD_UNITS=${OLD_UNITS:-test_executor test_lower test_validate test_decode test_bulk test_link test_disasm test_json test_custom_pages}
NEW_UNITS=${NEW_UNITS:-test_edges test_fused test_verify_bounds test_locals test_alloc_limits test_call_bounds}

fail() {
    echo "fast: FAILED $1"
    exit 1
}

make --no-print-directory -s -j2 BUILD="$BUILD" fast-build >"$BUILD/fast-build.log" 2>&1 ||
    { tail -n 20 "$BUILD/fast-build.log"; fail build; }

unit() {
    for t in "$@"; do
        bin="$BUILD/fast/$t"
        [ -x "$bin" ] || continue
        "$bin" >"$bin.log" 2>&1 || { tail -n 5 "$bin.log"; fail "unit/$t"; }
    done
}

unit $OLD_UNITS
XIPWASM="$BUILD/xipwasm" sh tests/cli/run.sh >"$BUILD/fast-cli.log" 2>&1 ||
    { grep FAIL "$BUILD/fast-cli.log" | head -n 5; fail cli; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for wasm in "$BUILD"/corpus/*"$CORPUS_SAMPLE".wasm; do
    [ -f "$wasm" ] || continue
    name=$(basename "$wasm" .wasm)
    expected="$BUILD/corpus/${name%-O*}.expected"
    timeout 20 "$BUILD/xipwasm" compile "$wasm" -o "$tmp/$name.xip" 2>/dev/null &&
        timeout 20 "$BUILD/xipwasm" run "$tmp/$name.xip" --invoke run >"$tmp/$name.out" 2>/dev/null &&
        cmp -s "$tmp/$name.out" "$expected" || fail "corpus/$name"
done
unit $NEW_UNITS
# test_float (the slowest, by far) runs last; it exercises
# executor/xip_float.c alone (it links nothing else), so a mutant of another
# file (MUTANT_FILE, set by run.sh) skips it.
case "${MUTANT_FILE:-executor/xip_float.c}" in
executor/xip_float.c) unit test_float ;;
esac
echo "fast: ok"
