#!/bin/bash
# edges.sh: differential test on edge values. For each seed, edgegen writes
# a random module whose operands come from edge-value tables and which logs
# every intermediate value, then a hash of memory and the globals; wabt's
# wasm-interp and xipwasm run it, and their logs and outcomes must be equal
# line for line (not only the return value). A mismatch prints the first
# differing line and keeps the module under $BUILD/diff/fail/edgeN.wat.
# usage: tests/diff/edges.sh [FIRST_SEED [COUNT]]
# env: BUILD (build), XIPWASM, EDGEGEN, STATEMENTS (per module, 200), TIMEOUT.
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
BUILD=${BUILD:-build}
XIPWASM=${XIPWASM:-$BUILD/xipwasm}
EDGEGEN=${EDGEGEN:-$BUILD/diff/edgegen}
STATEMENTS=${STATEMENTS:-200}
FIRST=${1:-1}
COUNT=${2:-50}
FAILDIR=$BUILD/diff/fail
mkdir -p "$FAILDIR"
if [ ! -x "$EDGEGEN" ]; then
    mkdir -p "$(dirname "$EDGEGEN")"
    # Built under a private name, then renamed: two runs started together
    # (fuzz_diff's loops) never execute a half-written file.
    ${CC:-cc} -std=c99 -O2 "$HERE/edgegen.c" -o "$EDGEGEN.$$" && mv -f "$EDGEGEN.$$" "$EDGEGEN" ||
        { rm -f "$EDGEGEN.$$"; exit 2; }
fi
for tool in wat2wasm wasm-interp "$XIPWASM" "$EDGEGEN"; do
    command -v "$tool" >/dev/null 2>&1 || { echo "edges.sh: missing $tool" >&2; exit 2; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ref_log WASM: the logged values, then "result i32:N" or "trap:KIND".
ref_log() {
    timeout "$TIMEOUT" wasm-interp --host-print --run-all-exports "$1" 2>&1 | awk '
        /^called host host\.print\(i32:/ { s = $0; sub(/^[^:]*:/, "", s); sub(/\).*/, "", s); print s; next }
        /^x\(\) => error: / { s = $0; sub(/^x\(\) => error: /, "", s); print "error " s; next }
        /^x\(\) => / { s = $0; sub(/^x\(\) => /, "", s); print "result " s; next }
        { print "other " $0 }' | while IFS= read -r line; do
            case "$line" in
            "error "*) echo "trap:$(diff_trap_kind "${line#error }")" ;;
            *) echo "$line" ;;
            esac
        done
}

# xip_log WASM: the same from xipwasm (print_i32 prints signed decimals).
xip_log() {
    local rc
    timeout "$TIMEOUT" "$XIPWASM" run "$1" --invoke x >"$tmp/out" 2>"$tmp/err"
    rc=$?
    awk '/^-?[0-9]+$/ { v = $0 + 0; if (v < 0) v += 4294967296; printf "%.0f\n", v; next }
         /^i32:/ { s = substr($0, 5) + 0; if (s < 0) s += 4294967296; printf "result i32:%.0f\n", s; next }
         { print "other " $0 }' "$tmp/out"
    case $rc in
    0) ;;
    3) echo "trap:$(diff_trap_kind "$(head -n 1 "$tmp/err")")" ;;
    *) echo "exit $rc: $(head -n 1 "$tmp/err")" ;;
    esac
}

passed=0 failed=0
seed=$FIRST
last=$((FIRST + COUNT - 1))
while [ "$seed" -le "$last" ]; do
    "$EDGEGEN" "$seed" "$STATEMENTS" ref >"$tmp/ref.wat" && "$EDGEGEN" "$seed" "$STATEMENTS" xip >"$tmp/xip.wat"
    if ! wat2wasm "$tmp/ref.wat" -o "$tmp/ref.wasm" 2>"$tmp/werr" ||
       ! wat2wasm "$tmp/xip.wat" -o "$tmp/xip.wasm" 2>>"$tmp/werr"; then
        echo "edge seed $seed: FAIL: the generated module does not assemble: $(head -n 1 "$tmp/werr")"
        cp "$tmp/ref.wat" "$FAILDIR/edge$seed.wat"
        failed=$((failed + 1)); seed=$((seed + 1)); continue
    fi
    ref_log "$tmp/ref.wasm" >"$tmp/ref.log"
    xip_log "$tmp/xip.wasm" >"$tmp/xip.log"
    if cmp -s "$tmp/ref.log" "$tmp/xip.log" && [ -s "$tmp/ref.log" ]; then
        passed=$((passed + 1))
        [ -n "$VERBOSE" ] && echo "edge seed $seed: ok, $(wc -l <"$tmp/ref.log") values"
    else
        failed=$((failed + 1))
        n=$(cmp "$tmp/ref.log" "$tmp/xip.log" 2>/dev/null | sed -n 's/.* line \([0-9]*\).*/\1/p')
        echo "edge seed $seed: FAIL at logged value ${n:-?}: reference <$(sed -n "${n:-1}p" "$tmp/ref.log")>" \
             "xipwasm <$(sed -n "${n:-1}p" "$tmp/xip.log")>"
        cp "$tmp/ref.wat" "$FAILDIR/edge$seed.wat"
    fi
    seed=$((seed + 1))
done
echo "edges: seeds $FIRST..$last, $STATEMENTS statements each"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
