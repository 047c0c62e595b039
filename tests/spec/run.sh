#!/bin/sh
# run.sh: self-tests of `xipwasm wast`. Each tests/spec/*.wast file says what
# the runner must print:
#   ;; expect: N passed, N failed, N skipped      the closing line
#   ;; expect-fail: LINE TEXT                      a failure line "FILE:LINE: TEXT..."
# and there must be no other failure lines; the exit status must be 1 exactly
# when failures are expected. Prints "N passed, N failed".
XIPWASM=${XIPWASM:-build/xipwasm}
case $XIPWASM in /*) ;; *) XIPWASM=$(pwd)/$XIPWASM ;; esac
cd "$(dirname "$0")" || exit 2
passed=0
failed=0

# check NAME STATUS(0 = ok) [DETAIL]
check() {
    if [ "$2" -eq 0 ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: $1${3:+: $3}"
    fi
}

for wast in *.wast; do
    out=$("$XIPWASM" wast "$wast" 2>&1)
    code=$?
    want=$(sed -n 's/^;; expect: //p' "$wast")
    got=$(echo "$out" | tail -n 1)
    [ "$got" = "$want" ]
    check "$wast: closing line" $? "got \"$got\", expected \"$want\""
    nfail=$(grep -c '^;; expect-fail: ' "$wast")
    while read -r line text; do
        [ -n "$line" ] || continue
        echo "$out" | grep -F -q "$wast:$line: $text"
        check "$wast:$line: failure reported" $? "no line \"$wast:$line: $text...\" in: $(echo "$out" | head -n 20)"
    done <<LIST
$(sed -n 's/^;; expect-fail: //p' "$wast")
LIST
    nlines=$(echo "$out" | grep -c "^$wast:[0-9]*: ")
    [ "$nlines" -eq "$nfail" ]
    check "$wast: failure line count" $? "$nlines failure lines, expected $nfail"
    if [ "$nfail" -eq 0 ]; then expect_code=0; else expect_code=1; fi
    [ "$code" -eq "$expect_code" ]
    check "$wast: exit status" $? "exit $code, expected $expect_code"
done

"$XIPWASM" wast --help > /dev/null 2>&1
check "--help exits 0" $?
"$XIPWASM" wast > /dev/null 2>&1
[ $? -eq 2 ]
check "no file: usage error, exit 2" $?
"$XIPWASM" wast --bogus commands.wast > /dev/null 2>&1
[ $? -eq 2 ]
check "unknown option: usage error, exit 2" $?
out=$(WAST2JSON=/nonexistent/wast2json "$XIPWASM" wast commands.wast 2>&1)
[ $? -eq 1 ] && echo "$out" | grep -q "^commands.wast:0: wast2json: "
check "missing wast2json: reported as a failure" $?

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
