#!/bin/sh
# fuel-bound.sh: host instructions per unit of fuel stay below the bound in
# docs/embedding.md ("Fuel"). Runs each worst-case case of test_fuel (an -O2
# build: BIN, default build/tests/test_fuel-O2) under callgrind, counting
# only inside xipi_run (--toggle-collect: the run loop and everything it
# calls, pauses and resumes included, not the test's own checks), divides by
# the fuel the case reports it used, and fails if any ratio exceeds BOUND.
BIN=${BIN:-build/tests/test_fuel-O2}
BOUND=${BOUND:-40000}
CASES="fill copy copy_overlap init grow tables table_init lookups imported_table big_frame straight
straight_heavy tight_loops"
command -v valgrind >/dev/null || { echo "fuel-bound: valgrind not found" >&2; exit 1; }
[ -x "$BIN" ] || { echo "fuel-bound: $BIN not built" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for c in $CASES; do
    valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" --toggle-collect=xipi_run \
        "$BIN" "$c" >"$tmp/out" 2>"$tmp/err"
    run=$?
    ins=$(sed -n 's/.*Collected : *\([0-9]*\).*/\1/p' "$tmp/err")
    used=$(sed -n 's/^fuel used: //p' "$tmp/out" | awk '{ s += $1 } END { print s + 0 }')
    if [ $run -ne 0 ] || [ -z "$ins" ] || [ "$used" -eq 0 ]; then
        echo "FAIL $c: the case failed or reported no fuel"
        cat "$tmp/out"
        status=1
        continue
    fi
    ratio=$((ins / used))
    if [ "$ratio" -gt "$BOUND" ]; then
        echo "FAIL $c: $ins host instructions for $used units: $ratio per unit > $BOUND"
        status=1
    else
        echo "ok $c: $ins host instructions for $used units: $ratio per unit"
    fi
done
exit $status
