// Shared machinery of the softfloat module: operand classification (FPUnpack), NaN selection
// (FPProcessNaN/FPProcessNaNs/FPProcessNaNs3) and rounding (FPRound), all following the ARMv7-A
// ARM ARM (DDI 0406C) pseudocode.
//
// Representation. Finite non-zero values are handled as sign, exponent and an integer
// significand `sig` whose leading one sits at a fixed bit; bits below the final precision are
// kept, and everything shifted out below them is "jammed" (OR-ed) into bit 0, so that bit 0 is
// set exactly when the value is inexact at that precision. That is enough to reproduce FPRound,
// which only needs to know whether the discarded part is zero, below, at or above one half.
//   single: sig < 2^31 with the leading one at bit 30, value = sig * 2^(exp - 30)
//   double: sig = hi:lo (two uint32 halves) with the leading one at bit 62,
//           value = sig * 2^(exp - 62)
// `exp` is then the pseudocode's `exponent` (value = mantissa * 2^exponent, 1 <= mantissa < 2).

import { FPSCR, type FpContext } from "./context.js";

/** Operand classes (FPType). Finite covers normal and (unflushed) denormal values. */
export const ZERO = 0;
export const FINITE = 1;
export const INF = 2;
export const QNAN = 3;
export const SNAN = 4;

export const RN = 0;
export const RP = 1;
export const RM = 2;
export const RZ = 3;

export const DEFAULT_NAN32 = 0x7fc00000;
export const DEFAULT_NAN64_HI = 0x7ff80000;
export const DEFAULT_NAN16 = 0x7e00;

const TWO32 = 4294967296;

/** ORs exception flags into the context's FPSCR (kept as a uint32). */
export function raise(ctx: FpContext, flags: number): void {
  ctx.fpscr = (ctx.fpscr | flags) >>> 0;
}

/**
 * Scratch outputs of the helpers below, so that no call allocates a tuple.
 * unpack32: m (24-bit significand, bit 23 set), e: value = m * 2^(e - 23).
 * unpack64: mHi:mLo (53-bit significand, bit 52 set), e: value = m * 2^(e - 52).
 * 64-bit helpers: hi, lo; addCore64 also s (sign) and e.
 */
export const U = { m: 0, e: 0, mHi: 0, mLo: 0 };
export const W = { hi: 0, lo: 0, s: 0, e: 0 };

// ---------------------------------------------------------------------------------------------
// FPUnpack

/** Class of a single-precision operand; a denormal under FZ is a zero and sets IDC. */
export function type32(ctx: FpContext, a: number, fz: boolean): number {
  const exp = (a >>> 23) & 0xff;
  const frac = a & 0x7fffff;
  if (exp === 0) {
    if (frac === 0) return ZERO;
    if (fz) {
      raise(ctx, FPSCR.IDC);
      return ZERO;
    }
    return FINITE;
  }
  if (exp === 0xff) return frac === 0 ? INF : frac & 0x400000 ? QNAN : SNAN;
  return FINITE;
}

/** Class of a double-precision operand; a denormal under FZ is a zero and sets IDC. */
export function type64(ctx: FpContext, hi: number, lo: number, fz: boolean): number {
  const exp = (hi >>> 20) & 0x7ff;
  const fracZero = (hi & 0xfffff) === 0 && lo === 0;
  if (exp === 0) {
    if (fracZero) return ZERO;
    if (fz) {
      raise(ctx, FPSCR.IDC);
      return ZERO;
    }
    return FINITE;
  }
  if (exp === 0x7ff) return fracZero ? INF : hi & 0x80000 ? QNAN : SNAN;
  return FINITE;
}

/** Significand and exponent of a finite non-zero single (denormals normalised) into U. */
export function unpack32(a: number): void {
  const exp = (a >>> 23) & 0xff;
  const frac = a & 0x7fffff;
  if (exp !== 0) {
    U.m = frac | 0x800000;
    U.e = exp - 127;
  } else {
    const k = Math.clz32(frac) - 8;
    U.m = frac << k;
    U.e = -126 - k;
  }
}

/** Significand and exponent of a finite non-zero double (denormals normalised) into U. */
export function unpack64(hi: number, lo: number): void {
  const exp = (hi >>> 20) & 0x7ff;
  const fHi = hi & 0xfffff;
  if (exp !== 0) {
    U.mHi = fHi | 0x100000;
    U.mLo = lo >>> 0;
    U.e = exp - 1023;
  } else {
    // Leading one of the 52-bit fraction at bit p; shift it up to bit 52.
    const p = fHi !== 0 ? 63 - Math.clz32(fHi) : 31 - Math.clz32(lo);
    shiftLeft64(fHi, lo >>> 0, 52 - p);
    U.mHi = W.hi;
    U.mLo = W.lo;
    U.e = -1022 - (52 - p);
  }
}

// ---------------------------------------------------------------------------------------------
// NaNs

/** FPProcessNaN for a single: quieten a signalling NaN (IOC), then apply default-NaN mode. */
export function processNaN32(ctx: FpContext, type: number, a: number, dn: boolean): number {
  if (type === SNAN) raise(ctx, FPSCR.IOC);
  return dn ? DEFAULT_NAN32 : (a | 0x400000) >>> 0;
}

/** FPProcessNaN for a double, result in ctx.hi/lo. */
export function processNaN64(ctx: FpContext, type: number, hi: number, lo: number, dn: boolean): void {
  if (type === SNAN) raise(ctx, FPSCR.IOC);
  if (dn) {
    ctx.hi = DEFAULT_NAN64_HI;
    ctx.lo = 0;
  } else {
    ctx.hi = (hi | 0x80000) >>> 0;
    ctx.lo = lo >>> 0;
  }
}

/** FPProcessNaNs: the NaN result of a two-operand operation, or -1 when neither is a NaN. */
export function processNaNs32(ctx: FpContext, ta: number, tb: number, a: number, b: number, dn: boolean): number {
  if (ta === SNAN) return processNaN32(ctx, ta, a, dn);
  if (tb === SNAN) return processNaN32(ctx, tb, b, dn);
  if (ta === QNAN) return processNaN32(ctx, ta, a, dn);
  if (tb === QNAN) return processNaN32(ctx, tb, b, dn);
  return -1;
}

/** FPProcessNaNs3, operands in pseudocode order (for FPMulAdd: addend, op1, op2). */
export function processNaNs3_32(
  ctx: FpContext,
  ta: number,
  tb: number,
  tc: number,
  a: number,
  b: number,
  c: number,
  dn: boolean,
): number {
  if (ta === SNAN) return processNaN32(ctx, ta, a, dn);
  if (tb === SNAN) return processNaN32(ctx, tb, b, dn);
  if (tc === SNAN) return processNaN32(ctx, tc, c, dn);
  if (ta === QNAN) return processNaN32(ctx, ta, a, dn);
  if (tb === QNAN) return processNaN32(ctx, tb, b, dn);
  if (tc === QNAN) return processNaN32(ctx, tc, c, dn);
  return -1;
}

/** FPProcessNaNs for doubles: true (result in ctx.hi/lo) when an operand is a NaN. */
export function processNaNs64(
  ctx: FpContext,
  ta: number,
  tb: number,
  aHi: number,
  aLo: number,
  bHi: number,
  bLo: number,
  dn: boolean,
): boolean {
  if (ta === SNAN || (ta === QNAN && tb !== SNAN)) processNaN64(ctx, ta, aHi, aLo, dn);
  else if (tb >= QNAN) processNaN64(ctx, tb, bHi, bLo, dn);
  else return false;
  return true;
}

/** FPProcessNaNs3 for doubles. */
export function processNaNs3_64(
  ctx: FpContext,
  ta: number,
  tb: number,
  tc: number,
  aHi: number,
  aLo: number,
  bHi: number,
  bLo: number,
  cHi: number,
  cLo: number,
  dn: boolean,
): boolean {
  if (ta === SNAN) processNaN64(ctx, ta, aHi, aLo, dn);
  else if (tb === SNAN) processNaN64(ctx, tb, bHi, bLo, dn);
  else if (tc === SNAN) processNaN64(ctx, tc, cHi, cLo, dn);
  else if (ta === QNAN) processNaN64(ctx, ta, aHi, aLo, dn);
  else if (tb === QNAN) processNaN64(ctx, tb, bHi, bLo, dn);
  else if (tc === QNAN) processNaN64(ctx, tc, cHi, cLo, dn);
  else return false;
  return true;
}

/** Writes a double with a zero fraction (zero or infinity) or the default NaN into ctx. */
export function setF64(ctx: FpContext, hi: number, lo: number): void {
  ctx.hi = hi >>> 0;
  ctx.lo = lo >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Shifts on 32-bit and 64-bit (hi:lo) significands

/** x >> n for n >= 1, with the shifted-out bits jammed into bit 0. */
export function shiftRightJam32(x: number, n: number): number {
  if (n >= 31) return x !== 0 ? 1 : 0;
  return ((x >>> n) | (x << (32 - n) !== 0 ? 1 : 0)) >>> 0;
}

/** hi:lo >> n for n >= 1, jamming the shifted-out bits into bit 0; result in W.hi/W.lo. */
export function shiftRightJam64(hi: number, lo: number, n: number): void {
  if (n < 32) {
    W.lo = ((lo >>> n) | (hi << (32 - n)) | (lo << (32 - n) !== 0 ? 1 : 0)) >>> 0;
    W.hi = hi >>> n;
  } else if (n === 32) {
    W.lo = (hi | (lo !== 0 ? 1 : 0)) >>> 0;
    W.hi = 0;
  } else if (n < 64) {
    W.lo = ((hi >>> (n - 32)) | (hi << (64 - n) !== 0 || lo !== 0 ? 1 : 0)) >>> 0;
    W.hi = 0;
  } else {
    W.lo = hi !== 0 || lo !== 0 ? 1 : 0;
    W.hi = 0;
  }
}

/** hi:lo << n for 0 <= n < 64 (bits shifted out at the top are lost); result in W.hi/W.lo. */
export function shiftLeft64(hi: number, lo: number, n: number): void {
  if (n === 0) {
    W.hi = hi;
    W.lo = lo;
  } else if (n < 32) {
    W.hi = ((hi << n) | (lo >>> (32 - n))) >>> 0;
    W.lo = (lo << n) >>> 0;
  } else {
    W.hi = (lo << (n - 32)) >>> 0;
    W.lo = 0;
  }
}

/**
 * Exact sum of two finite non-zero values given as signed 64-bit significands with the leading
 * one at bit 61 (value = sig * 2^(e - 61)). Returns false when the sum is exactly zero;
 * otherwise W holds the sum's sign, exponent and significand normalised to bit 62, with the bits
 * lost in aligning the smaller operand jammed into bit 0. (The larger operand's low bits are
 * zero, so jamming before a subtraction still leaves bit 0 set exactly when inexact, and the
 * result never has to move left by more than two places when anything was jammed.)
 */
export function addCore64(
  sa: number,
  ea: number,
  aHi: number,
  aLo: number,
  sb: number,
  eb: number,
  bHi: number,
  bLo: number,
): boolean {
  if (ea < eb || (ea === eb && (aHi < bHi || (aHi === bHi && aLo < bLo)))) {
    let t = sa;
    sa = sb;
    sb = t;
    t = ea;
    ea = eb;
    eb = t;
    t = aHi;
    aHi = bHi;
    bHi = t;
    t = aLo;
    aLo = bLo;
    bLo = t;
  }
  if (ea !== eb) {
    shiftRightJam64(bHi, bLo, ea - eb);
    bHi = W.hi;
    bLo = W.lo;
  }
  let hi: number;
  let lo: number;
  if (sa === sb) {
    hi = aHi + bHi;
    lo = aLo + bLo;
    if (lo >= TWO32) {
      lo -= TWO32;
      hi++;
    }
  } else {
    hi = aHi - bHi;
    lo = aLo - bLo;
    if (lo < 0) {
      lo += TWO32;
      hi--;
    }
    if (hi === 0 && lo === 0) return false;
  }
  let e = ea + 1;
  if (hi < 0x40000000) {
    const k = hi !== 0 ? Math.clz32(hi) - 1 : 31 + Math.clz32(lo);
    shiftLeft64(hi, lo, k);
    hi = W.hi;
    lo = W.lo;
    e -= k;
  }
  W.s = sa;
  W.e = e;
  W.hi = hi;
  W.lo = lo;
  return true;
}

// ---------------------------------------------------------------------------------------------
// FPRound

/** Rounding decision of FPRound: round the integer mantissa up by one ulp? */
function roundUp(rmode: number, sign: number, odd: number, rest: number, half: number): boolean {
  switch (rmode) {
    case RN:
      return rest > half || (rest === half && odd !== 0);
    case RP:
      return rest !== 0 && sign === 0;
    case RM:
      return rest !== 0 && sign !== 0;
    default:
      return false;
  }
}

/** Does an overflow in this rounding mode give an infinity (else the largest normal)? */
function overflowToInf(rmode: number, sign: number): boolean {
  return rmode === RN || (rmode === RP && sign === 0) || (rmode === RM && sign !== 0);
}

/**
 * FPRound(value, 32): sign * sig * 2^(exp - 30), sig in [2^30, 2^31) with bit 0 jammed.
 * Tininess is detected before rounding and reported as UFC only when also inexact (ARMv7 with
 * the Underflow trap disabled); FZ flushes every tiny value, exact or not, to zero with UFC only.
 */
export function roundF32(ctx: FpContext, fz: boolean, rmode: number, sign: number, exp: number, sig: number): number {
  let biased: number;
  if (exp < -126) {
    if (fz) {
      raise(ctx, FPSCR.UFC);
      return (sign << 31) >>> 0;
    }
    sig = shiftRightJam32(sig, -126 - exp);
    biased = 0;
  } else {
    biased = exp + 127;
  }
  let mant = sig >>> 7;
  const rest = sig & 0x7f;
  let flags = 0;
  if (rest !== 0) flags = biased === 0 ? FPSCR.UFC | FPSCR.IXC : FPSCR.IXC;
  if (roundUp(rmode, sign, mant & 1, rest, 0x40)) {
    mant++;
    if (mant === 0x800000) biased = 1; // a denormal rounded up to the smallest normal
    if (mant === 0x1000000) {
      biased++;
      mant >>>= 1;
    }
  }
  let result: number;
  if (biased >= 0xff) {
    result = overflowToInf(rmode, sign) ? 0x7f800000 : 0x7f7fffff;
    flags |= FPSCR.OFC | FPSCR.IXC;
  } else {
    result = (biased << 23) | (mant & 0x7fffff);
  }
  if (flags !== 0) raise(ctx, flags);
  return ((sign << 31) | result) >>> 0;
}

/**
 * FPRound(value, 16) for a conversion from single precision: same significand layout as
 * roundF32. FZ never applies to half precision. With AHP there are no infinities: the exponent
 * range extends by one and an overflow gives the largest value with IOC (and no IXC).
 */
export function roundF16(ctx: FpContext, rmode: number, ahp: boolean, sign: number, exp: number, sig: number): number {
  let biased: number;
  if (exp < -14) {
    sig = shiftRightJam32(sig, -14 - exp);
    biased = 0;
  } else {
    biased = exp + 15;
  }
  let mant = sig >>> 20;
  const rest = sig & 0xfffff;
  let flags = 0;
  if (rest !== 0) flags = biased === 0 ? FPSCR.UFC | FPSCR.IXC : FPSCR.IXC;
  if (roundUp(rmode, sign, mant & 1, rest, 0x80000)) {
    mant++;
    if (mant === 0x400) biased = 1;
    if (mant === 0x800) {
      biased++;
      mant >>>= 1;
    }
  }
  let result: number;
  if (!ahp) {
    if (biased >= 0x1f) {
      result = overflowToInf(rmode, sign) ? 0x7c00 : 0x7bff;
      flags |= FPSCR.OFC | FPSCR.IXC;
    } else {
      result = (biased << 10) | (mant & 0x3ff);
    }
  } else if (biased >= 0x20) {
    result = 0x7fff;
    flags = (flags & ~FPSCR.IXC) | FPSCR.IOC;
  } else {
    result = (biased << 10) | (mant & 0x3ff);
  }
  if (flags !== 0) raise(ctx, flags);
  return (sign << 15) | result;
}

/**
 * FPRound(value, 64): sign * (hi:lo) * 2^(exp - 62), hi in [2^30, 2^31), bit 0 of lo jammed.
 * The result goes to ctx.hi/ctx.lo. The 53-bit integer mantissa is held in a double (exact).
 */
export function roundF64(
  ctx: FpContext,
  fz: boolean,
  rmode: number,
  sign: number,
  exp: number,
  hi: number,
  lo: number,
): void {
  let biased: number;
  if (exp < -1022) {
    if (fz) {
      raise(ctx, FPSCR.UFC);
      ctx.hi = (sign << 31) >>> 0;
      ctx.lo = 0;
      return;
    }
    shiftRightJam64(hi, lo, -1022 - exp);
    hi = W.hi;
    lo = W.lo;
    biased = 0;
  } else {
    biased = exp + 1023;
  }
  let mant = hi * 0x400000 + (lo >>> 10);
  const rest = lo & 0x3ff;
  let flags = 0;
  if (rest !== 0) flags = biased === 0 ? FPSCR.UFC | FPSCR.IXC : FPSCR.IXC;
  if (roundUp(rmode, sign, lo & 0x400, rest, 0x200)) {
    mant++;
    if (mant === 0x10000000000000) biased = 1;
    if (mant === 0x20000000000000) {
      biased++;
      mant = 0x10000000000000;
    }
  }
  if (biased >= 0x7ff) {
    if (overflowToInf(rmode, sign)) {
      ctx.hi = ((sign << 31) | 0x7ff00000) >>> 0;
      ctx.lo = 0;
    } else {
      ctx.hi = ((sign << 31) | 0x7fefffff) >>> 0;
      ctx.lo = 0xffffffff;
    }
    flags |= FPSCR.OFC | FPSCR.IXC;
  } else {
    ctx.hi = ((sign << 31) | (biased << 20) | (Math.floor(mant / TWO32) & 0xfffff)) >>> 0;
    ctx.lo = mant % TWO32;
  }
  if (flags !== 0) raise(ctx, flags);
}

/** The 53-bit significand in U (mHi:mLo) as an exact JS number. */
export function sig53(mHi: number, mLo: number): number {
  return mHi * TWO32 + mLo;
}
