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
for pattern in '^image .*full.wasm: format version 4, flags 0x00, [0-9]+ bytes, checksum 0x[0-9a-f]{8}$' \
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

# The STACK and REFS sections: the recorded bound, and for a function that
# holds a reference across a join and a call, the registers REFS lists there.
wat refs <<'W'
(module
  (table $t 4 funcref)
  (func $f (result i32) (i32.const 7))
  (func (export "pick") (param i32) (result funcref)
    (local funcref)
    (local.set 1 (ref.func $f))
    (if (local.get 0) (then (local.set 1 (table.get $t (i32.const 0)))))
    (call $g)
    (local.get 1))
  (func $g)
  (elem declare func $f))
W
expect_exit 0 "$XIPWASM" dump "$T/refs.wasm"
sed -n '/^stack bound/,/^disassembly:$/p' "$T/out" >"$T/refs.sections"
cat >"$T/refs.expected" <<'E'
stack bound: slots 3, frames 1
refs (1):
  f1 "pick": joins 1, calls 1
    join at 0010: r1 funcref
    after call 0: r1 funcref
disassembly:
E
expect_file_same "dump: stack bound and refs" "$T/refs.expected" "$T/refs.sections"
# The join is the target of the function's one branch, and r1 is what ref.func wrote.
if grep -qE '^  0004: jz r0, -> 0010$' "$T/out" && grep -qE '^  0000: ref\.func r1, f0$' "$T/out"; then pass
else fail "dump refs.wasm" "the join or the reference register disagrees with the disassembly"; fi
# A recursive module has no bound, and no REFS section without references.
wat recursive <<'W'
(module (func $r (export "r") (param i32) (result i32)
  (if (result i32) (local.get 0) (then (call $r (i32.sub (local.get 0) (i32.const 1)))) (else (i32.const 0)))))
W
expect_exit 0 "$XIPWASM" dump "$T/recursive.wasm"
if grep -qx 'stack bound: none recorded (the call graph has a cycle)' "$T/out" && ! grep -q '^refs' "$T/out"; then pass
else fail "dump recursive.wasm" "expected no stack bound and no refs"; fi

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

# Selectors. --headers: the header line and the section list of the full dump, nothing else.
expect_exit 0 "$XIPWASM" dump "$T/full.xip"
sed -n '1,/^types /p' "$T/out" | sed '$d' >"$T/full_headers"
expect_exit 0 "$XIPWASM" dump --headers "$T/full.xip"
expect_file_same "dump --headers is the start of the dump" "$T/full_headers" "$T/out"
if grep -q '^  code    at ' "$T/out" && [ "$(wc -l <"$T/out")" -ge 8 ]; then
    pass
else
    fail "dump --headers" "no code section or too few lines"
fi

# --func N and --func fN: that function's part of the disassembly, for each defined function.
expect_exit 0 "$XIPWASM" dump "$T/full.xip"
sed -n '/^disassembly:$/,$p' "$T/out" | sed 1d >"$T/full_code"
for f in 1 2; do
    awk -v want="f$f" '/^f[0-9]+( |:)/ { name = $1; sub(/:$/, "", name); on = (name == want) } on' \
        "$T/full_code" >"$T/want_f$f"
    expect_exit 0 "$XIPWASM" dump --func $f "$T/full.xip"
    expect_file_same "dump --func $f" "$T/want_f$f" "$T/out"
    expect_exit 0 "$XIPWASM" dump --func=f$f "$T/full.xip"
    expect_file_same "dump --func=f$f" "$T/want_f$f" "$T/out"
done
if head -n 1 "$T/want_f2" | grep -q '^f2 "main":$' && [ "$(wc -l <"$T/want_f2")" -ge 2 ]; then
    pass
else
    fail "dump --func 2" "does not start with f2 \"main\": and an instruction"
fi

# --func errors: exit 2, naming the function count or the defined range.
expect_stderr 2 "xipwasm: dump: --func 3: out of range, the image has 3 functions (f0 to f2)
try xipwasm dump --help" "$XIPWASM" dump --func 3 "$T/full.xip"
expect_stderr 2 "xipwasm: dump: --func 4294967296: out of range, the image has 3 functions (f0 to f2)
try xipwasm dump --help" "$XIPWASM" dump --func 4294967296 "$T/full.xip"
expect_stderr 2 "xipwasm: dump: --func f0: f0 is an import and has no code (defined functions: f1 to f2)
try xipwasm dump --help" "$XIPWASM" dump --func f0 "$T/full.xip"
expect_stderr 2 "xipwasm: dump: --func two: not a function index (a number, or f and a number)
try xipwasm dump --help" "$XIPWASM" dump --func two "$T/full.xip"
expect_stderr 2 "xipwasm: dump: --func -1: not a function index (a number, or f and a number)
try xipwasm dump --help" "$XIPWASM" dump --func=-1 "$T/full.xip"
expect_stderr 2 "xipwasm: dump: --func needs a function index
try xipwasm dump --help" "$XIPWASM" dump "$T/full.xip" --func
expect_stderr 2 "xipwasm: dump: --json: only one of --headers, --func and --json may be given
try xipwasm dump --help" "$XIPWASM" dump --headers --json "$T/full.xip"
expect_stderr 2 "xipwasm: dump: --func: only one of --headers, --func and --json may be given
try xipwasm dump --help" "$XIPWASM" dump --func 1 --func 2 "$T/full.xip"
wat only_imports <<'W'
(module (import "env" "print_i32" (func (param i32))))
W
expect_stderr 2 "xipwasm: dump: --func 0: f0 is an import and has no code (the image defines no functions)
try xipwasm dump --help" "$XIPWASM" dump --func 0 "$T/only_imports.wasm"
wat empty <<'W'
(module)
W
expect_stderr 2 "xipwasm: dump: --func 0: the image has no functions
try xipwasm dump --help" "$XIPWASM" dump --func 0 "$T/empty.wasm"
# A refused image is still reported as such (exit 1) under a selector.
expect_stderr 1 "xipwasm: $T/bad.xip:0x10: image: bad checksum" "$XIPWASM" dump --func 1 "$T/bad.xip"

# --json: valid JSON whose sections, functions and exports agree with the text dump.
# An export name with a quote, a backslash, a newline and non-ASCII UTF-8 is escaped.
wat names <<'W'
(module
  (import "env" "print_i32" (func $print (param i32)))
  (memory 1)
  (func $a (export "q\"b\\s\nn\c3\a9") (param i32 i64) (result f32) (local f64) f32.const 0)
  (func $b (export "plain") (export "also") call $a2)
  (func $a2)
  (global (export "g") i32 (i32.const 3)))
W
expect_exit 0 "$XIPWASM" dump --json "$T/names.wasm"
cp "$T/out" "$T/names.json"
expect_exit 0 "$XIPWASM" dump "$T/names.wasm"
cp "$T/out" "$T/names.txt"
if python3 - "$T/names.json" "$T/names.txt" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
text = open(sys.argv[2], encoding="utf-8").read()
assert d["format_version"] == 4 and d["file"].endswith("names.wasm"), d
m = re.search(r"^image .*?: format version 4, flags 0x(..).*?, (\d+) bytes, checksum 0x(\w+)$", text, re.M)
assert (d["flags"], d["size"], d["checksum"]) == (int(m[1], 16), int(m[2]), int(m[3], 16)), d
sections = re.findall(r"^  (\w+) +at 0x(\w+), (\d+) bytes$", text, re.M)
assert [(s["name"], s["offset"], s["size"]) for s in d["sections"]] == \
    [(n, int(o, 16), int(z)) for n, o, z in sections], d["sections"]
assert d["imports"] == [{"module": "env", "name": "print_i32", "kind": "func", "index": 0, "type": 0,
                         "signature": "(i32) -> ()"}], d["imports"]
fs = d["functions"]
assert [f["index"] for f in fs] == [1, 2, 3], fs
assert fs[0]["name"] == "q\"b\\s\nn\u00e9" and fs[0]["signature"] == "(i32, i64) -> (f32)", fs[0]
assert fs[1]["name"] == "plain" and fs[2]["name"] is None, fs
for f in fs:
    line = re.search(r"^  f%d: type %d .*?, (\d+) params, (\d+) results, (\d+) locals, frame (\d+), "
                     r"code 0x(\w+) \((\d+) bytes\)" % (f["index"], f["type"]), text, re.M)
    assert (f["params"], f["results"], f["locals"], f["frame"], f["code_offset"], f["code_size"]) == \
        (int(line[1]), int(line[2]), int(line[3]), int(line[4]), int(line[5], 16), int(line[6])), f
assert (fs[0]["params"], fs[0]["results"]) == (2, 1), fs[0]
names = [(e["name"], e["kind"], e["index"]) for e in d["exports"]]
for want in [("q\"b\\s\nn\u00e9", "func", 1), ("plain", "func", 2), ("also", "func", 2), ("g", "global", 0)]:
    assert want in names, names
assert len(names) == 4, names
PY
then pass; else fail "dump --json names.wasm" "JSON not valid or disagrees with the text dump"; fi
expect_exit 0 "$XIPWASM" dump --json "$T/empty.wasm"
if python3 -c 'import json, sys; d = json.load(open(sys.argv[1]))
assert d["imports"] == [] and d["functions"] == [] and d["exports"] == [], d' "$T/out"; then
    pass
else
    fail "dump --json empty.wasm" "not valid JSON with empty lists"
fi
finish
