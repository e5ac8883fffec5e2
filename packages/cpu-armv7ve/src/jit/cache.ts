// Compiled blocks of one RAM region, shared by every core on it. Blocks are keyed by physical
// address (plus the virtual address they were compiled for, since PC-relative values are
// constants in the code) and never cross a 4 KiB page. A page that holds compiled code loses its
// write fast path in every core's TLB, so each store to it goes through the CPU's slow path,
// which drops the page's blocks; DMA writes drop them through the bus's RAM-write observer.
import type { RamRegion } from "@xena/machine";
import type { ArmCpu } from "../cpu.js";
import { addFlags, subFlags } from "../exec/alu.js";
import { condExpr, type EmitContext, emitA32 } from "./a32.js";

/** A compiled block: runs at most about `budget` instructions, returns how many retired. */
export type Block = (c: ArmCpu, budget: number) => number;

interface BlockEntry {
  readonly va: number;
  readonly fn: Block;
}

/** Instructions per block at most (blocks also end at branches, system instructions and page ends). */
const MAX_BLOCK = 48;
/** A block start is compiled once it has been entered this many times by the interpreter. */
export const DEFAULT_JIT_THRESHOLD = 24;

const FAST_BITS = 12;
const FAST_MASK = (1 << FAST_BITS) - 1;

const caches = new WeakMap<RamRegion, CodeCache>();

export class CodeCache {
  /** 1 for pages holding compiled code. */
  readonly pageHasCode: Uint8Array;
  private readonly blocks = new Map<number, BlockEntry>();
  private readonly blocksOfPage = new Map<number, number[]>();
  /** Direct-mapped lookup in front of the map: physical offset and virtual address tags. */
  private readonly fastOff = new Int32Array(1 << FAST_BITS).fill(-1);
  private readonly fastVa = new Int32Array(1 << FAST_BITS);
  private readonly fastFn: (Block | undefined)[] = new Array(1 << FAST_BITS);
  private readonly hot = new Uint8Array(1 << 16);
  private readonly cpus: ArmCpu[] = [];
  /** Blocks compiled so far (statistics). */
  compiled = 0;

  private constructor(
    private readonly ram: RamRegion,
    onRamWrite: (observer: (address: number, length: number) => void) => void,
  ) {
    this.pageHasCode = new Uint8Array(Math.ceil(ram.size / 4096));
    onRamWrite((address, length) => {
      const ram = this.ram;
      if (address + length <= ram.base || address >= ram.end) return;
      const first = Math.max(0, Math.floor((address - ram.base) / 4096));
      const last = Math.min(this.pageHasCode.length - 1, Math.floor((address + length - 1 - ram.base) / 4096));
      for (let p = first; p <= last; p++) if (this.pageHasCode[p] !== 0) this.invalidatePage(p);
    });
  }

  /** The cache of a RAM region (created on first use). */
  static of(ram: RamRegion, onRamWrite: (observer: (address: number, length: number) => void) => void): CodeCache {
    let c = caches.get(ram);
    if (c === undefined) {
      c = new CodeCache(ram, onRamWrite);
      caches.set(ram, c);
    }
    return c;
  }

  register(cpu: ArmCpu): void {
    this.cpus.push(cpu);
  }

  /** The block compiled for physical offset `off` and virtual address `va`, if any. */
  lookup(off: number, va: number): Block | undefined {
    const i = (off >>> 2) & FAST_MASK;
    if (this.fastOff[i] === off && this.fastVa[i] === (va | 0)) return this.fastFn[i];
    const e = this.blocks.get(off);
    if (e === undefined || e.va !== va) return undefined;
    this.fastOff[i] = off;
    this.fastVa[i] = va | 0;
    this.fastFn[i] = e.fn;
    return e.fn;
  }

  /** Counts an entry into an uncompiled block start; true once it is hot enough to compile. */
  isHot(off: number, threshold: number): boolean {
    const i = (off >>> 2) & 0xffff;
    const n = this.hot[i] + 1;
    if (n >= threshold) {
      this.hot[i] = 0;
      return true;
    }
    this.hot[i] = n;
    return false;
  }

  /** Compiles the A32 block starting at virtual `va` = physical offset `off` of this RAM. */
  compileArm(va: number, off: number): Block {
    const words = this.ram.i32;
    const page = off >>> 12;
    const handlers: unknown[] = [];
    const names: string[] = [];
    const ctx: EmitContext = {
      handler(fn) {
        let k = handlers.indexOf(fn);
        if (k < 0) {
          k = handlers.length;
          handlers.push(fn);
          names.push(`h${k}`);
        }
        return `h${k}`;
      },
    };
    const body: string[] = [];
    let n = 0;
    let ended = false;
    let loopBranch: { code: string; conditional: boolean } | undefined;
    for (; n < MAX_BLOCK; n++) {
      const pc = (va + 4 * n) >>> 0;
      const o = off + 4 * n;
      if (o >>> 12 !== page) break;
      const e = emitA32(words[o >>> 2], pc, ctx);
      if (e.ends && e.target === va >>> 0 && n > 0) {
        // A branch back to the block's start: compile the block as a loop.
        loopBranch = { code: e.code, conditional: e.conditional === true };
        n++;
        ended = true;
        break;
      }
      if (e.ends && e.conditional && e.branchCond !== undefined && e.target !== undefined && (o + 4) >>> 12 === page) {
        // A conditional branch elsewhere: a side exit; the fall-through path stays in the block.
        const link = e.link === undefined ? "" : `r[14] = ${e.link}; `;
        body.push(`if (${condExpr(e.branchCond)}) { ${link}c.pc = ${e.target}; return DONE + ${n + 1}; }`);
        continue;
      }
      body.push(e.ends || !e.calls ? e.code : `${e.code} if (c.exitReq !== 0) return DONE + ${n + 1};`);
      if (e.ends) {
        n++;
        ended = true;
        break;
      }
    }
    const next = (va + 4 * n) >>> 0;
    let src: string;
    if (loopBranch !== undefined) {
      // c.jitDone: instructions of earlier iterations, for counting when an abort unwinds.
      src = `let DONE = 0;
for (;;) {
c.jitDone = DONE;
${body.join("\n")}
DONE += ${n};
${loopBranch.code}
if (c.pc !== ${va >>> 0} || DONE >= budget || c.exitReq !== 0) return DONE;
}`;
    } else {
      src = `const DONE = 0;
${body.join("\n")}
${ended ? "" : `c.pc = ${next};`}
return ${n};`;
    }
    const fn = new Function(
      ...names,
      "addFlags",
      "subFlags",
      `return function block_${(va >>> 0).toString(16)}(c, budget) {\nconst r = c.r;\n${src}\n};`,
    )(...handlers, addFlags, subFlags) as Block;
    this.install(off, va, fn);
    return fn;
  }

  private install(off: number, va: number, fn: Block): void {
    const page = off >>> 12;
    this.blocks.set(off, { va, fn });
    const list = this.blocksOfPage.get(page);
    if (list === undefined) this.blocksOfPage.set(page, [off]);
    else list.push(off);
    const i = (off >>> 2) & FAST_MASK;
    this.fastOff[i] = off;
    this.fastVa[i] = va | 0;
    this.fastFn[i] = fn;
    this.compiled++;
    if (this.pageHasCode[page] === 0) {
      this.pageHasCode[page] = 1;
      for (const cpu of this.cpus) cpu.revokeFastWrites(page);
    }
  }

  /** Drops every block of a page (its code was written). */
  invalidatePage(page: number): void {
    const list = this.blocksOfPage.get(page);
    if (list !== undefined) {
      for (const off of list) {
        this.blocks.delete(off);
        const i = (off >>> 2) & FAST_MASK;
        if (this.fastOff[i] === off) this.fastOff[i] = -1;
      }
      this.blocksOfPage.delete(page);
    }
    this.pageHasCode[page] = 0;
  }
}
