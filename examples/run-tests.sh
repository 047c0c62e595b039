#!/bin/sh
# run-tests.sh: runs the example firmware (examples/*/) under QEMU. For each
# board: the fault handler and reader self-tests; every corpus program at -O2
# and CoreMark from the applet slot, against the native output (CoreMark:
# against `xipwasm run --fake-clock`); two applets at once in fuel slices;
# an image at an odd address (on the Cortex-M4 with CCR.UNALIGN_TRP set, in
# the -mno-unaligned-access build); a corrupted image; that instruction
# counts repeat (make bench-mcu); make size's footprint for one build; the
# value stack CoreMark used within its image's recorded bound; the
# firmware's number formatting against glibc. Images go into the
# slots as `xipwasm place` Intel HEX files, loaded beside the firmware ELF.
# Prints "ok NAME" or "FAIL NAME: why" per check, then "N passed, N failed".
BUILD=${BUILD:-build}
XIPWASM=${XIPWASM:-$BUILD/xipwasm}
COREMARK=${COREMARK:-../shared/corpus/coremark-minimal.wasm}
CLOCK=10000 # CoreMark: 30 iterations
EX=$BUILD/examples
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

ok() { passed=$((passed + 1)); echo "ok $1"; }
fail() {
    failed=$((failed + 1))
    echo "FAIL $1: $2"
    sed 's/^/    stderr: /' "$tmp/err" | tail -n 5
}

# qemu BOARD ELF "OPTION..." LOADER-ARGS...: runs the firmware; stdout in
# $tmp/out, stderr in $tmp/err, exit status in $status.
qemu() {
    board=$1 elf=$2 options=$3
    shift 3
    case $board in
    mps2-an386) machine="qemu-system-arm -M mps2-an386" ;;
    riscv32-virt) machine="qemu-system-riscv32 -M virt -bios none" ;;
    esac
    args="enable=on,target=native,arg=fw"
    for o in $options; do args="$args,arg=$o"; done
    # shellcheck disable=SC2086
    timeout 300 $machine -nographic -monitor none -serial none -semihosting-config "$args" \
        -device loader,file="$elf" "$@" >"$tmp/out" 2>"$tmp/err"
    status=$?
}

# place IMAGE ELF SLOT: the HEX file of IMAGE in SLOT of firmware ELF (its path on stdout).
place() {
    hex=$tmp/$(basename "$1" .xip)-$3-$(echo "$2" | tr / _).hex
    [ -f "$hex" ] || "$XIPWASM" place "$1" --firmware "$2" --slot "$3" -o "$hex" >/dev/null || return 1
    echo "$hex"
}

# check NAME EXPECTED-FILE: the last run exited 0 and printed exactly EXPECTED-FILE.
check() {
    if [ "$status" -ne 0 ]; then
        fail "$1" "exit status $status"
    elif ! cmp -s "$2" "$tmp/out"; then
        fail "$1" "output differs from $2: $(diff "$2" "$tmp/out" | head -n 3 | tr '\n' ' ')"
    else
        ok "$1"
    fi
}

# run_image BOARD CONFIG IMAGE SLOT EXPECTED OPTIONS: one applet, checked.
run_image() {
    elf=$EX/$1/$2/fw.elf
    if ! hex=$(place "$3" "$elf" "$4"); then
        : >"$tmp/err"
        fail "$1/$2 $(basename "$3" .xip) in slot $4" "xipwasm place failed"
        return
    fi
    qemu "$1" "$elf" "$6" -device loader,file="$hex"
    check "$1/$2 $(basename "$3" .xip) in slot $4${6:+ ($6)}" "$5"
}

for tool in qemu-system-arm qemu-system-riscv32; do
    if ! command -v $tool >/dev/null 2>&1; then
        echo "FAIL examples: $tool not installed (scripts/install-deps.sh)"
        echo "0 passed, 1 failed"
        exit 1
    fi
done

# The firmware's printf-free %.17g / %.9g against glibc's (on the host).
if "$EX/test_format" >"$tmp/out" 2>"$tmp/err"; then ok "fw_format_g matches printf"; else cp "$tmp/out" "$tmp/err"; fail "fw_format_g matches printf" "mismatches"; fi

# Images and expected outputs.
"$XIPWASM" compile "$COREMARK" -o "$tmp/coremark.xip" || exit 1
"$XIPWASM" run "$tmp/coremark.xip" --invoke run --fake-clock $CLOCK >"$tmp/coremark.expected" || exit 1
bound=$("$XIPWASM" stats --json "$tmp/coremark.xip" | python3 -c 'import json,sys; s=json.load(sys.stdin)["stack"]; print(s["slots"], s["frames"])') || exit 1
programs=""
for wasm in "$BUILD"/corpus/*-O2.wasm; do
    name=$(basename "$wasm" -O2.wasm)
    "$XIPWASM" compile "$wasm" -o "$tmp/$name.xip" || exit 1
    cp "$BUILD/corpus/$name.expected" "$tmp/$name.expected"
    programs="$programs $name"
done
[ -n "$programs" ] || { echo "FAIL examples: no corpus in $BUILD/corpus"; exit 1; }

for board in mps2-an386 riscv32-virt; do
    elf=$EX/$board/O2-goto/fw.elf
    echo "== $board"

    # The fault handler reports and exits through semihosting with status 70.
    qemu $board "$elf" fault
    if [ "$status" -eq 70 ] && grep -q '^fault: ' "$tmp/err"; then ok "$board fault handler"; else fail "$board fault handler" "exit $status"; fi
    # The image readers at every alignment, on the Cortex-M4 with unaligned
    # accesses trapping: the -strict build, as a core that traps them needs
    # (by default gcc merges the byte reads into unaligned LDR/LDRH).
    strict=$elf
    [ $board = mps2-an386 ] && strict=$EX/$board/O2-goto-strict/fw.elf
    qemu $board "$strict" readers
    if [ "$status" -eq 0 ] && grep -q 'readers self-test passed' "$tmp/err"; then ok "$board readers"; else fail "$board readers" "exit $status"; fi

    for name in $programs; do
        run_image $board O2-goto "$tmp/$name.xip" applet "$tmp/$name.expected" ""
    done
    run_image $board O2-goto "$tmp/coremark.xip" applet "$tmp/coremark.expected" "clock=$CLOCK"
    # The value stack and frame records the run wrote (painted by the firmware, which
    # exits 71 when they exceed the image's bound) against the bound `xipwasm stats` gives.
    set -- $(sed -n 's/^fw: applet: value stack \([0-9]*\) slots, \([0-9]*\) frame records (bound \([0-9]*\), \([0-9]*\))$/\1 \2 \3 \4/p' "$tmp/err")
    if [ $# -eq 4 ] && [ "$1" -gt 0 ] && [ "$1" -le "$3" ] && [ "$2" -le "$4" ] && [ "$3 $4" = "$bound" ]; then
        ok "$board coremark value stack $1 slots, $2 frame records within the bound ($3, $4)"
    else
        fail "$board coremark value stack within the bound" "firmware: '$*', xipwasm stats: '$bound'"
    fi
    for name in coremark fmath quicksort; do
        run_image $board Os-switch "$tmp/$name.xip" applet "$tmp/$name.expected" "clock=$CLOCK"
    done

    # Two applets at once, round-robin in slices of 1000 fuel.
    a=$(place "$tmp/coremark.xip" "$elf" applet) && b=$(place "$tmp/hmac_sha256.xip" "$elf" second)
    qemu $board "$elf" "clock=$CLOCK fuel=1000" -device loader,file="$a" -device loader,file="$b"
    sed -n 's/^\[applet\] //p' "$tmp/out" >"$tmp/out-a"
    sed -n 's/^\[second\] //p' "$tmp/out" >"$tmp/out-b"
    slices_a=$(sed -n 's/^fw: applet: \([0-9]*\) slices.*/\1/p' "$tmp/err")
    slices_b=$(sed -n 's/^fw: second: \([0-9]*\) slices.*/\1/p' "$tmp/err")
    if [ "$status" -ne 0 ]; then
        fail "$board two applets" "exit status $status"
    elif ! cmp -s "$tmp/out-a" "$tmp/coremark.expected" || ! cmp -s "$tmp/out-b" "$tmp/hmac_sha256.expected"; then
        fail "$board two applets" "an applet's output differs"
    elif [ "${slices_a:-0}" -lt 5 ] || [ "${slices_b:-0}" -lt 5 ]; then
        fail "$board two applets" "not interleaved: $slices_a and $slices_b slices"
    else
        ok "$board two applets (coremark $slices_a slices, hmac_sha256 $slices_b slices)"
    fi

    # A corrupted image in the slot is refused by xip_prepare (exit status 1).
    "$XIPWASM" place "$tmp/fib.xip" --firmware "$elf" --format bin -o "$tmp/bad.bin" >"$tmp/placed" || exit 1
    addr=$(sed -n 's/.* bytes at \(0x[0-9a-f]*\),.*/\1/p' "$tmp/placed")
    printf 'Z' | dd of="$tmp/bad.bin" bs=1 seek=40 conv=notrunc 2>/dev/null
    qemu $board "$elf" "" -device loader,file="$tmp/bad.bin",addr="$addr",force-raw=on
    if [ "$status" -eq 1 ] && grep -q "image: bad checksum" "$tmp/err"; then ok "$board corrupted image refused"; else fail "$board corrupted image refused" "exit $status"; fi
done

# Images at an odd address: on the Cortex-M4 with every unaligned access
# trapping (the -strict build: -mno-unaligned-access), and on riscv32.
for name in coremark fmath aes128 hashtable; do
    run_image mps2-an386 O2-goto-strict "$tmp/$name.xip" odd "$tmp/$name.expected" "clock=$CLOCK trap"
    run_image riscv32-virt O2-goto "$tmp/$name.xip" odd "$tmp/$name.expected" "clock=$CLOCK"
done
run_image mps2-an386 O2-goto "$tmp/coremark.xip" odd "$tmp/coremark.expected" "clock=$CLOCK"

# make bench-mcu's instruments: the instruction count of a run is the same twice.
plugin=$BUILD/bench-mcu/icount.so
elf=$EX/mps2-an386/O2-goto/fw.elf
hex=$(place "$tmp/coremark.xip" "$elf" applet)
for run in 1 2; do
    qemu mps2-an386 "$elf" "clock=$CLOCK" -icount shift=0,align=off,sleep=off \
        -plugin file="$plugin",out="$tmp/count$run" -device loader,file="$hex"
done
c1=$(sed -n 's/^instructions //p' "$tmp/count1" 2>/dev/null)
c2=$(sed -n 's/^instructions //p' "$tmp/count2" 2>/dev/null)
if [ -n "$c1" ] && [ "$c1" = "$c2" ] && [ "$c1" -gt 100000000 ]; then
    ok "bench-mcu counts repeat ($c1 instructions)"
else
    : >"$tmp/err"
    fail "bench-mcu counts repeat" "counts '$c1' and '$c2'"
fi
# make size's linked footprint, for one build.
if ONLY=cortex-m4-Os-switch-int sh scripts/footprint.sh -q >"$tmp/size" 2>"$tmp/err" &&
    grep -Eq '^size cortex-m4 Os switch int flash=[0-9]{4,}$' "$tmp/size" && grep -Eq '^size instance-ram=[0-9]+$' "$tmp/size"; then
    ok "footprint: $(grep flash= "$tmp/size")"
else
    fail "footprint" "$(cat "$tmp/size")"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
