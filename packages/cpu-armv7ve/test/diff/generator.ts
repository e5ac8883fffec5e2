// The random case generator. A case is an initial state (r0-r14, NZCVQ/GE, FPSCR, D0-D31, the
// scratch buffer) and a short straight-line sequence of random encodings drawn from the encoding
// tables (randomEncoding + each row's UNPREDICTABLE rules), in ARM or Thumb state.
//
// Constraints keep every case runnable on both sides without exceptions:
// - r6 (offset), r7 and r13 (bases) start as small offsets / pointers into the scratch buffer;
//   memory rows get their base field set to r7 or r13 and register offsets to r6, and
//   instructions that would leave these registers outside their ranges are rejected;
// - no instruction may write the PC, branch, change the instruction set or take an exception;
// - every memory access must fall in the scratch buffer (reads may also hit code that is
//   already final: literal loads);
// - IMPLEMENTATION DEFINED / UNPREDICTABLE corners are avoided (see rows.ts and the checks below).
// To know where accesses go and which way conditions fall, each candidate is executed on a
// private core (this one, as the oracle of what the candidate does, not of its results) whose
// text and scratch are MMIO windows that record every access. A candidate our core finds
// UNDEFINED is not dropped silently: it is reported as an anomaly and probed against QEMU.
import { AddressSpace, type MmioWindow } from "@xena/machine";
import { depositField, extractFields, type Fields, randomEncoding } from "../../src/decode/pattern.js";
import { ArmCpu, Mode } from "../../src/index.js";
import { type CaseState, SCRATCH, SCRATCH_SIZE, TEXT, VARS } from "./program.js";
import {
  coreDestFields,
  decodeRow,
  EXTRA_UNPREDICTABLE,
  eligibleRows,
  type InstrSet,
  isMemoryRow,
  type Row,
  SHOULD_BE_FIXES,
  THUMB,
  USER_SUBSET,
  VFP_PRESENT,
  writesPc,
} from "./rows.js";

/** xoshiro128**: small, fast, seedable. */
export class Rng {
  private s = new Uint32Array(4);
  constructor(seed: number) {
    let x = seed >>> 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
  }
  u32(): number {
    const s = this.s;
    const result = Math.imul(((Math.imul(s[1], 5) << 7) | (Math.imul(s[1], 5) >>> 25)) >>> 0, 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = (s[3] << 11) | (s[3] >>> 21);
    return result;
  }
  below(n: number): number {
    return Math.floor((this.u32() / 2 ** 32) * n);
  }
  chance(p: number): boolean {
    return this.u32() / 2 ** 32 < p;
  }
  pick<T>(list: readonly T[]): T {
    return list[this.below(list.length)];
  }
}

export const OFFSET_REG = 6;
export const BASE_REGS = [7, 13] as const;
const OFFSET_MAX = 64;
const BASE_LO = SCRATCH + 64;
const BASE_HI = SCRATCH + SCRATCH_SIZE - 64;

export interface GeneratedInsn {
  readonly address: number;
  /** ARM word, T16 halfword, or T32 hw1 << 16 | hw2. */
  readonly word: number;
  readonly set: InstrSet;
  readonly row: string;
  /** An IT block is still open after this instruction (a case cannot be cut here). */
  readonly itOpen: boolean;
}

export interface GeneratedCase {
  readonly state: CaseState;
  readonly thumb: boolean;
  readonly address: number;
  readonly insns: readonly GeneratedInsn[];
  /** Code bytes of the case body (without the closing jump). */
  readonly bytes: Uint8Array;
}

/** A candidate our core raised UNDEFINED for: probed against QEMU by the harness. */
export interface Anomaly {
  readonly row: string;
  readonly set: InstrSet;
  readonly word: number;
  readonly state: CaseState;
  readonly address: number;
}

export interface GeneratorOptions {
  readonly seed: number;
  /** Instruction sets to use (default: A32, plus T16/T32 when the Thumb tables exist). */
  readonly sets?: readonly ("arm" | "thumb")[];
  readonly minLength?: number;
  readonly maxLength?: number;
  /** Compare VFP state (default: when the VFP tables exist). */
  readonly vfp?: boolean;
}

const TEXT_LIMIT = 64 * 1024 * 1024;

function interesting32(rng: Rng): number {
  switch (rng.below(8)) {
    case 0:
      return rng.below(256);
    case 1:
      return -rng.below(256) | 0;
    case 2:
      return rng.pick([0, 1, -1, 0x7fffffff, 0x80000000 | 0, 0x8000, 0xffff, 0x7fff, 0x80, 0xff, 0x10000]);
    case 3:
      return ((1 << rng.below(32)) + rng.below(3) - 1) | 0;
    default:
      return rng.u32() | 0;
  }
}

function interestingDouble(rng: Rng): [number, number] {
  switch (rng.below(10)) {
    case 0:
      return [0, rng.pick([0, 0x80000000, 0x7ff00000, 0xfff00000, 0x7ff80000, 0x3ff00000, 0xbff00000])];
    case 1:
      return [rng.u32(), rng.pick([0x7ff00000, 0xfff00000]) | rng.below(0x100000)]; // NaN / Inf space
    case 2:
      return [rng.u32(), rng.below(0x100000) | (rng.chance(0.5) ? 0x80000000 : 0)]; // denormal
    case 3: {
      // Two singles (S2n, S2n+1) from the interesting single-precision values.
      const s = () =>
        rng.pick([0, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7f800001, 0x3f800000, 0x00000001, 0x807fffff]) |
        0;
      return [s() >>> 0, s() >>> 0];
    }
    case 4: {
      // Moderate doubles: exponents near 1.0.
      return [
        rng.u32(),
        ((rng.chance(0.5) ? 0x80000000 : 0) | ((0x3f0 + rng.below(0x20)) << 20) | rng.below(0x100000)) >>> 0,
      ];
    }
    default:
      return [rng.u32(), rng.u32()];
  }
}

export function randomState(rng: Rng, vfp: boolean): CaseState {
  const regs = new Int32Array(15);
  for (let r = 0; r < 15; r++) regs[r] = interesting32(rng);
  regs[OFFSET_REG] = rng.chance(0.2) ? 0 : rng.below(OFFSET_MAX + 1);
  regs[7] = BASE_LO + 64 + rng.below(BASE_HI - BASE_LO - 128) + 0;
  if (rng.chance(0.75)) regs[7] &= ~3;
  regs[13] = (BASE_LO + 64 + rng.below(BASE_HI - BASE_LO - 128)) & ~3;
  const psr = ((rng.u32() & 0xf8000000) | ((rng.u32() & 0xf) << 16)) >>> 0;
  const vfpWords = new Uint32Array(64);
  let fpscr = 0;
  if (vfp) {
    for (let d = 0; d < 32; d++) {
      const [lo, hi] = interestingDouble(rng);
      vfpWords[2 * d] = lo >>> 0;
      vfpWords[2 * d + 1] = hi >>> 0;
    }
    // NZCV, AHP, DN, FZ, RMode and the cumulative exception flags; no vector length/stride, no traps.
    fpscr = (rng.u32() & 0xf7c0009f) >>> 0;
  }
  const scratch = new Uint8Array(SCRATCH_SIZE);
  for (let i = 0; i < SCRATCH_SIZE; i += 4) {
    const v = interesting32(rng);
    scratch[i] = v & 0xff;
    scratch[i + 1] = (v >>> 8) & 0xff;
    scratch[i + 2] = (v >>> 16) & 0xff;
    scratch[i + 3] = (v >>> 24) & 0xff;
  }
  return { regs, psr, fpscr, vfp: vfpWords, scratch };
}

/** Memory of the private core: text and scratch as MMIO windows that check every access. */
class ProbeMemory {
  readonly text = new Uint8Array(TEXT_LIMIT);
  /** Reads below this address in the text are of final bytes. */
  finalEnd = TEXT;
  readonly scratch = new Uint8Array(SCRATCH_SIZE);
  violation = false;

  windows(): [number, MmioWindow][] {
    const m = this;
    const textWin: MmioWindow = {
      name: "text",
      size: TEXT_LIMIT,
      access: { min: 1, max: 4, unaligned: true },
      read(off, size) {
        if (TEXT + off + size > m.finalEnd) m.violation = true;
        let v = 0;
        for (let i = size - 1; i >= 0; i--) v = v * 256 + m.text[off + i];
        return v;
      },
      write() {
        m.violation = true;
      },
    };
    const varsWin: MmioWindow = {
      name: "vars",
      size: 4096,
      access: { min: 1, max: 4, unaligned: true },
      read(off, size) {
        const s = VARS + off - SCRATCH;
        if (s < 0 || s + size > SCRATCH_SIZE) {
          m.violation = true;
          return 0;
        }
        let v = 0;
        for (let i = size - 1; i >= 0; i--) v = v * 256 + m.scratch[s + i];
        return v;
      },
      write(off, size, value) {
        const s = VARS + off - SCRATCH;
        if (s < 0 || s + size > SCRATCH_SIZE) {
          m.violation = true;
          return;
        }
        for (let i = 0; i < size; i++) m.scratch[s + i] = (value >>> (8 * i)) & 0xff;
      },
    };
    return [
      [TEXT, textWin],
      [VARS, varsWin],
    ];
  }
}

interface Snapshot {
  r: Int32Array;
  nf: number;
  zf: number;
  cf: number;
  vf: number;
  q: number;
  ge: number;
  itstate: number;
  bigEndian: boolean;
  vreg: Uint32Array;
  fpscr: number;
  exclusiveAddr: number;
  exclusiveSize: number;
  exclusiveLo: number;
  exclusiveHi: number;
  scratch: Uint8Array;
}

export interface GeneratorStats {
  accepted: number;
  candidates: number;
  /** Accepted instructions per "set name" (e.g. "t32 ADD (immediate)"). */
  readonly perRow: Map<string, number>;
  readonly anomalies: Anomaly[];
  /** Candidates that changed a register their row's fields do not name (rejected), per row. */
  readonly surprises: Map<string, number>;
}

export class CaseGenerator {
  readonly rng: Rng;
  readonly vfp: boolean;
  readonly stats: GeneratorStats = {
    accepted: 0,
    candidates: 0,
    perRow: new Map(),
    anomalies: [],
    surprises: new Map(),
  };
  private readonly mem = new ProbeMemory();
  private readonly cpu: ArmCpu;
  private readonly rows: Record<InstrSet, Row[]>;
  private readonly sets: readonly ("arm" | "thumb")[];
  private readonly minLength: number;
  private readonly maxLength: number;
  private readonly anomalyKeys = new Set<string>();

  constructor(options: GeneratorOptions) {
    this.rng = new Rng(options.seed);
    this.vfp = options.vfp ?? VFP_PRESENT;
    this.sets = options.sets ?? (THUMB !== undefined ? ["arm", "thumb"] : ["arm"]);
    this.minLength = options.minLength ?? 4;
    this.maxLength = options.maxLength ?? 24;
    this.rows = { a32: eligibleRows("a32"), t16: eligibleRows("t16"), t32: eligibleRows("t32") };
    const bus = new AddressSpace();
    for (const [base, w] of this.mem.windows()) bus.mapMmio(base, w);
    this.cpu = new ArmCpu({ bus });
    const cpu = this.cpu;
    cpu.sctlr = (cpu.sctlr | (1 << 10)) & ~2; // SW: SWP enabled; A = 0: unaligned accesses allowed
    cpu.cpacr |= 0xf00000;
    cpu.fpexc = 0x40000000;
    cpu.setMode(Mode.USR);
    cpu.masks = 0;
    cpu.onSupervisorCall = () => true;
  }

  /** Makes bytes at [TEXT, end) final and visible to the private core (runtime, earlier cases). */
  setText(bytes: Uint8Array, at: number): void {
    this.mem.text.set(bytes, at - TEXT);
    this.mem.finalEnd = Math.max(this.mem.finalEnd, at + bytes.length);
  }

  /** Generates one case whose code starts at `address` (4-aligned). */
  generate(address: number): GeneratedCase {
    const rng = this.rng;
    const thumb = this.sets.includes("thumb") && (this.sets.length === 1 || rng.chance(0.5));
    const state = randomState(rng, this.vfp);
    this.load(state, thumb);
    const length = this.minLength + rng.below(this.maxLength - this.minLength + 1);
    const insns: GeneratedInsn[] = [];
    let at = address;
    const bytes: number[] = [];
    const append = (word: number, set: InstrSet, row: string) => {
      insns.push({ address: at, word, set, row, itOpen: this.cpu.itstate !== 0 });
      if (set === "a32" || set === "t32") {
        if (set === "a32") pushLE(bytes, word, 4);
        else {
          pushLE(bytes, word >>> 16, 2);
          pushLE(bytes, word & 0xffff, 2);
        }
        at += 4;
      } else {
        pushLE(bytes, word, 2);
        at += 2;
      }
      const key = `${set} ${row}`;
      this.stats.perRow.set(key, (this.stats.perRow.get(key) ?? 0) + 1);
    };
    let itLeft = 0;
    while (insns.length < length || itLeft > 0) {
      if (thumb && itLeft === 0 && insns.length < length - 1 && rng.chance(0.12)) {
        const it = this.makeIt(at);
        if (it !== undefined) {
          append(it.word, "t16", "IT");
          itLeft = it.count;
          continue;
        }
      }
      const inIt = itLeft > 0;
      const lastInIt = itLeft === 1;
      let done: { word: number; set: InstrSet; row: string } | undefined;
      if (insns.length >= length + 4 || (inIt && insns.length >= length)) {
        // Close an IT block at the end of the case with NOPs.
        done = this.tryWord(0xbf00, "t16", at, undefined, inIt, lastInIt)
          ? { word: 0xbf00, set: "t16", row: "NOP" }
          : undefined;
      }
      for (let attempt = 0; done === undefined && attempt < 40; attempt++) {
        const set: InstrSet = thumb ? (rng.chance(0.45) ? "t16" : "t32") : "a32";
        const row = rng.pick(this.rows[set]);
        if (row === undefined) continue;
        for (let k = 0; k < 12 && done === undefined; k++) {
          const word = this.candidate(row, set);
          if (this.tryWord(word, set, at, row, inIt, lastInIt)) done = { word, set, row: row.name };
        }
      }
      if (done === undefined) {
        // Nothing fitted (rare): a NOP keeps the case (and an open IT block) going.
        const nop = thumb ? 0xbf00 : 0xe320f000;
        const set: InstrSet = thumb ? "t16" : "a32";
        if (!this.tryWord(nop, set, at, undefined, inIt, lastInIt)) throw new Error("the generator cannot place a NOP");
        done = { word: nop, set, row: "NOP" };
      }
      append(done.word, done.set, done.row);
      if (itLeft > 0) itLeft--;
    }
    if (this.cpu.bigEndian) {
      // Leave the case little-endian (SETEND LE), so the epilogue stores as the runtime expects.
      const w = thumb ? 0xb650 : 0xf1010000;
      this.tryWord(w, thumb ? "t16" : "a32", at, undefined, false, false);
      append(w, thumb ? "t16" : "a32", "SETEND");
    }
    return { state, thumb, address, insns, bytes: Uint8Array.from(bytes) };
  }

  /** An IT instruction (and its block length) the private core accepts here. */
  private makeIt(at: number): { word: number; count: number } | undefined {
    const rng = this.rng;
    const count = 1 + rng.below(4);
    const firstcond = rng.chance(0.05) && count === 1 ? 14 : rng.below(14);
    // mask: for each following instruction a then/else bit (x), then a terminating 1.
    let mask = 1 << (4 - count);
    for (let i = 1; i < count; i++) {
      const bit = rng.chance(0.5) ? firstcond & 1 : (firstcond & 1) ^ 1;
      mask |= bit << (4 - i);
    }
    if (firstcond === 14 && count !== 1) return undefined;
    const word = 0xbf00 | (firstcond << 4) | mask;
    return this.tryWord(word, "t16", at, undefined, false, false) ? { word, count } : undefined;
  }

  /** A random encoding of `row`, steered towards the scratch buffer for memory rows. */
  private candidate(row: Row, set: InstrSet): number {
    const rng = this.rng;
    let w = randomEncoding(row, () => rng.u32());
    if (isMemoryRow(row)) {
      const f = row.fields;
      if (f.n !== undefined) {
        const width = f.n.bits.length;
        // Loads through the PC (literal forms) sometimes; otherwise one of the bases.
        const base = width < 4 ? 7 : rng.chance(0.1) ? 15 : rng.pick(BASE_REGS);
        w = depositField(w, f.n, base);
      }
      if (f.m !== undefined && /\(register\)/.test(row.name)) {
        w = depositField(w, f.m, OFFSET_REG);
      }
      if (f.i !== undefined && rng.chance(0.8)) {
        const bits = f.i.bits.length;
        const k = rng.below(Math.min(bits, 8) + 1);
        w = depositField(w, f.i, rng.below(2 ** k));
      }
    }
    for (const fix of SHOULD_BE_FIXES) if (fix.set === set && fix.name === row.name) w = (w & ~fix.mask) | fix.value;
    return (set === "t16" ? w & 0xffff : w) >>> 0;
  }

  private load(state: CaseState, thumb: boolean): void {
    const cpu = this.cpu;
    for (let r = 0; r < 15; r++) cpu.r[r] = state.regs[r];
    cpu.setNZCV(state.psr);
    cpu.q = (state.psr >>> 27) & 1;
    cpu.ge = (state.psr >>> 16) & 15;
    cpu.itstate = 0;
    cpu.setBigEndian(false);
    cpu.thumb = thumb;
    cpu.vreg.set(state.vfp);
    cpu.fpscr = state.fpscr;
    cpu.clearExclusive();
    this.mem.scratch.set(state.scratch);
  }

  private readonly snap: Snapshot = {
    r: new Int32Array(16),
    nf: 0,
    zf: 0,
    cf: 0,
    vf: 0,
    q: 0,
    ge: 0,
    itstate: 0,
    bigEndian: false,
    vreg: new Uint32Array(64),
    fpscr: 0,
    exclusiveAddr: -1,
    exclusiveSize: 0,
    exclusiveLo: 0,
    exclusiveHi: 0,
    scratch: new Uint8Array(SCRATCH_SIZE),
  };

  /** Saves the private core's state (one level: tryWord either keeps or restores it). */
  private snapshot(): Snapshot {
    const c = this.cpu;
    const s = this.snap;
    s.r.set(c.r);
    s.nf = c.nf;
    s.zf = c.zf;
    s.cf = c.cf;
    s.vf = c.vf;
    s.q = c.q;
    s.ge = c.ge;
    s.itstate = c.itstate;
    s.bigEndian = c.bigEndian;
    s.vreg.set(c.vreg);
    s.fpscr = c.fpscr;
    s.exclusiveAddr = c.exclusiveAddr;
    s.exclusiveSize = c.exclusiveSize;
    s.exclusiveLo = c.exclusiveLo;
    s.exclusiveHi = c.exclusiveHi;
    s.scratch.set(this.mem.scratch);
    return s;
  }

  private restore(s: Snapshot, thumb: boolean): void {
    const c = this.cpu;
    if (c.mode !== Mode.USR) c.setMode(Mode.USR);
    c.masks = 0;
    c.halted = false;
    c.r.set(s.r);
    c.nf = s.nf;
    c.zf = s.zf;
    c.cf = s.cf;
    c.vf = s.vf;
    c.q = s.q;
    c.ge = s.ge;
    c.itstate = s.itstate;
    c.setBigEndian(s.bigEndian);
    c.thumb = thumb;
    c.vreg.set(s.vreg);
    c.fpscr = s.fpscr;
    c.exclusiveAddr = s.exclusiveAddr;
    c.exclusiveSize = s.exclusiveSize;
    c.exclusiveLo = s.exclusiveLo;
    c.exclusiveHi = s.exclusiveHi;
    this.mem.scratch.set(s.scratch);
  }

  /**
   * Executes `word` at `at` on the private core; keeps its effects and returns true if it is a
   * valid step for a case, otherwise undoes it. `row` undefined: a word the generator itself
   * chose (IT, NOP, SETEND), checked the same way.
   */
  private tryWord(
    word: number,
    set: InstrSet,
    at: number,
    row: Row | undefined,
    inIt: boolean,
    lastInIt: boolean,
  ): boolean {
    this.stats.candidates++;
    const cpu = this.cpu;
    const size = set === "t16" ? 2 : 4;
    let fields: Fields | undefined;
    if (row !== undefined) {
      if (decodeRow(set, word) !== row) return false;
      fields = extractFields(word, row);
      if (row.unpredictable?.(fields)) return false;
      if (EXTRA_UNPREDICTABLE[row.name]?.(fields, set)) return false;
      const subset = USER_SUBSET[row.name];
      if (subset !== undefined && !subset(fields)) return false;
      if (writesPc(row, fields, set)) return false;
      // Memory instructions address through a base register (or the PC for loads). This also keeps
      // STREX from addresses that would fault: whether the abort or the monitor check comes first
      // is IMPLEMENTATION DEFINED (QEMU checks the monitor first, our core translates first).
      if (isMemoryRow(row) && fields.n !== undefined && !BASE_REGS.includes(fields.n as 7 | 13)) {
        if (fields.n !== 15 || /^(STR|STM|PUSH|VSTR|VSTM|VPUSH|FSTMX|SWP)/.test(row.name)) return false;
      }
      if (inIt && /^(SETEND|CPS|IT|CBN?Z|BKPT)/.test(row.name)) return false;
      if (set !== "a32" && inIt && !lastInIt && row.branch) return false;
      // STREX of another size than the open LDREX at the same address: IMPLEMENTATION DEFINED.
      const strex = /^STREX(B|H|D)?$/.exec(row.name);
      if (strex !== null && cpu.exclusiveAddr >= 0) {
        const size2 = strex[1] === "B" ? 1 : strex[1] === "H" ? 2 : strex[1] === "D" ? 8 : 4;
        if (cpu.exclusiveAddr >>> 0 === cpu.r[fields.n] >>> 0 && size2 !== cpu.exclusiveSize) return false;
      }
    }
    const snap = this.snapshot();
    const thumb = set !== "a32";
    const bytes: number[] = [];
    if (set === "t32") {
      pushLE(bytes, word >>> 16, 2);
      pushLE(bytes, word & 0xffff, 2);
    } else pushLE(bytes, word, size);
    this.mem.text.set(bytes, at - TEXT);
    const savedFinal = this.mem.finalEnd;
    this.mem.finalEnd = at + size;
    this.mem.violation = false;
    cpu.thumb = thumb;
    cpu.pc = at;
    cpu.run(1);
    this.mem.finalEnd = savedFinal;
    let ok = true;
    if (cpu.mode !== Mode.USR) {
      ok = false;
      if (cpu.mode === Mode.UND && row !== undefined) this.anomaly(row, set, word, at, snap);
    } else if (this.mem.violation || cpu.pc !== at + size || cpu.thumb !== thumb) ok = false;
    else {
      const r = cpu.r;
      const off = r[OFFSET_REG];
      if (off < 0 || off > OFFSET_MAX) ok = false;
      for (const b of BASE_REGS) {
        if (r[b] >>> 0 < BASE_LO || r[b] >>> 0 > BASE_HI) ok = false;
      }
      if ((r[13] & 3) !== 0) ok = false;
      if ((cpu.fpscr & 0x00370000) !== 0) ok = false; // vector length/stride: not on Cortex-A15
      if (row !== undefined && fields !== undefined) {
        // Registers written that the row's fields do not name (other than bases written back): a
        // surprise worth a look, never part of a case.
        for (let k = 0; k < 15; k++) {
          if (r[k] !== snap.r[k] && !expectedWrite(row, fields, k, set)) {
            ok = false;
            const key = `${set} ${row.name} r${k}`;
            this.stats.surprises.set(key, (this.stats.surprises.get(key) ?? 0) + 1);
          }
        }
      }
    }
    if (!ok) {
      this.restore(snap, thumb);
      return false;
    }
    this.mem.finalEnd = Math.max(savedFinal, at + size);
    this.stats.accepted += row !== undefined ? 1 : 0;
    return true;
  }

  private anomaly(row: Row, set: InstrSet, word: number, address: number, snap: Snapshot): void {
    const key = `${set}:${row.name}:${row.enc}`;
    if (this.anomalyKeys.has(key) || this.stats.anomalies.length >= 50) return;
    this.anomalyKeys.add(key);
    const state: CaseState = {
      regs: snap.r.slice(0, 15),
      psr:
        ((snap.nf & 0x80000000) |
          (snap.zf === 0 ? 1 << 30 : 0) |
          (snap.cf << 29) |
          ((snap.vf >>> 3) & (1 << 28)) |
          (snap.q << 27) |
          (snap.ge << 16)) >>>
        0,
      fpscr: snap.fpscr,
      vfp: snap.vreg.slice(),
      scratch: snap.scratch.slice(),
    };
    this.stats.anomalies.push({ row: `${row.name} ${row.enc}`, set, word, state, address });
  }
}

/** Whether register k may change when this row executes (its destination fields, base writeback, lists). */
function expectedWrite(row: Row, f: Fields, k: number, set: InstrSet): boolean {
  for (const name of coreDestFields(row)) if (f[name] === k) return true;
  if (set === "a32" && /^LDR(EX)?D/.test(row.name) && f.t + 1 === k) return true;
  if (isMemoryRow(row)) {
    if (f.n === k || (k === 13 && f.n === undefined)) return true; // writeback, SP-based forms
    if (/^(LDM|POP)/.test(row.name) && f.r !== undefined && (f.r & (1 << k)) !== 0) return true;
    if (/^POP/.test(row.name) && f.t === k) return true;
    if (/^SWP/.test(row.name) && f.t === k) return true;
  }
  if (/SP/.test(row.name) && k === 13) return true; // ADD/SUB (SP plus/minus immediate)
  if (f.d === undefined && f.n === k && /^(ADD|SUB)/.test(row.name) && set === "t16") return true;
  return false;
}

function pushLE(out: number[], v: number, size: number): void {
  for (let i = 0; i < size; i++) out.push((v >>> (8 * i)) & 0xff);
}
