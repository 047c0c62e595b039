#!/bin/sh
# run.sh: load time grows linearly with the image (issue 7, item 3). For each
# case of gen.py (one index space, looked up at a late index about n times),
# builds the module at n and at 4n, loads each with tests/scaling/load.c
# under callgrind (only the executor's instructions are counted: prepare,
# load, instantiate, the call of "run") and fails if the count grows more
# than 5x. Prints one line per case: n, 4n, both counts and their ratio.
# Usage: run.sh LOADER XIPWASM
loader=${1:?usage: run.sh LOADER XIPWASM}
xipwasm=${2:?usage: run.sh LOADER XIPWASM}
here=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
max_ratio=5
failed=0

# Instructions the executor runs on image $1 (empty on failure).
count() {
    valgrind --tool=callgrind --collect-atstart=no --callgrind-out-file="$tmp/cg.out" \
        "$loader" "$1" >"$tmp/load.log" 2>&1 || { cat "$tmp/load.log" >&2; return; }
    sed -n 's/^summary: *//p' "$tmp/cg.out"
}

# Builds case $1 at size $2 into $tmp/$1-$2.xip; prints the path.
build() {
    out="$tmp/$1-$2"
    if [ "$1" = global-chain ]; then
        python3 "$here/gen.py" "$1" "$2" "$out.xip" || return 1
    else
        python3 "$here/gen.py" "$1" "$2" "$out.wat" &&
            wat2wasm "$out.wat" -o "$out.wasm" &&
            "$xipwasm" compile "$out.wasm" -o "$out.xip" || return 1
    fi
    echo "$out.xip"
}

printf '%-17s %6s %6s %12s %12s %6s\n' case n 4n "instr(n)" "instr(4n)" ratio
# case and n: the table index space is at most 256 tables
for spec in types:2000 imports:2000 imported-globals:2000 global-chain:4000 functions:2000 \
    tables:64 data:2000 elems:2000 imported-table:2000 exports:2000; do
    case=${spec%%:*}
    n=${spec#*:}
    n4=$((4 * n))
    small=$(build "$case" "$n") && big=$(build "$case" "$n4") || {
        echo "FAIL $case: could not build the images"
        failed=1
        continue
    }
    a=$(count "$small")
    b=$(count "$big")
    if [ -z "$a" ] || [ -z "$b" ]; then
        echo "FAIL $case: the loader failed"
        failed=1
        continue
    fi
    ratio=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", b / a }')
    verdict=ok
    awk -v a="$a" -v b="$b" -v m="$max_ratio" 'BEGIN { exit !(b <= m * a) }' || { verdict=FAIL; failed=1; }
    printf '%-17s %6d %6d %12d %12d %6s %s\n' "$case" "$n" "$n4" "$a" "$b" "$ratio" "$verdict"
done
[ $failed -eq 0 ] && echo "scaling: every case grows at most ${max_ratio}x from n to 4n"
exit $failed
