#!/bin/sh
# Rebuilds the bare-metal system-test programs from src/*.S into bin/*.bin with Debian's armhf
# cross toolchain (gcc-arm-linux-gnueabihf). The output is byte-identical on every rebuild;
# test/system/system.test.ts checks that the committed binaries match.
# Usage: build.sh [OUTDIR]   (default: bin/ next to this script)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/bin}
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for src in "$here"/src/*.S; do
	name=$(basename "$src" .S)
	arm-linux-gnueabihf-gcc -c -march=armv7ve -mfpu=vfpv4 -mfloat-abi=hard -marm -Wa,--no-warn -I"$here/src" \
		-o "$tmp/$name.o" "$src"
	arm-linux-gnueabihf-ld --no-warn-rwx-segments -T "$here/src/link.ld" -o "$tmp/$name.elf" "$tmp/$name.o"
	arm-linux-gnueabihf-objcopy -O binary "$tmp/$name.elf" "$out/$name.bin"
done
