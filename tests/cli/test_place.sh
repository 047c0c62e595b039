#!/bin/sh
# test_place.sh: `xipwasm place` puts an image into a firmware's applet slot:
# Intel HEX at the slot's address (checked by reading it back with objcopy),
# raw bytes, and the errors (not an ELF, no such slot, image too large,
# image refused, usage).
. tests/cli/lib.sh

# A stand-in firmware: an ELF object whose only content is slot symbols, as a
# linker script defines them (absolute symbols).
cat >"$T/fw.s" <<'S'
    .globl __xip_slot_applet_start, __xip_slot_applet_end
    .set __xip_slot_applet_start, 0x00100000
    .set __xip_slot_applet_end, 0x00140000
    .globl __xip_slot_edge_start, __xip_slot_edge_end
    .set __xip_slot_edge_start, 0x0001fff5
    .set __xip_slot_edge_end, 0x00030000
    .globl __xip_slot_tiny_start, __xip_slot_tiny_end
    .set __xip_slot_tiny_start, 0x2000
    .set __xip_slot_tiny_end, 0x2010
S
expect_exit 0 cc -c "$T/fw.s" -o "$T/fw.elf"

wat app <<'W'
(module
  (memory 1)
  (data (i32.const 16) "hello, slot")
  (func (export "run") (result i32) i32.const 42))
W
expect_exit 0 "$XIPWASM" compile "$T/app.wasm" -o "$T/app.xip"
size=$(wc -c <"$T/app.xip" | tr -d ' ')

# HEX at the slot address: an extended linear address record for 0x0010, data, end of file.
expect_stdout "$T/app.hex: $size bytes at 0x00100000, slot 'applet' of $T/fw.elf (262144 bytes, $((262144 - size)) free)" \
    "$XIPWASM" place "$T/app.xip" --firmware "$T/fw.elf" -o "$T/app.hex"
expect_stdout ":020000040010EA" head -n 1 "$T/app.hex"
expect_stdout ":00000001FF" tail -n 1 "$T/app.hex"
expect_exit 0 objcopy -I ihex -O binary "$T/app.hex" "$T/back.bin"
expect_file_same "hex content" "$T/app.xip" "$T/back.bin"
# the first data record: 16 bytes at offset 0 of that 64 KiB segment
expect_stdout ":10000000" sh -c "sed -n 2p '$T/app.hex' | cut -c 1-9"

# A slot that straddles a 64 KiB boundary at an odd address: records stop at the boundary.
expect_exit 0 "$XIPWASM" place "$T/app.xip" --firmware "$T/fw.elf" --slot edge -o "$T/edge.hex"
expect_stdout ":020000040001F9" head -n 1 "$T/edge.hex"
expect_stdout ":0BFFF500" sh -c "sed -n 2p '$T/edge.hex' | cut -c 1-9"
expect_exit 0 grep -q "^:020000040002F8$" "$T/edge.hex"
expect_exit 0 objcopy -I ihex -O binary "$T/edge.hex" "$T/edge.bin"
expect_file_same "hex across 64 KiB" "$T/app.xip" "$T/edge.bin"

# --format bin: the bytes themselves; a .wasm input is compiled first.
expect_exit 0 "$XIPWASM" place "$T/app.wasm" --firmware "$T/fw.elf" --format bin -o "$T/app.bin"
expect_file_same "bin" "$T/app.xip" "$T/app.bin"

# Errors.
expect_stderr 1 "xipwasm: $T/app.xip: not an ELF file (The file was not recognized as a valid object file)" \
    "$XIPWASM" place "$T/app.xip" --firmware "$T/app.xip" -o "$T/x.hex"
expect_stderr 1 "xipwasm: $T/fw.elf: no applet slot 'main' (symbols __xip_slot_main_start and _end); slots defined: applet, edge, tiny" \
    "$XIPWASM" place "$T/app.xip" --firmware "$T/fw.elf" --slot main -o "$T/x.hex"
expect_stderr 1 "xipwasm: $T/app.xip: image of $size bytes does not fit applet slot 'tiny' of $T/fw.elf (16 bytes at 0x2000)" \
    "$XIPWASM" place "$T/app.xip" --firmware "$T/fw.elf" --slot tiny -o "$T/x.hex"
expect_exit 1 test -e "$T/x.hex"
cp "$T/app.xip" "$T/bad.xip"
printf 'Z' | dd of="$T/bad.xip" bs=1 seek=30 conv=notrunc 2>/dev/null
expect_stderr_contains 1 "bad checksum" "$XIPWASM" place "$T/bad.xip" --firmware "$T/fw.elf" -o "$T/x.hex"
expect_stderr_contains 1 "missing.elf" "$XIPWASM" place "$T/app.xip" --firmware "$T/missing.elf" -o "$T/x.hex"
expect_stderr_contains 2 "missing --firmware" "$XIPWASM" place "$T/app.xip" -o "$T/x.hex"
expect_stderr_contains 2 "missing -o" "$XIPWASM" place "$T/app.xip" --firmware "$T/fw.elf"
expect_stderr_contains 2 "--format must be hex or bin" "$XIPWASM" place "$T/app.xip" --firmware "$T/fw.elf" --format srec -o "$T/x"
expect_exit 0 "$XIPWASM" place --help

finish
