// Conversions: FPSingleToDouble, FPDoubleToSingle, FPHalfToSingle, FPSingleToHalf, FPToFixed
// and FixedToFP of the ARMv7-A ARM ARM.

import { FPSCR, type FpContext } from "./context.js";
import {
  DEFAULT_NAN16,
  DEFAULT_NAN32,
  DEFAULT_NAN64_HI,
  FINITE,
  INF,
  QNAN,
  RM,
  RN,
  RP,
  raise,
  roundF16,
  roundF32,
  roundF64,
  SNAN,
  shiftLeft64,
  type32,
  type64,
  U,
  unpack32,
  unpack64,
  W,
  ZERO,
} from "./core.js";

/** FPSingleToDouble (VCVT.F64.F32): exact, result in ctx.hi/ctx.lo. */
export function f32ToF64(ctx: FpContext, a: number): void {
  a >>>= 0;
  const fpscr = ctx.fpscr;
  const t = type32(ctx, a, (fpscr & FPSCR.FZ) !== 0);
  const sign = (a & 0x80000000) >>> 0;
  if (t >= QNAN) {
    if (t === SNAN) raise(ctx, FPSCR.IOC);
    if (fpscr & FPSCR.DN) {
      ctx.hi = DEFAULT_NAN64_HI;
      ctx.lo = 0;
    } else {
      // sign : 1...1 : 1 : operand<21:0> : zeros(29)
      ctx.hi = (sign | 0x7ff80000 | ((a >>> 3) & 0x7ffff)) >>> 0;
      ctx.lo = (a << 29) >>> 0;
    }
    return;
  }
  if (t === INF) {
    ctx.hi = (sign | 0x7ff00000) >>> 0;
    ctx.lo = 0;
    return;
  }
  if (t === ZERO) {
    ctx.hi = sign;
    ctx.lo = 0;
    return;
  }
  unpack32(a);
  const frac = U.m & 0x7fffff;
  ctx.hi = (sign | ((U.e + 1023) << 20) | (frac >>> 3)) >>> 0;
  ctx.lo = (frac << 29) >>> 0;
}

/** FPDoubleToSingle (VCVT.F32.F64), rounded per FPSCR. */
export function f64ToF32(ctx: FpContext, hi: number, lo: number): number {
  hi >>>= 0;
  lo >>>= 0;
  const fpscr = ctx.fpscr;
  const fz = (fpscr & FPSCR.FZ) !== 0;
  const t = type64(ctx, hi, lo, fz);
  const sign = hi >>> 31;
  if (t >= QNAN) {
    if (t === SNAN) raise(ctx, FPSCR.IOC);
    if (fpscr & FPSCR.DN) return DEFAULT_NAN32;
    // sign : 1...1 : 1 : operand<50:29>
    return ((sign << 31) | 0x7fc00000 | ((hi & 0x7ffff) << 3) | (lo >>> 29)) >>> 0;
  }
  if (t === INF) return ((sign << 31) | 0x7f800000) >>> 0;
  if (t === ZERO) return (sign << 31) >>> 0;
  unpack64(hi, lo);
  // 53-bit significand >> 22, jammed: leading one at bit 30.
  const sig = (U.mHi * 1024 + (U.mLo >>> 22)) | ((U.mLo & 0x3fffff) !== 0 ? 1 : 0);
  return roundF32(ctx, fz, (fpscr >>> 22) & 3, sign, U.e, sig);
}

/**
 * FPHalfToSingle (VCVTB/VCVTT.F32.F16): h is the 16-bit half. Exact. With FPSCR.AHP the
 * alternative format has no infinities or NaNs (exponent 31 is an ordinary exponent). FZ does
 * not apply: half-precision denormals are converted, not flushed.
 */
export function f16ToF32(ctx: FpContext, h: number): number {
  const fpscr = ctx.fpscr;
  const sign = ((h >>> 15) & 1) << 31;
  const exp = (h >>> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0x1f && (fpscr & FPSCR.AHP) === 0) {
    if (frac === 0) return (sign | 0x7f800000) >>> 0;
    if ((frac & 0x200) === 0) raise(ctx, FPSCR.IOC);
    if (fpscr & FPSCR.DN) return DEFAULT_NAN32;
    // sign : 1...1 : 1 : operand<8:0> : zeros(13)
    return (sign | 0x7fc00000 | ((frac & 0x1ff) << 13)) >>> 0;
  }
  if (exp === 0) {
    if (frac === 0) return sign >>> 0;
    // Denormal half: frac * 2^-24, a normal single.
    const p = 31 - Math.clz32(frac);
    return (sign | ((p - 24 + 127) << 23) | ((frac << (23 - p)) & 0x7fffff)) >>> 0;
  }
  return (sign | ((exp - 15 + 127) << 23) | (frac << 13)) >>> 0;
}

/**
 * FPSingleToHalf (VCVTB/VCVTT.F16.F32): the 16-bit half (the caller merges it into the bottom
 * or top of the destination). Rounded per FPSCR.RMode; FZ flushes a denormal single operand
 * (FPUnpack) but never the half result. With AHP, NaNs become zero and infinities and overflows
 * the largest value, all with IOC.
 */
export function f32ToF16(ctx: FpContext, a: number): number {
  a >>>= 0;
  const fpscr = ctx.fpscr;
  const ahp = (fpscr & FPSCR.AHP) !== 0;
  const t = type32(ctx, a, (fpscr & FPSCR.FZ) !== 0);
  const sign = a >>> 31;
  if (t >= QNAN) {
    if (t === SNAN || ahp) raise(ctx, FPSCR.IOC);
    if (ahp) return sign << 15;
    if (fpscr & FPSCR.DN) return DEFAULT_NAN16;
    // sign : 1...1 : 1 : operand<21:13>
    return (sign << 15) | 0x7e00 | ((a >>> 13) & 0x1ff);
  }
  if (t === INF) {
    if (!ahp) return (sign << 15) | 0x7c00;
    raise(ctx, FPSCR.IOC);
    return (sign << 15) | 0x7fff;
  }
  if (t === ZERO) return sign << 15;
  unpack32(a);
  return roundF16(ctx, (fpscr >>> 22) & 3, ahp, sign, U.e, U.m << 7);
}

const view = new DataView(new ArrayBuffer(8));
const TWO64 = 2 ** 64;

/**
 * FPToFixed on a value already known to be finite and non-zero, given as an exact JS number:
 * scale, round to an integer in `rmode`, saturate to `size` bits (IOC on saturation, else IXC
 * when inexact). Returns the result sign- or zero-extended to 32 bits, as VCVT writes it.
 */
function toFixed(ctx: FpContext, value: number, signed: boolean, fracBits: number, size: number, rmode: number) {
  const max = signed ? 2 ** (size - 1) - 1 : 2 ** size - 1;
  const min = signed ? -(2 ** (size - 1)) : 0;
  // |value| >= 2^64 saturates whatever the scaling; below that, value * 2^fracBits is exact
  // and so are its floor and the fraction left over.
  if (value >= TWO64 || value <= -TWO64) {
    raise(ctx, FPSCR.IOC);
    return (value > 0 ? max : min) >>> 0;
  }
  const x = value * 2 ** fracBits;
  let n = Math.floor(x);
  const error = x - n;
  let up: boolean;
  switch (rmode) {
    case RN:
      up = error > 0.5 || (error === 0.5 && n % 2 !== 0);
      break;
    case RP:
      up = error !== 0;
      break;
    case RM:
      up = false;
      break;
    default:
      up = error !== 0 && n < 0;
  }
  if (up) n++;
  if (n > max || n < min) {
    raise(ctx, FPSCR.IOC);
    return (n > max ? max : min) >>> 0;
  }
  if (error !== 0) raise(ctx, FPSCR.IXC);
  return n >>> 0;
}

/** Result of FPToFixed for a NaN (0, IOC) or an infinity (saturated, IOC). */
function specialToFixed(ctx: FpContext, type: number, negative: boolean, signed: boolean, size: number): number {
  raise(ctx, FPSCR.IOC);
  if (type !== INF) return 0;
  if (negative) return signed ? -(2 ** (size - 1)) >>> 0 : 0;
  return (signed ? 2 ** (size - 1) - 1 : 2 ** size - 1) >>> 0;
}

/**
 * FPToFixed for a single: VCVT to integer (fracBits = 0, size = 32) and VCVT to fixed-point.
 * `rmode` is RZ (3) for VCVT and the FPSCR mode for VCVTR. The result is a uint32 pattern; a
 * 16-bit result is sign- (signed) or zero-extended (unsigned) to 32 bits as VCVT writes it.
 */
export function f32ToFixed(
  ctx: FpContext,
  a: number,
  signed: boolean,
  fracBits: number,
  size: 16 | 32,
  rmode: number,
): number {
  a >>>= 0;
  const t = type32(ctx, a, (ctx.fpscr & FPSCR.FZ) !== 0);
  if (t === ZERO) return 0;
  if (t !== FINITE) return specialToFixed(ctx, t, a >>> 31 !== 0, signed, size);
  view.setUint32(0, a);
  return toFixed(ctx, view.getFloat32(0), signed, fracBits, size, rmode);
}

/**
 * FPToFixed for a double (VCVT/VCVTR.S32/U32.F64 and VCVT to fixed-point from F64). Returns the
 * low word; for the fixed-point forms that write a whole D register the high word is the sign
 * extension (signed) or zero (unsigned) of it.
 */
export function f64ToFixed(
  ctx: FpContext,
  hi: number,
  lo: number,
  signed: boolean,
  fracBits: number,
  size: 16 | 32,
  rmode: number,
): number {
  const t = type64(ctx, hi, lo, (ctx.fpscr & FPSCR.FZ) !== 0);
  if (t === ZERO) return 0;
  if (t !== FINITE) return specialToFixed(ctx, t, hi >>> 31 !== 0, signed, size);
  view.setUint32(0, hi >>> 0);
  view.setUint32(4, lo >>> 0);
  return toFixed(ctx, view.getFloat64(0), signed, fracBits, size, rmode);
}

/** The integer operand of FixedToFP: the low `size` bits of value, signed or unsigned. */
function fixedOperand(value: number, signed: boolean, size: number): number {
  if (size === 16) return signed ? (value << 16) >> 16 : value & 0xffff;
  return signed ? value | 0 : value >>> 0;
}

/**
 * FixedToFP to single: VCVT.F32.S32/U32 (fracBits = 0, size = 32, FPSCR rounding) and VCVT from
 * fixed-point (which the architecture rounds to nearest: pass rmode = 0). Only the low `size`
 * bits of value are used.
 */
export function fixedToF32(
  ctx: FpContext,
  value: number,
  signed: boolean,
  fracBits: number,
  size: 16 | 32,
  rmode: number,
): number {
  const v = fixedOperand(value, signed, size);
  if (v === 0) return 0;
  const sign = v < 0 ? 1 : 0;
  const m = sign ? -v : v;
  const p = 31 - Math.clz32(m);
  // Leading one to bit 30 (jamming the one bit lost when it is at bit 31).
  const sig = p === 31 ? (m >>> 1) | (m & 1) : m << (30 - p);
  return roundF32(ctx, (ctx.fpscr & FPSCR.FZ) !== 0, rmode, sign, p - fracBits, sig);
}

/** FixedToFP to double (exact, so rmode never matters); result in ctx.hi/ctx.lo. */
export function fixedToF64(
  ctx: FpContext,
  value: number,
  signed: boolean,
  fracBits: number,
  size: 16 | 32,
  rmode: number,
): void {
  const v = fixedOperand(value, signed, size);
  if (v === 0) {
    ctx.hi = 0;
    ctx.lo = 0;
    return;
  }
  const sign = v < 0 ? 1 : 0;
  const m = sign ? -v : v;
  const p = 31 - Math.clz32(m);
  shiftLeft64(0, m, 62 - p);
  roundF64(ctx, (ctx.fpscr & FPSCR.FZ) !== 0, rmode, sign, p - fracBits, W.hi, W.lo);
}
