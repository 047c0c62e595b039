#!/bin/sh
# run-doc.sh DOC.md: runs the commands of a tutorial page. Every ```sh block
# runs, in order, in one shell (set -e; cd and exports carry over) inside a
# scratch directory that holds links to the checkout's sdk/, to the
# xipwasm under test as build/xipwasm and, once `make examples` has built
# it, to the example firmware as build/examples; a ```text block right after a sh block
# must equal that block's output (stdout and stderr together). Prints
# "ok DOC (N blocks, M outputs)" or what differs; exit status 0 when all
# blocks ran and matched. XIPWASM: the binary (default $BUILD/xipwasm).
BUILD=${BUILD:-build}
XIPWASM=${XIPWASM:-$BUILD/xipwasm}
doc=$1
root=$(pwd)
case "$XIPWASM" in /*) ;; *) XIPWASM="$root/$XIPWASM" ;; esac
[ -f "$doc" ] || { echo "run-doc: no file $doc"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/checkout/build" "$work/out" "$work/want"
ln -s "$root/sdk" "$work/checkout/sdk"
ln -s "$XIPWASM" "$work/checkout/build/xipwasm"
if [ -d "$root/$BUILD/examples" ]; then ln -s "$root/$BUILD/examples" "$work/checkout/build/examples"; fi

# Split the page: block N's commands go into the script, its expected output into want/N.
awk -v out="$work/out" -v want="$work/want" '
    /^```sh$/ { n++; mode = "sh"; printf "exec >\"%s/%d\" 2>&1\n", out, n; next }
    /^```text$/ { if (last == n && n > 0) { mode = "text"; file = want "/" n; printf "" > file } else mode = "skip"; next }
    /^```/ { if (mode == "sh") last = n; mode = ""; next }
    mode == "sh" { print; next }
    mode == "text" { print >> file; next }
' "$doc" >"$work/script.sh"
blocks=$(grep -c '^```sh$' "$doc")
outputs=$(ls "$work/want" | wc -l)

(cd "$work/checkout" && sh -e "$work/script.sh")
status=$?
ran=$(ls "$work/out" | wc -l)
if [ $status -ne 0 ]; then
    echo "FAIL $doc: block $ran of $blocks exited $status; its output:"
    sed 's/^/    /' "$work/out/$ran" | tail -n 20
    exit 1
fi
failed=0
for want in "$work"/want/*; do
    [ -f "$want" ] || continue
    n=$(basename "$want")
    if ! cmp -s "$want" "$work/out/$n"; then
        echo "FAIL $doc: the output of block $n differs from the page:"
        diff "$want" "$work/out/$n" | sed 's/^/    /' | head -n 20
        failed=1
    fi
done
[ $failed -eq 0 ] && echo "ok $doc ($blocks blocks, $outputs outputs)"
exit $failed
