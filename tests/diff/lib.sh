# lib.sh: shared helpers of the differential tests (sourced by run.sh and
# run-cases.sh). Each helper prints one normalized outcome line, so that the
# reference (wabt's wasm-interp) and xipwasm compare as plain strings:
#   i32:N / i64:N (unsigned decimal), f32:TEXT / f64:TEXT, none,
#   trap:KIND, init-error, timeout, fuel, stack, compile-error:..., crash:...

TIMEOUT=${TIMEOUT:-10}
FUEL=${FUEL:-200000000}

# diff_trap_kind MESSAGE: the trap category of a message from either tool.
diff_trap_kind() {
    case "$1" in
    *"divide by zero"*) echo div0 ;;
    *"integer overflow"*) echo overflow ;;
    *unreachable*) echo unreachable ;;
    *"out of bounds memory"*) echo oob-memory ;;
    *"call stack exhausted"*) echo stack ;;
    *"invalid conversion"*) echo conversion ;;
    *"undefined table index"* | *"undefined element"*) echo undefined-element ;;
    *"uninitialized"*) echo uninitialized-element ;;
    *"signature mismatch"* | *"type mismatch"*) echo indirect-call-type ;;
    *) echo "other($1)" ;;
    esac
}

# diff_value TYPE:VALUE: integers as unsigned decimal; floats unchanged.
diff_value() {
    case "$1" in
    i32:*) echo "i32:$(( ${1#i32:} & 0xffffffff ))" ;;
    i64:*) echo "i64:$(printf '%u' "${1#i64:}")" ;;
    *) echo "$1" ;;
    esac
}

# diff_ref WASM EXPORT: the outcome of EXPORT under wasm-interp, on a fresh
# instance (the module must export no other function).
diff_ref() {
    local out rc line msg
    out=$(timeout "$TIMEOUT" wasm-interp "$1" --run-all-exports 2>&1)
    rc=$?
    if [ $rc -eq 124 ]; then echo timeout; return; fi
    case "$out" in *"error initializing module"*) echo init-error; return ;; esac
    line=$(printf '%s\n' "$out" | grep -F "$2() =>" | head -n 1)
    if [ -z "$line" ]; then echo "crash:rc=$rc $(printf '%s' "$out" | head -n 1)"; return; fi
    line=${line#*=>}
    line=${line# }
    case "$line" in
    "") echo none ;;
    "error: call stack exhausted"*) echo stack ;;
    error:*) msg=${line#error: }; echo "trap:$(diff_trap_kind "$msg")" ;;
    *) diff_value "$line" ;;
    esac
}

# diff_xip XIPWASM WASM EXPORT TMPDIR: compiles WASM to an image, runs EXPORT.
diff_xip() {
    local rc err
    timeout "$TIMEOUT" "$1" compile "$2" -o "$4/x.xip" >/dev/null 2>"$4/cerr"
    rc=$?
    if [ $rc -eq 124 ]; then echo "compile-timeout"; return; fi
    if [ $rc -ne 0 ]; then
        echo "compile-error:rc=$rc $(grep -v '^Aborted' "$4/cerr" | head -n 1)"
        return
    fi
    timeout "$TIMEOUT" "$1" run "$4/x.xip" --invoke "$3" --fuel "$FUEL" \
        >"$4/out" 2>"$4/err"
    rc=$?
    err=$(head -n 1 "$4/err")
    case $rc in
    0)
        if [ ! -s "$4/out" ]; then echo none
        else diff_value "$(head -n 1 "$4/out")"; fi ;;
    3)
        case "$err" in
        *"call stack exhausted"*) echo stack ;;
        *) echo "trap:$(diff_trap_kind "${err#*trap: }")" ;;
        esac ;;
    4) echo fuel ;;
    124) echo timeout ;;
    *)
        case "$err" in
        *instantiat* | *"data segment"* | *"elem"* | *"segment"*) echo "init-error" ;;
        *) echo "crash:rc=$rc $err" ;;
        esac ;;
    esac
}

# diff_inconclusive OUTCOME: true when a mismatch involving OUTCOME proves
# nothing (resource limits differ between the tools).
diff_inconclusive() {
    case "$1" in timeout | fuel | stack) return 0 ;; esac
    return 1
}
