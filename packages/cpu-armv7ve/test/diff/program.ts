// The differential-test program: a static ARM Linux ELF built here, without a toolchain. Memory:
//
//   0x10000  one RW page: the runtime's variables, the save area (one output record) and the
//            scratch buffer every generated load/store works in;
//   0x11000  text: the runtime (hand-encoded ARM below), then the code of every case;
//   after    the case table (read-only): per case the code address and the initial state.
//
// The runtime, for each case: copies the case's initial scratch contents, loads D0-D31/FPSCR
// (when VFP is compared), the flags (NZCVQ, GE) and r0-r14, jumps to the case's code (ARM or
// Thumb); the case ends by jumping back to the epilogue, which stores r0-r14, CPSR, FPSCR and
// D0-D31 next to the scratch buffer and writes that record to stdout. After the last case it
// exits with status 0.

export const VARS = 0x10000;
/** Runtime variables: the current case entry, the end of the table, the case's code address. */
export const VAR_CUR = 0x10800;
export const VAR_END = 0x10804;
export const VAR_JUMP = 0x10808;
/** Repetition index of the current case (see assembleRuntime's `repeat`). */
export const VAR_REP = 0x1080c;
/** The output record: r0-r14, CPSR, FPSCR, pad, D0-D31, then the scratch buffer. */
export const SAVE = 0x10900;
export const REC_CPSR = 60;
export const REC_FPSCR = 64;
export const REC_D = 72;
export const REC_SCRATCH = 328;
export const SCRATCH = SAVE + REC_SCRATCH;
export const SCRATCH_SIZE = 512;
export const RECORD_SIZE = REC_SCRATCH + SCRATCH_SIZE;
export const TEXT = 0x11000;

/** Case table entry: code address (bit 0: Thumb), r0-r14, PSR, FPSCR, pad, D0-D31, scratch. */
export const ENT_REGS = 4;
export const ENT_PSR = 64;
export const ENT_FPSCR = 68;
export const ENT_D = 76;
export const ENT_SCRATCH = 332;
export const ENTRY_SIZE = ENT_SCRATCH + SCRATCH_SIZE;

/** The initial state of one case. */
export interface CaseState {
  /** r0-r14. */
  readonly regs: Int32Array;
  /** NZCVQ and GE as CPSR bits (other bits ignored). */
  readonly psr: number;
  readonly fpscr: number;
  /** D0-D31 as 64 words (D[n] = words 2n, 2n+1). */
  readonly vfp: Uint32Array;
  readonly scratch: Uint8Array;
}

export interface ProgramCase {
  readonly state: CaseState;
  /** Address of the first instruction (in the text). */
  readonly address: number;
  readonly thumb: boolean;
}

// ---- a tiny ARM encoder for the runtime ---------------------------------------------------------

type Fixup = (pc: number, labels: Map<string, number>) => number;

class ArmAssembler {
  readonly words: (number | Fixup)[] = [];
  readonly labels = new Map<string, number>();
  private readonly pool: number[] = [];

  constructor(readonly base: number) {}

  get pc(): number {
    return this.base + this.words.length * 4;
  }

  label(name: string): void {
    this.labels.set(name, this.pc);
  }

  emit(w: number | Fixup): void {
    this.words.push(w);
  }

  /** LDR/STR rt, [pc, #target - pc - 8] to an absolute address. */
  pcRel(load: boolean, rt: number, target: number): void {
    this.emit((pc) => {
      const off = target - (pc + 8);
      if (Math.abs(off) > 4095) throw new Error(`PC-relative offset ${off} out of range`);
      return (
        ((load ? 0xe5100000 : 0xe5000000) | (off >= 0 ? 0x800000 : 0) | (15 << 16) | (rt << 12) | Math.abs(off)) >>> 0
      );
    });
  }

  /** LDR rt, =value (literal pool after the code). */
  literal(rt: number, value: number): void {
    let i = this.pool.indexOf(value >>> 0);
    if (i < 0) {
      i = this.pool.length;
      this.pool.push(value >>> 0);
    }
    const index = i;
    this.emit((pc, labels) => {
      const target = (labels.get("__pool") as number) + index * 4;
      const off = target - (pc + 8);
      return (0xe5900000 | (15 << 16) | (rt << 12) | off) >>> 0;
    });
  }

  branch(cond: number, label: string): void {
    this.emit((pc, labels) => {
      const target = labels.get(label);
      if (target === undefined) throw new Error(`no label ${label}`);
      return ((cond << 28) | 0x0a000000 | (((target - (pc + 8)) >> 2) & 0xffffff)) >>> 0;
    });
  }

  finish(): Uint8Array {
    this.label("__pool");
    for (const v of this.pool) this.emit(v);
    const out = new Uint8Array(this.words.length * 4);
    const dv = new DataView(out.buffer);
    this.words.forEach((w, i) => {
      const v = typeof w === "number" ? w : w(this.base + i * 4, this.labels);
      dv.setUint32(i * 4, v >>> 0, true);
    });
    return out;
  }
}

const AL = 0xe;
const NE = 0x1;
const EQ = 0x0;

export interface Runtime {
  readonly code: Uint8Array;
  /** Address the cases branch back to. */
  readonly epilogue: number;
  /** Output records per case: 1, or 2 (first and last run) when cases repeat. */
  readonly recordsPerCase: number;
}

/**
 * Assembles the runtime at TEXT. With `vfp`, D0-D31 and FPSCR are loaded and saved too. With
 * `repeat` > 1 every case runs that many times from its initial state and the records of the
 * first and the last run are written (the last one runs the block compiler's code for ARM cases).
 */
export function assembleRuntime(vfp: boolean, repeat = 1): Runtime {
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > 255) throw new Error("repeat must be 1..255");
  const a = new ArmAssembler(TEXT);
  a.label("loop");
  a.pcRel(true, 4, VAR_CUR);
  a.pcRel(true, 5, VAR_END);
  a.emit(0xe1540005); // cmp r4, r5
  a.branch(EQ, "done");
  a.literal(0, ENT_SCRATCH);
  a.emit(0xe0840000); // add r0, r4, r0
  a.literal(1, SCRATCH);
  a.emit(0xe3a02000 | (SCRATCH_SIZE / 32)); // mov r2, #n
  a.label("copy");
  a.emit(0xe8b01fe0); // ldmia r0!, {r5-r12}
  a.emit(0xe8a11fe0); // stmia r1!, {r5-r12}
  a.emit(0xe2522001); // subs r2, r2, #1
  a.branch(NE, "copy");
  a.emit(0xe5940000); // ldr r0, [r4]
  a.pcRel(false, 0, VAR_JUMP);
  a.emit(0xf57ff01f); // clrex
  if (vfp) {
    a.literal(0, ENT_D);
    a.emit(0xe0840000); // add r0, r4, r0
    a.emit(0xecb00b20); // vldmia r0!, {d0-d15}
    a.emit(0xecd00b20); // vldmia r0, {d16-d31}
    a.emit(0xe5941000 | ENT_FPSCR); // ldr r1, [r4, #ENT_FPSCR]
    a.emit(0xeee11a10); // vmsr fpscr, r1
  }
  a.emit(0xe5940000 | ENT_PSR); // ldr r0, [r4, #ENT_PSR]
  a.emit(0xe12cf000); // msr APSR_nzcvqg, r0
  a.emit(0xe284e000 | ENT_REGS); // add lr, r4, #4
  a.emit(0xe89e7fff); // ldm lr, {r0-r14}
  a.pcRel(true, 15, VAR_JUMP); // ldr pc, [VAR_JUMP]: interworking, bit 0 selects Thumb
  a.label("epilogue");
  for (let r = 0; r < 15; r++) a.pcRel(false, r, SAVE + 4 * r);
  a.emit(0xe10f0000); // mrs r0, cpsr
  a.pcRel(false, 0, SAVE + REC_CPSR);
  if (vfp) {
    a.emit(0xeef10a10); // vmrs r0, fpscr
    a.pcRel(false, 0, SAVE + REC_FPSCR);
    a.literal(0, SAVE + REC_D);
    a.emit(0xeca00b20); // vstmia r0!, {d0-d15}
    a.emit(0xecc00b20); // vstmia r0, {d16-d31}
  }
  // Write the record on the first and the last repetition.
  a.pcRel(true, 4, VAR_REP);
  a.emit(0xe3540000); // cmp r4, #0
  a.branch(EQ, "write");
  a.emit(0xe3540000 | (repeat - 1)); // cmp r4, #repeat-1
  a.branch(NE, "next");
  a.label("write");
  a.emit(0xe3a00001); // mov r0, #1
  a.literal(1, SAVE);
  a.literal(2, RECORD_SIZE);
  a.emit(0xe3a07004); // mov r7, #4 (write)
  a.emit(0xef000000); // svc #0
  a.literal(2, RECORD_SIZE);
  a.emit(0xe1500002); // cmp r0, r2
  a.branch(NE, "fail");
  a.label("next");
  a.pcRel(true, 4, VAR_REP);
  a.emit(0xe2844001); // add r4, r4, #1
  a.emit(0xe3540000 | repeat); // cmp r4, #repeat
  a.emit(0x03a04000); // moveq r4, #0
  a.pcRel(false, 4, VAR_REP);
  a.branch(NE, "loop"); // the same case again
  a.pcRel(true, 4, VAR_CUR);
  a.literal(0, ENTRY_SIZE);
  a.emit(0xe0844000); // add r4, r4, r0
  a.pcRel(false, 4, VAR_CUR);
  a.branch(AL, "loop");
  a.label("done");
  a.emit(0xe3a00000); // mov r0, #0
  a.emit(0xe3a070f8); // mov r7, #248 (exit_group)
  a.emit(0xef000000);
  a.label("fail");
  a.emit(0xe3a00063); // mov r0, #99
  a.emit(0xe3a070f8);
  a.emit(0xef000000);
  const code = a.finish();
  return { code, epilogue: a.labels.get("epilogue") as number, recordsPerCase: repeat > 1 ? 2 : 1 };
}

// ---- case-ending jumps --------------------------------------------------------------------------

/** ARM: B epilogue. */
export function armExit(at: number, epilogue: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, (0xea000000 | (((epilogue - (at + 8)) >> 2) & 0xffffff)) >>> 0, true);
  return out;
}

/** Thumb: LDR.W PC, [PC, #k] and the literal (the epilogue's ARM address): interworks back to ARM. */
export function thumbExit(at: number, epilogue: number): Uint8Array {
  // Literal at the first word-aligned address after the instruction.
  const lit = (at + 4 + 3) & ~3;
  const imm = lit - ((at + 4) & ~3);
  const out = new Uint8Array(lit + 4 - at);
  const dv = new DataView(out.buffer);
  dv.setUint16(0, 0xf8df, true);
  dv.setUint16(2, 0xf000 | imm, true);
  dv.setUint32(lit - at, epilogue >>> 0, true);
  return out;
}

// ---- the ELF file -------------------------------------------------------------------------------

const PAGE = 4096;

function pageUp(n: number): number {
  return Math.ceil(n / PAGE) * PAGE;
}

/**
 * The ELF executable: `text` is everything from TEXT on (runtime, then case code), `cases` the
 * table entries in order.
 */
export function buildElf(text: Uint8Array, cases: readonly ProgramCase[]): Uint8Array {
  const tableAddr = pageUp(TEXT + text.length);
  const table = new Uint8Array(Math.max(cases.length * ENTRY_SIZE, 4));
  const tv = new DataView(table.buffer);
  cases.forEach((c, i) => {
    const o = i * ENTRY_SIZE;
    tv.setUint32(o, (c.address | (c.thumb ? 1 : 0)) >>> 0, true);
    for (let r = 0; r < 15; r++) tv.setInt32(o + ENT_REGS + 4 * r, c.state.regs[r], true);
    tv.setUint32(o + ENT_PSR, c.state.psr >>> 0, true);
    tv.setUint32(o + ENT_FPSCR, c.state.fpscr >>> 0, true);
    for (let k = 0; k < 64; k++) tv.setUint32(o + ENT_D + 4 * k, c.state.vfp[k], true);
    table.set(c.state.scratch, o + ENT_SCRATCH);
  });
  const vars = new Uint8Array(PAGE);
  const vv = new DataView(vars.buffer);
  vv.setUint32(VAR_CUR - VARS, tableAddr, true);
  vv.setUint32(VAR_END - VARS, tableAddr + cases.length * ENTRY_SIZE, true);

  const segments = [
    { vaddr: VARS, data: vars, flags: 6 /* RW */ },
    { vaddr: TEXT, data: text, flags: 5 /* RX */ },
    { vaddr: tableAddr, data: table, flags: 4 /* R */ },
  ];
  const phnum = segments.length + 1;
  let offset = PAGE;
  const placed = segments.map((s) => {
    const at = offset;
    offset += pageUp(s.data.length);
    return { ...s, offset: at };
  });
  const file = new Uint8Array(offset);
  const dv = new DataView(file.buffer);
  file.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0]);
  dv.setUint16(16, 2, true); // ET_EXEC
  dv.setUint16(18, 40, true); // EM_ARM
  dv.setUint32(20, 1, true);
  dv.setUint32(24, TEXT, true); // entry: the runtime, ARM
  dv.setUint32(28, 52, true); // e_phoff
  dv.setUint32(36, 0x05000400, true); // EABI5, hard-float
  dv.setUint16(40, 52, true);
  dv.setUint16(42, 32, true);
  dv.setUint16(44, phnum, true);
  dv.setUint16(46, 40, true);
  placed.forEach((s, i) => {
    const o = 52 + 32 * i;
    dv.setUint32(o, 1, true); // PT_LOAD
    dv.setUint32(o + 4, s.offset, true);
    dv.setUint32(o + 8, s.vaddr, true);
    dv.setUint32(o + 12, s.vaddr, true);
    dv.setUint32(o + 16, s.data.length, true);
    dv.setUint32(o + 20, s.data.length, true);
    dv.setUint32(o + 24, s.flags, true);
    dv.setUint32(o + 28, PAGE, true);
    file.set(s.data, s.offset);
  });
  const gs = 52 + 32 * segments.length;
  dv.setUint32(gs, 0x6474e551, true); // PT_GNU_STACK, RW
  dv.setUint32(gs + 24, 6, true);
  dv.setUint32(gs + 28, 16, true);
  return file;
}

/** One output record, decoded. */
export interface CaseRecord {
  readonly regs: Int32Array;
  readonly cpsr: number;
  readonly fpscr: number;
  readonly vfp: Uint32Array;
  readonly scratch: Uint8Array;
}

export function parseRecord(bytes: Uint8Array, index: number): CaseRecord {
  const base = index * RECORD_SIZE;
  const dv = new DataView(bytes.buffer, bytes.byteOffset + base, RECORD_SIZE);
  const regs = new Int32Array(15);
  for (let r = 0; r < 15; r++) regs[r] = dv.getInt32(4 * r, true);
  const vfp = new Uint32Array(64);
  for (let k = 0; k < 64; k++) vfp[k] = dv.getUint32(REC_D + 4 * k, true);
  return {
    regs,
    cpsr: dv.getUint32(REC_CPSR, true),
    fpscr: dv.getUint32(REC_FPSCR, true),
    vfp,
    scratch: bytes.slice(base + REC_SCRATCH, base + RECORD_SIZE),
  };
}
