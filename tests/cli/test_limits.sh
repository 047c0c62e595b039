#!/bin/sh
# test_limits.sh: the resource limits of docs/limits.md, with the hostile
# inputs of issue 7: images whose checksum was recomputed after raising a RAM
# table's minimum to 0xfffffffe or 0x10000000 (the CLI once sized its table
# buffer from it: a wrapped calloc on 32-bit hosts, 1 GiB or more on 64-bit),
# a tiny module declaring a table of 0x80000001 entries (the compiler once
# wrote 2 bytes per entry with a wrapping malloc), and `run --memory
# 4294967295` (a wrapping calloc on 32-bit hosts). Each is refused with a
# message naming the limit, or runs; never a sanitizer report. Run with the
# 32-bit build too (XIPWASM=build/m32/xipwasm).
. tests/cli/lib.sh

# no_sanitizer WHAT: the last command's stderr holds no sanitizer report.
no_sanitizer() {
    if grep -qE 'Sanitizer|runtime error' "$T/err"; then fail "$1" "sanitizer report"; else pass; fi
}

# patch_table_min IN OUT MIN: copies image IN with its first RAM table's
# minimum set to MIN (no maximum) and the header's checksum recomputed.
patch_table_min() {
    python3 - "$1" "$2" "$3" <<'PY'
import struct, sys, zlib
data = bytearray(open(sys.argv[1], 'rb').read())
# TABLE entry of a funcref RAM table {0x70, XIP_TABLE_RAM, u32 min = 1, u32 max = none}
at = data.find(bytes([0x70, 0x01, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]))
assert at > 0, "RAM table entry not found"
data[at + 2:at + 6] = struct.pack('<I', int(sys.argv[3], 0))
data[16:20] = struct.pack('<I', zlib.adler32(bytes(data[20:])))
open(sys.argv[2], 'wb').write(data)
PY
}

wat ramtable <<'W'
(module (table $t 1 funcref)
  (func (export "f") (result i32) (table.set $t (i32.const 0) (ref.null func)) (table.size $t)))
W
expect_exit 0 "$XIPWASM" compile "$T/ramtable.wasm" -o "$T/ramtable.xip"
expect_stdout "i32:1" "$XIPWASM" run "$T/ramtable.xip" --invoke f

# A RAM table minimum of 0xfffffffe, 0x10000000 and one entry above the CLI's cap
# of 4194304 table words (one size word + the entries): refused before any allocation.
for min in 0xfffffffe 0x10000000 0x400000; do
    patch_table_min "$T/ramtable.xip" "$T/min$min.xip" $min
    expect_stderr_contains 1 "buffer too small: the image needs $(($min + 1)) table words, above the CLI's limit of 4194304" \
        "$XIPWASM" run "$T/min$min.xip" --invoke f
    no_sanitizer "run min $min"
    expect_stderr_contains 1 "buffer too small" "$XIPWASM" verify "$T/min$min.xip"
    no_sanitizer "verify min $min"
done
# Just below the cap: the table is given and the image runs.
patch_table_min "$T/ramtable.xip" "$T/big.xip" 0x3fffff
expect_stdout "i32:4194303" "$XIPWASM" run "$T/big.xip" --invoke f

# The compiler refuses a table minimum above 65536 entries, naming the offset of the table type.
wat bigtable <<'W'
(module (table 0x80000001 funcref) (func (export "f") (result i32) i32.const 1))
W
expect_stderr 1 "xipwasm: $T/bigtable.wasm:0x16: table minimum of 2147483649 entries exceeds the implementation limit of 65536" \
    "$XIPWASM" compile "$T/bigtable.wasm" -o "$T/bigtable.xip"
no_sanitizer "compile table 0x80000001"
if [ -e "$T/bigtable.xip" ]; then fail "compile table 0x80000001" "an image was written"; else pass; fi
wat bigimport <<'W'
(module (import "env" "t" (table 0x10000000 funcref)))
W
expect_stderr_contains 1 "table minimum of 268435456 entries exceeds the implementation limit of 65536" \
    "$XIPWASM" compile "$T/bigimport.wasm" -o "$T/bigimport.xip"
wat edgetable <<'W'
(module (table 65536 funcref) (func (export "f") (result i32) i32.const 1))
W
expect_exit 0 "$XIPWASM" compile "$T/edgetable.wasm" -o "$T/edgetable.xip"
expect_stdout "i32:1" "$XIPWASM" run "$T/edgetable.xip" --invoke f

# Memory: a minimum above the CLI's 1 GiB default cap is refused unless --memory is given.
wat bigmin <<'W'
(module (memory 16385) (func (export "f") (result i32) memory.size))
W
expect_stderr_contains 1 "buffer too small: the image needs 1073807360 bytes of linear memory, above the CLI's limit of 1073741824 (give --memory)" \
    "$XIPWASM" run "$T/bigmin.wasm" --invoke f
no_sanitizer "run memory 16385 pages"

# --memory 4294967295: the largest capacity the API holds; it is allocated
# (64-bit hosts) or refused as too large (32-bit hosts), never wrapped.
wat mem1 <<'W'
(module (memory 1) (func (export "f") (result i32) (i32.store (i32.const 65532) (i32.const 5))
  (i32.load (i32.const 65532))))
W
run_cmd "$XIPWASM" run "$T/mem1.wasm" --invoke f --memory 4294967295
if [ "$STATUS" -eq 0 ] && [ "$(cat "$T/out")" = "i32:5" ]; then
    pass
elif [ "$STATUS" -eq 1 ] && grep -q "cannot allocate the buffers (4294967295 bytes of linear memory" "$T/err"; then
    pass
else
    fail "run --memory 4294967295" "exit $STATUS: neither ran nor refused cleanly"
fi
no_sanitizer "run --memory 4294967295"
expect_stderr_contains 2 "bad value '4294967296' for --memory" "$XIPWASM" run "$T/mem1.wasm" --memory 4294967296
expect_stderr_contains 2 "bad value '0' for --memory" "$XIPWASM" run "$T/mem1.wasm" --memory 0
finish
