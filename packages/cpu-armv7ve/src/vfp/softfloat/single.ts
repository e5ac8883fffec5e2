// Single-precision arithmetic: FPAdd, FPSub, FPMul, FPDiv, FPSqrt, FPMulAdd and FPCompare of
// the ARMv7-A ARM ARM for N = 32. Operands and results are uint32 bit patterns. Significands
// of at most 53 bits are exact in a JS number, which covers everything but the fused
// multiply-add (done on 64-bit significands, see addCore64).

import { FPSCR, type FpContext } from "./context.js";
import {
  addCore64,
  DEFAULT_NAN32,
  INF,
  processNaN32,
  processNaNs3_32,
  processNaNs32,
  QNAN,
  RM,
  raise,
  roundF32,
  SNAN,
  shiftRightJam32,
  type32,
  U,
  unpack32,
  W,
  ZERO,
} from "./core.js";

const TWO32 = 4294967296;

function addSub(ctx: FpContext, a: number, b: number, negateB: number): number {
  const fpscr = ctx.fpscr;
  const fz = (fpscr & FPSCR.FZ) !== 0;
  const ta = type32(ctx, a, fz);
  const tb = type32(ctx, b, fz);
  const nan = processNaNs32(ctx, ta, tb, a, b, (fpscr & FPSCR.DN) !== 0);
  if (nan >= 0) return nan;
  // FPSub is FPAdd with op2 negated once NaNs are out of the way.
  b = (b ^ negateB) >>> 0;
  let sa = a >>> 31;
  let sb = b >>> 31;
  if (ta === INF || tb === INF) {
    if (ta === INF && tb === INF && sa !== sb) {
      raise(ctx, FPSCR.IOC);
      return DEFAULT_NAN32;
    }
    return (((ta === INF ? sa : sb) << 31) | 0x7f800000) >>> 0;
  }
  const rmode = (fpscr >>> 22) & 3;
  if (ta === ZERO) {
    if (tb !== ZERO) return b;
    // Same-signed zeros keep their sign; otherwise an exact zero is +0 except when rounding down.
    return sa === sb ? (sa << 31) >>> 0 : rmode === RM ? 0x80000000 : 0;
  }
  if (tb === ZERO) return a >>> 0;

  unpack32(a);
  let ma = U.m;
  let ea = U.e;
  unpack32(b);
  let mb = U.m;
  let eb = U.e;
  if (ea < eb || (ea === eb && ma < mb)) {
    let t = ma;
    ma = mb;
    mb = t;
    t = ea;
    ea = eb;
    eb = t;
    t = sa;
    sa = sb;
    sb = t;
  }
  // Significands with the leading one at bit 29: six zero guard bits below the 24 that matter.
  const sigA = ma << 6;
  let sigB = mb << 6;
  if (ea !== eb) sigB = shiftRightJam32(sigB, ea - eb);
  let sig: number;
  if (sa === sb) {
    sig = sigA + sigB;
  } else {
    sig = sigA - sigB;
    if (sig === 0) return rmode === RM ? 0x80000000 : 0;
  }
  const k = Math.clz32(sig) - 1;
  return roundF32(ctx, fz, rmode, sa, ea + 1 - k, sig << k);
}

/** FPAdd (VADD.F32). */
export function f32Add(ctx: FpContext, a: number, b: number): number {
  return addSub(ctx, a >>> 0, b >>> 0, 0);
}

/** FPSub (VSUB.F32). */
export function f32Sub(ctx: FpContext, a: number, b: number): number {
  return addSub(ctx, a >>> 0, b >>> 0, 0x80000000);
}

/** Rounds the exact product of two finite non-zero singles (significands/exponents from U). */
function roundProduct(
  ctx: FpContext,
  fz: boolean,
  rmode: number,
  sign: number,
  ma: number,
  ea: number,
  mb: number,
  eb: number,
): number {
  // p < 2^48 is exact; value = p * 2^(ea + eb - 46). Keep 31 bits, jam the rest.
  const p = ma * mb;
  let sig: number;
  let exp = ea + eb;
  if (p >= 0x800000000000) {
    sig = Math.floor(p / 0x20000);
    if (sig * 0x20000 !== p) sig |= 1;
    exp++;
  } else {
    sig = Math.floor(p / 0x10000);
    if (sig * 0x10000 !== p) sig |= 1;
  }
  return roundF32(ctx, fz, rmode, sign, exp, sig);
}

/** FPMul (VMUL.F32). */
export function f32Mul(ctx: FpContext, a: number, b: number): number {
  a >>>= 0;
  b >>>= 0;
  const fpscr = ctx.fpscr;
  const fz = (fpscr & FPSCR.FZ) !== 0;
  const ta = type32(ctx, a, fz);
  const tb = type32(ctx, b, fz);
  const nan = processNaNs32(ctx, ta, tb, a, b, (fpscr & FPSCR.DN) !== 0);
  if (nan >= 0) return nan;
  const sign = (a ^ b) >>> 31;
  if ((ta === INF && tb === ZERO) || (ta === ZERO && tb === INF)) {
    raise(ctx, FPSCR.IOC);
    return DEFAULT_NAN32;
  }
  if (ta === INF || tb === INF) return ((sign << 31) | 0x7f800000) >>> 0;
  if (ta === ZERO || tb === ZERO) return (sign << 31) >>> 0;
  unpack32(a);
  const ma = U.m;
  const ea = U.e;
  unpack32(b);
  return roundProduct(ctx, fz, (fpscr >>> 22) & 3, sign, ma, ea, U.m, U.e);
}

/** FPDiv (VDIV.F32). */
export function f32Div(ctx: FpContext, a: number, b: number): number {
  a >>>= 0;
  b >>>= 0;
  const fpscr = ctx.fpscr;
  const fz = (fpscr & FPSCR.FZ) !== 0;
  const ta = type32(ctx, a, fz);
  const tb = type32(ctx, b, fz);
  const nan = processNaNs32(ctx, ta, tb, a, b, (fpscr & FPSCR.DN) !== 0);
  if (nan >= 0) return nan;
  const sign = (a ^ b) >>> 31;
  if ((ta === INF && tb === INF) || (ta === ZERO && tb === ZERO)) {
    raise(ctx, FPSCR.IOC);
    return DEFAULT_NAN32;
  }
  if (ta === INF || tb === ZERO) {
    if (ta !== INF) raise(ctx, FPSCR.DZC);
    return ((sign << 31) | 0x7f800000) >>> 0;
  }
  if (ta === ZERO || tb === INF) return (sign << 31) >>> 0;
  unpack32(a);
  const ma = U.m;
  const ea = U.e;
  unpack32(b);
  const mb = U.m;
  // Integer quotient of ma * 2^29 (< 2^53) by mb: 29 or 30 significant bits, remainder exact.
  const n = ma * 0x20000000;
  let q = Math.floor(n / mb);
  let r = n - q * mb;
  if (r < 0) {
    q--;
    r += mb;
  } else if (r >= mb) {
    q++;
    r -= mb;
  }
  const sticky = r !== 0 ? 1 : 0;
  if (q >= 0x20000000) return roundF32(ctx, fz, (fpscr >>> 22) & 3, sign, ea - U.e, q * 2 + sticky);
  return roundF32(ctx, fz, (fpscr >>> 22) & 3, sign, ea - U.e - 1, q * 4 + sticky);
}

/** FPSqrt (VSQRT.F32). */
export function f32Sqrt(ctx: FpContext, a: number): number {
  a >>>= 0;
  const fpscr = ctx.fpscr;
  const fz = (fpscr & FPSCR.FZ) !== 0;
  const ta = type32(ctx, a, fz);
  if (ta >= QNAN) return processNaN32(ctx, ta, a, (fpscr & FPSCR.DN) !== 0);
  if (ta === ZERO) return (a & 0x80000000) >>> 0;
  if (a >>> 31 !== 0) {
    raise(ctx, FPSCR.IOC);
    return DEFAULT_NAN32;
  }
  if (ta === INF) return a;
  unpack32(a);
  let m = U.m;
  let e = U.e;
  if (e & 1) {
    m *= 2;
    e -= 1;
  }
  // n in [2^50, 2^52): its integer square root has 26 bits and s * s is exact.
  const n = m * 0x8000000;
  let s = Math.floor(Math.sqrt(n));
  let r = n - s * s;
  while (r < 0) {
    s--;
    r = n - s * s;
  }
  while (r > 2 * s) {
    s++;
    r = n - s * s;
  }
  return roundF32(ctx, fz, (fpscr >>> 22) & 3, 0, e / 2, s * 32 + (r !== 0 ? 1 : 0));
}

/**
 * FPMulAdd (VFMA.F32): addend + op1 * op2 rounded once. VFMS, VFNMA and VFNMS are this with
 * op1 and/or the addend negated (a sign flip, NaNs included) by the caller beforehand.
 */
export function f32MulAdd(ctx: FpContext, addend: number, op1: number, op2: number): number {
  addend >>>= 0;
  op1 >>>= 0;
  op2 >>>= 0;
  const fpscr = ctx.fpscr;
  const fz = (fpscr & FPSCR.FZ) !== 0;
  const ta = type32(ctx, addend, fz);
  const t1 = type32(ctx, op1, fz);
  const t2 = type32(ctx, op2, fz);
  const invalidProduct = (t1 === INF && t2 === ZERO) || (t1 === ZERO && t2 === INF);
  const nan = processNaNs3_32(ctx, ta, t1, t2, addend, op1, op2, (fpscr & FPSCR.DN) !== 0);
  // A quiet NaN addend does not hide the invalid 0 * inf: the result is the default NaN.
  if (ta === QNAN && invalidProduct) {
    raise(ctx, FPSCR.IOC);
    return DEFAULT_NAN32;
  }
  if (nan >= 0) return nan;
  const sA = addend >>> 31;
  const sP = (op1 ^ op2) >>> 31;
  const infP = t1 === INF || t2 === INF;
  const zeroP = t1 === ZERO || t2 === ZERO;
  if (invalidProduct || (ta === INF && infP && sA !== sP)) {
    raise(ctx, FPSCR.IOC);
    return DEFAULT_NAN32;
  }
  if ((ta === INF && sA === 0) || (infP && sP === 0)) return 0x7f800000;
  if ((ta === INF && sA === 1) || (infP && sP === 1)) return 0xff800000;
  const rmode = (fpscr >>> 22) & 3;
  if (zeroP) {
    if (ta !== ZERO) return addend;
    return sA === sP ? (sA << 31) >>> 0 : rmode === RM ? 0x80000000 : 0;
  }
  unpack32(op1);
  const m1 = U.m;
  const e1 = U.e;
  unpack32(op2);
  const m2 = U.m;
  const e2 = U.e;
  if (ta === ZERO) return roundProduct(ctx, fz, rmode, sP, m1, e1, m2, e2);
  // Both terms as 64-bit significands with the leading one at bit 61 (value = sig * 2^(e - 61)).
  const p = m1 * m2;
  let pSig: number;
  let pExp = e1 + e2;
  if (p >= 0x800000000000) {
    pSig = p * 0x4000;
    pExp++;
  } else {
    pSig = p * 0x8000;
  }
  unpack32(addend);
  if (!addCore64(sP, pExp, Math.floor(pSig / TWO32), pSig % TWO32, sA, U.e, U.m * 64, 0)) {
    return rmode === RM ? 0x80000000 : 0;
  }
  return roundF32(ctx, fz, rmode, W.s, W.e, (W.hi | (W.lo !== 0 ? 1 : 0)) >>> 0);
}

/**
 * FPCompare (VCMP/VCMPE.F32): NZCV in bits 3..0 — 0b0110 equal, 0b1000 less, 0b0010 greater,
 * 0b0011 unordered. Signalling NaNs always set IOC; quiet NaNs only when quietNaNsSignal (VCMPE).
 */
export function f32Compare(ctx: FpContext, a: number, b: number, quietNaNsSignal: boolean): number {
  const fz = (ctx.fpscr & FPSCR.FZ) !== 0;
  const ta = type32(ctx, a, fz);
  const tb = type32(ctx, b, fz);
  if (ta >= QNAN || tb >= QNAN) {
    if (ta === SNAN || tb === SNAN || quietNaNsSignal) raise(ctx, FPSCR.IOC);
    return 0b0011;
  }
  // Sign-magnitude to a plain ordering key; flushed denormals and both zeros compare as 0.
  const ka = ta === ZERO ? 0 : a & 0x80000000 ? -(a & 0x7fffffff) : a & 0x7fffffff;
  const kb = tb === ZERO ? 0 : b & 0x80000000 ? -(b & 0x7fffffff) : b & 0x7fffffff;
  return ka === kb ? 0b0110 : ka < kb ? 0b1000 : 0b0010;
}
