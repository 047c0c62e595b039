#!/bin/sh
# test_dump.sh: `xipwasm dump`: header and section summaries, and golden
# disassembly tests: each tests/cli/golden/NAME.wat is compiled and the
# disassembly part of its dump must equal tests/cli/golden/NAME.dump.
# After checking a changed disassembly by hand, regenerate the expected files
# with XIPWASM_UPDATE_GOLDEN=1 sh tests/cli/test_dump.sh.
. tests/cli/lib.sh

for src in tests/cli/golden/*.wat; do
    name=$(basename "$src" .wat)
    wat "$name" <"$src"
    expect_exit 0 "$XIPWASM" compile "$T/$name.wasm" -o "$T/$name.xip"
    expect_exit 0 "$XIPWASM" dump "$T/$name.xip"
    sed -n '/^disassembly:$/,$p' "$T/out" | sed 1d >"$T/$name.dump"
    if [ -n "${XIPWASM_UPDATE_GOLDEN:-}" ]; then
        cp "$T/$name.dump" "tests/cli/golden/$name.dump"
    fi
    expect_file_same "golden $name" "tests/cli/golden/$name.dump" "$T/$name.dump"
done

# The summaries of a module with every section.
wat full <<'W'
(module
  (import "env" "print_i32" (func $print (param i32)))
  (memory 2 3)
  (global $g (mut i64) (i64.const 5))
  (table 2 funcref)
  (elem (i32.const 1) $main)
  (data (i32.const 1024) "abcdef")
  (data "xy")
  (elem func $init)
  (func $init)
  (start $init)
  (func $main (export "main") (result i32) i32.const 1)
  (export "mem" (memory 0)))
W
expect_exit 0 "$XIPWASM" dump "$T/full.wasm"
for pattern in '^image .*full.wasm: format version 2, flags 0x00, [0-9]+ bytes, crc 0x[0-9a-f]{8}$' \
    '^sections:$' '^  type +at 0x0000[0-9a-f]{2}, [0-9]+ bytes$' '^  code +at ' \
    '^imports \(1\):$' '^  f0: env\.print_i32, type [0-9]+ \(i32\) -> \(\)$' \
    '^  f2: type [0-9]+ \(\) -> \(i32\), 0 params, 1 results, 0 locals, frame [0-9]+, code 0x[0-9a-f]+ \([0-9]+ bytes\) "main"$' \
    '^table 0: funcref, min 2, max none, 2 entries: null f2$' \
    '^memory: min 2 pages, max 3 pages, page 65536 bytes$' '^  g0: mut i64 = 0x5$' \
    '^  func "main" -> f2$' '^  memory "mem" -> memory 0$' '^start: f1$' \
    '^  segment 0: offset 0x400, 6 bytes$' '^  segment 1: passive, 2 bytes$' '^elements \(2\):$' \
    '^  segment 0: dropped funcref, 0 items:$' '^  segment 1: passive funcref, 1 items: f1$' \
    '^f2 "main":$' '^  0000: '; do
    if grep -qE "$pattern" "$T/out"; then pass; else fail "dump full.wasm" "no line matching: $pattern"; fi
done

# A dump of the .wasm equals the dump of its image (apart from the file name).
expect_exit 0 "$XIPWASM" compile "$T/full.wasm" -o "$T/full.xip"
expect_exit 0 "$XIPWASM" dump "$T/full.wasm"
sed 1d "$T/out" >"$T/dump1"
expect_exit 0 "$XIPWASM" dump "$T/full.xip"
sed 1d "$T/out" >"$T/dump2"
expect_file_same "dump of .wasm and of its image" "$T/dump1" "$T/dump2"

# A refused image is reported, not dumped.
cp "$T/full.xip" "$T/bad.xip"
printf '\377' | dd of="$T/bad.xip" bs=1 seek=30 conv=notrunc 2>/dev/null
expect_stderr 1 "xipwasm: $T/bad.xip:0x10: image: bad checksum" "$XIPWASM" dump "$T/bad.xip"
if [ ! -s "$T/out" ]; then pass; else fail "dump bad.xip" "printed a dump"; fi
# Regression: `compile --dump-after encode` named sections from its own list,
# which lacked ELEM, and read past it for a module with an element segment
# (UBSan: compiler/compiler.c:32). Every section name now comes from
# XIP_SECTIONS in format/xip_format.h.
wat passive_elem <<'W'
(module
  (table 2 funcref)
  (func $f)
  (elem funcref (ref.func $f))
  (func (export "g") (table.init 0 0 (i32.const 0) (i32.const 0) (i32.const 1))))
W
expect_exit 0 "$XIPWASM" compile "$T/passive_elem.wasm" -o "$T/passive_elem.xip" --dump-after encode
if grep -q '^  section elem   at ' "$T/out" && ! grep -q '(null)\|section ? ' "$T/out"; then
    pass
else
    fail "--dump-after encode with an ELEM section" "no 'section elem' line"
fi
expect_exit 0 "$XIPWASM" dump "$T/passive_elem.xip"
if grep -q '^  elem    at 0x' "$T/out"; then pass; else fail "dump passive_elem.xip" "no elem section line"; fi
finish
