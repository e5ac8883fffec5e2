#!/bin/sh
# Builds the softfloat oracle (oracle.S) into a static, stripped ARM ELF for qemu-arm.
#   ./build.sh            rebuild ./oracle in place (commit the result)
#   ./build.sh OUTDIR     write OUTDIR/oracle instead (the tests use this to check reproducibility)
# Needs binutils-arm-linux-gnueabihf. The output is byte-identical on every rebuild: no build id,
# no symbols, no timestamps; -n (no page alignment of the segments) keeps the file a few KB.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
arm-linux-gnueabihf-as -march=armv7-a -mfpu=vfpv4 -mfloat-abi=hard -o "$tmp/oracle.o" "$here/oracle.S"
arm-linux-gnueabihf-ld -static -nostdlib -n --build-id=none --no-warn-rwx-segments -s -o "$tmp/oracle" "$tmp/oracle.o"
mkdir -p "$out"
cp "$tmp/oracle" "$out/oracle"
