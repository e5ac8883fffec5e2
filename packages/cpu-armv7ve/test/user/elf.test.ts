import { describe, expect, it } from "vitest";
import { ElfError, parseElf, UserProcess, UserProcessError } from "../../src/user/index.js";
import { Rng } from "../diff/generator.js";
import { assembleRuntime, buildElf } from "../diff/program.js";

/** A valid static ELF (the differential test's program without cases). */
function validElf(): Uint8Array {
  return buildElf(assembleRuntime(false).code, []);
}

function patch(bytes: Uint8Array, offset: number, size: 1 | 2 | 4, value: number): Uint8Array {
  const b = bytes.slice();
  const dv = new DataView(b.buffer);
  if (size === 1) dv.setUint8(offset, value);
  else if (size === 2) dv.setUint16(offset, value, true);
  else dv.setUint32(offset, value >>> 0, true);
  return b;
}

const PH = 52; // first program header (the RW variables page)
const PH_TEXT = PH + 32;

describe("ELF loader", () => {
  it("reads the program headers of a static ARM executable", () => {
    const elf = parseElf(validElf());
    expect(elf.entry).toBe(0x11000);
    expect(elf.loads.map((s) => s.vaddr)).toEqual([0x10000, 0x11000, expect.any(Number)]);
    expect(elf.phnum).toBe(4);
    expect(elf.execStack).toBe(false);
  });

  it.each([
    ["too short", new Uint8Array(10), /not an ELF file/],
    ["truncated", validElf().slice(0, 40), /too short/],
    ["bad magic", patch(validElf(), 0, 4, 0x12345678), /not an ELF file/],
    ["64-bit", patch(validElf(), 4, 1, 2), /64-bit/],
    ["big-endian", patch(validElf(), 5, 1, 2), /big-endian/],
    ["another machine", patch(validElf(), 18, 2, 62), /not an ARM executable \(e_machine 62/],
    ["an object file", patch(validElf(), 16, 2, 1), /relocatable object/],
    ["a core dump", patch(validElf(), 16, 2, 4), /core dump/],
    ["OABI", patch(validElf(), 36, 4, 0), /OABI/],
    ["no program headers", patch(validElf(), 44, 2, 0), /no program headers/],
    ["odd header size", patch(validElf(), 42, 2, 40), /program header size 40/],
    ["headers past the end", patch(validElf(), 28, 4, 0x7fffff00), /beyond the end of the file/],
    ["dynamic", patch(validElf(), PH, 4, 3), /dynamically linked/],
    ["segment past the file", patch(validElf(), PH_TEXT + 4, 4, 0x7ffff000), /contents extend beyond the end/],
    ["filesz > memsz", patch(patch(validElf(), PH_TEXT + 20, 4, 4), PH_TEXT + 16, 4, 8), /file size 0x8 > memory size/],
    ["page zero", patch(patch(validElf(), PH + 8, 4, 0), PH + 12, 4, 0), /maps the first page/],
    ["kernel addresses", patch(validElf(), PH_TEXT + 8, 4, 0xc0000000), /beyond the user address space/],
    ["entry outside", patch(validElf(), 24, 4, 0x800000), /entry point 0x800000 is outside/],
  ])("rejects %s with an ElfError", (_name, bytes, message) => {
    expect(() => parseElf(bytes)).toThrow(ElfError);
    expect(() => parseElf(bytes)).toThrow(message);
    expect(() => new UserProcess({ ramSize: 4 << 20 }).load(bytes, ["x"])).toThrow(ElfError);
  });

  it("never crashes the host on corrupted files: every failure is an ElfError or a UserProcessError", () => {
    const base = validElf();
    const rng = new Rng(99);
    let loaded = 0;
    for (let i = 0; i < 200; i++) {
      const b = base.slice(0, 4096 + 8192);
      const flips = 1 + rng.below(8);
      for (let k = 0; k < flips; k++) {
        // Mostly the headers, sometimes anywhere.
        const at = rng.chance(0.8) ? rng.below(52 + 4 * 32) : rng.below(b.length);
        b[at] = rng.u32() & 0xff;
      }
      try {
        new UserProcess({ ramSize: 4 << 20 }).load(b, ["x"]);
        loaded++;
      } catch (e) {
        if (!(e instanceof ElfError) && !(e instanceof UserProcessError)) throw e;
      }
    }
    expect(loaded).toBeGreaterThan(0);
  });

  it("loads a static-PIE executable (ET_DYN without an interpreter) at a fixed base", () => {
    // The same program, marked ET_DYN: its absolute addresses are then off, but it loads.
    const p = new UserProcess({ ramSize: 8 << 20 });
    p.load(patch(validElf(), 16, 2, 3), ["pie"]);
    expect(p.cpu.pc).toBe(0x00400000 + 0x1000);
  });
});
