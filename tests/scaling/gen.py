#!/usr/bin/env python3
"""gen.py: writes a module of size n for one load-time scaling case.

Usage: gen.py CASE N OUT
  OUT ends in .wat: a text module for wat2wasm and `xipwasm compile`;
  the case "global-chain" writes an image (.xip) directly, because Wasm 2.0
  lets a global initialiser read imported globals only, while the image
  format lets it read any earlier global.
Every case makes the executor look up the last (or a late) index of one
index space about n times while it verifies, instantiates and runs "run";
run.sh checks that the instruction count grows at most 5x from n to 4n.
"""
import struct
import sys
import zlib

VALTYPES = ["i32", "i64", "f32", "f64"]


def types(n):
    """n distinct signatures of 8 params, function i of type i."""
    out = ["(module"]
    for i in range(n):
        params = " ".join(VALTYPES[(i >> (2 * k)) & 3] for k in range(8))
        out.append(f" (func (param {params}))")
    out.append(' (func (export "run")))')
    return out


def imports(n):
    """n imported functions; run calls the last one n times."""
    out = ["(module"]
    for i in range(n):
        out.append(f' (import "env" "f{i}" (func $f{i} (param i32)))')
    out.append(' (func (export "run")')
    out += [f"  (call $f{n - 1} (i32.const {i}))" for i in range(n)]
    out.append(" ))")
    return out


def imported_globals(n):
    """n imported globals; n defined globals each initialised from the last one, run reads it n times."""
    out = ["(module"]
    for i in range(n):
        out.append(f' (import "env" "g{i}" (global $g{i} i32))')
    for i in range(n):
        out.append(f" (global $d{i} i32 (global.get $g{n - 1}))")
    out.append(' (func (export "run") (result i32) (i32.const 0)')
    out += [f"  (i32.add (global.get $d{n - 1}))" for _ in range(n)]
    out.append(" ))")
    return out


def functions(n):
    """n functions, each calling the last one."""
    out = ["(module"]
    for i in range(n - 1):
        out.append(f" (func (call $last))")
    out.append(" (func $last)")
    out.append(' (func (export "run") (call $last)))')
    return out


def tables(n):
    """n RAM tables (n <= 256); run writes each once and the last one n times."""
    out = ["(module"]
    out += [f" (table $t{i} 1 funcref)" for i in range(n)]
    out.append(' (func (export "run")')
    out += [f"  (table.set $t{i} (i32.const 0) (ref.null func))" for i in range(n)]
    out += [f"  (table.set $t{n - 1} (i32.const 0) (ref.null func))" for _ in range(n)]
    out.append(" ))")
    return out


def data(n):
    """n passive data segments; run drops the last one n times and copies from it."""
    out = ["(module (memory 1)"]
    out += [f' (data $s{i} "abcd")' for i in range(n)]
    out.append(' (func (export "run")')
    out += [f"  (data.drop $s{n - 1})" for _ in range(n)]
    out.append(" ))")
    return out


def elems(n):
    """n passive element segments and n active ones into a RAM table; run drops the last passive one n times."""
    out = [f"(module (table $t {n} funcref) (func $f)"]
    out += [f" (elem $e{i} func $f)" for i in range(n)]
    out += [f" (elem (table $t) (i32.const {i}) func $f)" for i in range(n)]
    out.append(' (func (export "run")')
    out += [f"  (elem.drop $e{n - 1})" for _ in range(n)]
    out.append("  (table.set $t (i32.const 0) (ref.null func))")
    out.append(" ))")
    return out


def imported_table(n):
    """an imported table behind n imported functions; run writes and sizes it n times each."""
    out = ["(module"]
    out += [f' (import "env" "f{i}" (func (param i32)))' for i in range(n)]
    out.append(' (import "env" "t" (table $t 1 funcref))')
    out.append(' (func (export "run")')
    for _ in range(n):
        out.append("  (table.set $t (i32.const 0) (ref.null func))")
        out.append("  (drop (table.size $t))")
    out.append(" ))")
    return out


def exports(n):
    """n exports (found by name once: "run" is the last)."""
    out = ["(module (func $f)"]
    out += [f' (export "e{i}" (func $f))' for i in range(n)]
    out.append(' (func (export "run")))')
    return out


def section(sid, body):
    return bytes([sid]) + struct.pack("<I", len(body)) + body


def indexed(entries):
    """An indexed section body: u16 count, the offset table (format/xip_format.h), the entries."""
    count = len(entries)
    size = 2 + sum(len(e) for e in entries)
    width = 1
    while width < 4 and size + (count - 1) * width > (0xff if width == 1 else 0xffff):
        width *= 2
    table, at = b"", 2 + (count - 1) * width + len(entries[0])
    for e in entries[1:]:
        table += at.to_bytes(width, "little")
        at += len(e)
    return struct.pack("<H", count) + table + b"".join(entries)


def global_chain(n):
    """An image: one imported i32 global, then n globals, global i + 1 initialised from global i."""
    name = lambda s: struct.pack("<H", len(s)) + s
    imp = bytes([3, 0x7F, 0]) + name(b"env") + name(b"g")
    GLOBAL, END = 3, 0
    globs = [bytes([0x7F, 0, GLOBAL]) + struct.pack("<H", i) + bytes([END]) for i in range(n)]
    body = section(2, indexed([imp])) + section(6, indexed(globs))
    size = 20 + len(body)
    head = b"\x89XIP\r\n\x1a\n" + bytes([4, 0, 0, 0]) + struct.pack("<I", size)
    return head + struct.pack("<I", zlib.adler32(body)) + body


CASES = {
    "types": types, "imports": imports, "imported-globals": imported_globals, "functions": functions,
    "tables": tables, "data": data, "elems": elems, "imported-table": imported_table, "exports": exports,
}


def main():
    case, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    if case == "global-chain":
        with open(out, "wb") as f:
            f.write(global_chain(n))
        return
    with open(out, "w") as f:
        f.write("\n".join(CASES[case](n)) + "\n")


if __name__ == "__main__":
    main()
