#!/bin/sh
# test_help.sh: --help and --version of the command and of each subcommand,
# and the usage errors of the top level (exit 2 with a hint).
. tests/cli/lib.sh

for cmd in compile run dump verify wast symbolize; do
    expect_exit 0 "$XIPWASM" $cmd --help
    if grep -q "^usage: xipwasm $cmd" "$T/out"; then pass; else fail "$cmd --help" "no usage line"; fi
    expect_exit 0 "$XIPWASM" $cmd -h
done
expect_exit 0 "$XIPWASM" --help
for cmd in compile run dump verify wast symbolize; do
    if grep -q "^  $cmd " "$T/out"; then pass; else fail "xipwasm --help" "does not list $cmd"; fi
done
expect_stdout "xipwasm 0.1.0 (image format 2)
WebAssembly 2.0 (MVP with: mutable-globals, sign-extension-ops, nontrapping-float-to-int,
  multi-value, bulk-memory, reference-types), extended-const, custom-page-sizes
not supported: simd, relaxed-simd, threads, tail-call, exceptions, gc,
  function-references, memory64, multi-memory" "$XIPWASM" --version

expect_stderr 2 "xipwasm: missing command
try xipwasm --help" "$XIPWASM"
expect_stderr 2 "xipwasm: unknown command 'frobnicate'
try xipwasm --help" "$XIPWASM" frobnicate
for cmd in compile run dump verify symbolize; do
    expect_stderr 2 "xipwasm: $cmd: unknown option '--bogus'
try xipwasm $cmd --help" "$XIPWASM" $cmd --bogus x
done
finish
