#!/bin/sh
# test_verify.sh: `xipwasm verify` on a good image and on corrupted copies.
. tests/cli/lib.sh

wat small <<'W'
(module
  (memory 1)
  (func $sq (param i32) (result i32) local.get 0 local.get 0 i32.mul)
  (func (export "main") (result i32) i32.const 9 call $sq))
W
expect_exit 0 "$XIPWASM" compile "$T/small.wasm" -o "$T/small.xip"
size=$(wc -c <"$T/small.xip" | tr -d ' ')
expect_stdout "$T/small.xip: ok ($size bytes, 2 functions)" "$XIPWASM" verify "$T/small.xip"

# Flip one byte after the checksummed header: checksum error.
cp "$T/small.xip" "$T/flip.xip"
byte=$(od -An -tu1 -j 24 -N 1 "$T/flip.xip" | tr -d ' ')
printf "$(printf '\\%03o' $((byte ^ 0x40)))" | dd of="$T/flip.xip" bs=1 seek=24 conv=notrunc 2>/dev/null
expect_stderr 1 "$T/flip.xip: error: image: bad checksum (at offset 0x10)" "$XIPWASM" verify "$T/flip.xip"

# Truncate: the image is shorter than its header claims.
head -c $((size - 3)) "$T/small.xip" >"$T/cut.xip"
expect_stderr_matches 1 "^$T/cut.xip: error: image: truncated \(at offset 0x[0-9a-f]+\)$" \
    "$XIPWASM" verify "$T/cut.xip"
head -c 10 "$T/small.xip" >"$T/tiny.xip"
expect_stderr_matches 1 "^$T/tiny.xip: error: image: truncated" "$XIPWASM" verify "$T/tiny.xip"
: >"$T/empty.xip"
expect_exit 1 "$XIPWASM" verify "$T/empty.xip"

# A valid module whose initial memory (65536 pages of 64 KiB = 4 GiB) no buffer
# can hold: it compiles, and the image is refused as too big, not as malformed.
wat huge <<'W'
(module (memory 65536) (func (export "f") (result i32) i32.const 7))
W
expect_exit 0 "$XIPWASM" compile "$T/huge.wasm" -o "$T/huge.xip"
expect_stderr_contains 1 "buffer too small" "$XIPWASM" verify "$T/huge.xip"
expect_stderr_contains 1 "buffer too small" "$XIPWASM" run "$T/huge.xip" --invoke f

# Several images: one bad one makes the exit status 1, all are reported.
expect_exit 1 "$XIPWASM" verify "$T/small.xip" "$T/flip.xip"
if grep -q ": ok (" "$T/out"; then pass; else fail "verify two images" "good one not reported"; fi

# Every single-byte corruption is refused or still runs: never a crash.
i=0
crashes=0
while [ $i -lt "$size" ]; do
    cp "$T/small.xip" "$T/mut.xip"
    printf '\125' | dd of="$T/mut.xip" bs=1 seek=$i conv=notrunc 2>/dev/null
    "$XIPWASM" verify "$T/mut.xip" >/dev/null 2>&1
    status=$?
    [ $status -le 1 ] || crashes=$((crashes + 1))
    "$XIPWASM" run "$T/mut.xip" --fuel 100000 >/dev/null 2>&1
    status=$?
    [ $status -le 4 ] || crashes=$((crashes + 1))
    "$XIPWASM" dump "$T/mut.xip" >/dev/null 2>&1
    status=$?
    [ $status -le 1 ] || crashes=$((crashes + 1))
    i=$((i + 1))
done
if [ $crashes -eq 0 ]; then pass; else fail "corrupted images" "$crashes crashes"; fi
finish
