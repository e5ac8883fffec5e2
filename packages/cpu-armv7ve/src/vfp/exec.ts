// VFPv4-D32 semantics (ARM ARM DDI 0406C A8, the VFP forms only; Advanced SIMD stays UNDEFINED).
// One handler serves A32 and T32: a T32 VFP encoding is the A32 one with the condition field
// replaced by 1110, and the CPU passes a 32-bit Thumb instruction as hw1:hw2 in one word, so
// every field sits at the same bit position.
//
// Access control follows QEMU 7.2 (target/arm/translate-vfp.c) for a Cortex-A15:
// - CPACR.cp10 (bits 21:20; cp11 is not consulted, as in QEMU) must be 0b11 at PL0 and 0b01 or
//   0b11 at PL1; it does not apply in Hyp mode. Otherwise UNDEFINED.
// - FPEXC.EN must be set for every instruction except VMRS/VMSR of FPSID, FPEXC, MVFR0/1, which
//   are UNDEFINED at PL0 and ignore FPEXC.EN at PL1 and above (Linux's lazy VFP switching and its
//   boot-time probe rely on both).
// - The A15 has no short vectors (MVFR0.FPShVec = 0): the data-processing instructions that
//   would iterate (VMLA...VDIV, VFMA...VFNMS, VMOV immediate/register, VABS, VNEG, VSQRT) are
//   UNDEFINED while FPSCR.LEN or FPSCR.STRIDE is non-zero; compares and conversions are scalar
//   and ignore them.
// - Under a hypervisor (ARM ARM B1.14.?, the order of CheckAdvSIMDOrVFPEnabled): after CPACR and
//   FPEXC.EN, HCPTR.TCP10/TCP11 trap the access to Hyp mode (EC 0x07; in Hyp mode it is
//   UNDEFINED), and HCR.TID0 / TID3 trap VMRS of FPSID / MVFR0-1 (EC 0x08).
// Arithmetic is vfp/softfloat (bit-exact against QEMU); FPSCR flags accumulate through one shared
// FpContext, so nothing allocates per instruction.
import type { ArmCpu } from "../cpu.js";
import { condField, EC, HCPTR, HCR, mcrIss } from "../hyp.js";
import { Access } from "../mmu.js";
import { Mode } from "../psr.js";
import {
  FpContext,
  f16ToF32,
  f32Add,
  f32Compare,
  f32Div,
  f32Mul,
  f32MulAdd,
  f32Sqrt,
  f32Sub,
  f32ToF16,
  f32ToF64,
  f32ToFixed,
  f64Add,
  f64Compare,
  f64Div,
  f64Mul,
  f64MulAdd,
  f64Sqrt,
  f64Sub,
  f64ToF32,
  f64ToFixed,
  fixedToF32,
  fixedToF64,
} from "./softfloat.js";

/**
 * FPSCR bits that hold what VMSR writes on a Cortex-A15 (as qemu-arm -cpu cortex-a15 reads them
 * back): N Z C V, QC, AHP, DN, FZ, RMode, Stride, Len, IDC, IXC UFC OFC DZC IOC. The trap enables
 * (bits 15, 12:8) are RAZ/WI; bits 19, 14:13 and 6:5 are reserved.
 */
export const FPSCR_MASK = 0xfff7009f;
/** FPEXC.EN. QEMU keeps only this bit of an FPEXC write (no VFP sub-architecture). */
export const FPEXC_EN = 0x40000000;
/** FPSCR.Stride (21:20) and FPSCR.Len (18:16). */
const LEN_STRIDE = 0x00370000;
const SIGN = 0x80000000;

/** The register numbers of VMRS/VMSR (the spec_reg field, bits 19:16). */
export const VfpSysReg = { FPSID: 0, FPSCR: 1, MVFR1: 6, MVFR0: 7, FPEXC: 8 } as const;

const ctx = new FpContext();

// ---- access checks -------------------------------------------------------------------------------

/** CPACR.cp10 allows an access at the current privilege level (Hyp mode is not subject to CPACR). */
function cpacrAllows(cpu: ArmCpu): boolean {
  const pl = cpu.pl;
  if (pl === 2) return true;
  const cp10 = (cpu.cpacr >>> 20) & 3;
  return cp10 === 3 || (cp10 === 1 && pl === 1);
}

/**
 * The check every VFP instruction makes (except VMRS/VMSR of the ID and control registers):
 * false, after taking the UNDEFINED exception, when CPACR or FPEXC.EN disables the unit (or after
 * the trap to Hyp mode HCPTR asks for).
 */
export function vfpEnabled(cpu: ArmCpu, w: number): boolean {
  if ((cpu.fpexc & FPEXC_EN) !== 0 && cpacrAllows(cpu)) return hcptrAllows(cpu, w);
  cpu.undefinedInstruction();
  return false;
}

/** HCPTR.TCP10/TCP11: a trap to Hyp mode from a guest (EC 0x07 with the coprocessor), UNDEFINED in Hyp mode. */
function hcptrAllows(cpu: ArmCpu, w: number): boolean {
  if ((cpu.hcptr & (HCPTR.TCP10 | HCPTR.TCP11)) === 0) return true;
  if (cpu.mode === Mode.HYP) cpu.undefinedInstruction();
  else cpu.hypTrapInstruction(EC.HCPTR, condField(cpu, w) | ((w >>> 8) & 15));
  return false;
}

/** vfpEnabled for the instructions that would be short-vector operations (see the header). */
function scalarOnly(cpu: ArmCpu, w: number): boolean {
  if ((cpu.fpscr & LEN_STRIDE) === 0) return vfpEnabled(cpu, w);
  cpu.undefinedInstruction();
  return false;
}

/** FPSID/FPEXC/MVFRx: privileged, CPACR-checked, FPEXC.EN ignored. */
function sysRegEnabled(cpu: ArmCpu, w: number): boolean {
  if (cpu.pl !== 0 && cpacrAllows(cpu)) return hcptrAllows(cpu, w);
  cpu.undefinedInstruction();
  return false;
}

// ---- register fields -----------------------------------------------------------------------------
// Single registers are Vx:X (4-bit field, then the extra bit), double registers X:Vx.

const sd = (w: number) => ((w >>> 11) & 0x1e) | ((w >>> 22) & 1);
const dd = (w: number) => ((w >>> 18) & 0x10) | ((w >>> 12) & 15);
const sn = (w: number) => ((w >>> 15) & 0x1e) | ((w >>> 7) & 1);
const dn = (w: number) => ((w >>> 3) & 0x10) | ((w >>> 16) & 15);
const sm = (w: number) => ((w << 1) & 0x1e) | ((w >>> 5) & 1);
const dm = (w: number) => ((w >>> 1) & 0x10) | (w & 15);

// ---- data processing -----------------------------------------------------------------------------

/**
 * The three-register operations, single precision; bits 23, 21:20 and 6 select the operation.
 * The non-fused multiply-accumulates round twice and collect the flags of both steps, with the
 * negations applied exactly as the pseudocode (and QEMU) does, NaNs included.
 */
function arith3S(cpu: ArmCpu, w: number): void {
  if (!scalarOnly(cpu, w)) return;
  const v = cpu.vreg;
  const d = sd(w);
  const a = v[sn(w)];
  const b = v[sm(w)];
  ctx.fpscr = cpu.fpscr;
  let r: number;
  switch ((((w >>> 20) & 0xb) << 1) | ((w >>> 6) & 1)) {
    case 0: // VMLA: d + n*m
      r = f32Add(ctx, v[d], f32Mul(ctx, a, b));
      break;
    case 1: // VMLS: d + -(n*m)
      r = f32Add(ctx, v[d], (f32Mul(ctx, a, b) ^ SIGN) >>> 0);
      break;
    case 2: // VNMLS: -d + n*m
      r = f32Add(ctx, (v[d] ^ SIGN) >>> 0, f32Mul(ctx, a, b));
      break;
    case 3: // VNMLA: -d + -(n*m)
      r = f32Add(ctx, (v[d] ^ SIGN) >>> 0, (f32Mul(ctx, a, b) ^ SIGN) >>> 0);
      break;
    case 4:
      r = f32Mul(ctx, a, b);
      break;
    case 5: // VNMUL
      r = (f32Mul(ctx, a, b) ^ SIGN) >>> 0;
      break;
    case 6:
      r = f32Add(ctx, a, b);
      break;
    case 7:
      r = f32Sub(ctx, a, b);
      break;
    case 16:
      r = f32Div(ctx, a, b);
      break;
    case 18: // VFNMS: -d + n*m, one rounding
      r = f32MulAdd(ctx, (v[d] ^ SIGN) >>> 0, a, b);
      break;
    case 19: // VFNMA: -d + -n*m
      r = f32MulAdd(ctx, (v[d] ^ SIGN) >>> 0, (a ^ SIGN) >>> 0, b);
      break;
    case 20: // VFMA
      r = f32MulAdd(ctx, v[d], a, b);
      break;
    case 21: // VFMS: d + -n*m
      r = f32MulAdd(ctx, v[d], (a ^ SIGN) >>> 0, b);
      break;
    default:
      cpu.undefinedInstruction();
      return;
  }
  v[d] = r;
  cpu.fpscr = ctx.fpscr;
}

/** arith3S in double precision. */
function arith3D(cpu: ArmCpu, w: number): void {
  if (!scalarOnly(cpu, w)) return;
  const v = cpu.vreg;
  const d = dd(w) * 2;
  const n = dn(w) * 2;
  const m = dm(w) * 2;
  const aLo = v[n];
  const aHi = v[n + 1];
  const bLo = v[m];
  const bHi = v[m + 1];
  const cLo = v[d];
  const cHi = v[d + 1];
  ctx.fpscr = cpu.fpscr;
  const op = (((w >>> 20) & 0xb) << 1) | ((w >>> 6) & 1);
  switch (op) {
    case 0:
    case 1:
    case 2:
    case 3: {
      f64Mul(ctx, aHi, aLo, bHi, bLo);
      const pHi = op & 1 ? (ctx.hi ^ SIGN) >>> 0 : ctx.hi;
      const pLo = ctx.lo;
      f64Add(ctx, op & 2 ? (cHi ^ SIGN) >>> 0 : cHi, cLo, pHi, pLo);
      break;
    }
    case 4:
      f64Mul(ctx, aHi, aLo, bHi, bLo);
      break;
    case 5:
      f64Mul(ctx, aHi, aLo, bHi, bLo);
      ctx.hi = (ctx.hi ^ SIGN) >>> 0;
      break;
    case 6:
      f64Add(ctx, aHi, aLo, bHi, bLo);
      break;
    case 7:
      f64Sub(ctx, aHi, aLo, bHi, bLo);
      break;
    case 16:
      f64Div(ctx, aHi, aLo, bHi, bLo);
      break;
    case 18:
      f64MulAdd(ctx, (cHi ^ SIGN) >>> 0, cLo, aHi, aLo, bHi, bLo);
      break;
    case 19:
      f64MulAdd(ctx, (cHi ^ SIGN) >>> 0, cLo, (aHi ^ SIGN) >>> 0, aLo, bHi, bLo);
      break;
    case 20:
      f64MulAdd(ctx, cHi, cLo, aHi, aLo, bHi, bLo);
      break;
    case 21:
      f64MulAdd(ctx, cHi, cLo, (aHi ^ SIGN) >>> 0, aLo, bHi, bLo);
      break;
    default:
      cpu.undefinedInstruction();
      return;
  }
  v[d] = ctx.lo;
  v[d + 1] = ctx.hi;
  cpu.fpscr = ctx.fpscr;
}

/** VFPExpandImm of imm4H:imm4L (bits 19:16, 3:0) for a single: the word. */
export function expandImmS(w: number): number {
  const imm8 = ((w >>> 12) & 0xf0) | (w & 15);
  return ((imm8 & 0x80) << 24) | (imm8 & 0x40 ? 0x3e000000 : 0x40000000) | ((imm8 & 0x3f) << 19);
}

/** VFPExpandImm for a double: the high word (the low word is zero). */
export function expandImmD(w: number): number {
  const imm8 = ((w >>> 12) & 0xf0) | (w & 15);
  return ((imm8 & 0x80) << 24) | (imm8 & 0x40 ? 0x3fc00000 : 0x40000000) | ((imm8 & 0x3f) << 16);
}

function vmovImmS(cpu: ArmCpu, w: number): void {
  if (!scalarOnly(cpu, w)) return;
  cpu.vreg[sd(w)] = expandImmS(w);
}

function vmovImmD(cpu: ArmCpu, w: number): void {
  if (!scalarOnly(cpu, w)) return;
  const d = dd(w) * 2;
  cpu.vreg[d] = 0;
  cpu.vreg[d + 1] = expandImmD(w);
}

/** VMOV (register), VABS, VNEG, VSQRT in single precision: bits 16 and 7 select. */
function unaryS(cpu: ArmCpu, w: number): void {
  if (!scalarOnly(cpu, w)) return;
  const v = cpu.vreg;
  const a = v[sm(w)];
  switch (((w >>> 15) & 2) | ((w >>> 7) & 1)) {
    case 0:
      v[sd(w)] = a;
      break;
    case 1:
      v[sd(w)] = a & 0x7fffffff;
      break;
    case 2:
      v[sd(w)] = a ^ SIGN;
      break;
    default:
      ctx.fpscr = cpu.fpscr;
      v[sd(w)] = f32Sqrt(ctx, a);
      cpu.fpscr = ctx.fpscr;
  }
}

/** unaryS in double precision. */
function unaryD(cpu: ArmCpu, w: number): void {
  if (!scalarOnly(cpu, w)) return;
  const v = cpu.vreg;
  const m = dm(w) * 2;
  const d = dd(w) * 2;
  const lo = v[m];
  const hi = v[m + 1];
  switch (((w >>> 15) & 2) | ((w >>> 7) & 1)) {
    case 0:
      v[d] = lo;
      v[d + 1] = hi;
      break;
    case 1:
      v[d] = lo;
      v[d + 1] = hi & 0x7fffffff;
      break;
    case 2:
      v[d] = lo;
      v[d + 1] = hi ^ SIGN;
      break;
    default:
      ctx.fpscr = cpu.fpscr;
      f64Sqrt(ctx, hi, lo);
      v[d] = ctx.lo;
      v[d + 1] = ctx.hi;
      cpu.fpscr = ctx.fpscr;
  }
}

/** VCMP/VCMPE (E = bit 7) with a register or, when bit 16 is set, #0.0: result in FPSCR.NZCV. */
function vcmpS(cpu: ArmCpu, w: number): void {
  if (!vfpEnabled(cpu, w)) return;
  const v = cpu.vreg;
  ctx.fpscr = cpu.fpscr;
  const nzcv = f32Compare(ctx, v[sd(w)], w & 0x10000 ? 0 : v[sm(w)], (w & 0x80) !== 0);
  cpu.fpscr = ((ctx.fpscr & 0x0fffffff) | (nzcv << 28)) >>> 0;
}

function vcmpD(cpu: ArmCpu, w: number): void {
  if (!vfpEnabled(cpu, w)) return;
  const v = cpu.vreg;
  const d = dd(w) * 2;
  const zero = (w & 0x10000) !== 0;
  const m = dm(w) * 2;
  ctx.fpscr = cpu.fpscr;
  const nzcv = f64Compare(ctx, v[d + 1], v[d], zero ? 0 : v[m + 1], zero ? 0 : v[m], (w & 0x80) !== 0);
  cpu.fpscr = ((ctx.fpscr & 0x0fffffff) | (nzcv << 28)) >>> 0;
}

/** VCVT.F64.F32 Dd, Sm. */
export function vcvtF64F32(cpu: ArmCpu, w: number): void {
  if (!vfpEnabled(cpu, w)) return;
  const v = cpu.vreg;
  ctx.fpscr = cpu.fpscr;
  f32ToF64(ctx, v[sm(w)]);
  const d = dd(w) * 2;
  v[d] = ctx.lo;
  v[d + 1] = ctx.hi;
  cpu.fpscr = ctx.fpscr;
}

/** VCVT.F32.F64 Sd, Dm. */
export function vcvtF32F64(cpu: ArmCpu, w: number): void {
  if (!vfpEnabled(cpu, w)) return;
  const v = cpu.vreg;
  const m = dm(w) * 2;
  ctx.fpscr = cpu.fpscr;
  v[sd(w)] = f64ToF32(ctx, v[m + 1], v[m]);
  cpu.fpscr = ctx.fpscr;
}

/** VCVT.F32.<S32|U32> Sd, Sm (signed when bit 7 is set), rounded per FPSCR. */
function vcvtFromIntS(cpu: ArmCpu, w: number): void {
  if (!vfpEnabled(cpu, w)) return;
  const v = cpu.vreg;
  ctx.fpscr = cpu.fpscr;
  v[sd(w)] = fixedToF32(ctx, v[sm(w)], (w & 0x80) !== 0, 0, 32, (cpu.fpscr >>> 22) & 3);
  cpu.fpscr = ctx.fpscr;
}

/** VCVT.F64.<S32|U32> Dd, Sm (exact). */
function vcvtFromIntD(cpu: ArmCpu, w: number): void {
  if (!vfpEnabled(cpu, w)) return;
  const v = cpu.vreg;
  ctx.fpscr = cpu.fpscr;
  fixedToF64(ctx, v[sm(w)], (w & 0x80) !== 0, 0, 32, (cpu.fpscr >>> 22) & 3);
  const d = dd(w) * 2;
  v[d] = ctx.lo;
  v[d + 1] = ctx.hi;
  cpu.fpscr = ctx.fpscr;
}

/** VCVT{R}.<S32|U32>.F32 Sd, Sm: signed when bit 16 is set; bit 7 set = VCVT (towards zero). */
function vcvtToIntS(cpu: ArmCpu, w: number): void {
  if (!vfpEnabled(cpu, w)) return;
  const v = cpu.vreg;
  ctx.fpscr = cpu.fpscr;
  const rmode = w & 0x80 ? 3 : (cpu.fpscr >>> 22) & 3;
  v[sd(w)] = f32ToFixed(ctx, v[sm(w)], (w & 0x10000) !== 0, 0, 32, rmode);
  cpu.fpscr = ctx.fpscr;
}

/** VCVT{R}.<S32|U32>.F64 Sd, Dm. */
function vcvtToIntD(cpu: ArmCpu, w: number): void {
  if (!vfpEnabled(cpu, w)) return;
  const v = cpu.vreg;
  const m = dm(w) * 2;
  ctx.fpscr = cpu.fpscr;
  const rmode = w & 0x80 ? 3 : (cpu.fpscr >>> 22) & 3;
  v[sd(w)] = f64ToFixed(ctx, v[m + 1], v[m], (w & 0x10000) !== 0, 0, 32, rmode);
  cpu.fpscr = ctx.fpscr;
}

/** frac_bits of the fixed-point VCVT: size (16 or 32, sx = bit 7) minus imm4:i (bits 3:0, 5). */
function fracBits(w: number): number {
  return (w & 0x80 ? 32 : 16) - (((w & 15) << 1) | ((w >>> 5) & 1));
}

/**
 * VCVT between F32 and fixed-point, in place in Sd: bit 18 set = to fixed (towards zero), clear =
 * from fixed (to nearest, whatever FPSCR.RMode says); bit 16 = unsigned; bit 7 = 32-bit.
 */
function vcvtFixedS(cpu: ArmCpu, w: number): void {
  if (!vfpEnabled(cpu, w)) return;
  const v = cpu.vreg;
  const d = sd(w);
  const signed = (w & 0x10000) === 0;
  const size = w & 0x80 ? 32 : 16;
  ctx.fpscr = cpu.fpscr;
  v[d] =
    w & 0x40000
      ? f32ToFixed(ctx, v[d], signed, fracBits(w), size, 3)
      : fixedToF32(ctx, v[d], signed, fracBits(w), size, 0);
  cpu.fpscr = ctx.fpscr;
}

/** VCVT between F64 and fixed-point, in place in Dd (to fixed: the result extended to 64 bits). */
function vcvtFixedD(cpu: ArmCpu, w: number): void {
  if (!vfpEnabled(cpu, w)) return;
  const v = cpu.vreg;
  const d = dd(w) * 2;
  const signed = (w & 0x10000) === 0;
  const size = w & 0x80 ? 32 : 16;
  ctx.fpscr = cpu.fpscr;
  if (w & 0x40000) {
    const lo = f64ToFixed(ctx, v[d + 1], v[d], signed, fracBits(w), size, 3);
    v[d] = lo;
    v[d + 1] = signed ? lo >> 31 : 0;
  } else {
    fixedToF64(ctx, v[d], signed, fracBits(w), size, 0);
    v[d] = ctx.lo;
    v[d + 1] = ctx.hi;
  }
  cpu.fpscr = ctx.fpscr;
}

/**
 * VCVTB/VCVTT (bit 7 = T, the top half): bit 16 clear = F32.F16 (from half of Sm), set = F16.F32
 * (into half of Sd, the other half kept).
 */
export function vcvtHalf(cpu: ArmCpu, w: number): void {
  if (!vfpEnabled(cpu, w)) return;
  const v = cpu.vreg;
  const top = (w & 0x80) !== 0;
  const a = v[sm(w)];
  const d = sd(w);
  ctx.fpscr = cpu.fpscr;
  if (w & 0x10000) {
    const h = f32ToF16(ctx, a);
    v[d] = top ? (v[d] & 0xffff) | (h << 16) : (v[d] & 0xffff0000) | h;
  } else {
    v[d] = f16ToF32(ctx, top ? a >>> 16 : a & 0xffff);
  }
  cpu.fpscr = ctx.fpscr;
}

// ---- transfers between core and VFP registers ------------------------------------------------------

/** VMOV Sn, Rt (bit 20 clear) / VMOV Rt, Sn (set; Rt = 15, UNPREDICTABLE, sets NZCV as QEMU does). */
export function vmovCoreSingle(cpu: ArmCpu, w: number): void {
  if (!vfpEnabled(cpu, w)) return;
  const t = (w >>> 12) & 15;
  if ((w & 0x100000) === 0) {
    cpu.vreg[sn(w)] = cpu.r[t];
  } else if (t === 15) {
    cpu.setNZCV(cpu.vreg[sn(w)]);
  } else {
    cpu.r[t] = cpu.vreg[sn(w)];
  }
}

/** VMOV.32 Dd[x], Rt (bit 20 clear) / VMOV.32 Rt, Dn[x] (set); x is bit 21. */
export function vmovCoreScalar(cpu: ArmCpu, w: number): void {
  if (!vfpEnabled(cpu, w)) return;
  const word = dn(w) * 2 + ((w >>> 21) & 1);
  const t = (w >>> 12) & 15;
  if ((w & 0x100000) === 0) cpu.vreg[word] = cpu.r[t];
  else cpu.r[t] = cpu.vreg[word];
}

/**
 * VMOV between two core registers (Rt bits 15:12, Rt2 19:16) and two consecutive single
 * registers (Sm, Sm+1) or one double register (bit 8); bit 20 set = to the core registers.
 */
export function vmovCoreTwo(cpu: ArmCpu, w: number): void {
  if (!vfpEnabled(cpu, w)) return;
  const first = w & 0x100 ? dm(w) * 2 : sm(w);
  const t = (w >>> 12) & 15;
  const t2 = (w >>> 16) & 15;
  const v = cpu.vreg;
  if (w & 0x100000) {
    cpu.r[t] = v[first];
    cpu.r[t2] = v[(first + 1) & 63];
  } else {
    v[first] = cpu.r[t];
    v[(first + 1) & 63] = cpu.r[t2];
  }
}

/** VMRS Rt, <spec_reg> (bits 19:16); Rt = 15 writes APSR.NZCV. */
export function vmrs(cpu: ArmCpu, w: number): void {
  const reg = (w >>> 16) & 15;
  let value: number;
  if (reg === VfpSysReg.FPSCR) {
    if (!vfpEnabled(cpu, w)) return;
    value = cpu.fpscr;
  } else {
    if (!sysRegEnabled(cpu, w)) return;
    const id = cpu.identity;
    // HCR.TID0 traps reads of FPSID, TID3 of MVFR0/1 (EC 0x08, the MRC-style syndrome with opc1 7).
    const tid = reg === VfpSysReg.FPSID ? HCR.TID0 : reg === VfpSysReg.MVFR0 || reg === VfpSysReg.MVFR1 ? HCR.TID3 : 0;
    if (tid !== 0 && cpu.mode !== Mode.HYP && (cpu.hcr & tid) !== 0) {
      cpu.hypTrapInstruction(EC.CP10_ID, condField(cpu, w) | mcrIss(7, reg, 0, 0, (w >>> 12) & 15, true));
      return;
    }
    switch (reg) {
      case VfpSysReg.FPSID:
        value = id.fpsid;
        break;
      case VfpSysReg.MVFR0:
        value = id.mvfr0;
        break;
      case VfpSysReg.MVFR1:
        value = id.mvfr1;
        break;
      case VfpSysReg.FPEXC:
        value = cpu.fpexc;
        break;
      default:
        cpu.undefinedInstruction();
        return;
    }
  }
  const t = (w >>> 12) & 15;
  if (t === 15) cpu.setNZCV(value);
  else cpu.r[t] = value;
}

/** VMSR <spec_reg>, Rt: FPSCR (its implemented bits), FPEXC (EN only); FPSID/MVFRx ignore writes. */
export function vmsr(cpu: ArmCpu, w: number): void {
  const reg = (w >>> 16) & 15;
  const value = cpu.r[(w >>> 12) & 15];
  if (reg === VfpSysReg.FPSCR) {
    if (!vfpEnabled(cpu, w)) return;
    cpu.fpscr = (value & FPSCR_MASK) >>> 0;
    return;
  }
  if (!sysRegEnabled(cpu, w)) return;
  switch (reg) {
    case VfpSysReg.FPEXC:
      cpu.fpexc = value & FPEXC_EN;
      break;
    case VfpSysReg.FPSID:
    case VfpSysReg.MVFR0:
    case VfpSysReg.MVFR1:
      break;
    default:
      cpu.undefinedInstruction();
  }
}

// ---- loads and stores -------------------------------------------------------------------------------

/** Base register value: the PC reads word-aligned (VLDR literal, and the A32 PC-relative forms). */
function baseValue(cpu: ArmCpu, n: number): number {
  return n === 15 ? cpu.r[15] & ~3 : cpu.r[n];
}

/** Loads D register `word` (its low-word index in vreg) from two words, in the CPU's endianness. */
function loadD(cpu: ArmCpu, word: number, addr: number): void {
  const first = cpu.read32Aligned(addr);
  const second = cpu.read32Aligned((addr + 4) | 0);
  const v = cpu.vreg;
  if (cpu.bigEndian) {
    v[word + 1] = first;
    v[word] = second;
  } else {
    v[word] = first;
    v[word + 1] = second;
  }
}

/**
 * Stores a D register as two words. Like QEMU's single 8-byte access, it checks alignment and
 * both pages before writing anything, so a fault on the second word leaves memory unchanged.
 */
function storeD(cpu: ArmCpu, word: number, addr: number): void {
  if ((addr & 3) !== 0) cpu.alignmentFault(addr, true);
  const next = (addr + 4) | 0;
  if ((next & 0xfff) === 0) cpu.translate(next, Access.WRITE, false);
  const v = cpu.vreg;
  const lo = v[word];
  const hi = v[word + 1];
  cpu.write32Aligned(addr, cpu.bigEndian ? hi : lo);
  cpu.write32Aligned(next, cpu.bigEndian ? lo : hi);
}

/** VLDR/VSTR: U bit 23, L bit 20, sz bit 8; address = Rn +/- imm8 * 4. */
export function vldrVstr(cpu: ArmCpu, w: number): void {
  if (!vfpEnabled(cpu, w)) return;
  const offset = (w & 0xff) << 2;
  const base = baseValue(cpu, (w >>> 16) & 15);
  const addr = (w & 0x800000 ? base + offset : base - offset) | 0;
  const load = (w & 0x100000) !== 0;
  if (w & 0x100) {
    const word = dd(w) * 2;
    if (load) loadD(cpu, word, addr);
    else storeD(cpu, word, addr);
  } else if (load) {
    cpu.vreg[sd(w)] = cpu.read32Aligned(addr);
  } else {
    cpu.write32Aligned(addr, cpu.vreg[sd(w)]);
  }
}

/**
 * VLDM/VSTM (and VPUSH/VPOP, FLDMX/FSTMX) of single registers: P bit 24 (decrement before), U 23,
 * W 21, L 20, imm8 = the register count. UNPREDICTABLE lists (empty, past S31) and write-back to
 * the PC are UNDEFINED, as QEMU chooses. The base is written back after the last transfer, so an
 * abort leaves it unchanged.
 */
export function vldmS(cpu: ArmCpu, w: number): void {
  const count = w & 0xff;
  const d = sd(w);
  const n = (w >>> 16) & 15;
  const wback = (w & 0x200000) !== 0;
  if (count === 0 || d + count > 32 || (n === 15 && wback)) {
    cpu.undefinedInstruction();
    return;
  }
  if (!vfpEnabled(cpu, w)) return;
  const base = baseValue(cpu, n);
  const up = (w & 0x800000) !== 0;
  let addr = up ? base : (base - count * 4) | 0;
  const v = cpu.vreg;
  if (w & 0x100000) {
    for (let i = 0; i < count; i++, addr = (addr + 4) | 0) v[d + i] = cpu.read32Aligned(addr);
  } else {
    for (let i = 0; i < count; i++, addr = (addr + 4) | 0) cpu.write32Aligned(addr, v[d + i]);
  }
  if (wback) cpu.r[n] = up ? base + count * 4 : base - count * 4;
}

/**
 * vldmS for double registers: imm8 DIV 2 registers; an odd imm8 (FLDMX/FSTMX) transfers the same
 * registers and moves the base by imm8 * 4 (one extra word), as QEMU does.
 */
export function vldmD(cpu: ArmCpu, w: number): void {
  const imm8 = w & 0xff;
  const count = imm8 >>> 1;
  const d = dd(w);
  const n = (w >>> 16) & 15;
  const wback = (w & 0x200000) !== 0;
  if (count === 0 || count > 16 || d + count > 32 || (n === 15 && wback)) {
    cpu.undefinedInstruction();
    return;
  }
  if (!vfpEnabled(cpu, w)) return;
  const base = baseValue(cpu, n);
  const up = (w & 0x800000) !== 0;
  let addr = up ? base : (base - imm8 * 4) | 0;
  if (w & 0x100000) {
    for (let i = 0; i < count; i++, addr = (addr + 8) | 0) loadD(cpu, (d + i) * 2, addr);
  } else {
    for (let i = 0; i < count; i++, addr = (addr + 8) | 0) storeD(cpu, (d + i) * 2, addr);
  }
  if (wback) cpu.r[n] = up ? base + imm8 * 4 : base - imm8 * 4;
}

// ---- handlers of the rows whose sz field (bit 8) selects the precision ------------------------------

export function arith3(cpu: ArmCpu, w: number): void {
  if (w & 0x100) arith3D(cpu, w);
  else arith3S(cpu, w);
}

export function vmovImm(cpu: ArmCpu, w: number): void {
  if (w & 0x100) vmovImmD(cpu, w);
  else vmovImmS(cpu, w);
}

export function unary(cpu: ArmCpu, w: number): void {
  if (w & 0x100) unaryD(cpu, w);
  else unaryS(cpu, w);
}

export function vcmp(cpu: ArmCpu, w: number): void {
  if (w & 0x100) vcmpD(cpu, w);
  else vcmpS(cpu, w);
}

export function vcvtFromInt(cpu: ArmCpu, w: number): void {
  if (w & 0x100) vcvtFromIntD(cpu, w);
  else vcvtFromIntS(cpu, w);
}

export function vcvtToInt(cpu: ArmCpu, w: number): void {
  if (w & 0x100) vcvtToIntD(cpu, w);
  else vcvtToIntS(cpu, w);
}

export function vcvtFixed(cpu: ArmCpu, w: number): void {
  if (w & 0x100) vcvtFixedD(cpu, w);
  else vcvtFixedS(cpu, w);
}
