#!/bin/sh
# Re-records qemu-7.2-virt.txt and qemu-7.2-secure.txt: runs the scripts of steps-virt.ts and
# steps-secure.ts on QEMU's GICv2 (Debian's qemu-system-arm 7.2, -M virt,...,gic-version=2 -cpu
# cortex-a15 -smp 2) through the bare-metal probe.c, built with Debian's gcc-arm-linux-gnueabihf.
# qemu.test.ts compares our GIC with those files.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$here"
record() { # script machine-options
	npx tsx gen-header.ts "$1" > "$tmp/steps.h" 2>/dev/null
	arm-linux-gnueabihf-gcc -O1 -marm -march=armv7ve -mfloat-abi=soft -ffreestanding -nostdlib \
		-fno-builtin -I"$tmp" -T link.ld -Wl,--no-warn-rwx-segments -o "$tmp/probe.elf" start.S probe.c
	timeout 10 qemu-system-arm -M "virt,$2,gic-version=2" -cpu cortex-a15 -smp 2 -m 256 \
		-nographic -monitor none -serial stdio -kernel "$tmp/probe.elf" > "$tmp/out.txt" 2>&1 || true
	{
		qemu-system-arm --version | head -1 | sed 's/^/# /'
		echo "# -M virt,$2,gic-version=2 -cpu cortex-a15 -smp 2"
		sed -n '/^BEGIN/,/^END/p' "$tmp/out.txt" | tr -d '\r' | sed '1d;$d'
	} > "qemu-7.2-$1.txt"
	echo "$1: recorded $(grep -vc '^#' "qemu-7.2-$1.txt") values"
}
record virt virtualization=on
record secure secure=on,virtualization=on
