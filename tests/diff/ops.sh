#!/bin/bash
# ops.sh: operator sweep against wasm-interp. For every numeric operator of
# Wasm 1.0 plus sign extension and saturating truncation, builds one module
# whose exports apply the operator to each pair (or each value) of a table of
# edge values, twice: on constants (what the compiler may fold) and on
# mutable globals (what the executor computes). Float results are returned
# as bits with NaNs canonicalized. Mismatches print as
#   ops OP(ARGS) [const|global]: reference <...> xipwasm <...>
# usage: tests/diff/ops.sh [OP...]   env: BUILD, XIPWASM
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
BUILD=${BUILD:-build}
XIPWASM=${XIPWASM:-$BUILD/xipwasm}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

V_i32="0 1 -1 2 7 31 32 33 0x7fffffff 0x80000000 0x80000001 0xff 0x8000 -2 0x12345678"
V_i64="0 1 -1 2 63 64 65 0x7fffffffffffffff 0x8000000000000000 0x8000000000000001 0xffffffff 0x100000000 -2 0x123456789abcdef0"
V_f32="0 -0 1 -1 0.5 -0.5 1.5 2.5 -2.5 inf -inf nan -nan:0x200000 0x1p-149 -0x1p-126 0x1.fffffep+127 2147483648 -2147483904 4294967296 -0x1.fffffep+22 1e10"
V_f64="0 -0 1 -1 0.5 -0.5 1.5 2.5 -2.5 inf -inf nan -nan:0x4000000000000 0x1p-1074 -0x1p-1022 0x1.fffffffffffffp+1023 2147483648 -2147483649 4294967295.5 9223372036854775808 -9223372036854777856 1.8446744073709552e19 0x1.fffffffffffffp+51"

# "op argtype argtype|- resulttype" rows
OPS="
i32.add i32 i32 i32
i32.sub i32 i32 i32
i32.mul i32 i32 i32
i32.div_s i32 i32 i32
i32.div_u i32 i32 i32
i32.rem_s i32 i32 i32
i32.rem_u i32 i32 i32
i32.and i32 i32 i32
i32.or i32 i32 i32
i32.xor i32 i32 i32
i32.shl i32 i32 i32
i32.shr_s i32 i32 i32
i32.shr_u i32 i32 i32
i32.rotl i32 i32 i32
i32.rotr i32 i32 i32
i32.eq i32 i32 i32
i32.ne i32 i32 i32
i32.lt_s i32 i32 i32
i32.lt_u i32 i32 i32
i32.gt_s i32 i32 i32
i32.gt_u i32 i32 i32
i32.le_s i32 i32 i32
i32.le_u i32 i32 i32
i32.ge_s i32 i32 i32
i32.ge_u i32 i32 i32
i32.clz i32 - i32
i32.ctz i32 - i32
i32.popcnt i32 - i32
i32.eqz i32 - i32
i32.extend8_s i32 - i32
i32.extend16_s i32 - i32
i64.add i64 i64 i64
i64.sub i64 i64 i64
i64.mul i64 i64 i64
i64.div_s i64 i64 i64
i64.div_u i64 i64 i64
i64.rem_s i64 i64 i64
i64.rem_u i64 i64 i64
i64.and i64 i64 i64
i64.or i64 i64 i64
i64.xor i64 i64 i64
i64.shl i64 i64 i64
i64.shr_s i64 i64 i64
i64.shr_u i64 i64 i64
i64.rotl i64 i64 i64
i64.rotr i64 i64 i64
i64.eq i64 i64 i32
i64.ne i64 i64 i32
i64.lt_s i64 i64 i32
i64.lt_u i64 i64 i32
i64.gt_s i64 i64 i32
i64.gt_u i64 i64 i32
i64.le_s i64 i64 i32
i64.le_u i64 i64 i32
i64.ge_s i64 i64 i32
i64.ge_u i64 i64 i32
i64.clz i64 - i64
i64.ctz i64 - i64
i64.popcnt i64 - i64
i64.eqz i64 - i32
i64.extend8_s i64 - i64
i64.extend16_s i64 - i64
i64.extend32_s i64 - i64
i32.wrap_i64 i64 - i32
i64.extend_i32_s i32 - i64
i64.extend_i32_u i32 - i64
f32.add f32 f32 f32
f32.sub f32 f32 f32
f32.mul f32 f32 f32
f32.div f32 f32 f32
f32.min f32 f32 f32
f32.max f32 f32 f32
f32.copysign f32 f32 f32
f32.eq f32 f32 i32
f32.ne f32 f32 i32
f32.lt f32 f32 i32
f32.gt f32 f32 i32
f32.le f32 f32 i32
f32.ge f32 f32 i32
f32.abs f32 - f32
f32.neg f32 - f32
f32.ceil f32 - f32
f32.floor f32 - f32
f32.trunc f32 - f32
f32.nearest f32 - f32
f32.sqrt f32 - f32
f64.add f64 f64 f64
f64.sub f64 f64 f64
f64.mul f64 f64 f64
f64.div f64 f64 f64
f64.min f64 f64 f64
f64.max f64 f64 f64
f64.copysign f64 f64 f64
f64.eq f64 f64 i32
f64.ne f64 f64 i32
f64.lt f64 f64 i32
f64.gt f64 f64 i32
f64.le f64 f64 i32
f64.ge f64 f64 i32
f64.abs f64 - f64
f64.neg f64 - f64
f64.ceil f64 - f64
f64.floor f64 - f64
f64.trunc f64 - f64
f64.nearest f64 - f64
f64.sqrt f64 - f64
i32.trunc_f32_s f32 - i32
i32.trunc_f32_u f32 - i32
i32.trunc_f64_s f64 - i32
i32.trunc_f64_u f64 - i32
i64.trunc_f32_s f32 - i64
i64.trunc_f32_u f32 - i64
i64.trunc_f64_s f64 - i64
i64.trunc_f64_u f64 - i64
i32.trunc_sat_f32_s f32 - i32
i32.trunc_sat_f32_u f32 - i32
i32.trunc_sat_f64_s f64 - i32
i32.trunc_sat_f64_u f64 - i32
i64.trunc_sat_f32_s f32 - i64
i64.trunc_sat_f32_u f32 - i64
i64.trunc_sat_f64_s f64 - i64
i64.trunc_sat_f64_u f64 - i64
f32.convert_i32_s i32 - f32
f32.convert_i32_u i32 - f32
f32.convert_i64_s i64 - f32
f32.convert_i64_u i64 - f32
f64.convert_i32_s i32 - f64
f64.convert_i32_u i32 - f64
f64.convert_i64_s i64 - f64
f64.convert_i64_u i64 - f64
f32.demote_f64 f64 - f32
f64.promote_f32 f32 - f64
i32.reinterpret_f32 f32 - i32
i64.reinterpret_f64 f64 - i64
f32.reinterpret_i32 i32 - f32
f64.reinterpret_i64 i64 - f64
"

# result_tail TYPE: instructions turning a TYPE on the stack into an integer
result_tail() {
    case $1 in
    f32) echo "local.tee 0 local.get 0 f32.ne if (result i32) i32.const 2143289344 else local.get 0 i32.reinterpret_f32 end" ;;
    f64) echo "local.tee 1 local.get 1 f64.ne if (result i64) i64.const 9221120237041090560 else local.get 1 i64.reinterpret_f64 end" ;;
    *) echo "" ;;
    esac
}
int_type() { case $1 in f32) echo i32 ;; f64) echo i64 ;; *) echo "$1" ;; esac; }

passed=0 failed=0
printf '%s\n' "$OPS" | while read -r op a b r; do
    [ -n "$op" ] || continue
    if [ $# -gt 0 ]; then
        case " $* " in *" $op "*) ;; *) continue ;; esac
    fi
    va="V_$a"; va=${!va}
    tail=$(result_tail "$r"); rt=$(int_type "$r")
    {
        echo "(module"
        n=0
        for x in $va; do echo "  (global \$a$n (mut $a) ($a.const $x))"; n=$((n + 1)); done
        if [ "$b" != - ]; then
            vb="V_$b"; n=0
            for y in ${!vb}; do echo "  (global \$b$n (mut $b) ($b.const $y))"; n=$((n + 1)); done
        fi
        i=0
        for x in $va; do
            if [ "$b" = - ]; then
                echo "  (func (export \"c_$i\") (result $rt) (local f32 f64) $a.const $x $op $tail)"
                echo "  (func (export \"g_$i\") (result $rt) (local f32 f64) global.get \$a$i $op $tail)"
            else
                j=0
                for y in ${!vb}; do
                    echo "  (func (export \"c_${i}_$j\") (result $rt) (local f32 f64) $a.const $x $b.const $y $op $tail)"
                    echo "  (func (export \"g_${i}_$j\") (result $rt) (local f32 f64) global.get \$a$i global.get \$b$j $op $tail)"
                    j=$((j + 1))
                done
            fi
            i=$((i + 1))
        done
        echo ")"
    } >"$tmp/op.wat"
    if ! wat2wasm "$tmp/op.wat" -o "$tmp/op.wasm" 2>"$tmp/werr"; then
        echo "ops $op: wat2wasm failed: $(head -n 1 "$tmp/werr")"; continue
    fi
    timeout 60 wasm-interp "$tmp/op.wasm" --run-all-exports >"$tmp/ref" 2>&1
    if ! "$XIPWASM" compile "$tmp/op.wasm" -o "$tmp/op.xip" 2>"$tmp/cerr"; then
        echo "ops $op: compile failed: $(head -n 1 "$tmp/cerr")"; echo F >>"$tmp/count"; continue
    fi
    while read -r line; do
        name=${line%%()*}
        res=${line#*=> }
        case "$res" in
        error:*) ref="trap:$(diff_trap_kind "${res#error: }")" ;;
        *) ref=$(diff_value "$res") ;;
        esac
        "$XIPWASM" run "$tmp/op.xip" --invoke "$name" >"$tmp/out" 2>"$tmp/err"
        case $? in
        0) xip=$(diff_value "$(head -n 1 "$tmp/out")") ;;
        3) xip="trap:$(diff_trap_kind "$(head -n 1 "$tmp/err")")" ;;
        *) xip="crash:$(head -n 1 "$tmp/err")" ;;
        esac
        if [ "$ref" = "$xip" ]; then
            echo P >>"$tmp/count"
        else
            echo F >>"$tmp/count"
            k=${name#?_}; ia=${k%%_*}; ib=${k#*_}
            set -f; xs=($va); args=${xs[$ia]}
            if [ "$b" != - ]; then ys=(${!vb}); args="$args, ${ys[$ib]}"; fi
            set +f
            kind=const; [ "${name%%_*}" = g ] && kind=global
            echo "ops $op($args) [$kind]: reference <$ref> xipwasm <$xip>"
        fi
    done <"$tmp/ref"
done
passed=$(grep -c P "$tmp/count" 2>/dev/null); failed=$(grep -c F "$tmp/count" 2>/dev/null)
echo "${passed:-0} passed, ${failed:-0} failed"
[ "${failed:-0}" -eq 0 ]
