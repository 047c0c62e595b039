#!/bin/sh
# run-install.sh: `make install` into a temporary prefix, then builds the
# installed executor sources the way firmware would, through pkg-config.
set -u
BUILD=${BUILD:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
make --no-print-directory -s install BUILD="$BUILD" PREFIX="$tmp/prefix" >"$tmp/log" 2>&1 || {
    cat "$tmp/log"; exit 1; }
[ -x "$tmp/prefix/bin/xipwasm" ] || { echo "install: no bin/xipwasm"; exit 1; }
"$tmp/prefix/bin/xipwasm" --help >/dev/null 2>&1 || { echo "install: xipwasm --help failed"; exit 1; }
export PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig"
cflags=$(pkg-config --cflags xipwasm) || { echo "install: pkg-config has no xipwasm"; exit 1; }
srcdir=$(pkg-config --variable=srcdir xipwasm)
cat >"$tmp/firmware.c" <<'C'
#include "xip.h"
int main(void) { xip_instance inst; (void)inst; return xip_status_name(XIP_OK) == 0; }
C
# shellcheck disable=SC2086
cc -std=c99 -Wall -Wextra -Werror $cflags "$tmp/firmware.c" "$srcdir"/*.c -o "$tmp/firmware" || {
    echo "install: firmware build against the installed executor failed"; exit 1; }
"$tmp/firmware"
