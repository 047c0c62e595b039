#!/bin/sh
# run.sh: runs every tests/cli/test_*.sh from the repository root and prints
# "N passed, N failed". The binary is ${XIPWASM:-build/xipwasm}.
cd "$(dirname "$0")/../.." || exit 1
XIPWASM=${XIPWASM:-build/xipwasm}
export XIPWASM
if [ ! -x "$XIPWASM" ]; then
    echo "tests/cli: $XIPWASM not built"
    echo "0 passed, 1 failed"
    exit 1
fi
passed=0
failed=0
for script in tests/cli/test_*.sh; do
    # CLI_SKIP: script names to leave out (the 32-bit build has no `place` and no 32-bit binaryen)
    case " ${CLI_SKIP:-} " in *" $(basename "$script") "*) continue ;; esac
    out=$(sh "$script" 2>&1)
    status=$?
    echo "$out" | grep -v -e '^# [0-9]* passed' -e '^$' || true
    counts=$(echo "$out" | sed -n 's/^# \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' | tail -n 1)
    if [ -z "$counts" ]; then
        echo "FAIL $script: did not finish (exit $status)"
        failed=$((failed + 1))
        continue
    fi
    set -- $counts
    passed=$((passed + $1))
    failed=$((failed + $2))
    if [ "$status" -ne 0 ] && [ "$2" -eq 0 ]; then
        echo "FAIL $script: exit $status"
        failed=$((failed + 1))
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
