#!/bin/sh
# test_help.sh: --help and --version of the command and of each subcommand,
# and the usage errors of the top level (exit 2 with a hint). The commands
# are taken from the list `xipwasm --help` prints, so a new command is
# covered (and must answer --help, -h and an unknown option like the rest).
. tests/cli/lib.sh

expect_exit 0 "$XIPWASM" --help
commands=$(sed -n '/^commands:$/,/^$/s/^  \([a-z][a-z]*\)  .*/\1/p' "$T/out")
for cmd in compile run dump verify wast symbolize place; do
    case " $(echo $commands) " in
    *" $cmd "*) pass ;;
    *) fail "xipwasm --help" "does not list $cmd (lists: $(echo $commands))" ;;
    esac
done

for cmd in $commands; do
    expect_exit 0 "$XIPWASM" $cmd --help
    if grep -q "^usage: xipwasm $cmd" "$T/out"; then pass; else fail "$cmd --help" "no usage line"; fi
    cp "$T/out" "$T/help"
    expect_exit 0 "$XIPWASM" $cmd -h
    expect_file_same "$cmd -h and --help" "$T/help" "$T/out"
    expect_stderr 2 "xipwasm: $cmd: unknown option '--bogus'
try xipwasm $cmd --help" "$XIPWASM" $cmd --bogus x
done
expect_stdout "xipwasm 0.1.0 (image format 4)
WebAssembly 2.0 (MVP with: mutable-globals, sign-extension-ops, nontrapping-float-to-int,
  multi-value, bulk-memory, reference-types), extended-const, custom-page-sizes
not supported: simd, relaxed-simd, threads, tail-call, exceptions, gc,
  function-references, memory64, multi-memory" "$XIPWASM" --version

# dump --help names its selectors.
expect_exit 0 "$XIPWASM" dump --help
for option in --headers '--func N' --json; do
    if grep -q -e "^  $option " "$T/out"; then pass; else fail "dump --help" "does not describe $option"; fi
done

expect_stderr 2 "xipwasm: missing command
try xipwasm --help" "$XIPWASM"
expect_stderr 2 "xipwasm: unknown command 'frobnicate'
try xipwasm --help" "$XIPWASM" frobnicate
finish
