#!/bin/bash
# run.sh: generator-driven differential test of xipwasm against wabt's
# wasm-interp. Seed N -> deterministic bytes (seedbytes) -> a random valid
# module (binaryen's wasm-opt -ttf, imports removed) -> for each exported
# function, a module exporting only a wrapper "x" that calls it with zero
# arguments (wrap.awk) -> run by both tools on a fresh instance -> outcomes
# compared. To save process starts, each seed is first run whole: one module
# with a wrapper "x_NAME" per export, every wrapper called in order on one
# instance by both tools (--run-all-exports); only when that disagrees, or a
# tool times out, are the exports compared one by one as above (set
# PER_EXPORT=1 to always do that). Mismatches print as
#   seed N: export NAME: reference <...> xipwasm <...>
# and their modules are kept under $BUILD/diff/fail/ (seedN.wasm is the
# generated module, seedN-NAME.wat/.wasm the wrapped one that shows it).
# The same seeds then drive edges.sh: modules whose operands come from
# edge-value tables, compared on every logged intermediate value and a hash
# of memory and globals (random -ttf modules rarely reach edge values).
# usage: tests/diff/run.sh [FIRST_SEED [COUNT]]
# env: BUILD (build), XIPWASM, FEATURES (wasm-opt feature flags), TTF_BYTES,
#      PASSES (extra wasm-opt passes after generation, e.g. --dce to remove
#      dead code), TIMEOUT (10 s per tool run), FUEL, VERBOSE.
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
BUILD=${BUILD:-build}
XIPWASM=${XIPWASM:-$BUILD/xipwasm}
SEEDBYTES=${SEEDBYTES:-$BUILD/diff/seedbytes}
FEATURES=${FEATURES:---mvp-features --enable-sign-ext --enable-nontrapping-float-to-int --enable-mutable-globals}
FIRST=${1:-1}
COUNT=${2:-100}
FAILDIR=$BUILD/diff/fail
mkdir -p "$FAILDIR"
for tool in wasm-opt wasm2wat wat2wasm wasm-interp "$XIPWASM" "$SEEDBYTES"; do
    command -v "$tool" >/dev/null 2>&1 || { echo "run.sh: missing $tool" >&2; exit 2; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# a private copy, so that a rebuild by someone else cannot change the tool mid-run
cp "$XIPWASM" "$tmp/xipwasm" || exit 2
XIPWASM=$tmp/xipwasm

# nan_only WASM: true when the outcomes agree after --denan.
nan_only() {
    # shellcheck disable=SC2086
    wasm-opt "$1" $FEATURES --denan -o "$tmp/d.wasm" >/dev/null 2>&1 || return 1
    [ "$(diff_ref "$tmp/d.wasm" x)" = "$(diff_xip "$XIPWASM" "$tmp/d.wasm" x "$tmp")" ]
}

# ref_outcomes: wasm-interp --run-all-exports lines -> "NAME OUTCOME" lines.
ref_outcomes() {
    local line name v
    while IFS= read -r line; do
        case "$line" in x_*"() =>"*) ;; *) continue ;; esac
        name=${line%%()*} v=${line#*=>} v=${v# }
        case "$v" in
        "") v=none ;;
        "error: call stack exhausted"*) v=stack ;;
        error:*) v="trap:$(diff_trap_kind "${v#error: }")" ;;
        *) v=$(diff_value "$v") ;;
        esac
        echo "$name $v"
    done
}

# xip_outcomes: xipwasm run --run-all-exports lines -> "NAME OUTCOME" lines.
xip_outcomes() {
    local line name v
    while IFS= read -r line; do
        case "$line" in x_*"() =>"*) ;; *) continue ;; esac
        name=${line%%()*} v=${line#*=>} v=${v# }
        case "$v" in
        "") v=none ;;
        "out of fuel"*) v=fuel ;;
        *"call stack exhausted"*) v=stack ;;
        "trap: "*) v="trap:$(diff_trap_kind "${v#trap: }")" ;;
        *) v=$(diff_value "$v") ;;
        esac
        echo "$name $v"
    done
}

# whole_module EXPORTS: true when both tools give the same outcome for every
# wrapper of the all-exports module (and prints how many were compared).
whole_module() {
    local want ref xip
    want=$(wc -l <"$1")
    [ "$want" -gt 0 ] || { echo 0; return 0; }
    awk -v all=1 -f "$HERE/wrap.awk" "$tmp/m.wat" >"$tmp/all.wat" &&
        wat2wasm "$tmp/all.wat" -o "$tmp/all.wasm" 2>/dev/null || return 1
    ref=$(timeout "$TIMEOUT" wasm-interp "$tmp/all.wasm" --run-all-exports 2>&1) || [ $? -ne 124 ] || return 1
    xip=$(timeout "$TIMEOUT" "$XIPWASM" run "$tmp/all.wasm" --run-all-exports --fuel "$FUEL" 2>&1)
    case $? in 0 | 3 | 4) ;; *) return 1 ;; esac
    ref=$(printf '%s\n' "$ref" | ref_outcomes)
    xip=$(printf '%s\n' "$xip" | xip_outcomes)
    [ "$ref" = "$xip" ] && [ "$(printf '%s\n' "$ref" | grep -c .)" -eq "$want" ] || return 1
    [ -n "$VERBOSE" ] && printf '%s\n' "$ref" | sed "s/^/seed $seed: whole: /"
    echo "$want"
}

passed=0 failed=0 inconclusive=0 skipped=0 whole=0
seed=$FIRST
last=$((FIRST + COUNT - 1))
while [ "$seed" -le "$last" ]; do
    # module size varies with the seed: 1 KiB .. 8 KiB of random input
    size=${TTF_BYTES:-$(( (seed % 8 + 1) * 1024 ))}
    "$SEEDBYTES" "$seed" "$size" >"$tmp/seed.bin"
    # shellcheck disable=SC2086
    if ! wasm-opt -ttf "$tmp/seed.bin" $FEATURES --remove-imports $PASSES -o "$tmp/m.wasm" \
            >/dev/null 2>&1 || ! wasm2wat "$tmp/m.wasm" -o "$tmp/m.wat" 2>/dev/null; then
        echo "seed $seed: generator failed (skipped)"
        skipped=$((skipped + 1)); seed=$((seed + 1)); continue
    fi
    awk -v list=1 -f "$HERE/wrap.awk" "$tmp/m.wat" >"$tmp/exports"
    if [ -z "$PER_EXPORT" ] && n=$(whole_module "$tmp/exports"); then
        passed=$((passed + n)); whole=$((whole + 1)); seed=$((seed + 1)); continue
    fi
    while read -r name rtype; do
        if ! awk -v target="$name" -f "$HERE/wrap.awk" "$tmp/m.wat" >"$tmp/w.wat" ||
           ! wat2wasm "$tmp/w.wat" -o "$tmp/w.wasm" 2>"$tmp/werr"; then
            echo "seed $seed: export $name: wrapper failed (skipped): $(head -n 1 "$tmp/werr")"
            skipped=$((skipped + 1)); continue
        fi
        ref=$(diff_ref "$tmp/w.wasm" x)
        xip=$(diff_xip "$XIPWASM" "$tmp/w.wasm" x "$tmp")
        if [ "$ref" = "$xip" ]; then
            passed=$((passed + 1))
            [ -n "$VERBOSE" ] && echo "seed $seed: export $name: ok <$ref>"
        elif diff_inconclusive "$ref" || diff_inconclusive "$xip"; then
            inconclusive=$((inconclusive + 1))
            echo "seed $seed: export $name: inconclusive: reference <$ref> xipwasm <$xip>"
        elif nan_only "$tmp/w.wasm"; then
            # NaN payloads may legally differ (and reach memory or integers
            # through stores and reinterprets): agreeing once every NaN is
            # replaced by 0 (binaryen's --denan) is not a failure
            inconclusive=$((inconclusive + 1))
            echo "seed $seed: export $name: NaN payloads only: reference <$ref> xipwasm <$xip>"
        else
            failed=$((failed + 1))
            echo "seed $seed: export $name: reference <$ref> xipwasm <$xip> ($rtype)"
            cp "$tmp/m.wasm" "$FAILDIR/seed$seed.wasm"
            cp "$tmp/w.wasm" "$FAILDIR/seed$seed-$name.wasm"
            cp "$tmp/w.wat" "$FAILDIR/seed$seed-$name.wat"
        fi
    done <"$tmp/exports"
    seed=$((seed + 1))
done
echo "diff: seeds $FIRST..$last: $whole compared whole, the others export by export"
echo "diff: seeds $FIRST..$last: $inconclusive inconclusive, $skipped skipped"
edges=$(BUILD="$BUILD" XIPWASM="$XIPWASM" bash "$HERE/edges.sh" "$FIRST" "$COUNT")
echo "$edges" | grep -v '^[0-9]* passed'
counts=$(echo "$edges" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p')
passed=$((passed + ${counts% *}))
failed=$((failed + ${counts#* }))
[ -n "$counts" ] || failed=$((failed + 1))
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
