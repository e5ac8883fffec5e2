// The Linux 32-bit ARM boot protocol (Documentation/arm/booting.rst) with QEMU's placement
// (hw/arm/boot.c): kernel at RAM + 64 KiB, initrd at RAM + min(RAM/2, 128 MiB),
// the DTB right after the initrd; the CPU enters the kernel with r0 = 0, r1 = the board id,
// r2 = the DTB's address, MMU off, interrupts masked, in SVC (or Hyp) mode.
import type { AddressSpace } from "@xena/machine";

export class LoaderError extends Error {
  override readonly name = "LoaderError";
}

export type KernelFormat = "zimage" | "uimage" | "elf";

/** Offsets QEMU uses: the (7-word) boot stub lives at the RAM base, the kernel 64 KiB above it. */
const KERNEL_OFFSET = 0x10000;
const INITRD_OFFSET_MAX = 128 * 2 ** 20;
const PAGE = 4096;

const be32 = (b: Uint8Array, o: number) => ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
const le32 = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
const le16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);

/** Recognizes a kernel image, or throws a LoaderError saying what it is not. */
export function detectKernelFormat(image: Uint8Array): KernelFormat {
  if (image.length >= 0x30 && le32(image, 0x24) === 0x016f2818) return "zimage";
  if (image.length >= 64 && be32(image, 0) === 0x27051956) return "uimage";
  if (image.length >= 52 && image[0] === 0x7f && image[1] === 0x45 && image[2] === 0x4c && image[3] === 0x46)
    return "elf";
  throw new LoaderError(
    `the kernel image (${image.length} bytes) is not a zImage (magic 0x016f2818 at 0x24), uImage or ELF file`,
  );
}

export interface LoadedKernel {
  readonly format: KernelFormat;
  readonly entry: number;
  /** First byte after the loaded image. */
  readonly end: number;
}

function requireRam(bus: AddressSpace, start: number, length: number, what: string): void {
  const ram = bus.findRam(start);
  if (ram === undefined || !ram.contains(start, length)) {
    throw new LoaderError(`${what} [0x${start.toString(16)}, 0x${(start + length).toString(16)}) does not fit in RAM`);
  }
}

/** Loads a kernel into RAM at `ramBase` (zImage and uImage at their load address, ELF by its segments). */
export function loadKernel(bus: AddressSpace, ramBase: number, image: Uint8Array): LoadedKernel {
  const format = detectKernelFormat(image);
  if (format === "zimage") {
    const start = le32(image, 0x28);
    const end = le32(image, 0x2c);
    if (end < start || end - start > image.length + 0x10000000) {
      throw new LoaderError(`corrupt zImage header: start 0x${start.toString(16)}, end 0x${end.toString(16)}`);
    }
    const at = ramBase + KERNEL_OFFSET;
    requireRam(bus, at, image.length, "the zImage");
    bus.writeBytes(at, image);
    return { format, entry: at, end: at + image.length };
  }
  if (format === "uimage") {
    const size = be32(image, 12);
    const load = be32(image, 16);
    const entry = be32(image, 20);
    const type = image[30];
    const compression = image[31];
    if (type !== 2) throw new LoaderError(`uImage type ${type} is not a kernel (2)`);
    if (compression !== 0) throw new LoaderError(`compressed uImage payloads (type ${compression}) are not supported`);
    if (64 + size > image.length) throw new LoaderError(`truncated uImage: header says ${size} bytes of data`);
    // Like QEMU, a load address of 0 means "at the usual kernel offset".
    const at = load === 0 ? ramBase + KERNEL_OFFSET : load;
    requireRam(bus, at, size, "the uImage payload");
    bus.writeBytes(at, image.subarray(64, 64 + size));
    return { format, entry: load === 0 ? at : entry, end: at + size };
  }
  return loadElf(bus, image);
}

function loadElf(bus: AddressSpace, image: Uint8Array): LoadedKernel {
  if (image[4] !== 1 || image[5] !== 1) throw new LoaderError("only 32-bit little-endian ELF kernels are supported");
  if (le16(image, 18) !== 40) throw new LoaderError(`ELF machine ${le16(image, 18)} is not ARM (40)`);
  const phoff = le32(image, 28);
  const phentsize = le16(image, 42);
  const phnum = le16(image, 44);
  if (phentsize < 32 || phoff + phnum * phentsize > image.length) throw new LoaderError("corrupt ELF program headers");
  let end = 0;
  let loaded = 0;
  for (let i = 0; i < phnum; i++) {
    const ph = phoff + i * phentsize;
    if (le32(image, ph) !== 1) continue; // PT_LOAD
    const offset = le32(image, ph + 4);
    const paddr = le32(image, ph + 12);
    const filesz = le32(image, ph + 16);
    const memsz = le32(image, ph + 20);
    if (offset + filesz > image.length || filesz > memsz) throw new LoaderError(`corrupt ELF segment ${i}`);
    requireRam(bus, paddr, memsz, `ELF segment ${i}`);
    bus.writeBytes(paddr, image.subarray(offset, offset + filesz));
    if (memsz > filesz) bus.writeBytes(paddr + filesz, new Uint8Array(memsz - filesz));
    end = Math.max(end, paddr + memsz);
    loaded++;
  }
  if (loaded === 0) throw new LoaderError("the ELF file has no loadable segments");
  return { format: "elf", entry: le32(image, 24), end };
}

export interface BootLayout {
  readonly kernel: LoadedKernel;
  readonly initrd?: { readonly start: number; readonly end: number };
  readonly dtb: number;
}

const alignUp = (v: number, a: number) => Math.ceil(v / a) * a;

/**
 * Loads kernel, initrd and DTB the way QEMU places them. `makeDtb` receives the initrd range (for
 * /chosen) and returns the blob to load.
 */
export function loadLinux(
  bus: AddressSpace,
  ram: { readonly base: number; readonly size: number },
  kernelImage: Uint8Array,
  initrdImage: Uint8Array | undefined,
  makeDtb: (initrd: { start: number; end: number } | undefined) => Uint8Array,
): BootLayout {
  const kernel = loadKernel(bus, ram.base, kernelImage);
  let slot = ram.base + Math.min(ram.size / 2, INITRD_OFFSET_MAX);
  slot = alignUp(Math.max(slot, kernel.end), PAGE);
  let initrd: { start: number; end: number } | undefined;
  if (initrdImage !== undefined) {
    if (slot + initrdImage.length > ram.base + ram.size) {
      throw new LoaderError(
        `the initrd (${initrdImage.length} bytes) does not fit in RAM above 0x${slot.toString(16)} (RAM ends at 0x${(ram.base + ram.size).toString(16)}); give the machine more memory`,
      );
    }
    bus.writeBytes(slot, initrdImage);
    initrd = { start: slot, end: slot + initrdImage.length };
    slot = alignUp(initrd.end, PAGE);
  }
  const dtb = makeDtb(initrd);
  if (slot + dtb.length > ram.base + ram.size) throw new LoaderError("the device tree does not fit in RAM");
  bus.writeBytes(slot, dtb);
  return { kernel, initrd, dtb: slot };
}
