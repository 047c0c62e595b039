#!/bin/sh
# size.sh: image size versus Wasm size for CoreMark and the corpus, then the
# executor's linked flash footprint (scripts/footprint.sh) and RAM on the device targets.
BUILD=${BUILD:-build}
XIPWASM=$BUILD/xipwasm
COREMARK=${COREMARK:-../shared/corpus/coremark-minimal.wasm}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '%-24s %8s %8s %7s\n' module wasm image ratio
for w in "$COREMARK" "$BUILD"/corpus/*-O2.wasm "$BUILD"/corpus/*-Oz.wasm; do
    [ -f "$w" ] || continue
    name=$(basename "$w" .wasm)
    "$XIPWASM" compile "$w" -o "$tmp/$name.xip" || continue
    ws=$(wc -c <"$w")
    is=$(wc -c <"$tmp/$name.xip")
    printf '%-24s %8d %8d %6d%%\n' "$name" "$ws" "$is" $((is * 100 / ws))
done
echo
if [ -x scripts/footprint.sh ]; then
    sh scripts/footprint.sh
fi
