// ELF32 executables for the Linux user-mode front end: reads and checks the file header and the
// program headers of a static ARM executable (EM_ARM, little-endian, EABI). Any problem with the
// file is an ElfError with a message that says what is wrong; nothing here can throw anything else.

/** A malformed ELF file, or one the front end cannot run (wrong machine, dynamic, big-endian...). */
export class ElfError extends Error {
  override readonly name = "ElfError";
}

export const PT = { NULL: 0, LOAD: 1, DYNAMIC: 2, INTERP: 3, NOTE: 4, PHDR: 6, TLS: 7, GNU_STACK: 0x6474e551 } as const;
export const PF = { X: 1, W: 2, R: 4 } as const;
export const ET = { REL: 1, EXEC: 2, DYN: 3, CORE: 4 } as const;
export const EM_ARM = 40;

export interface ProgramHeader {
  readonly type: number;
  readonly offset: number;
  readonly vaddr: number;
  readonly filesz: number;
  readonly memsz: number;
  readonly flags: number;
  readonly align: number;
}

export interface ElfImage {
  readonly type: number;
  readonly entry: number;
  readonly flags: number;
  /** File offset, entry size and count of the program headers (for AT_PHDR/AT_PHENT/AT_PHNUM). */
  readonly phoff: number;
  readonly phentsize: number;
  readonly phnum: number;
  readonly segments: readonly ProgramHeader[];
  /** PT_LOAD segments, in file order. */
  readonly loads: readonly ProgramHeader[];
  /** Whether PT_GNU_STACK asks for an executable stack. */
  readonly execStack: boolean;
}

/** Highest user address + 1 the loader accepts (the 3G/1G split's TASK_SIZE). */
export const ELF_USER_LIMIT = 0xbf000000;

/**
 * Parses and checks an ELF32 ARM executable. Accepts ET_EXEC and static-PIE ET_DYN files without
 * an interpreter; rejects everything else with an ElfError.
 */
export function parseElf(bytes: Uint8Array): ElfImage {
  if (!(bytes instanceof Uint8Array)) throw new ElfError("not a byte array");
  if (bytes.length < 4 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    const script = bytes[0] === 0x23 && bytes[1] === 0x21 ? ": a script (#!), not an executable" : " (bad magic)";
    throw new ElfError(`not an ELF file${script}`);
  }
  if (bytes.length < 52) throw new ElfError(`file too short for an ELF header (${bytes.length} bytes)`);
  if (bytes[4] !== 1)
    throw new ElfError(bytes[4] === 2 ? "64-bit ELF: an ARMv7 core runs ELF32 only" : "bad ELF class");
  if (bytes[5] !== 1) {
    throw new ElfError(bytes[5] === 2 ? "big-endian ELF (armeb) is not supported" : "bad ELF data encoding");
  }
  if (bytes[6] !== 1) throw new ElfError(`unsupported ELF version ${bytes[6]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number) => view.getUint16(o, true);
  const u32 = (o: number) => view.getUint32(o, true);
  const type = u16(16);
  const machine = u16(18);
  if (machine !== EM_ARM) throw new ElfError(`not an ARM executable (e_machine ${machine}, ARM is ${EM_ARM})`);
  if (type === ET.REL) throw new ElfError("relocatable object file (.o), not an executable: link it first");
  if (type === ET.CORE) throw new ElfError("core dump, not an executable");
  if (type !== ET.EXEC && type !== ET.DYN) throw new ElfError(`unsupported ELF type ${type}`);
  const entry = u32(24);
  const phoff = u32(28);
  const flags = u32(36);
  const phentsize = u16(42);
  const phnum = u16(44);
  const eabi = flags >>> 24;
  if (eabi === 0) throw new ElfError("legacy-ABI (OABI) executable: only EABI binaries are supported");
  if (eabi > 5) throw new ElfError(`unknown ARM EABI version ${eabi}`);
  if (phnum === 0) throw new ElfError("no program headers: nothing to load");
  if (phentsize !== 32) throw new ElfError(`program header size ${phentsize}, expected 32`);
  if (phoff + phnum * phentsize > bytes.length) throw new ElfError("program headers extend beyond the end of the file");
  const segments: ProgramHeader[] = [];
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * phentsize;
    segments.push({
      type: u32(o),
      offset: u32(o + 4),
      vaddr: u32(o + 8),
      filesz: u32(o + 16),
      memsz: u32(o + 20),
      flags: u32(o + 24),
      align: u32(o + 28),
    });
  }
  const interp = segments.find((s) => s.type === PT.INTERP);
  if (interp !== undefined) {
    let name = "";
    if (interp.offset + interp.filesz <= bytes.length) {
      name = new TextDecoder()
        .decode(bytes.subarray(interp.offset, interp.offset + interp.filesz))
        .replace(/\0.*$/s, "");
    }
    throw new ElfError(
      `dynamically linked executable (interpreter ${name || "?"}): only static executables are supported`,
    );
  }
  const loads = segments.filter((s) => s.type === PT.LOAD);
  if (loads.length === 0) throw new ElfError("no PT_LOAD segment: nothing to load");
  for (const s of loads) {
    const where = `PT_LOAD at 0x${s.vaddr.toString(16)}`;
    if (s.filesz > s.memsz) throw new ElfError(`${where}: file size 0x${s.filesz.toString(16)} > memory size`);
    if (s.offset + s.filesz > bytes.length) throw new ElfError(`${where}: contents extend beyond the end of the file`);
    if (s.memsz === 0) continue;
    if (type === ET.EXEC && s.vaddr < 0x1000) throw new ElfError(`${where}: maps the first page (address 0)`);
    if (s.vaddr + s.memsz > ELF_USER_LIMIT) {
      throw new ElfError(`${where}: ends at 0x${(s.vaddr + s.memsz).toString(16)}, beyond the user address space`);
    }
  }
  const inSegment = loads.some((s) => entry >= s.vaddr && entry < s.vaddr + s.memsz);
  if (!inSegment) throw new ElfError(`entry point 0x${entry.toString(16)} is outside every PT_LOAD segment`);
  const stack = segments.find((s) => s.type === PT.GNU_STACK);
  return {
    type,
    entry,
    flags,
    phoff,
    phentsize,
    phnum,
    segments,
    loads,
    execStack: stack === undefined || (stack.flags & PF.X) !== 0,
  };
}
