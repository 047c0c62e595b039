#!/bin/sh
# bench-mcu.sh: CoreMark on the example firmware under QEMU, in exact guest
# instruction counts (a TCG plugin, scripts/bench-mcu-plugin.c, with
# -icount shift=0,align=off,sleep=off). The deterministic clock_ms returns
# (k-1)*S at its k-th call: S=10000 makes CoreMark run 30 iterations, S=1000
# 120, so one iteration costs (count at S=1000 - count at S=10000) / 90, with
# start-up, loading and reporting cancelled out. Each build runs S=10000
# twice, and the two counts must be equal. The cost of one xip_load (and of
# one xip_image_requirements) is (count with 11 of them - count with 1) / 10;
# the firmware itself loads once with xip_prepare + xip_load_prepared, which
# together cost one xip_load.
# Builds: Cortex-M4 (mps2-an386) -O2 goto and -Os switch, rv32imc (riscv32
# virt) -O2 goto and -Os switch, floats on; then Cortex-M4 -Os switch without
# floats (Os-switch-int: XIP_FLOAT=0, the run loop of `make size`'s int row),
# which runs coremark-int: CoreMark with `run`'s few float operations (seconds
# from milliseconds, the score) rewritten in integers by scripts/coremark-int.py,
# so the same iterations for the same clock.
# ONLY="BOARD/CONFIG ..." runs only those builds. Ends with one line per build:
#   bench-mcu BOARD CONFIG iteration=N load=N requirements=N
# and writes the same figures as a Markdown table to MD ($BUILD/bench-mcu.md),
# which `make bench` puts into docs/benchmarks.md.
BUILD=${BUILD:-build}
XIPWASM=${XIPWASM:-$BUILD/xipwasm}
COREMARK=${COREMARK:-../shared/corpus/coremark-minimal.wasm}
PLUGIN=${PLUGIN:-$BUILD/bench-mcu/icount.so}
EX=$BUILD/examples
MD=${MD:-$BUILD/bench-mcu.md}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
summary=""

"$XIPWASM" compile "$COREMARK" -o "$tmp/coremark.xip" || exit 1
wasm2wat "$COREMARK" -o "$tmp/coremark.wat" && python3 scripts/coremark-int.py "$tmp/coremark.wat" "$tmp/coremark-int.wat" &&
    wat2wasm "$tmp/coremark-int.wat" -o "$tmp/coremark-int.wasm" &&
    "$XIPWASM" compile "$tmp/coremark-int.wasm" -o "$tmp/coremark-int.xip" || exit 1

# Thousands separators.
group() {
    echo "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'
}

# count BOARD ELF HEX OPTIONS...: runs the firmware and prints its guest instruction count.
count() {
    board=$1 elf=$2 hex=$3
    shift 3
    case $board in
    mps2-an386) machine="qemu-system-arm -M mps2-an386" ;;
    riscv32-virt) machine="qemu-system-riscv32 -M virt -bios none" ;;
    esac
    args="enable=on,target=native,arg=fw"
    for o in "$@"; do args="$args,arg=$o"; done
    rm -f "$tmp/count"
    # shellcheck disable=SC2086
    if ! timeout 600 $machine -nographic -monitor none -serial none -icount shift=0,align=off,sleep=off \
        -plugin file="$PLUGIN",out="$tmp/count" -semihosting-config "$args" \
        -device loader,file="$elf" -device loader,file="$hex" >"$tmp/out" 2>"$tmp/err"; then
        echo "bench-mcu: $board $* failed:" >&2
        tail -n 3 "$tmp/err" >&2
        echo 0
        return
    fi
    sed -n 's/^instructions //p' "$tmp/count"
}

printf '%-26s %14s %14s %12s %10s %12s\n' build "S=10000" "S=1000" iteration xip_load requirements
rows=""
BUILDS=${ONLY:-mps2-an386/O2-goto mps2-an386/Os-switch riscv32-virt/O2-goto riscv32-virt/Os-switch mps2-an386/Os-switch-int}
for build in $BUILDS; do
    board=${build%/*}
    config=${build#*/}
    elf=$EX/$build/fw.elf
    hex=$tmp/$board-$config.hex
    image=$tmp/coremark.xip
    case $config in *-int) image=$tmp/coremark-int.xip ;; esac
    "$XIPWASM" place "$image" --firmware "$elf" -o "$hex" >/dev/null || exit 1
    c10=$(count "$board" "$elf" "$hex" clock=10000)
    again=$(count "$board" "$elf" "$hex" clock=10000)
    c1=$(count "$board" "$elf" "$hex" clock=1000)
    loads=$(count "$board" "$elf" "$hex" clock=10000 loads=11)
    reqs=$(count "$board" "$elf" "$hex" clock=10000 reqs=11)
    if [ "$c10" != "$again" ] || [ "$c10" = 0 ] || [ "$c1" = 0 ] || [ "$loads" = 0 ] || [ "$reqs" = 0 ]; then
        echo "bench-mcu: $build: runs failed or differ ($c10, $again)" >&2
        status=1
        continue
    fi
    iteration=$(((c1 - c10) / 90))
    load=$(((loads - c10) / 10))
    req=$(((reqs - c10) / 10))
    printf '%-26s %14d %14d %12d %10d %12d\n' "$build" "$c10" "$c1" "$iteration" "$load" "$req"
    summary="${summary}bench-mcu $board $config iteration=$iteration load=$load requirements=$req
"
    rows="${rows}| $board $config | $(group $iteration) | $(group $load) | $(group $req) |
"
done
{
    echo "CoreMark ($(wc -c <"$tmp/coremark.xip") byte image) on the example firmware under QEMU, exact guest"
    echo "instruction counts (scripts/bench-mcu.sh): one iteration is (count at clock step 1000 -"
    echo "count at step 10000) / 90; \`xip_load\` and \`xip_image_requirements\` are (count with 11 calls -"
    echo "count with 1) / 10. Generated on $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')."
    echo
    echo "| board, build | instructions per CoreMark iteration | \`xip_load\` | \`xip_image_requirements\` |"
    echo "|---|---:|---:|---:|"
    printf '%s' "$rows"
} >"$MD"
echo "(instructions; S=10000 ran twice with identical counts; iteration = (S=1000 - S=10000) / 90)"
echo
printf '%s' "$summary"
exit $status
