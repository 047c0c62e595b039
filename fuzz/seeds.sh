#!/bin/sh
# seeds.sh: the fuzz seed corpora. $BUILD/fuzz/seeds-wasm gets the corpus
# modules and every module of the spec suite's core scripts (wast2json, also
# the malformed and invalid ones: good seeds for the decoder and validator);
# $BUILD/fuzz/seeds-image gets the image of each of those that compiles.
# env: BUILD (build), SPEC_DIR (../shared/testsuite), XIPWASM ($BUILD/xipwasm)
BUILD=${BUILD:-build}
SPEC_DIR=${SPEC_DIR:-../shared/testsuite}
XIPWASM=${XIPWASM:-$BUILD/xipwasm}
wasm_dir=$BUILD/fuzz/seeds-wasm
image_dir=$BUILD/fuzz/seeds-image
mkdir -p "$wasm_dir" "$image_dir"
for w in "$BUILD"/corpus/*.wasm; do
    [ -f "$w" ] && cp "$w" "$wasm_dir/"
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the spec modules once (a stamp file records it: delete the directory to redo)
if [ ! -f "$wasm_dir/.spec-done" ] && command -v wast2json >/dev/null 2>&1 && [ -d "$SPEC_DIR/core" ]; then
    for wast in "$SPEC_DIR"/core/*.wast; do
        base=$(basename "$wast" .wast)
        rm -f "$tmp"/*
        wast2json "$wast" -o "$tmp/x.json" >/dev/null 2>&1 || continue
        for m in "$tmp"/*.wasm; do
            [ -f "$m" ] && cp "$m" "$wasm_dir/spec-$base-$(basename "$m")"
        done
    done
    : >"$wasm_dir/.spec-done"
fi
for w in "$wasm_dir"/*.wasm; do
    out="$image_dir/$(basename "$w" .wasm).xip"
    [ -f "$out" ] || "$XIPWASM" compile "$w" -o "$out" >/dev/null 2>&1 || rm -f "$out"
done
echo "fuzz seeds: $(ls "$wasm_dir" | wc -l) modules, $(ls "$image_dir" | wc -l) images"
