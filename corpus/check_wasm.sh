#!/bin/sh
# check_wasm.sh FILE.wasm... - wasm-validate each module and check that it
# imports nothing but the xipwasm host functions (module "env") and exports
# "run" and "memory".  Needs wabt (wasm-validate, wasm-objdump).
set -u
allowed="env.print_str env.print_i32 env.print_i64 env.print_f64 env.clock_ms"
status=0
for f in "$@"; do
    if ! wasm-validate "$f"; then
        echo "$f: wasm-validate failed"
        status=1
        continue
    fi
    imports=$(wasm-objdump -x -j Import "$f" | sed -n 's/.*<- \([^ ]*\)$/\1/p')
    for imp in $imports; do
        case " $allowed " in
        *" $imp "*) ;;
        *)
            echo "$f: unexpected import $imp"
            status=1
            ;;
        esac
    done
    exports=$(wasm-objdump -x -j Export "$f")
    for want in '"run"' '"memory"'; do
        if ! printf '%s\n' "$exports" | grep -q -- "-> $want"; then
            echo "$f: missing export $want"
            status=1
        fi
    done
done
[ $status -eq 0 ] && echo "corpus-check: $# modules ok"
exit $status
