#!/bin/sh
# test_decode_sweep.sh: converts the spec test suite with wast2json and runs
# the decode sweep (tests/unit/test_decode --sweep) over the result.
# usage: tests/unit/test_decode_sweep.sh [path/to/test_decode] [testsuite dir]
set -u
BIN=${1:-build/tests/test_decode}
SUITE=${2:-/work/shared/testsuite}
OUT=$(mktemp -d /tmp/decode_sweep.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
skipped=0
for wast in "$SUITE"/core/*.wast "$SUITE"/proposals/*/*.wast; do
    name=$(basename "$(dirname "$wast")")_$(basename "$wast" .wast)
    mkdir -p "$OUT/$name"
    if ! (cd "$OUT/$name" && wast2json --enable-all "$wast" -o "$name.json" >/dev/null 2>&1); then
        echo "skip $wast (wast2json cannot convert it)"
        skipped=$((skipped + 1))
    fi
done
echo "wast2json could not convert $skipped files"
"$BIN" --sweep "$OUT"
