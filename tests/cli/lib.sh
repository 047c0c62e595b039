# lib.sh: the CLI test helpers, sourced by every tests/cli/test_*.sh.
#
#   expect_exit CODE CMD...                  CMD exits with CODE
#   expect_stdout EXPECTED CMD...            CMD exits 0 and prints exactly EXPECTED
#   expect_stderr CODE EXPECTED CMD...       CMD exits CODE, stderr is exactly EXPECTED
#   expect_stderr_contains CODE TEXT CMD...  CMD exits CODE, stderr contains TEXT
#   expect_stderr_matches CODE REGEX CMD...  CMD exits CODE, stderr matches grep -E REGEX
#   expect_file_same NAME A B                files A and B are identical
#   wat NAME [--no-check]                    stdin (WebAssembly text) -> $T/NAME.wasm
#   finish                                   prints "# N passed, N failed"; exit status
#
# After each expect_*, $T/out and $T/err hold the command's output. Scripts run
# from the repository root; the binary is ${XIPWASM:-build/xipwasm}.

XIPWASM=${XIPWASM:-build/xipwasm}
case "$XIPWASM" in /*) ;; *) XIPWASM="$PWD/$XIPWASM" ;; esac
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
PASSED=0
FAILED=0
SCRIPT=$(basename "$0")

# Runs CMD..., keeping stdout in $T/out, stderr in $T/err, the status in $STATUS.
run_cmd() {
    "$@" >"$T/out" 2>"$T/err"
    STATUS=$?
}

pass() { PASSED=$((PASSED + 1)); }

# fail WHAT DETAIL: records a failure and shows the command's output.
fail() {
    FAILED=$((FAILED + 1))
    echo "FAIL $SCRIPT: $1"
    echo "     $2"
    sed 's/^/     stdout: /' "$T/out" | head -n 10
    sed 's/^/     stderr: /' "$T/err" | head -n 10
}

expect_exit() {
    code=$1
    shift
    run_cmd "$@"
    if [ "$STATUS" -eq "$code" ]; then pass; else fail "$*" "exit $STATUS, expected $code"; fi
}

expect_stdout() {
    expected=$1
    shift
    run_cmd "$@"
    if [ -n "$expected" ]; then printf '%s\n' "$expected"; fi >"$T/expected"
    if [ "$STATUS" -ne 0 ]; then
        fail "$*" "exit $STATUS, expected 0"
    elif ! cmp -s "$T/expected" "$T/out"; then
        fail "$*" "stdout differs from: $(echo "$expected" | tr '\n' '|')"
    else
        pass
    fi
}

expect_stderr() {
    code=$1
    expected=$2
    shift 2
    run_cmd "$@"
    printf '%s\n' "$expected" >"$T/expected"
    if [ "$STATUS" -ne "$code" ]; then
        fail "$*" "exit $STATUS, expected $code"
    elif ! cmp -s "$T/expected" "$T/err"; then
        fail "$*" "stderr differs from: $expected"
    else
        pass
    fi
}

expect_stderr_contains() {
    code=$1
    text=$2
    shift 2
    run_cmd "$@"
    if [ "$STATUS" -ne "$code" ]; then
        fail "$*" "exit $STATUS, expected $code"
    elif ! grep -qF -- "$text" "$T/err"; then
        fail "$*" "stderr lacks: $text"
    else
        pass
    fi
}

expect_stderr_matches() {
    code=$1
    regex=$2
    shift 2
    run_cmd "$@"
    if [ "$STATUS" -ne "$code" ]; then
        fail "$*" "exit $STATUS, expected $code"
    elif ! grep -qE -- "$regex" "$T/err"; then
        fail "$*" "stderr does not match: $regex"
    else
        pass
    fi
}

expect_file_same() {
    if cmp -s "$2" "$3"; then
        pass
    else
        : >"$T/out"
        diff "$2" "$3" >"$T/err" 2>&1
        fail "$1" "$2 and $3 differ"
    fi
}

# wat NAME [--no-check]: converts WebAssembly text on stdin to $T/NAME.wasm
# (--no-check: without validation, to make invalid modules).
wat() {
    cat >"$T/$1.wat"
    if ! wat2wasm $2 "$T/$1.wat" -o "$T/$1.wasm" >"$T/err" 2>&1; then
        : >"$T/out"
        fail "wat2wasm $1.wat" "the test input does not assemble"
    fi
}

finish() {
    printf '\n# %d passed, %d failed\n' "$PASSED" "$FAILED"
    [ "$FAILED" -eq 0 ]
}
