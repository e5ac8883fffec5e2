// A32 data-processing, multiply and media instructions: field extraction for the A32 encodings,
// semantics from exec/.
import type { ArmCpu } from "../cpu.js";
import { armExpandImm, clz, rbit, ror, shiftImm, shiftReg } from "../exec/alu.js";
import {
  addSigned64,
  alu,
  divide,
  dualProduct,
  half,
  isTestOp,
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

/** Result write-back of an A32 data-processing instruction (ALUWritePC, exception return). */
function finish(cpu: ArmCpu, w: number, op: number, a: number, b: number, carry: number): void {
  const rd = (w >>> 12) & 15;
  const s = (w & 0x100000) !== 0;
  if (isTestOp(op)) {
    alu(cpu, op, a, b, carry, true);
    return;
  }
  const res = alu(cpu, op, a, b, carry, s && rd !== 15);
  if (rd !== 15) {
    cpu.r[rd] = res;
    return;
  }
  if (s) {
    // SUBS PC, LR and friends: an exception return, UNDEFINED in Hyp mode (which uses ERET).
    if (cpu.pl === 2) {
      cpu.undefinedInstruction();
      return;
    }
    const spsr = cpu.currentSpsr;
    if (spsr !== undefined) {
      cpu.exceptionReturn(res, spsr);
      return;
    }
    // SUBS PC, LR in User/System mode is UNPREDICTABLE: we treat it as a plain branch.
  }
  cpu.bxTo(res);
}

export function dpImm(cpu: ArmCpu, w: number): void {
  const b = armExpandImm(cpu, w & 0xfff);
  finish(cpu, w, (w >>> 21) & 15, cpu.r[(w >>> 16) & 15], b, cpu.shc);
}

export function dpReg(cpu: ArmCpu, w: number): void {
  const b = shiftImm(cpu, cpu.r[w & 15], (w >>> 5) & 3, (w >>> 7) & 31);
  finish(cpu, w, (w >>> 21) & 15, cpu.r[(w >>> 16) & 15], b, cpu.shc);
}

export function dpRsr(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const b = shiftReg(cpu, r[w & 15], (w >>> 5) & 3, r[(w >>> 8) & 15]);
  finish(cpu, w, (w >>> 21) & 15, r[(w >>> 16) & 15], b, cpu.shc);
}

export function movw(cpu: ArmCpu, w: number): void {
  cpu.r[(w >>> 12) & 15] = ((w >>> 4) & 0xf000) | (w & 0xfff);
}

export function movt(cpu: ArmCpu, w: number): void {
  const rd = (w >>> 12) & 15;
  cpu.r[rd] = (cpu.r[rd] & 0xffff) | ((((w >>> 16) & 0xf) << 28) | ((w & 0xfff) << 16));
}

// ---- multiplies: Rd at [19:16], Rn at [3:0], Rm at [11:8], Ra at [15:12] ------------------------

export function mul(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  r[(w >>> 16) & 15] = mulAcc(cpu, r[w & 15], r[(w >>> 8) & 15], 0, (w & 0x100000) !== 0);
}

export function mla(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  r[(w >>> 16) & 15] = mulAcc(cpu, r[w & 15], r[(w >>> 8) & 15], r[(w >>> 12) & 15], (w & 0x100000) !== 0);
}

export function mls(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  r[(w >>> 16) & 15] = (r[(w >>> 12) & 15] - Math.imul(r[w & 15], r[(w >>> 8) & 15])) | 0;
}

/** UMULL/UMLAL/SMULL/SMLAL: RdHi [19:16], RdLo [15:12]; bit 22 signed, bit 21 accumulate. */
export function mulLongA32(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const hi = (w >>> 16) & 15;
  const lo = (w >>> 12) & 15;
  mulLong(
    cpu,
    (w & 0x400000) !== 0,
    r[w & 15],
    r[(w >>> 8) & 15],
    (w & 0x200000) !== 0,
    r[hi],
    r[lo],
    (w & 0x100000) !== 0,
  );
  r[lo] = cpu.lo;
  r[hi] = cpu.hi;
}

export function umaalA32(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const hi = (w >>> 16) & 15;
  const lo = (w >>> 12) & 15;
  umaal(cpu, r[w & 15], r[(w >>> 8) & 15], r[hi], r[lo]);
  r[lo] = cpu.lo;
  r[hi] = cpu.hi;
}

/** SMLA<x><y>: bit 5 = N (x: top of Rn), bit 6 = M (y: top of Rm). */
export function smlaxy(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const a = half(r[w & 15], (w & 0x20) !== 0);
  const b = half(r[(w >>> 8) & 15], (w & 0x40) !== 0);
  r[(w >>> 16) & 15] = smlaHalf(cpu, a, b, r[(w >>> 12) & 15], true);
}

export function smulxy(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const a = half(r[w & 15], (w & 0x20) !== 0);
  const b = half(r[(w >>> 8) & 15], (w & 0x40) !== 0);
  r[(w >>> 16) & 15] = smlaHalf(cpu, a, b, 0, false);
}

/** SMLAW<y> (bit 5 = 0) and SMULW<y> (bit 5 = 1); bit 6 = M. */
export function smlawy(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const b = half(r[(w >>> 8) & 15], (w & 0x40) !== 0);
  r[(w >>> 16) & 15] = smlaWord(cpu, r[w & 15], b, r[(w >>> 12) & 15], true);
}

export function smulwy(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const b = half(r[(w >>> 8) & 15], (w & 0x40) !== 0);
  r[(w >>> 16) & 15] = smlaWord(cpu, r[w & 15], b, 0, false);
}

export function smlalxy(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const hi = (w >>> 16) & 15;
  const lo = (w >>> 12) & 15;
  const p = half(r[w & 15], (w & 0x20) !== 0) * half(r[(w >>> 8) & 15], (w & 0x40) !== 0);
  cpu.hi = r[hi] >>> 0;
  cpu.lo = r[lo] >>> 0;
  addSigned64(cpu, p);
  r[lo] = cpu.lo;
  r[hi] = cpu.hi;
}

/** QADD (op 0), QSUB (1), QDADD (2), QDSUB (3): op in bits [22:21]; Rd = [15:12], Rm = [3:0], Rn = [19:16]. */
export function qarith(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const op = (w >>> 21) & 3;
  r[(w >>> 12) & 15] = qaddsub(cpu, r[w & 15], r[(w >>> 16) & 15], (op & 1) !== 0, (op & 2) !== 0);
}

export function clzA32(cpu: ArmCpu, w: number): void {
  cpu.r[(w >>> 12) & 15] = clz(cpu.r[w & 15]);
}

// ---- media -------------------------------------------------------------------------------------

/** Parallel add/subtract: bit 22 = unsigned, [21:20] = 01 modular / 10 saturating / 11 halving, [7:5] = op. */
export function parallelA32(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const kind = (w >>> 20) & 3;
  const prefix = ((w & 0x400000) !== 0 ? 3 : 0) + (kind - 1);
  const op2 = (w >>> 5) & 7;
  const op = op2 === 7 ? 5 : op2;
  r[(w >>> 12) & 15] = parallel(cpu, prefix, op, r[(w >>> 16) & 15], r[w & 15]);
}

export function pkh(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const tb = (w & 0x40) !== 0;
  const imm5 = (w >>> 7) & 31;
  const m = shiftImm(cpu, r[w & 15], tb ? 2 : 0, imm5);
  const n = r[(w >>> 16) & 15];
  r[(w >>> 12) & 15] = tb ? (n & 0xffff0000) | (m & 0xffff) : (m & 0xffff0000) | (n & 0xffff);
}

/** SSAT (bit 22 = 0) / USAT (bit 22 = 1): sat_imm [20:16], shift imm [11:7], sh bit 6. */
export function sat(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const unsigned = (w & 0x400000) !== 0;
  const bits = ((w >>> 16) & 31) + (unsigned ? 0 : 1);
  const v = shiftImm(cpu, r[w & 15], (w & 0x40) !== 0 ? 2 : 0, (w >>> 7) & 31);
  r[(w >>> 12) & 15] = saturate(cpu, v, bits, unsigned);
}

export function sat16(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const unsigned = (w & 0x400000) !== 0;
  const bits = ((w >>> 16) & 15) + (unsigned ? 0 : 1);
  r[(w >>> 12) & 15] = saturate16(cpu, r[w & 15], bits, unsigned);
}

/** SXTAB16 .. UXTAH: bit 22 = unsigned, [21:20] = 00 B16 / 10 B / 11 H, Rn = 15 means no add. */
export function extendA32(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const op = (w >>> 20) & 3;
  const kind = op === 0 ? 2 : op === 2 ? 0 : 1;
  const rn = (w >>> 16) & 15;
  const v = ror(r[w & 15], ((w >>> 10) & 3) * 8);
  r[(w >>> 12) & 15] = extend(v, kind, (w & 0x400000) === 0, rn === 15 ? 0 : r[rn]);
}

export function sel(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  r[(w >>> 12) & 15] = select(cpu.ge, r[(w >>> 16) & 15], r[w & 15]);
}

export function revA32(cpu: ArmCpu, w: number): void {
  cpu.r[(w >>> 12) & 15] = rev(cpu.r[w & 15]);
}
export function rev16A32(cpu: ArmCpu, w: number): void {
  cpu.r[(w >>> 12) & 15] = rev16(cpu.r[w & 15]);
}
export function revshA32(cpu: ArmCpu, w: number): void {
  cpu.r[(w >>> 12) & 15] = revsh(cpu.r[w & 15]);
}
export function rbitA32(cpu: ArmCpu, w: number): void {
  cpu.r[(w >>> 12) & 15] = rbit(cpu.r[w & 15]);
}

/** USAD8 / USADA8: Rd [19:16], Ra [15:12] (15 = none), Rm [11:8], Rn [3:0]. */
export function usad(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const ra = (w >>> 12) & 15;
  r[(w >>> 16) & 15] = usad8(r[w & 15], r[(w >>> 8) & 15], ra === 15 ? 0 : r[ra]);
}

/** SBFX (bit 22 = 0) / UBFX: widthm1 [20:16], Rd [15:12], lsb [11:7], Rn [3:0]. */
export function bfx(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const lsb = (w >>> 7) & 31;
  const width = ((w >>> 16) & 31) + 1;
  r[(w >>> 12) & 15] =
    lsb + width > 32 ? r[(w >>> 12) & 15] : bitfieldExtract(r[w & 15], lsb, width, (w & 0x400000) === 0);
}

/** BFI / BFC (Rn = 15): msb [20:16], lsb [11:7]. */
export function bfi(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const rd = (w >>> 12) & 15;
  const rn = w & 15;
  const lsb = (w >>> 7) & 31;
  const msb = (w >>> 16) & 31;
  if (msb < lsb) return; // UNPREDICTABLE
  r[rd] = bitfieldInsert(r[rd], rn === 15 ? 0 : r[rn], lsb, msb);
}

/** SMLAD/SMLSD (Ra != 15) and SMUAD/SMUSD (Ra = 15): bit 6 = subtract, bit 5 = exchange. Rd [19:16]. */
export function smlad(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const ra = (w >>> 12) & 15;
  const p = dualProduct(r[w & 15], r[(w >>> 8) & 15], (w & 0x20) !== 0, (w & 0x40) !== 0);
  const res = ra === 15 ? p : p + r[ra];
  if (res > 0x7fffffff || res < -0x80000000) cpu.q = 1;
  r[(w >>> 16) & 15] = res | 0;
}

/** SMLALD/SMLSLD: RdHi [19:16], RdLo [15:12]. */
export function smlald(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const hi = (w >>> 16) & 15;
  const lo = (w >>> 12) & 15;
  const p = dualProduct(r[w & 15], r[(w >>> 8) & 15], (w & 0x20) !== 0, (w & 0x40) !== 0);
  cpu.hi = r[hi] >>> 0;
  cpu.lo = r[lo] >>> 0;
  addSigned64(cpu, p);
  r[lo] = cpu.lo;
  r[hi] = cpu.hi;
}

/** SMMUL/SMMLA (bit 6 = 0, Ra = 15 for SMMUL) / SMMLS (bit 6 = 1); bit 5 = round. */
export function smmul(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const ra = (w >>> 12) & 15;
  const sub = (w & 0x40) !== 0;
  const mode = sub ? 2 : ra === 15 ? 0 : 1;
  r[(w >>> 16) & 15] = mostSignificantMul(
    cpu,
    r[w & 15],
    r[(w >>> 8) & 15],
    ra === 15 ? 0 : r[ra],
    mode,
    (w & 0x20) !== 0,
  );
}

/** SDIV (bit 21 = 0) / UDIV: Rd [19:16], Rm [11:8], Rn [3:0]. */
export function div(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  r[(w >>> 16) & 15] = divide(r[w & 15], r[(w >>> 8) & 15], (w & 0x200000) === 0);
}
