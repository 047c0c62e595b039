#!/bin/sh
# footprint.sh: flash and RAM footprint of the executor on the device targets.
#
# Compiles every executor/*.c (freestanding, compile only: -c objects, no link,
# so unused functions still count and libgcc helpers do not) for a Cortex-M4
# (arm-none-eabi-gcc -mthumb -Os) and for riscv32imc (riscv64-unknown-elf-gcc
# -march=rv32imc -mabi=ilp32 -Os), in each configuration: dispatch by computed
# goto or switch (when the executor has XIP_DISPATCH_GOTO), floats on or off,
# and on the M4 also with the single-precision FPU and the smallest build
# (switch, no floats, no post-MVP extensions: XIP_EXT=0). Prints text/data/bss per
# configuration (summed over the objects, as arm-none-eabi-size -t reports),
# then the fixed RAM of one xip_instance. `sh scripts/footprint.sh -v` also
# prints the per-file sizes and the libgcc helpers the objects call.
#
# Environment: ARM_CC, ARM_SIZE, RV_CC, RV_SIZE override the tools.
ARM_CC=${ARM_CC:-arm-none-eabi-gcc}
ARM_SIZE=${ARM_SIZE:-arm-none-eabi-size}
RV_CC=${RV_CC:-riscv64-unknown-elf-gcc}
RV_SIZE=${RV_SIZE:-riscv64-unknown-elf-size}
VERBOSE=0
[ "$1" = "-v" ] && VERBOSE=1

cd "$(dirname "$0")/.." || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

COMMON="-std=c99 -Os -Wall -Wextra -ffreestanding -ffunction-sections -fdata-sections -I. -Iformat -Iexecutor"
ARM_FLAGS="-mcpu=cortex-m4 -mthumb"
ARM_HARD="-mfloat-abi=hard -mfpu=fpv4-sp-d16"
RV_FLAGS="-march=rv32imc -mabi=ilp32"

SRCS=$(ls executor/*.c 2>/dev/null)
if [ -z "$SRCS" ]; then
    echo "footprint: no executor/*.c sources" >&2
    exit 1
fi
if grep -q XIP_DISPATCH_GOTO executor/*.c; then
    DISPATCHES="goto switch"
else
    DISPATCHES="switch"
fi
failed=""

# shim_flags CC FLAGS...: prints -isystem of a stand-in <string.h> (prototypes
# only) when the toolchain has no C library headers (Debian's riscv64 gcc has none).
shim_flags() {
    printf '#include <string.h>\n' >"$tmp/probe.c"
    if "$@" -ffreestanding -c "$tmp/probe.c" -o "$tmp/probe.o" 2>/dev/null; then
        return
    fi
    mkdir -p "$tmp/shim"
    cat >"$tmp/shim/string.h" <<'EOH'
#include <stddef.h>
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
EOH
    echo "-isystem $tmp/shim"
}

# build NAME SIZE_TOOL CC FLAGS...: compiles all sources into $tmp/NAME, prints a row.
build() {
    name=$1 size_tool=$2 cc=$3
    shift 3
    dir=$tmp/$name
    mkdir -p "$dir"
    built=0 broken=""
    for src in $SRCS; do
        obj=$dir/$(basename "$src" .c).o
        if "$cc" $COMMON "$@" -c "$src" -o "$obj" 2>>"$dir/log"; then
            built=$((built + 1))
        else
            broken="$broken $(basename "$src")"
        fi
    done
    if [ "$built" -eq 0 ]; then
        printf '%-28s %8s %6s %6s   nothing builds\n' "$name" - - -
        failed="$failed $name"
        return
    fi
    # the totals line of size -t: text data bss dec hex (TOTALS)
    set -- $("$size_tool" -t "$dir"/*.o | tail -n 1)
    note=""
    [ -n "$broken" ] && note="   does not build:$broken"
    grep -q 'warning:' "$dir/log" 2>/dev/null && note="$note   (warnings)"
    printf '%-28s %8d %6d %6d%s\n' "$name" "$1" "$2" "$3" "$note"
    if [ "$VERBOSE" -eq 1 ]; then
        "$size_tool" "$dir"/*.o | tail -n +2 | while read -r t d b _ _ f; do
            printf '    %-24s %8d %6d %6d\n' "$(basename "$f")" "$t" "$d" "$b"
        done
        # compiler support routines the objects call (linked from libgcc, not counted)
        helpers=$("${size_tool%size}nm" -u "$dir"/*.o | awk '$1 == "U" && $2 ~ /^__/ { print $2 }' | sort -u | tr '\n' ' ')
        [ -n "$helpers" ] && echo "    libgcc helpers used (not counted): $helpers"
    fi
}

# defs DISPATCH FLOAT: the -D options of a configuration.
defs() {
    g=0
    [ "$1" = goto ] && g=1
    f=0
    [ "$2" = float ] && f=1
    echo "-DXIP_DISPATCH_GOTO=$g -DXIP_FLOAT=$f"
}

echo "Executor footprint: freestanding -Os objects (compile only, not linked), bytes"
printf '%-28s %8s %6s %6s\n' configuration text data bss
if command -v "$ARM_CC" >/dev/null 2>&1; then
    for d in $DISPATCHES; do
        for fl in float nofloat; do
            build "m4-$d-$fl" "$ARM_SIZE" "$ARM_CC" $ARM_FLAGS $(defs "$d" "$fl")
        done
        build "m4-$d-float-fpu" "$ARM_SIZE" "$ARM_CC" $ARM_FLAGS $ARM_HARD $(defs "$d" float)
    done
    # the smallest executor: no floats, no post-MVP extensions (XIP_EXT=0)
    build "m4-switch-nofloat-noext" "$ARM_SIZE" "$ARM_CC" $ARM_FLAGS $(defs switch nofloat) -DXIP_EXT=0
else
    echo "($ARM_CC not installed: Cortex-M4 skipped)"
fi
if command -v "$RV_CC" >/dev/null 2>&1; then
    RV_SHIM=$(shim_flags "$RV_CC" $RV_FLAGS)
    [ -n "$RV_SHIM" ] && echo "(riscv32imc: no C library headers installed; a prototype-only <string.h> stands in)"
    for d in $DISPATCHES; do
        for fl in float nofloat; do
            build "rv32imc-$d-$fl" "$RV_SIZE" "$RV_CC" $RV_FLAGS $RV_SHIM $(defs "$d" "$fl")
        done
    done
else
    echo "($RV_CC not installed: riscv32imc skipped)"
fi

# RAM per instance: sizeof(xip_instance) on the target, read back from a symbol's size.
if command -v "$ARM_CC" >/dev/null 2>&1; then
    printf '#include "xip.h"\nchar xip_instance_bytes[sizeof(xip_instance)];\nchar xip_frame_bytes[sizeof(xip_frame)];\n' >"$tmp/ram.c"
    if "$ARM_CC" $COMMON $ARM_FLAGS -fno-common -c "$tmp/ram.c" -o "$tmp/ram.o" 2>/dev/null; then
        inst=$(arm-none-eabi-nm -S "$tmp/ram.o" | awk '/xip_instance_bytes/ { print $2 }')
        frame=$(arm-none-eabi-nm -S "$tmp/ram.o" | awk '/xip_frame_bytes/ { print $2 }')
        echo
        echo "Cortex-M4 RAM: xip_instance $((0x$inst)) bytes, xip_frame $((0x$frame)) bytes per call level;"
        echo "plus the caller's buffers (linear memory, globals, 8-byte stack slots)."
    fi
fi
[ -z "$failed" ]
