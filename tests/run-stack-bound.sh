#!/bin/sh
# run-stack-bound.sh: the compiler's stack bound against real runs. For every
# corpus program (every optimization level) and CoreMark: compile, read the
# bound (xipwasm stats --json), run with the stack high-water marks (run
# --stack-usage): the slots and frame records used never exceed the bound;
# for the simple acyclic programs (no function pointers, every call path
# taken) they equal it; a bounded image runs with exactly its frame records
# and the smallest stack buffer the loader accepts (same output), and
# recursive programs have no bound.
# Prints "ok NAME" or "FAIL NAME: reason", then "N passed, N failed".
BUILD=${BUILD:-build}
XIPWASM=${1:-$BUILD/xipwasm}
COREMARK=${COREMARK:-../shared/corpus/coremark-minimal.wasm}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
# bound == used: straight-line programs whose deepest call path runs
exact=" crc32 fir fmath matmul memops sha256 sha512 utf8 aes128 base64 bigint minivm "
# no bound: they recurse
recursive=" fib quicksort parser "

check() { # check NAME WASM EXPECTED-OUTPUT-FILE RUN-ARGS (one word, split on spaces)
    name=$1 wasm=$2 expected=$3 args=$4
    program=${name%-O*}
    if ! "$XIPWASM" compile "$wasm" -o "$tmp/$name.xip" 2>"$tmp/err" ||
        ! "$XIPWASM" stats --json "$tmp/$name.xip" >"$tmp/$name.json" 2>>"$tmp/err" ||
        ! "$XIPWASM" run "$tmp/$name.xip" $args --stack-usage >"$tmp/$name.out" 2>"$tmp/$name.usage"; then
        echo "FAIL $name: $(head -n 1 "$tmp/err" "$tmp/$name.usage" 2>/dev/null | grep -v '^==' | head -n 1)"
        failed=$((failed + 1))
        return
    fi
    set -- $(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["stack"]; print(int(s["bounded"]), s.get("slots", 0), s.get("frames", 0))' "$tmp/$name.json")
    bounded=$1 slots=$2 frames=$3
    load=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["load_stack_slots"])' "$tmp/$name.json")
    set -- $(sed -n 's/^stack usage: \([0-9]*\) slots, \([0-9]*\) frame records.*/\1 \2/p' "$tmp/$name.usage")
    used=${1:-x} used_frames=${2:-x}
    why=""
    case "$recursive" in *" $program "*) [ "$bounded" = 0 ] || why="a recursive program has a bound" ;; esac
    if [ -z "$why" ] && [ "$bounded" = 1 ]; then
        if [ "$used" -gt "$slots" ] || [ "$used_frames" -gt "$frames" ]; then
            why="used $used slots, $used_frames records above the bound $slots, $frames"
        fi
        case "$exact" in *" $program "*)
            [ -n "$why" ] || [ "$used $used_frames" = "$slots $frames" ] ||
                why="used $used slots, $used_frames records, the bound is $slots, $frames (expected equal)" ;;
        esac
        # the bound's frames and the smallest stack the loader takes (>= the bound: it is also the verifier's scratch)
        if [ -z "$why" ] && { [ "$load" -lt "$slots" ] ||
            ! "$XIPWASM" run "$tmp/$name.xip" $args --stack "$load" --frames "$frames" >"$tmp/$name.exact" 2>"$tmp/err" ||
            ! cmp -s "$tmp/$name.exact" "$tmp/$name.out"; }; then
            why="with $load stack slots (bound $slots) and $frames records: $(head -n 1 "$tmp/err")"
        fi
    fi
    if [ -z "$why" ] && [ -n "$expected" ] && ! cmp -s "$tmp/$name.out" "$expected"; then
        why="output differs from native"
    fi
    if [ -n "$why" ]; then
        echo "FAIL $name: $why"
        failed=$((failed + 1))
    else
        echo "ok $name (bound $( [ "$bounded" = 1 ] && echo "$slots slots, $frames records" || echo none), used $used, $used_frames)"
        passed=$((passed + 1))
    fi
}

for wasm in "$BUILD"/corpus/*-O*.wasm; do
    [ -f "$wasm" ] || continue
    name=$(basename "$wasm" .wasm)
    check "$name" "$wasm" "$BUILD/corpus/${name%-O*}.expected" "--invoke run"
done
if [ -f "$COREMARK" ]; then
    check coremark "$COREMARK" "" "--invoke run --fake-clock 10000"
else
    echo "FAIL coremark: $COREMARK not found"
    failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
