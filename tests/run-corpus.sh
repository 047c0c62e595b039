#!/bin/sh
# run-corpus.sh: compiles every corpus program at every optimization level,
# runs it and compares the output with the native build's output; with
# arguments, only the given .wasm files (the sample of `make check`).
# Prints "ok NAME" or "FAIL NAME: reason" per program.
BUILD=${BUILD:-build}
XIPWASM=${XIPWASM:-$BUILD/xipwasm}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ $# -gt 0 ] || set -- "$BUILD"/corpus/*-O*.wasm
for wasm in "$@"; do
    [ -f "$wasm" ] || continue
    name=$(basename "$wasm" .wasm)
    program=${name%-O*}
    expected="$BUILD/corpus/$program.expected"
    if ! "$XIPWASM" compile "$wasm" -o "$tmp/$name.xip" 2>"$tmp/err"; then
        echo "FAIL $name: compile: $(head -n 1 "$tmp/err")"
        continue
    fi
    "$XIPWASM" run "$tmp/$name.xip" --invoke run >"$tmp/$name.out" 2>"$tmp/err"
    status=$?
    if [ $status -ne 0 ]; then
        echo "FAIL $name: run exited $status: $(head -n 1 "$tmp/err")"
    elif ! cmp -s "$tmp/$name.out" "$expected"; then
        echo "FAIL $name: output differs from native:"
        diff "$expected" "$tmp/$name.out" | head -n 5
    else
        echo "ok $name"
    fi
done
