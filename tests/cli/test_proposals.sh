#!/bin/sh
# test_proposals.sh: a module that uses a post-2.0 proposal gets a message
# naming the proposal (exit 1), and --version lists what is and is not supported.
. tests/cli/lib.sh

# proposal_case NAME WAT2WASM-FLAG EXPECTED-MESSAGE-REGEX (WebAssembly text on stdin)
proposal_case() {
    cat >"$T/$1.wat"
    if wat2wasm "$2" "$T/$1.wat" -o "$T/$1.wasm" >"$T/err" 2>&1; then
        expect_stderr_matches 1 "^xipwasm: $T/$1.wasm:(0x[0-9a-f]+:)? (function 0: )?$3$" \
            "$XIPWASM" compile "$T/$1.wasm" -o "$T/$1.xip"
        if [ -e "$T/$1.xip" ]; then fail "$1" "an image was written"; else pass; fi
    else
        : >"$T/out"
        fail "wat2wasm $2 $1.wat" "the test input does not assemble"
    fi
}

proposal_case tailcall --enable-tail-call \
    'illegal opcode 12 \(the tail-call proposal is not supported\)' <<'W'
(module (func $f (export "f") (result i32) return_call $f))
W
proposal_case tailcall_indirect --enable-tail-call \
    'illegal opcode 13 \(the tail-call proposal is not supported\)' <<'W'
(module (type $t (func)) (table 1 funcref) (func (export "f") i32.const 0 return_call_indirect (type $t)))
W
proposal_case exceptions --enable-exceptions \
    'malformed section id \(13, tags: the exception-handling proposal is not supported\)' <<'W'
(module (tag $e) (func (export "f") throw $e))
W
proposal_case threads --enable-threads \
    'integer too large \(shared limits: the threads proposal is not supported\)' <<'W'
(module (memory 1 1 shared))
W
proposal_case atomics --enable-threads \
    'illegal opcode fe \(the threads proposal is not supported\)' <<'W'
(module (memory 1 1) (func (export "f") (result i32) i32.const 0 i32.atomic.load))
W
proposal_case memory64 --enable-memory64 \
    'integer too large \(64-bit limits: the memory64 proposal is not supported\)' <<'W'
(module (memory i64 1))
W
proposal_case multimemory --enable-multi-memory \
    'multiple memories \(the multi-memory proposal is not supported\)' <<'W'
(module (memory 1) (memory 1))
W
proposal_case memidx --enable-multi-memory \
    'malformed memop flags \(a memory index: the multi-memory proposal is not supported\)' <<'W'
(module (memory 1) (memory $b 1) (func (export "f") (result i32) i32.const 0 i32.load $b))
W
proposal_case simd --enable-all \
    'illegal opcode fd \(the simd proposal is not supported\)' <<'W'
(module (func (export "f") (result i32) i32.const 0 v128.const i32x4 1 2 3 4 drop))
W
proposal_case gc --enable-gc \
    'malformed function type \(a GC type: the gc proposal is not supported\)' <<'W'
(module (type $s (struct (field i32))))
W
# function-references: call_ref (0x14), written as bytes (wat2wasm 1.0.32 cannot write it).
printf '\000asm\001\000\000\000\001\004\001\140\000\000\003\002\001\000\012\006\001\004\000\024\000\013' >"$T/callref.wasm"
expect_stderr_matches 1 "^xipwasm: $T/callref.wasm:0x[0-9a-f]+: function 0: illegal opcode 14 \(the function-references proposal is not supported\)$" \
    "$XIPWASM" compile "$T/callref.wasm" -o "$T/callref.xip"
# run compiles in memory: the same message.
expect_stderr_matches 1 "illegal opcode 12 \(the tail-call proposal is not supported\)$" "$XIPWASM" run "$T/tailcall.wasm"

expect_exit 0 "$XIPWASM" --version
for p in simd threads tail-call exceptions gc memory64 multi-memory function-references; do
    if sed -n '/^not supported:/,$p' "$T/out" | grep -q -- "$p"; then pass; else fail "--version" "does not list $p as not supported"; fi
done
for p in bulk-memory reference-types multi-value extended-const custom-page-sizes; do
    if sed -n '1,/^not supported:/p' "$T/out" | grep -q -- "$p"; then pass; else fail "--version" "does not list $p as supported"; fi
done
finish
