#!/bin/bash
# reduce.sh: shrinks a failing module with binaryen's wasm-reduce, keeping
# the failure, and prints the reduced module as text.
# usage: tests/diff/reduce.sh IN.wasm OUT.wat MODE [ARG]
#   MODE crash TEXT   xipwasm compile's error output still contains TEXT
#   MODE diff         reference and xipwasm outcomes for export "x" still
#                     differ (neither inconclusive nor a compile failure)
#   MODE outcome REF XIP   the outcomes are still exactly REF and XIP
# env: BUILD, XIPWASM, FEATURES, REDUCE_TIMEOUT (seconds per run, default 5)
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=${BUILD:-build}
XIPWASM=$(cd "$(dirname "${XIPWASM:-$BUILD/xipwasm}")" && pwd)/$(basename "${XIPWASM:-$BUILD/xipwasm}")
FEATURES=${FEATURES:---mvp-features --enable-sign-ext --enable-nontrapping-float-to-int --enable-mutable-globals}
in=$1 out=$2 mode=$3
[ -f "$in" ] && [ -n "$mode" ] || { echo "usage: reduce.sh IN.wasm OUT.wat MODE [ARG]" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/test.sh" <<TEST
#!/bin/bash
. "$HERE/lib.sh"
TIMEOUT=2
mkdir -p "$work/t"
f="$work/t.wasm"
case "$mode" in
crash)
    "$XIPWASM" compile "\$f" -o "$work/t/x.xip" >/dev/null 2>"$work/t/cerr"
    if grep -qF -- "$4" "$work/t/cerr"; then echo interesting; else echo boring; fi ;;
diff)
    ref=\$(diff_ref "\$f" x); xip=\$(diff_xip "$XIPWASM" "\$f" x "$work/t")
    case "\$ref \$xip" in *compile-*|*crash:*|*init-error*) echo boring; exit 0 ;; esac
    if [ "\$ref" != "\$xip" ] && ! diff_inconclusive "\$ref" && ! diff_inconclusive "\$xip"
    then echo interesting; else echo boring; fi ;;
outcome)
    ref=\$(diff_ref "\$f" x); xip=\$(diff_xip "$XIPWASM" "\$f" x "$work/t")
    if [ "\$ref" = "$4" ] && [ "\$xip" = "$5" ]; then echo interesting; else echo boring; fi ;;
esac
TEST
chmod +x "$work/test.sh"
cp "$in" "$work/t.wasm"
if [ "$("$work/test.sh")" != interesting ]; then
    echo "reduce.sh: $in does not show the failure" >&2; exit 1
fi
# shellcheck disable=SC2086
wasm-reduce "$in" --command="$work/test.sh" -t "$work/t.wasm" -w "$work/w.wasm" \
    -b "$(dirname "$(command -v wasm-opt)")/" -to "${REDUCE_TIMEOUT:-5}" $FEATURES -ef "$FEATURES" >"$work/log" 2>&1 || { tail -n 40 "$work/log" >&2; exit 1; }
wasm2wat "$work/w.wasm" -o "$out" && wc -c <"$work/w.wasm"
