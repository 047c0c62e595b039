#!/bin/bash
# run-cases.sh: regression cases found by the differential tester. Each
# tests/diff/cases/NAME.wat is compiled and run by xipwasm and by wabt's
# wasm-interp (the reference), export by export; the outcomes must agree.
# A case's comment names the expected outcome. Each export runs alone on a
# fresh instance in both tools (wrap.awk makes a module exporting only a
# wrapper "x" that calls it with zero arguments; float results compare as
# bits with NaNs canonicalized).
# usage: tests/diff/run-cases.sh [CASE.wat...]   env: BUILD, XIPWASM
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
BUILD=${BUILD:-build}
XIPWASM=${XIPWASM:-$BUILD/xipwasm}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
[ $# -gt 0 ] || set -- "$HERE"/cases/*.wat
for wat in "$@"; do
    [ -f "$wat" ] || continue
    name=$(basename "$wat" .wat)
    if ! wat2wasm "$wat" -o "$tmp/c.wasm" 2>"$tmp/werr"; then
        echo "FAIL $name: wat2wasm: $(head -n 1 "$tmp/werr")"
        failed=$((failed + 1)); continue
    fi
    wasm2wat "$tmp/c.wasm" -o "$tmp/c.wat"
    awk -v list=1 -f "$HERE/wrap.awk" "$tmp/c.wat" >"$tmp/exports"
    while read -r export rtype; do
        if ! awk -v target="$export" -f "$HERE/wrap.awk" "$tmp/c.wat" >"$tmp/w.wat" ||
           ! wat2wasm "$tmp/w.wat" -o "$tmp/w.wasm" 2>"$tmp/werr"; then
            echo "FAIL $name: export $export: wrapper: $(head -n 1 "$tmp/werr")"
            failed=$((failed + 1)); continue
        fi
        ref=$(diff_ref "$tmp/w.wasm" x)
        xip=$(diff_xip "$XIPWASM" "$tmp/w.wasm" x "$tmp")
        if [ "$ref" = "$xip" ]; then
            passed=$((passed + 1))
        else
            failed=$((failed + 1))
            echo "FAIL $name: export $export: reference <$ref> xipwasm <$xip>"
        fi
    done <"$tmp/exports"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
