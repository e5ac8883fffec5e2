// 32-bit Thumb data-processing, multiply and media instructions (ARM ARM A6.3.1-A6.3.3,
// A6.3.11-A6.3.17). The word is hw1:hw2, so hw1 bit k is bit k + 16. Semantics from exec/.
// Destinations are never the PC here: Rd = 15 is either a test form (TST/TEQ/CMN/CMP) or
// UNPREDICTABLE, and a write to r[15] is harmless (it is reloaded before the next instruction).
import type { ArmCpu } from "../cpu.js";
import { clz, rbit, ror, shiftImm, shiftReg, thumbExpandImm } from "../exec/alu.js";
import {
  AluOp,
  addSigned64,
  alu,
  divide,
  dualProduct,
  half,
  mostSignificantMul,
  mulAcc,
  mulLong,
  smlaHalf,
  smlaWord,
  umaal,
} from "../exec/dataproc.js";
import {
  bitfieldExtract,
  bitfieldInsert,
  extend,
  parallel,
  qaddsub,
  rev,
  rev16,
  revsh,
  saturate,
  saturate16,
  select,
  usad8,
} from "../exec/media.js";

/** T32 data-processing opcode (hw1 [8:5]) → AluOp; -1 where the opcode is something else. */
const T32_ALU_OP = [
  AluOp.AND,
  AluOp.BIC,
  AluOp.ORR,
  AluOp.ORN,
  AluOp.EOR,
  -1,
  -1,
  -1,
  AluOp.ADD,
  -1,
  AluOp.ADC,
  AluOp.SBC,
  -1,
  AluOp.SUB,
  AluOp.RSB,
  -1,
];

/**
 * Result of a data-processing (modified immediate / shifted register) instruction: op [24:21],
 * S bit 20, Rn [19:16], Rd [11:8]. Rd = 15 with S turns AND/EOR/ADD/SUB into TST/TEQ/CMN/CMP;
 * Rn = 15 turns ORR/ORN into MOV/MVN.
 */
function finish(cpu: ArmCpu, w: number, b: number, carry: number): void {
  const op = (w >>> 21) & 15;
  const s = (w & 0x100000) !== 0;
  const n = (w >>> 16) & 15;
  const d = (w >>> 8) & 15;
  let aop = T32_ALU_OP[op];
  if (d === 15 && s) {
    if (op === 0) aop = AluOp.TST;
    else if (op === 4) aop = AluOp.TEQ;
    else if (op === 8) aop = AluOp.CMN;
    else if (op === 13) aop = AluOp.CMP;
  }
  if (n === 15 && (op === 2 || op === 3)) {
    cpu.r[d] = alu(cpu, op === 2 ? AluOp.MOV : AluOp.MVN, 0, b, carry, s);
    return;
  }
  if (aop < 0) {
    cpu.undefinedInstruction();
    return;
  }
  const res = alu(cpu, aop, cpu.r[n], b, carry, s);
  if (aop < AluOp.TST || aop > AluOp.CMN) cpu.r[d] = res;
}

/** i:imm3:imm8 (bit 26, [14:12], [7:0]). */
function imm12(w: number): number {
  return ((w >>> 15) & 0x800) | ((w >>> 4) & 0x700) | (w & 0xff);
}

/** imm3:imm2 ([14:12], [7:6]): shift amounts and bit positions. */
function imm5(w: number): number {
  return ((w >>> 10) & 0x1c) | ((w >>> 6) & 3);
}

/** Data-processing (modified immediate) T1-T4 forms: ThumbExpandImm_C. */
export function dpModImm(cpu: ArmCpu, w: number): void {
  const b = thumbExpandImm(cpu, imm12(w));
  finish(cpu, w, b, cpu.shc);
}

/** Data-processing (shifted register): Rm [3:0] shifted by type [5:4] and imm3:imm2. */
export function dpShiftedReg(cpu: ArmCpu, w: number): void {
  const b = shiftImm(cpu, cpu.r[w & 15], (w >>> 4) & 3, imm5(w));
  finish(cpu, w, b, cpu.shc);
}

/** PKHBT / PKHTB (tb = bit 5): ASR for TB (imm 0 means 32), LSL for BT. */
export function pkhT32(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const tb = (w & 0x20) !== 0;
  const m = shiftImm(cpu, r[w & 15], tb ? 2 : 0, imm5(w));
  const n = r[(w >>> 16) & 15];
  r[(w >>> 8) & 15] = tb ? (n & 0xffff0000) | (m & 0xffff) : (m & 0xffff0000) | (n & 0xffff);
}

// ---- plain binary immediate --------------------------------------------------------------------

/** ADDW / SUBW (bit 23) incl. the SP forms and ADR (Rn = 15: Align(PC, 4) ± imm12). */
export function addSubWide(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const n = (w >>> 16) & 15;
  const base = n === 15 ? r[15] & ~3 : r[n];
  const imm = imm12(w);
  r[(w >>> 8) & 15] = (w & 0x800000 ? base - imm : base + imm) | 0;
}

/** MOVW T3: imm16 = imm4 [19:16] : i : imm3 : imm8. */
export function movwT32(cpu: ArmCpu, w: number): void {
  cpu.r[(w >>> 8) & 15] = ((w >>> 4) & 0xf000) | imm12(w);
}

export function movtT32(cpu: ArmCpu, w: number): void {
  const d = (w >>> 8) & 15;
  const imm16 = ((w >>> 4) & 0xf000) | imm12(w);
  cpu.r[d] = (cpu.r[d] & 0xffff) | (imm16 << 16);
}

/** SSAT / USAT (bit 23): sh bit 21 (ASR), shift imm3:imm2, sat_imm [4:0]. */
export function satT32(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const unsigned = (w & 0x800000) !== 0;
  const bits = (w & 31) + (unsigned ? 0 : 1);
  const v = shiftImm(cpu, r[(w >>> 16) & 15], w & 0x200000 ? 2 : 0, imm5(w));
  r[(w >>> 8) & 15] = saturate(cpu, v, bits, unsigned);
}

/** SSAT16 / USAT16 (bit 23): sat_imm [3:0]. */
export function sat16T32(cpu: ArmCpu, w: number): void {
  const unsigned = (w & 0x800000) !== 0;
  const bits = (w & 15) + (unsigned ? 0 : 1);
  cpu.r[(w >>> 8) & 15] = saturate16(cpu, cpu.r[(w >>> 16) & 15], bits, unsigned);
}

/** SBFX / UBFX (bit 23): lsb = imm3:imm2, widthm1 [4:0]. lsb + width > 32 is UNPREDICTABLE: no change. */
export function bfxT32(cpu: ArmCpu, w: number): void {
  const lsb = imm5(w);
  const width = (w & 31) + 1;
  if (lsb + width > 32) return;
  cpu.r[(w >>> 8) & 15] = bitfieldExtract(cpu.r[(w >>> 16) & 15], lsb, width, (w & 0x800000) === 0);
}

/** BFI / BFC (Rn = 15): lsb = imm3:imm2, msb [4:0]. msb < lsb is UNPREDICTABLE: no change. */
export function bfiT32(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const lsb = imm5(w);
  const msb = w & 31;
  if (msb < lsb) return;
  const n = (w >>> 16) & 15;
  const d = (w >>> 8) & 15;
  r[d] = bitfieldInsert(r[d], n === 15 ? 0 : r[n], lsb, msb);
}

// ---- data processing (register) -----------------------------------------------------------------

/** LSL/LSR/ASR/ROR (register) T2: type [22:21], S bit 20, Rd = Rn shifted by Rm[7:0]. */
export function shiftRegT32(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const res = shiftReg(cpu, r[(w >>> 16) & 15], (w >>> 21) & 3, r[w & 15]);
  r[(w >>> 8) & 15] = res;
  if (w & 0x100000) {
    cpu.nf = res;
    cpu.zf = res;
    cpu.cf = cpu.shc;
  }
}

/**
 * SXTAH/UXTAH/SXTAB16/UXTAB16/SXTAB/UXTAB and the forms without add (Rn = 15): op [22:20]
 * (bit 20 = unsigned; [22:21] = 00 H, 01 B16, 10 B), rotation [5:4].
 */
export function extendT32(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const op = (w >>> 20) & 7;
  const sel = op >>> 1;
  const kind = sel === 0 ? 1 : sel === 1 ? 2 : 0;
  const n = (w >>> 16) & 15;
  const v = ror(r[w & 15], ((w >>> 4) & 3) * 8);
  r[(w >>> 8) & 15] = extend(v, kind, (op & 1) === 0, n === 15 ? 0 : r[n]);
}

/** hw1 [6:4] of the parallel add/subtract instructions → ParOp (-1: unallocated). */
const PAR_OP = [4, 0, 1, -1, 5, 3, 2, -1];

/** Parallel add/subtract: op1 [22:20], unsigned bit 6, op2 [5:4] (00 plain, 01 saturating, 10 halving). */
export function parallelT32(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const op = PAR_OP[(w >>> 20) & 7];
  const kind = (w >>> 4) & 3;
  if (op < 0 || kind === 3) {
    cpu.undefinedInstruction();
    return;
  }
  const prefix = (w & 0x40 ? 3 : 0) + kind;
  r[(w >>> 8) & 15] = parallel(cpu, prefix, op, r[(w >>> 16) & 15], r[w & 15]);
}

/** QADD (op2 [5:4] = 00), QDADD (01), QSUB (10), QDSUB (11): Rd = sat(Rm ± [2*]Rn). */
export function qarithT32(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const op = (w >>> 4) & 3;
  r[(w >>> 8) & 15] = qaddsub(cpu, r[w & 15], r[(w >>> 16) & 15], (op & 2) !== 0, (op & 1) !== 0);
}

/** REV (op2 00), REV16 (01), RBIT (10), REVSH (11): Rm [3:0] (its copy in [19:16] is ignored). */
export function revT32(cpu: ArmCpu, w: number): void {
  const v = cpu.r[w & 15];
  const op = (w >>> 4) & 3;
  cpu.r[(w >>> 8) & 15] = op === 0 ? rev(v) : op === 1 ? rev16(v) : op === 2 ? rbit(v) : revsh(v);
}

export function selT32(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  r[(w >>> 8) & 15] = select(cpu.ge, r[(w >>> 16) & 15], r[w & 15]);
}

export function clzT32(cpu: ArmCpu, w: number): void {
  cpu.r[(w >>> 8) & 15] = clz(cpu.r[w & 15]);
}

// ---- multiplies: Rn [19:16], Ra [15:12] (15 = no accumulate), Rd [11:8], Rm [3:0] ----------------

/** MLA / MUL (Ra = 15). */
export function mlaT32(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const a = (w >>> 12) & 15;
  r[(w >>> 8) & 15] = mulAcc(cpu, r[(w >>> 16) & 15], r[w & 15], a === 15 ? 0 : r[a], false);
}

export function mlsT32(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  r[(w >>> 8) & 15] = (r[(w >>> 12) & 15] - Math.imul(r[(w >>> 16) & 15], r[w & 15])) | 0;
}

/** SMLA<x><y> / SMUL<x><y> (Ra = 15): N = bit 5 (top of Rn), M = bit 4 (top of Rm). */
export function smlaxyT32(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const a = (w >>> 12) & 15;
  const x = half(r[(w >>> 16) & 15], (w & 0x20) !== 0);
  const y = half(r[w & 15], (w & 0x10) !== 0);
  r[(w >>> 8) & 15] = a === 15 ? smlaHalf(cpu, x, y, 0, false) : smlaHalf(cpu, x, y, r[a], true);
}

/** SMLAD/SMUAD (op1 [22:20] = 010) and SMLSD/SMUSD (100): M (exchange) = bit 4. */
export function smladT32(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const a = (w >>> 12) & 15;
  const p = dualProduct(r[(w >>> 16) & 15], r[w & 15], (w & 0x10) !== 0, (w & 0x400000) !== 0);
  const res = a === 15 ? p : p + r[a];
  if (res > 0x7fffffff || res < -0x80000000) cpu.q = 1;
  r[(w >>> 8) & 15] = res | 0;
}

/** SMLAW<y> / SMULW<y> (Ra = 15): M = bit 4. */
export function smlawT32(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const a = (w >>> 12) & 15;
  const b = half(r[w & 15], (w & 0x10) !== 0);
  const n = r[(w >>> 16) & 15];
  r[(w >>> 8) & 15] = a === 15 ? smlaWord(cpu, n, b, 0, false) : smlaWord(cpu, n, b, r[a], true);
}

/** SMMLA/SMMUL (op1 101, Ra = 15 for SMMUL) and SMMLS (op1 110); R (round) = bit 4. */
export function smmulT32(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const a = (w >>> 12) & 15;
  const sub = ((w >>> 20) & 7) === 6;
  const mode = sub ? 2 : a === 15 ? 0 : 1;
  r[(w >>> 8) & 15] = mostSignificantMul(
    cpu,
    r[(w >>> 16) & 15],
    r[w & 15],
    mode === 0 ? 0 : r[a],
    mode,
    (w & 0x10) !== 0,
  );
}

/** USADA8 / USAD8 (Ra = 15). */
export function usadT32(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const a = (w >>> 12) & 15;
  r[(w >>> 8) & 15] = usad8(r[(w >>> 16) & 15], r[w & 15], a === 15 ? 0 : r[a]);
}

// ---- long multiplies and divide: Rn [19:16], RdLo [15:12], RdHi [11:8], Rm [3:0] ----------------

/** SMULL (op1 000), UMULL (010), SMLAL (100), UMLAL (110). */
export function mulLongT32(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const op = (w >>> 20) & 7;
  const lo = (w >>> 12) & 15;
  const hi = (w >>> 8) & 15;
  mulLong(cpu, (op & 2) === 0, r[(w >>> 16) & 15], r[w & 15], (op & 4) !== 0, r[hi], r[lo], false);
  r[lo] = cpu.lo;
  r[hi] = cpu.hi;
}

export function umaalT32(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const lo = (w >>> 12) & 15;
  const hi = (w >>> 8) & 15;
  umaal(cpu, r[(w >>> 16) & 15], r[w & 15], r[hi], r[lo]);
  r[lo] = cpu.lo;
  r[hi] = cpu.hi;
}

/** SMLAL<x><y>: N = bit 5, M = bit 4. */
export function smlalxyT32(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const lo = (w >>> 12) & 15;
  const hi = (w >>> 8) & 15;
  const p = half(r[(w >>> 16) & 15], (w & 0x20) !== 0) * half(r[w & 15], (w & 0x10) !== 0);
  cpu.hi = r[hi] >>> 0;
  cpu.lo = r[lo] >>> 0;
  addSigned64(cpu, p);
  r[lo] = cpu.lo;
  r[hi] = cpu.hi;
}

/** SMLALD (op1 100) / SMLSLD (op1 101): M (exchange) = bit 4. */
export function smlaldT32(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const lo = (w >>> 12) & 15;
  const hi = (w >>> 8) & 15;
  const p = dualProduct(r[(w >>> 16) & 15], r[w & 15], (w & 0x10) !== 0, (w & 0x100000) !== 0);
  cpu.hi = r[hi] >>> 0;
  cpu.lo = r[lo] >>> 0;
  addSigned64(cpu, p);
  r[lo] = cpu.lo;
  r[hi] = cpu.hi;
}

/** SDIV (op1 001) / UDIV (op1 011): Rd [11:8]. */
export function divT32(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  r[(w >>> 8) & 15] = divide(r[(w >>> 16) & 15], r[w & 15], (w & 0x200000) === 0);
}
