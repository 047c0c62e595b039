#!/bin/sh
# test_output.sh: how commands write their output files. A regular file is
# replaced atomically (a failed compile leaves it untouched); an existing
# file that is not a regular one (a FIFO here, /dev/null in use) is written
# in place: renaming a temporary over it would replace the device itself.
. tests/cli/lib.sh

wat app <<'W'
(module (func (export "run") (result i32) i32.const 7))
W
expect_exit 0 "$XIPWASM" compile "$T/app.wasm" -o "$T/app.xip"

# A FIFO stays a FIFO, and what went through it is the image.
mkfifo "$T/pipe"
timeout 20 cat "$T/pipe" >"$T/through" &
reader=$!
expect_exit 0 "$XIPWASM" compile "$T/app.wasm" -o "$T/pipe"
wait $reader
if [ -p "$T/pipe" ]; then pass; else fail "compile -o FIFO" "the FIFO was replaced by a file"; fi
expect_file_same "through the FIFO" "$T/app.xip" "$T/through"
# the same for the map
timeout 20 cat "$T/pipe" >"$T/map-through" &
reader=$!
expect_exit 0 "$XIPWASM" compile "$T/app.wasm" -o "$T/app2.xip" --map "$T/pipe"
wait $reader
if [ -p "$T/pipe" ] && [ -s "$T/map-through" ]; then pass; else fail "--map FIFO" "the FIFO was replaced or got nothing"; fi

# A failed compile leaves an existing regular output as it was.
cp "$T/app.xip" "$T/keep.xip"
printf 'not wasm' >"$T/bad.wasm"
expect_exit 1 "$XIPWASM" compile "$T/bad.wasm" -o "$T/keep.xip"
expect_file_same "untouched on failure" "$T/app.xip" "$T/keep.xip"
finish
