#!/bin/sh
# Rebuilds the benchmark workloads (bare-metal ELF programs for the virt map, A32 code) from
# src/ with Debian's armhf cross gcc. Byte-identical on every rebuild.
# Usage: build.sh [OUTDIR]   (default: bin/ next to this script)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/bin}
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cflags="-O2 -marm -march=armv7ve -mfpu=vfpv4 -mfloat-abi=hard -ffreestanding -fno-builtin -nostdlib -fno-pic -fno-stack-protector -fno-asynchronous-unwind-tables -ffile-prefix-map=$here=."
arm-linux-gnueabihf-gcc $cflags -c -o "$tmp/start.o" "$here/src/start.S"
for src in "$here"/src/*.c; do
	name=$(basename "$src" .c)
	arm-linux-gnueabihf-gcc $cflags -I"$here/src" -c -o "$tmp/$name.o" "$src"
	arm-linux-gnueabihf-ld --no-warn-rwx-segments --build-id=none -T "$here/src/link.ld" -o "$out/$name.elf" "$tmp/start.o" "$tmp/$name.o"
	arm-linux-gnueabihf-strip --strip-debug "$out/$name.elf"
done
