// The address space of a user-mode process: short-descriptor page tables (4 KiB small pages) that
// the core's MMU walks, built in a region of physical RAM the process cannot see, plus a JS-side
// map of the same pages for the system calls. Mappings are reserved eagerly and populated lazily:
// the first touch of a page faults, the front end allocates a zeroed frame and restarts the
// instruction, as Linux does. Page 0 and everything above TASK_SIZE stay unmapped, except the
// vector page at 0xffff0000 (exception vectors + the kuser helpers).
import type { AddressSpace, RamRegion } from "@xena/machine";
import type { ArmCpu } from "../cpu.js";
import { PROT } from "./abi.js";

export const PAGE_SIZE = 4096;
const PAGES = 1 << 20;
/** End of the user address space (3G/1G split, minus the 16 MiB module area). */
export const TASK_SIZE = 0xbf000000;
/** Top of the initial stack and size of its reservation (RLIMIT_STACK). */
export const STACK_TOP = TASK_SIZE;
export const STACK_SIZE = 8 * 1024 * 1024;
/** mmap allocates top-down below here (TASK_SIZE minus the 128 MiB stack gap). */
export const MMAP_TOP = TASK_SIZE - 128 * 1024 * 1024;
/** The high-vectors page: exception vectors (ours) and the ARM Linux kuser helpers. */
export const VECTOR_PAGE = 0xffff0000;

const MAPPED = 0x80;
/** Physical layout: the vector page frame, then the first-level table, then allocatable frames. */
const VECTOR_FRAME = 1;
const L1_BASE = 0x4000;
const FIRST_FREE = 0x8000;
const ZERO_PAGE = new Uint8Array(PAGE_SIZE);

/** A user-memory access the front end refused (unmapped, no permission, out of RAM). */
export class MemoryFault extends Error {
  override readonly name = "MemoryFault";
}

export class UserMemory {
  /** Per virtual page: MAPPED | PROT bits, 0 when unmapped. */
  readonly prot = new Uint8Array(PAGES);
  /** Per 1 MiB section, per virtual page: physical frame number + 1, 0 while not populated. */
  private readonly frames: (Int32Array | undefined)[] = new Array(4096);
  /** Physical address of the second-level table of each 1 MiB section (0: none yet). */
  private readonly l2 = new Float64Array(4096);
  private readonly freeFrames: number[] = [];
  private nextFrame: number;
  private readonly frameLimit: number;
  private readonly u8: Uint8Array;
  private readonly dv: DataView;
  /** Frames in use by user pages (for tests and statistics). */
  populated = 0;

  private frameOf(vpage: number): number {
    const sec = this.frames[vpage >>> 8];
    return sec === undefined ? 0 : sec[vpage & 0xff];
  }

  private setFrame(vpage: number, value: number): void {
    let sec = this.frames[vpage >>> 8];
    if (sec === undefined) {
      if (value === 0) return;
      sec = new Int32Array(256);
      this.frames[vpage >>> 8] = sec;
    }
    sec[vpage & 0xff] = value;
  }

  constructor(
    readonly ram: RamRegion,
    private readonly cpu: ArmCpu,
    /** RAM writes go through the bus so that its observers (the code cache) see them. */
    private readonly bus: AddressSpace,
  ) {
    if (ram.base !== 0) throw new Error("the user-mode RAM region must start at physical address 0");
    if (ram.size < 1 << 20) throw new Error("the user-mode RAM region must be at least 1 MiB");
    this.u8 = ram.u8;
    this.dv = ram.view;
    this.nextFrame = FIRST_FREE / PAGE_SIZE;
    this.frameLimit = ram.size / PAGE_SIZE;
  }

  /** Physical address of the first-level table (TTBR0). */
  get ttbr0(): number {
    return L1_BASE;
  }

  /** Installs the vector page (read-only, executable at PL0 and PL1) with the given contents. */
  installVectorPage(contents: Uint8Array): void {
    const pa = VECTOR_FRAME * PAGE_SIZE;
    const page = new Uint8Array(PAGE_SIZE);
    page.set(contents.subarray(0, PAGE_SIZE));
    this.bus.writeBytes(pa, page);
    const vpage = VECTOR_PAGE >>> 12;
    this.prot[vpage] = MAPPED | PROT.READ | PROT.EXEC;
    this.setFrame(vpage, VECTOR_FRAME + 1);
    this.writePte(vpage);
  }

  // ---- physical frames ------------------------------------------------------------------------

  private allocFrame(): number {
    const f = this.freeFrames.pop();
    if (f !== undefined) {
      this.bus.writeBytes(f * PAGE_SIZE, ZERO_PAGE);
      return f;
    }
    if (this.nextFrame >= this.frameLimit) {
      throw new MemoryFault(`out of guest RAM (${this.ram.size / (1 << 20)} MiB): raise the RAM size`);
    }
    return this.nextFrame++;
  }

  private l2Table(vpage: number): number {
    const sec = vpage >>> 8;
    if (this.l2[sec] === 0) {
      // One frame holds the four 1 KiB second-level tables of four neighbouring sections.
      const f = this.allocFrame();
      const group = sec & ~3;
      for (let k = 0; k < 4; k++) {
        const table = f * PAGE_SIZE + k * 1024;
        this.l2[group + k] = table;
        this.dv.setUint32(L1_BASE + (group + k) * 4, table | 1, true);
      }
    }
    return this.l2[sec];
  }

  private writePte(vpage: number): void {
    const table = this.l2Table(vpage);
    const f = this.frameOf(vpage);
    const p = this.prot[vpage];
    let d = 0;
    if (f !== 0 && (p & (PROT.READ | PROT.WRITE | PROT.EXEC)) !== 0) {
      // Small page; TEX=001 C=1 B=1 (normal, write-back); AP[2:0] = 011 (RW at PL0) or 111 (read-only).
      d = (((f - 1) * PAGE_SIZE) | (1 << 6) | 0xc | 2) >>> 0;
      d |= p & PROT.WRITE ? 3 << 4 : (1 << 9) | (3 << 4);
      if ((p & PROT.EXEC) === 0) d |= 1;
    }
    this.dv.setUint32(table + (vpage & 0xff) * 4, d, true);
  }

  // ---- mappings -------------------------------------------------------------------------------

  isMapped(vpage: number): boolean {
    return (this.prot[vpage] & MAPPED) !== 0;
  }

  /** Whether every page of [va, va + len) is free. */
  isFree(va: number, len: number): boolean {
    const first = va >>> 12;
    const last = (va + len - 1) >>> 12;
    for (let p = first; p <= last; p++) if (this.prot[p] !== 0) return false;
    return true;
  }

  /** Reserves [va, va + len) (page aligned) with `prot`; pages already there are replaced. */
  map(va: number, len: number, prot: number): void {
    const first = va >>> 12;
    const count = Math.ceil(len / PAGE_SIZE);
    for (let p = first; p < first + count; p++) {
      if (this.frameOf(p) !== 0) this.release(p);
      this.prot[p] = MAPPED | (prot & 7);
    }
    this.cpu.flushTlb();
  }

  /** Unmaps [va, va + len), freeing populated frames. */
  unmap(va: number, len: number): void {
    const first = va >>> 12;
    const count = Math.ceil(len / PAGE_SIZE);
    for (let p = first; p < first + count && p < PAGES; p++) {
      if (this.frameOf(p) !== 0) this.release(p);
      this.prot[p] = 0;
    }
    this.cpu.flushTlb();
  }

  /** Changes the protection of mapped pages in [va, va + len); false if a page is unmapped. */
  protect(va: number, len: number, prot: number): boolean {
    const first = va >>> 12;
    const count = Math.ceil(len / PAGE_SIZE);
    for (let p = first; p < first + count; p++) if (!this.isMapped(p)) return false;
    for (let p = first; p < first + count; p++) {
      this.prot[p] = MAPPED | (prot & 7);
      if (this.frameOf(p) !== 0) this.writePte(p);
    }
    this.cpu.flushTlb();
    return true;
  }

  /** Moves the pages of [from, from + len) to [to, to + len) (mremap); the target must be free. */
  move(from: number, to: number, len: number): void {
    const count = Math.ceil(len / PAGE_SIZE);
    const src = from >>> 12;
    const dst = to >>> 12;
    for (let i = 0; i < count; i++) {
      this.prot[dst + i] = this.prot[src + i];
      this.setFrame(dst + i, this.frameOf(src + i));
      if (this.frameOf(dst + i) !== 0) this.writePte(dst + i);
      this.setFrame(src + i, 0);
      this.prot[src + i] = 0;
      this.clearPte(src + i);
    }
    this.cpu.flushTlb();
  }

  private release(vpage: number): void {
    const f = this.frameOf(vpage) - 1;
    this.setFrame(vpage, 0);
    if (f !== VECTOR_FRAME) {
      this.freeFrames.push(f);
      this.populated--;
    }
    this.clearPte(vpage);
  }

  private clearPte(vpage: number): void {
    const table = this.l2[vpage >>> 8];
    if (table !== 0) this.dv.setUint32(table + (vpage & 0xff) * 4, 0, true);
  }

  /** Gives a mapped page its frame (a zeroed page). Returns false if the page is not mapped. */
  populate(vpage: number): boolean {
    if (!this.isMapped(vpage)) return false;
    if (this.frameOf(vpage) !== 0) return true;
    this.setFrame(vpage, this.allocFrame() + 1);
    this.populated++;
    this.writePte(vpage);
    return true;
  }

  /**
   * Finds `len` bytes of free, page-aligned address space below `top` and above `bottom`
   * (top-down, as Linux's mmap does). Returns -1 if there is none.
   */
  findFree(len: number, top: number, bottom: number): number {
    const count = Math.ceil(len / PAGE_SIZE);
    let end = Math.floor(top / PAGE_SIZE);
    const lowest = Math.ceil(bottom / PAGE_SIZE);
    while (end - count >= lowest) {
      let ok = true;
      for (let p = end - 1; p >= end - count; p--) {
        if (this.prot[p] !== 0) {
          end = p;
          ok = false;
          break;
        }
      }
      if (ok) return (end - count) * PAGE_SIZE;
    }
    return -1;
  }

  // ---- access from the front end (system calls, loader) ----------------------------------------

  /**
   * Physical address of user byte `va` for an access needing `need` (PROT bits), populating the
   * page; -1 if the process may not access it.
   */
  physical(va: number, need: number): number {
    const vpage = va >>> 12;
    const p = this.prot[vpage];
    if ((p & MAPPED) === 0 || (p & need) !== need) return -1;
    if (this.frameOf(vpage) === 0) this.populate(vpage);
    return (this.frameOf(vpage) - 1) * PAGE_SIZE + (va & 0xfff);
  }

  /** Copies user memory out; undefined if any byte is not readable (EFAULT). */
  read(va: number, len: number): Uint8Array | undefined {
    const out = new Uint8Array(len);
    let done = 0;
    while (done < len) {
      const a = (va + done) >>> 0;
      const pa = this.physical(a, PROT.READ);
      if (pa < 0) return undefined;
      const n = Math.min(len - done, PAGE_SIZE - (a & 0xfff));
      out.set(this.u8.subarray(pa, pa + n), done);
      done += n;
    }
    return out;
  }

  /**
   * Copies into user memory; false if any byte is not writable (EFAULT). `force` writes
   * read-only pages too (the loader filling text segments).
   */
  write(va: number, data: Uint8Array, force = false): boolean {
    const need = force ? 0 : PROT.WRITE;
    for (let done = 0; done < data.length; ) {
      const a = (va + done) >>> 0;
      if (this.physical(a, need) < 0) return false;
      done += Math.min(data.length - done, PAGE_SIZE - (a & 0xfff));
    }
    let done = 0;
    while (done < data.length) {
      const a = (va + done) >>> 0;
      const pa = this.physical(a, need);
      const n = Math.min(data.length - done, PAGE_SIZE - (a & 0xfff));
      this.bus.writeBytes(pa, data.subarray(done, done + n));
      done += n;
    }
    return true;
  }

  /** Whether [va, va + len) is all accessible with `need`. */
  accessible(va: number, len: number, need: number): boolean {
    if (len === 0) return true;
    if (va + len > 2 ** 32) return false;
    const first = va >>> 12;
    const last = (va + len - 1) >>> 12;
    for (let p = first; p <= last; p++) {
      const pr = this.prot[p];
      if ((pr & MAPPED) === 0 || (pr & need) !== need) return false;
    }
    return true;
  }

  readU32(va: number): number | undefined {
    if ((va & 3) === 0) {
      const pa = this.physical(va, PROT.READ);
      return pa < 0 ? undefined : this.dv.getUint32(pa, true);
    }
    const b = this.read(va, 4);
    return b === undefined ? undefined : new DataView(b.buffer).getUint32(0, true);
  }

  writeU32(va: number, value: number): boolean {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, value >>> 0, true);
    return this.write(va, b);
  }

  /** A NUL-terminated string of at most `max` bytes (undefined on EFAULT or if too long). */
  readCString(va: number, max = 4096): Uint8Array | undefined {
    const out: number[] = [];
    for (let i = 0; i < max; i++) {
      const pa = this.physical((va + i) >>> 0, PROT.READ);
      if (pa < 0) return undefined;
      const b = this.u8[pa];
      if (b === 0) return Uint8Array.from(out);
      out.push(b);
    }
    return undefined;
  }
}
