#!/bin/sh
# run-coremark.sh: compiles ../shared/corpus/coremark-minimal.wasm and runs it
# with a synthetic clock; passes when it returns a positive f32 score.
XIPWASM=${1:-build/xipwasm}
wasm=${COREMARK:-../shared/corpus/coremark-minimal.wasm}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ ! -f "$wasm" ]; then
    echo "coremark: $wasm not found"
    exit 1
fi
"$XIPWASM" compile "$wasm" -o "$tmp/coremark.xip" || exit 1
out=$("$XIPWASM" run "$tmp/coremark.xip" --invoke run --fake-clock 10000) || exit 1
echo "coremark: $out ($(wc -c <"$tmp/coremark.xip") byte image from $(wc -c <"$wasm") bytes of wasm)"
score=${out#f32:}
[ "$score" != "$out" ] || { echo "coremark: unexpected output"; exit 1; }
awk -v s="$score" 'BEGIN { exit !(s + 0 > 0) }'
