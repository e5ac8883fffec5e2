import { readFileSync } from "node:fs";
import { loadManifest } from "@xena/guests";
import { AddressSpace } from "@xena/machine";
import { describe, expect, it } from "vitest";
import { detectKernelFormat, LoaderError, loadLinux } from "../src/boot.js";

const RAM = { base: 0x4000_0000, size: 256 * 2 ** 20 };

function machine() {
  const bus = new AddressSpace();
  bus.addRam("ram", RAM.base, RAM.size);
  return bus;
}

describe("Linux loader", () => {
  it("recognizes Debian's armmp-lpae zImage and places kernel, initrd and DTB as QEMU does", () => {
    const zimage = new Uint8Array(readFileSync(loadManifest().vmlinuz));
    expect(detectKernelFormat(zimage)).toBe("zimage");
    const bus = machine();
    const initrd = new Uint8Array(3 * 2 ** 20).fill(0xaa);
    let seen: { start: number; end: number } | undefined;
    const layout = loadLinux(bus, RAM, zimage, initrd, (range) => {
      seen = range;
      return new Uint8Array(100).fill(0xdd);
    });
    expect(layout.kernel.entry).toBe(0x4001_0000);
    expect(layout.initrd).toEqual({ start: 0x4800_0000, end: 0x4800_0000 + initrd.length });
    expect(seen).toEqual(layout.initrd);
    expect(layout.dtb).toBe(0x4830_0000);
    const first = new Uint8Array(4);
    bus.readBytes(0x4001_0000, first);
    expect(Array.from(first)).toEqual(Array.from(zimage.subarray(0, 4)));
    expect(bus.read(0x4830_0000, 1)).toBe(0xdd);
  });

  it("puts the initrd above a kernel that reaches past RAM/2", () => {
    const bus = machine();
    const small = { base: RAM.base, size: 16 * 2 ** 20 };
    const kernel = new Uint8Array(12 * 2 ** 20);
    new DataView(kernel.buffer).setUint32(0x24, 0x016f2818, true);
    new DataView(kernel.buffer).setUint32(0x2c, kernel.length, true);
    const layout = loadLinux(bus, small, kernel, new Uint8Array(4096), () => new Uint8Array(8));
    expect(layout.initrd?.start).toBe(0x4001_0000 + 12 * 2 ** 20);
  });

  it("explains what is wrong with bad images and layouts", () => {
    const bus = machine();
    expect(() => loadLinux(bus, RAM, new Uint8Array(100), undefined, () => new Uint8Array(8))).toThrow(/not a zImage/);
    const kernel = new Uint8Array(0x40);
    new DataView(kernel.buffer).setUint32(0x24, 0x016f2818, true);
    expect(() => loadLinux(bus, RAM, kernel, new Uint8Array(200 * 2 ** 20), () => new Uint8Array(8))).toThrowError(
      /initrd .* does not fit in RAM/,
    );
    const elf = new Uint8Array(64);
    elf.set([0x7f, 0x45, 0x4c, 0x46, 1, 1]);
    new DataView(elf.buffer).setUint16(18, 62, true);
    expect(() => loadLinux(bus, RAM, elf, undefined, () => new Uint8Array(8))).toThrow(LoaderError);
  });
});
