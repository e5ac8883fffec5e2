#!/bin/sh
# Re-records qemu-7.2-virt.txt: runs script.ts on QEMU 7.2's generic timer (Debian's
# qemu-system-arm, -M virt,virtualization=on -cpu cortex-a15) through the bare-metal probe,
# built with Debian's gcc-arm-linux-gnueabihf. qemu.test.ts compares our timer with that file.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$here"
npx tsx gen.ts > "$tmp/steps.c" 2>/dev/null
arm-linux-gnueabihf-gcc -O1 -marm -march=armv7ve -mfloat-abi=soft -ffreestanding -nostdlib \
	-fno-builtin -I"$tmp" -T link.ld -Wl,--no-warn-rwx-segments -o "$tmp/probe.elf" start.S probe.c
timeout 10 qemu-system-arm -M virt,virtualization=on -cpu cortex-a15 -smp 1 -m 256 \
	-nographic -monitor none -serial stdio -kernel "$tmp/probe.elf" > "$tmp/out.txt" 2>&1 || true
{
	qemu-system-arm --version | head -1 | sed 's/^/# /'
	echo "# -M virt,virtualization=on -cpu cortex-a15 -smp 1"
	sed -n '/^BEGIN/,/^END/p' "$tmp/out.txt" | tr -d '\r' | sed '1d;$d'
} > qemu-7.2-virt.txt
echo "recorded $(grep -vc '^#' qemu-7.2-virt.txt) values"
