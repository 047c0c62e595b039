#!/bin/sh
# footprint.sh: the executor's LINKED flash footprint on the device targets.
#
# Links examples/minimal/minimal.c twice per build, with the executor
# (MIN_EXECUTOR=1: requirements, load, instantiate, call in fuel slices, host
# calls) and without it, with -ffunction-sections -fdata-sections
# -Wl,--gc-sections, the C library (newlib-nano, picolibc) and libgcc. The
# flash of a firmware is .text + .rodata + .data; the executor's footprint is
# the difference, so it includes the libgcc helpers (soft float, 64-bit
# division) and C library routines (memcpy, memset) the executor pulls in and
# leaves out code the linker drops. Builds: Cortex-M4 (-mthumb, soft float)
# -Os/-O2 x switch/goto x floats on/off, the MVP-only build (-Os switch, no
# floats, XIP_EXT=0), the smallest build (min: MVP-only, and XIP_STACK_BOUND=0,
# XIP_PREDECODE=1), and rv32imc -Os switch / -O2 goto x
# floats on/off.
# Then the largest executor symbols of the reference builds and the fixed RAM
# of an instance. Ends with one line per build and one for the RAM:
#   size TARGET OPT DISPATCH FLOATS flash=BYTES      (FLOATS: float, int, mvp or min)
#   size instance-ram=BYTES
# `sh scripts/footprint.sh -q` prints only those lines.
#
# Environment: ARM_CC, RV_CC override the compilers; SYMBOLS=N the symbol count;
# ONLY=NAME builds only that build (e.g. ONLY=cortex-m4-Os-switch-int).
ARM_CC=${ARM_CC:-arm-none-eabi-gcc}
RV_CC=${RV_CC:-riscv64-unknown-elf-gcc}
SYMBOLS=${SYMBOLS:-20}
QUIET=0
[ "$1" = "-q" ] && QUIET=1

cd "$(dirname "$0")/.." || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
say() { [ "$QUIET" -eq 1 ] || echo "$@"; }

COMMON="-std=c99 -Wall -Wextra -Werror -ffreestanding -ffunction-sections -fdata-sections -I. -Iformat -Iexecutor"
ARM_FLAGS="-mcpu=cortex-m4 -mthumb"
ARM_LINK="--specs=nano.specs -nostartfiles -Wl,--gc-sections"
RV_FLAGS="-march=rv32imc -mabi=ilp32 --specs=picolibc.specs"
RV_LINK="-nostartfiles -Wl,--gc-sections"
SRCS=$(ls executor/*.c)
failed=""
summary=""

# flash ELF: .text + .rodata + .data of a linked image (rodata is inside .text here).
flash() {
    "$1" -B "$2" | awk 'NR == 2 { print $1 + $2 }'
}

# link NAME CC TOOLPREFIX "CFLAGS" "LDFLAGS" WITH: links minimal.c (WITH=1: with the executor) to $tmp/NAME.elf.
link() {
    srcs=examples/minimal/minimal.c
    [ "$6" -eq 1 ] && srcs="$srcs $SRCS"
    # shellcheck disable=SC2086
    "$2" $COMMON $4 -DMIN_EXECUTOR=$6 $srcs -T examples/minimal/link.ld $5 -o "$tmp/$1.elf" 2>"$tmp/$1.log"
}

# build TARGET OPT DISPATCH FLOATS CC PREFIX "FLAGS" "LINKFLAGS": one row and one summary line.
build() {
    target=$1 opt=$2 dispatch=$3 floats=$4 cc=$5 prefix=$6 flags=$7 linkflags=$8
    g=0
    [ "$dispatch" = goto ] && g=1
    defs="-DXIP_DISPATCH_GOTO=$g"
    case $floats in
    float) defs="$defs -DXIP_FLOAT=1" ;;
    int) defs="$defs -DXIP_FLOAT=0" ;;
    mvp) defs="$defs -DXIP_FLOAT=0 -DXIP_EXT=0" ;;
    min) defs="$defs -DXIP_FLOAT=0 -DXIP_EXT=0 -DXIP_STACK_BOUND=0 -DXIP_PREDECODE=1" ;;
    esac
    name=$target-$opt-$dispatch-$floats
    [ -z "$ONLY" ] || [ "$ONLY" = "$name" ] || return
    base=$target-$opt-base
    if [ ! -f "$tmp/$base.elf" ] && ! link "$base" "$cc" "$prefix" "-$opt $flags" "$linkflags" 0; then
        failed="$failed $base"
        return
    fi
    if ! link "$name" "$cc" "$prefix" "-$opt $flags $defs" "$linkflags" 1; then
        say "$(printf '%-28s does not build: %s' "$name" "$(grep -m1 error "$tmp/$name.log")")"
        failed="$failed $name"
        return
    fi
    with=$(flash "${prefix}size" "$tmp/$name.elf")
    without=$(flash "${prefix}size" "$tmp/$base.elf")
    bytes=$((with - without))
    helpers=$("${prefix}nm" "$tmp/$name.elf" | awk '$3 ~ /^__(aeabi|arm|ieee754|[a-z]+[sdt]f[23i]|[a-z]+di[34]|[a-z]+si3|mul|div|mod|udiv|umod|clz|ctz|pop|ffs)/ { print $3 }' | sort -u | wc -l)
    say "$(printf '%-28s %8d %8d %8d %6.1f KiB  %3d helper functions' "$name" "$with" "$without" "$bytes" "$(echo "$bytes" | awk '{ print $1 / 1024 }')" "$helpers")"
    summary="${summary}size $target $opt $dispatch $floats flash=$bytes
"
}

# symbols NAME TARGET OPT PREFIX: the largest symbols of build NAME that the build without the executor lacks.
symbols() {
    target=$2 opt=$3 prefix=$4
    [ -f "$tmp/$1.elf" ] && [ "$QUIET" -eq 0 ] || return
    "${prefix}nm" --defined-only "$tmp/$target-$opt-base.elf" | awk '{ print $3 }' | sort -u >"$tmp/base.syms"
    say ""
    say "Largest flash symbols of $1 (bytes, type t = code, r = constants, d = data; name):"
    # flash symbols only (not .bss); aliases (same address, e.g. __adddf3 and __aeabi_dadd) on one line
    "${prefix}nm" -S --defined-only "$tmp/$1.elf" |
        awk 'function hex(s,  i, n) { n = 0; for (i = 1; i <= length(s); i++) n = n * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1; return n }
             NR == FNR { base[$1] = 1; next }
             NF == 4 && !($4 in base) && $3 !~ /^[bB]$/ {
                 if ($1 in names) names[$1] = names[$1] " = " $4; else { names[$1] = $4; size[$1] = hex($2); type[$1] = tolower($3) }
             }
             END { for (a in names) printf "%8d %s %s\n", size[a], type[a], names[a] }' \
            "$tmp/base.syms" - | sort -rn | head -n "$SYMBOLS"
}

say "Executor footprint, linked (--gc-sections, libgcc and C library included), bytes of flash"
say "$(printf '%-28s %8s %8s %8s' build firmware without executor)"
if command -v "$ARM_CC" >/dev/null 2>&1; then
    for opt in Os O2; do
        for dispatch in switch goto; do
            for floats in int float; do
                build cortex-m4 $opt $dispatch $floats "$ARM_CC" arm-none-eabi- "$ARM_FLAGS" "$ARM_LINK"
            done
        done
    done
    build cortex-m4 Os switch mvp "$ARM_CC" arm-none-eabi- "$ARM_FLAGS" "$ARM_LINK"
    build cortex-m4 Os switch min "$ARM_CC" arm-none-eabi- "$ARM_FLAGS" "$ARM_LINK"
else
    say "($ARM_CC not installed: Cortex-M4 skipped)"
    failed="$failed cortex-m4"
fi
if command -v "$RV_CC" >/dev/null 2>&1; then
    for floats in int float; do
        build rv32imc Os switch $floats "$RV_CC" riscv64-unknown-elf- "$RV_FLAGS" "$RV_LINK"
        build rv32imc O2 goto $floats "$RV_CC" riscv64-unknown-elf- "$RV_FLAGS" "$RV_LINK"
    done
else
    say "($RV_CC not installed: rv32imc skipped)"
    failed="$failed rv32imc"
fi

symbols cortex-m4-Os-switch-int cortex-m4 Os arm-none-eabi-
symbols cortex-m4-Os-switch-float cortex-m4 Os arm-none-eabi-

# What xip_status_name (left out of the measured firmware) would add.
if [ -f "$tmp/cortex-m4-Os-switch-int.elf" ] &&
    link names "$ARM_CC" arm-none-eabi- "-Os $ARM_FLAGS -DXIP_DISPATCH_GOTO=0 -DXIP_FLOAT=0 -DMIN_STATUS_NAMES=1" "$ARM_LINK" 1; then
    names=$(($(flash arm-none-eabi-size "$tmp/names.elf") - $(flash arm-none-eabi-size "$tmp/cortex-m4-Os-switch-int.elf")))
    say ""
    say "xip_status_name, left out above (a device build can report status numbers), adds $names bytes"
fi

# RAM per instance: sizeof(xip_instance) on the Cortex-M4.
if command -v "$ARM_CC" >/dev/null 2>&1; then
    printf '#include "xip.h"\nchar xip_instance_bytes[sizeof(xip_instance)];\nchar xip_frame_bytes[sizeof(xip_frame)];\n' >"$tmp/ram.c"
    # shellcheck disable=SC2086
    if "$ARM_CC" $COMMON $ARM_FLAGS -fno-common -c "$tmp/ram.c" -o "$tmp/ram.o"; then
        inst=$(arm-none-eabi-nm -S "$tmp/ram.o" | awk '/xip_instance_bytes/ { print $2 }')
        frame=$(arm-none-eabi-nm -S "$tmp/ram.o" | awk '/xip_frame_bytes/ { print $2 }')
        say ""
        say "Cortex-M4 RAM: xip_instance $((0x$inst)) bytes, xip_frame $((0x$frame)) bytes per call level;"
        say "plus the caller's buffers (linear memory, globals, 8-byte stack slots)."
        [ "$QUIET" -eq 1 ] || echo
        printf '%s' "$summary"
        echo "size instance-ram=$((0x$inst))"
    fi
else
    printf '%s' "$summary"
fi
if [ -n "$failed" ]; then
    echo "footprint: failed:$failed" >&2
    exit 1
fi
