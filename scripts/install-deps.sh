#!/bin/sh
# Installs every Debian package xipwasm needs to build, test, fuzz and cross-compile.
# Idempotent and quiet when everything is already present. Run as root (or via sudo).
set -eu

PACKAGES="make gcc clang lld llvm-dev libclang-rt-14-dev wabt binaryen \
gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm gcc-riscv64-unknown-elf \
qemu-system-misc picolibc-riscv64-unknown-elf \
valgrind python3 xxd pkg-config rustc libstd-rust-dev-wasm32 gcc-multilib cppcheck"

missing=""
for pkg in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $pkg"
    fi
done
[ -z "$missing" ] && exit 0

echo "install-deps: installing$missing" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
