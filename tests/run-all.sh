#!/bin/sh
# run-all.sh: runs every test group of `make test` and prints one closing line
# "N passed, N failed". Groups: unit tests (one check per binary), CLI tests,
# corpus programs through compile+run against their native output, the same
# three with the 32-bit build, fuzz regressions, the spec suite, differential
# tests, docs, install, fuzz smoke, firmware under QEMU, cppcheck, the fuel
# bound (host instructions per unit under callgrind), CoreMark, load-time
# scaling, the stack bound against real runs.
# --fast (`make check`): the unit and CLI tests and the corpus programs listed
# in $CHECK_CORPUS only; the CLI tests then run the release build (each ASan
# process start costs about half a second of system time here: 90 s in all).
BUILD=${BUILD:-build}
fast=0
[ "${1:-}" = --fast ] && fast=1
cli_xipwasm="$BUILD/asan/xipwasm"
[ $fast -eq 1 ] && cli_xipwasm="$BUILD/xipwasm"
passed=0
failed=0
failures=""

# Records one check: record NAME STATUS(0 = pass).
record() {
    if [ "$2" -eq 0 ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        failures="$failures $1"
        echo "FAIL: $1"
    fi
}

# Starts a test group: prints its header and the previous group's time
# (the closing table lists every group's seconds, to see where CI time goes).
group_name=""
group_start=$(date +%s)
group_times=""
group() {
    now=$(date +%s)
    [ -n "$group_name" ] && group_times="$group_times
$((now - group_start)) s  $group_name"
    group_name=$1
    group_start=$now
    [ "$1" = end ] || echo "== $1"
}

group "unit tests"
for bin in "$BUILD"/tests/test_*; do
    [ -x "$bin" ] || continue
    log="$bin.log"
    "$bin" >"$log" 2>&1
    status=$?
    [ $status -eq 0 ] || tail -n 20 "$log"
    record "unit/$(basename "$bin")" $status
done

group "cli tests ($cli_xipwasm)"
if [ -x tests/cli/run.sh ]; then
    out=$(XIPWASM="$cli_xipwasm" sh tests/cli/run.sh 2>&1)
    status=$?
    echo "$out" | grep -E 'FAIL|passed' || true
    cli_passed=$(echo "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\1/p' | tail -n 1)
    cli_failed=$(echo "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\2/p' | tail -n 1)
    passed=$((passed + ${cli_passed:-0}))
    failed=$((failed + ${cli_failed:-0}))
    if [ $status -ne 0 ] && [ "${cli_failed:-0}" -eq 0 ]; then record cli/run.sh 1; fi
fi

group "corpus"
if [ $fast -eq 1 ]; then
    # shellcheck disable=SC2086
    out=$(BUILD="$BUILD" XIPWASM="$BUILD/asan/xipwasm" sh tests/run-corpus.sh $CHECK_CORPUS 2>&1)
else
    out=$(BUILD="$BUILD" XIPWASM="$BUILD/asan/xipwasm" sh tests/run-corpus.sh 2>&1)
fi
echo "$out" | grep -v '^ok ' || true
passed=$((passed + $(echo "$out" | grep -c '^ok ')))
nfail=$(echo "$out" | grep -c '^FAIL ')
failed=$((failed + nfail))

if [ $fast -eq 1 ]; then
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
fi

group "32-bit build (gcc -m32, ASan/UBSan): unit tests, CLI tests, corpus"
for bin in "$BUILD"/m32/tests/test_*; do
    [ -x "$bin" ] || continue
    log="$bin.log"
    "$bin" >"$log" 2>&1
    status=$?
    [ $status -eq 0 ] || tail -n 20 "$log"
    record "m32/unit/$(basename "$bin")" $status
done
out=$(CLI_SKIP="test_place.sh test_optimize.sh" XIPWASM="$BUILD/m32/xipwasm" sh tests/cli/run.sh 2>&1)
status=$?
echo "$out" | grep -E 'FAIL|passed' | sed 's/^/m32 /' || true
record m32/cli $status
out=$(BUILD="$BUILD" XIPWASM="$BUILD/m32/xipwasm" sh tests/run-corpus.sh 2>&1)
echo "$out" | grep -v '^ok ' | sed 's/^/m32 /' || true
nfail=$(echo "$out" | grep -c '^FAIL ')
[ "$(echo "$out" | grep -c '^ok ')" -gt 0 ] || nfail=$((nfail + 1))
record m32/corpus "$nfail"

group "fuzz regressions (fuzz/regressions/, 64- and 32-bit replay builds)"
BUILD="$BUILD" sh fuzz/replay.sh
record fuzz/regressions $?

group "spec suite (under ASan/UBSan; fails on failures not in tests/spec-known-failures.txt)"
XIPWASM="$BUILD/asan/xipwasm" BUILD="$BUILD" sh scripts/spec.sh >"$BUILD/spec.log" 2>&1
status=$?
tail -n 8 "$BUILD/spec.log"
record spec $status
out=$(XIPWASM="$BUILD/asan/xipwasm" sh tests/spec/run.sh 2>&1)
status=$?
echo "$out" | grep -E 'FAIL|passed' || true
record spec-selftest $status

group "differential against wabt's wasm-interp (saved cases, operator sweep, random modules)"
for part in run-cases.sh ops.sh "run.sh 1 ${DIFF_SEEDS:-40}"; do
    # shellcheck disable=SC2086
    BUILD="$BUILD" bash tests/diff/$part >"$BUILD/diff-part.log" 2>&1
    status=$?
    grep -E '^(seed|FAIL)|passed' "$BUILD/diff-part.log" | tail -n 5
    record "diff/${part%% *}" $status
done

group "docs"
{ cat docs/format.head.md; "$BUILD/opcode_doc"; } | cmp -s - docs/format.md
status=$?
[ $status -eq 0 ] || echo "docs/format.md is stale: run make docs/format.md"
record docs/format.md $status
BUILD="$BUILD" XIPWASM="$BUILD/asan/xipwasm" sh tests/run-doc.sh docs/getting-started.md
record docs/getting-started.md $?

group "install"
BUILD="$BUILD" sh tests/run-install.sh
record install $?

group "fuzz smoke (a few seconds per target, seeded from the corpus)"
for target in fuzz_compile fuzz_image fuzz_image_sealed; do
    seeds="$BUILD/fuzz/seeds-image"
    [ "$target" = fuzz_compile ] && seeds="$BUILD/fuzz/seeds-wasm"
    work=$(mktemp -d)
    dict="$BUILD/fuzz/image.dict"
    [ "$target" = fuzz_compile ] && dict=fuzz/wasm.dict
    "$BUILD/fuzz/$target" -max_total_time=${FUZZ_SMOKE_SECONDS:-8} -timeout=10 -rss_limit_mb=2048 \
        -malloc_limit_mb=512 -dict="$dict" "$work" "$seeds" >"$BUILD/fuzz/$target.log" 2>&1
    status=$?
    [ $status -eq 0 ] || tail -n 30 "$BUILD/fuzz/$target.log"
    rm -rf "$work"
    record "fuzz/$target" $status
done

group "firmware under QEMU (examples/run-tests.sh: mps2-an386, riscv32 virt)"
out=$(BUILD="$BUILD" XIPWASM="$BUILD/xipwasm" sh examples/run-tests.sh 2>&1)
status=$?
echo "$out" | grep -E -A5 '^FAIL' || true
echo "$out" | tail -n 1
passed=$((passed + $(echo "$out" | grep -c '^ok ')))
failed=$((failed + $(echo "$out" | grep -c '^FAIL ')))
if [ $status -ne 0 ] && ! echo "$out" | grep -q '^FAIL '; then record examples 1; fi

group "strict warnings (executor: -pedantic -Wconversion -Werror, gcc and clang, every configuration)"
make --no-print-directory BUILD="$BUILD" check-strict >"$BUILD/strict.log" 2>&1
status=$?
[ $status -eq 0 ] || head -n 40 "$BUILD/strict.log"
record check-strict $status

group "cppcheck (must report nothing)"
make --no-print-directory BUILD="$BUILD" cppcheck >"$BUILD/cppcheck.log" 2>&1
status=$?
[ $status -eq 0 ] || head -n 40 "$BUILD/cppcheck.log"
record cppcheck $status

group "fuel bound (callgrind)"
sh tests/fuel-bound.sh
record fuel-bound $?

group "coremark"
sh tests/run-coremark.sh "$BUILD/xipwasm"
record coremark $?

group "load-time scaling (executor instructions under callgrind, n against 4n per index space)"
sh tests/scaling/run.sh "$BUILD/scaling/load" "$BUILD/xipwasm" >"$BUILD/scaling.log" 2>&1
status=$?
cat "$BUILD/scaling.log"
record scaling $status

group "stack bound (corpus and CoreMark: the recorded bound against real runs' high-water marks)"
out=$(BUILD="$BUILD" sh tests/run-stack-bound.sh "$BUILD/xipwasm" 2>&1)
status=$?
echo "$out" | grep -E '^FAIL|passed' || true
record stack-bound $status

group end
echo "time per group:$group_times"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
