#!/bin/bash
# run-cases.sh: regression cases found by the differential tester. Each
# tests/diff/cases/NAME.wat is compiled and run by xipwasm and by wabt's
# wasm-interp (the reference), export by export; the outcomes must agree.
# A case's comment names the expected outcome; its exported functions take
# no parameters and must not depend on each other's side effects (the
# reference runs them all on one instance, xipwasm each on a fresh one).
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
    wasm2wat "$tmp/c.wasm" | awk -v list=1 -f "$HERE/wrap.awk" >"$tmp/exports"
    while read -r export rtype; do
        ref=$(diff_ref "$tmp/c.wasm" "$export")
        xip=$(diff_xip "$XIPWASM" "$tmp/c.wasm" "$export" "$tmp")
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
