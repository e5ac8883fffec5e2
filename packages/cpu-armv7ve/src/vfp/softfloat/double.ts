// Double-precision arithmetic: FPAdd, FPSub, FPMul, FPDiv, FPSqrt, FPMulAdd and FPCompare of
// the ARMv7-A ARM ARM for N = 64. Operands are (hi, lo) uint32 pairs; results go to ctx.hi and
// ctx.lo. Everything works on 32-bit limbs held in JS numbers (no BigInt, no allocation):
// add/sub on 64-bit significands, multiply on an exact 106-bit product, the fused multiply-add
// on 128-bit significands with the far end jammed, and divide and square root take the host's
// correctly rounded result and settle which side of it the exact value lies on, on limbs.

import { FPSCR, type FpContext } from "./context.js";
import {
  addCore64,
  DEFAULT_NAN64_HI,
  INF,
  processNaN64,
  processNaNs3_64,
  processNaNs64,
  QNAN,
  RM,
  raise,
  roundF64,
  SNAN,
  setF64,
  sig53,
  type64,
  U,
  unpack64,
  W,
  ZERO,
} from "./core.js";

const TWO32 = 4294967296;

function setZero(ctx: FpContext, sign: number): void {
  ctx.hi = (sign << 31) >>> 0;
  ctx.lo = 0;
}

function setInf(ctx: FpContext, sign: number): void {
  ctx.hi = ((sign << 31) | 0x7ff00000) >>> 0;
  ctx.lo = 0;
}

function setDefaultNaN(ctx: FpContext): void {
  setF64(ctx, DEFAULT_NAN64_HI, 0);
}

function addSub(ctx: FpContext, aHi: number, aLo: number, bHi: number, bLo: number, negateB: number): void {
  aHi >>>= 0;
  aLo >>>= 0;
  bHi >>>= 0;
  bLo >>>= 0;
  const fpscr = ctx.fpscr;
  const fz = (fpscr & FPSCR.FZ) !== 0;
  const ta = type64(ctx, aHi, aLo, fz);
  const tb = type64(ctx, bHi, bLo, fz);
  if (processNaNs64(ctx, ta, tb, aHi, aLo, bHi, bLo, (fpscr & FPSCR.DN) !== 0)) return;
  // FPSub is FPAdd with op2 negated once NaNs are out of the way.
  bHi = (bHi ^ negateB) >>> 0;
  const sa = aHi >>> 31;
  const sb = bHi >>> 31;
  if (ta === INF || tb === INF) {
    if (ta === INF && tb === INF && sa !== sb) {
      raise(ctx, FPSCR.IOC);
      setDefaultNaN(ctx);
    } else {
      setInf(ctx, ta === INF ? sa : sb);
    }
    return;
  }
  const rmode = (fpscr >>> 22) & 3;
  if (ta === ZERO) {
    if (tb !== ZERO) setF64(ctx, bHi, bLo);
    else setZero(ctx, sa === sb ? sa : rmode === RM ? 1 : 0);
    return;
  }
  if (tb === ZERO) {
    setF64(ctx, aHi, aLo);
    return;
  }
  // Significands << 9: leading one at bit 61, nine zero guard bits.
  unpack64(aHi, aLo);
  const ea = U.e;
  const xHi = U.mHi * 512 + (U.mLo >>> 23);
  const xLo = (U.mLo << 9) >>> 0;
  unpack64(bHi, bLo);
  if (!addCore64(sa, ea, xHi, xLo, sb, U.e, U.mHi * 512 + (U.mLo >>> 23), (U.mLo << 9) >>> 0)) {
    setZero(ctx, rmode === RM ? 1 : 0);
    return;
  }
  roundF64(ctx, fz, rmode, W.s, W.e, W.hi, W.lo);
}

/** FPAdd (VADD.F64): result in ctx.hi/ctx.lo. */
export function f64Add(ctx: FpContext, aHi: number, aLo: number, bHi: number, bLo: number): void {
  addSub(ctx, aHi, aLo, bHi, bLo, 0);
}

/** FPSub (VSUB.F64): result in ctx.hi/ctx.lo. */
export function f64Sub(ctx: FpContext, aHi: number, aLo: number, bHi: number, bLo: number): void {
  addSub(ctx, aHi, aLo, bHi, bLo, 0x80000000);
}

/** The 106-bit product written by mul53: up * 2^64 + w1 * 2^32 + w0. */
const P = { up: 0, w1: 0, w0: 0 };

/**
 * Exact product of two integers below 2^53 given as aH:aL and bH:bL (aH, bH < 2^21) into P.
 * Every partial product and partial sum stays below 2^53, so each step is exact in doubles.
 */
function mul53(aH: number, aL: number, bH: number, bL: number): void {
  const t = aL * (bL & 0xffff);
  const u = aL * (bL >>> 16); // aL * bL = u * 2^16 + t
  const x0 = t + (u % 0x10000) * 0x10000;
  const x1 = Math.floor(u / 0x10000) + Math.floor(x0 / TWO32); // (aL * bL) >> 32
  const m1 = aH * bL;
  const m2 = aL * bH;
  const y = x1 + (m1 % TWO32) + (m2 % TWO32);
  P.w0 = x0 % TWO32;
  P.w1 = y % TWO32;
  P.up = aH * bH + Math.floor(m1 / TWO32) + Math.floor(m2 / TWO32) + Math.floor(y / TWO32);
}

/** Sign of x * 2^52 - P for an integer x below 2^54: -1, 0 or 1. */
function compareWithProduct(x: number): number {
  const up = Math.floor(x / 0x1000);
  if (up !== P.up) return up > P.up ? 1 : -1;
  const w1 = (x % 0x1000) * 0x100000;
  if (w1 !== P.w1) return w1 > P.w1 ? 1 : -1;
  return P.w0 === 0 ? 0 : -1;
}

/**
 * Rounds a quotient or root known as a correctly rounded 53-bit estimate q (an integer in
 * [2^52, 2^53]) plus the sign of (exact - q): value = (q + tiny * sign) * 2^(exp - 52). The
 * significand handed to FPRound is q << 10, moved by less than one unit in bit 0 towards the
 * exact value, which is all rounding needs to know about the discarded part.
 */
function roundEstimate(ctx: FpContext, fz: boolean, rmode: number, sign: number, exp: number, q: number, dir: number) {
  if (q >= 0x20000000000000) {
    // Only a square root rounds up to 2^53, and only from below.
    roundF64(ctx, fz, rmode, sign, exp, 0x7fffffff, 0xffffffff);
    return;
  }
  let hi = Math.floor(q / 0x400000);
  let lo = (q % 0x400000) * 1024;
  if (dir > 0) {
    lo += 1;
  } else if (dir < 0) {
    if (q === 0x10000000000000) {
      // Just below 2^52: the leading one drops a place.
      roundF64(ctx, fz, rmode, sign, exp - 1, 0x7fffffff, 0xffffffff);
      return;
    }
    if (lo === 0) {
      hi -= 1;
      lo = 0xffffffff;
    } else {
      lo -= 1;
    }
  }
  roundF64(ctx, fz, rmode, sign, exp, hi, lo);
}

/**
 * Rounds the exact product of two 53-bit significands a = aH:aL, b = bH:bL (aH, bH < 2^21),
 * value = a * b * 2^(ea + eb - 104).
 */
function roundProduct(
  ctx: FpContext,
  fz: boolean,
  rmode: number,
  sign: number,
  aH: number,
  aL: number,
  ea: number,
  bH: number,
  bL: number,
  eb: number,
): void {
  mul53(aH, aL, bH, bL);
  const up = P.up; // in [2^40, 2^42)
  const w1 = P.w1;
  // product >> 42: leading one at bit 62 or 63.
  let hi = Math.floor(up / 1024);
  let lo = (up % 1024) * 0x400000 + Math.floor(w1 / 1024);
  let sticky = w1 % 1024 !== 0 || P.w0 !== 0 ? 1 : 0;
  let exp = ea + eb;
  if (hi >= 0x80000000) {
    sticky |= lo & 1;
    lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
    hi = Math.floor(hi / 2);
    exp++;
  }
  roundF64(ctx, fz, rmode, sign, exp, hi, (lo | sticky) >>> 0);
}

/** FPMul (VMUL.F64): result in ctx.hi/ctx.lo. */
export function f64Mul(ctx: FpContext, aHi: number, aLo: number, bHi: number, bLo: number): void {
  aHi >>>= 0;
  aLo >>>= 0;
  bHi >>>= 0;
  bLo >>>= 0;
  const fpscr = ctx.fpscr;
  const fz = (fpscr & FPSCR.FZ) !== 0;
  const ta = type64(ctx, aHi, aLo, fz);
  const tb = type64(ctx, bHi, bLo, fz);
  if (processNaNs64(ctx, ta, tb, aHi, aLo, bHi, bLo, (fpscr & FPSCR.DN) !== 0)) return;
  const sign = (aHi ^ bHi) >>> 31;
  if ((ta === INF && tb === ZERO) || (ta === ZERO && tb === INF)) {
    raise(ctx, FPSCR.IOC);
    setDefaultNaN(ctx);
    return;
  }
  if (ta === INF || tb === INF) {
    setInf(ctx, sign);
    return;
  }
  if (ta === ZERO || tb === ZERO) {
    setZero(ctx, sign);
    return;
  }
  unpack64(aHi, aLo);
  const mHi = U.mHi;
  const mLo = U.mLo;
  const e = U.e;
  unpack64(bHi, bLo);
  roundProduct(ctx, fz, (fpscr >>> 22) & 3, sign, mHi, mLo, e, U.mHi, U.mLo, U.e);
}

/** FPDiv (VDIV.F64): result in ctx.hi/ctx.lo. */
export function f64Div(ctx: FpContext, aHi: number, aLo: number, bHi: number, bLo: number): void {
  aHi >>>= 0;
  aLo >>>= 0;
  bHi >>>= 0;
  bLo >>>= 0;
  const fpscr = ctx.fpscr;
  const fz = (fpscr & FPSCR.FZ) !== 0;
  const ta = type64(ctx, aHi, aLo, fz);
  const tb = type64(ctx, bHi, bLo, fz);
  if (processNaNs64(ctx, ta, tb, aHi, aLo, bHi, bLo, (fpscr & FPSCR.DN) !== 0)) return;
  const sign = (aHi ^ bHi) >>> 31;
  if ((ta === INF && tb === INF) || (ta === ZERO && tb === ZERO)) {
    raise(ctx, FPSCR.IOC);
    setDefaultNaN(ctx);
    return;
  }
  if (ta === INF || tb === ZERO) {
    if (ta !== INF) raise(ctx, FPSCR.DZC);
    setInf(ctx, sign);
    return;
  }
  if (ta === ZERO || tb === INF) {
    setZero(ctx, sign);
    return;
  }
  unpack64(aHi, aLo);
  const a = sig53(U.mHi, U.mLo);
  const ea = U.e;
  unpack64(bHi, bLo);
  // The native quotient of the two integer significands is correctly rounded (IEEE division);
  // the sign of the exact remainder a - q * b tells on which side of it the true quotient lies.
  const quotient = a / sig53(U.mHi, U.mLo);
  const big = quotient >= 1;
  const q = big ? quotient * 0x10000000000000 : quotient * 0x20000000000000;
  mul53(Math.floor(q / TWO32), q % TWO32, U.mHi, U.mLo);
  const dir = compareWithProduct(big ? a : a * 2);
  roundEstimate(ctx, fz, (fpscr >>> 22) & 3, sign, big ? ea - U.e : ea - U.e - 1, q, dir);
}

/** FPSqrt (VSQRT.F64): result in ctx.hi/ctx.lo. */
export function f64Sqrt(ctx: FpContext, hi: number, lo: number): void {
  hi >>>= 0;
  lo >>>= 0;
  const fpscr = ctx.fpscr;
  const fz = (fpscr & FPSCR.FZ) !== 0;
  const t = type64(ctx, hi, lo, fz);
  if (t >= QNAN) {
    processNaN64(ctx, t, hi, lo, (fpscr & FPSCR.DN) !== 0);
    return;
  }
  if (t === ZERO) {
    setZero(ctx, hi >>> 31);
    return;
  }
  if (hi >>> 31 !== 0) {
    raise(ctx, FPSCR.IOC);
    setDefaultNaN(ctx);
    return;
  }
  if (t === INF) {
    setInf(ctx, 0);
    return;
  }
  unpack64(hi, lo);
  let m = sig53(U.mHi, U.mLo);
  let e = U.e;
  if (e & 1) {
    m *= 2;
    e -= 1;
  }
  // m in [2^52, 2^54): the native root (correctly rounded) scaled to a 53-bit integer, and the
  // sign of m * 2^52 - root^2 says on which side of it the exact root lies.
  const root = Math.sqrt(m) * 0x4000000;
  mul53(Math.floor(root / TWO32), root % TWO32, Math.floor(root / TWO32), root % TWO32);
  roundEstimate(ctx, fz, (fpscr >>> 22) & 3, 0, e / 2, root, compareWithProduct(m));
}

/**
 * FPMulAdd (VFMA.F64): addend + op1 * op2 rounded once, result in ctx.hi/ctx.lo. VFMS, VFNMA
 * and VFNMS are this with op1 and/or the addend negated by the caller beforehand.
 */
export function f64MulAdd(
  ctx: FpContext,
  addHi: number,
  addLo: number,
  aHi: number,
  aLo: number,
  bHi: number,
  bLo: number,
): void {
  addHi >>>= 0;
  addLo >>>= 0;
  aHi >>>= 0;
  aLo >>>= 0;
  bHi >>>= 0;
  bLo >>>= 0;
  const fpscr = ctx.fpscr;
  const fz = (fpscr & FPSCR.FZ) !== 0;
  const tA = type64(ctx, addHi, addLo, fz);
  const t1 = type64(ctx, aHi, aLo, fz);
  const t2 = type64(ctx, bHi, bLo, fz);
  const invalidProduct = (t1 === INF && t2 === ZERO) || (t1 === ZERO && t2 === INF);
  const done = processNaNs3_64(ctx, tA, t1, t2, addHi, addLo, aHi, aLo, bHi, bLo, (fpscr & FPSCR.DN) !== 0);
  // A quiet NaN addend does not hide the invalid 0 * inf: the result is the default NaN.
  if (tA === QNAN && invalidProduct) {
    raise(ctx, FPSCR.IOC);
    setDefaultNaN(ctx);
    return;
  }
  if (done) return;
  const sA = addHi >>> 31;
  const sP = (aHi ^ bHi) >>> 31;
  const infP = t1 === INF || t2 === INF;
  const zeroP = t1 === ZERO || t2 === ZERO;
  if (invalidProduct || (tA === INF && infP && sA !== sP)) {
    raise(ctx, FPSCR.IOC);
    setDefaultNaN(ctx);
    return;
  }
  if ((tA === INF && sA === 0) || (infP && sP === 0)) {
    setInf(ctx, 0);
    return;
  }
  if ((tA === INF && sA === 1) || (infP && sP === 1)) {
    setInf(ctx, 1);
    return;
  }
  const rmode = (fpscr >>> 22) & 3;
  if (zeroP) {
    if (tA !== ZERO) setF64(ctx, addHi, addLo);
    else setZero(ctx, sA === sP ? sA : rmode === RM ? 1 : 0);
    return;
  }
  unpack64(aHi, aLo);
  const m1Hi = U.mHi;
  const m1Lo = U.mLo;
  const e1 = U.e;
  unpack64(bHi, bLo);
  if (tA === ZERO) {
    roundProduct(ctx, fz, rmode, sP, m1Hi, m1Lo, e1, U.mHi, U.mLo, U.e);
    return;
  }
  // Product (106 bits) and addend (53 bits) as 128-bit significands, leading one at bit 125.
  mul53(m1Hi, m1Lo, U.mHi, U.mLo);
  let pExp = e1 + U.e;
  let scale = 0x200000;
  if (P.up >= 0x20000000000) {
    scale = 0x100000;
    pExp++;
  }
  let v = P.up * scale;
  X.w3 = Math.floor(v / TWO32);
  X.w2 = v % TWO32;
  v = P.w1 * scale;
  X.w2 += Math.floor(v / TWO32);
  X.w1 = v % TWO32;
  v = P.w0 * scale;
  X.w1 += Math.floor(v / TWO32);
  X.w0 = v % TWO32;
  unpack64(addHi, addLo);
  Y.w3 = U.mHi * 512 + (U.mLo >>> 23);
  Y.w2 = (U.mLo << 9) >>> 0;
  Y.w1 = 0;
  Y.w0 = 0;
  const yBigger = U.e > pExp || (U.e === pExp && greater128(Y, X));
  if (!add128(yBigger ? Y : X, yBigger ? U.e : pExp, yBigger ? X : Y, yBigger ? U.e - pExp : pExp - U.e, sP !== sA)) {
    setZero(ctx, rmode === RM ? 1 : 0);
    return;
  }
  roundF64(ctx, fz, rmode, yBigger ? sA : sP, W.e, W.hi, W.lo);
}

/** A 128-bit significand in four uint32 words, w3 the most significant. */
interface Words128 {
  w3: number;
  w2: number;
  w1: number;
  w0: number;
}
const X: Words128 = { w3: 0, w2: 0, w1: 0, w0: 0 };
const Y: Words128 = { w3: 0, w2: 0, w1: 0, w0: 0 };

function greater128(a: Words128, b: Words128): boolean {
  if (a.w3 !== b.w3) return a.w3 > b.w3;
  if (a.w2 !== b.w2) return a.w2 > b.w2;
  if (a.w1 !== b.w1) return a.w1 > b.w1;
  return a.w0 > b.w0;
}

/** v >> n with the shifted-out bits jammed into bit 0. */
function shiftRightJam128(v: Words128, n: number): void {
  let sticky = 0;
  if (n >= 128) {
    sticky = v.w3 !== 0 || v.w2 !== 0 || v.w1 !== 0 || v.w0 !== 0 ? 1 : 0;
    v.w3 = 0;
    v.w2 = 0;
    v.w1 = 0;
    v.w0 = sticky;
    return;
  }
  for (; n >= 32; n -= 32) {
    if (v.w0 !== 0) sticky = 1;
    v.w0 = v.w1;
    v.w1 = v.w2;
    v.w2 = v.w3;
    v.w3 = 0;
  }
  if (n > 0) {
    if (v.w0 << (32 - n) !== 0) sticky = 1;
    v.w0 = ((v.w0 >>> n) | (v.w1 << (32 - n))) >>> 0;
    v.w1 = ((v.w1 >>> n) | (v.w2 << (32 - n))) >>> 0;
    v.w2 = ((v.w2 >>> n) | (v.w3 << (32 - n))) >>> 0;
    v.w3 = v.w3 >>> n;
  }
  v.w0 = (v.w0 | sticky) >>> 0;
}

/** v << n for 0 <= n < 128. */
function shiftLeft128(v: Words128, n: number): void {
  for (; n >= 32; n -= 32) {
    v.w3 = v.w2;
    v.w2 = v.w1;
    v.w1 = v.w0;
    v.w0 = 0;
  }
  if (n > 0) {
    v.w3 = ((v.w3 << n) | (v.w2 >>> (32 - n))) >>> 0;
    v.w2 = ((v.w2 << n) | (v.w1 >>> (32 - n))) >>> 0;
    v.w1 = ((v.w1 << n) | (v.w0 >>> (32 - n))) >>> 0;
    v.w0 = (v.w0 << n) >>> 0;
  }
}

/**
 * big ± (small >> shift) for 128-bit significands with the leading one at bit 125 (big has the
 * larger magnitude; value = sig * 2^(exp - 125)), the same jamming argument as addCore64.
 * Returns false for an exact zero; otherwise W.e/W.hi/W.lo hold the exponent and the top 64
 * bits (leading one at bit 62) with everything below jammed into bit 0.
 */
function add128(big: Words128, exp: number, small: Words128, shift: number, subtract: boolean): boolean {
  if (shift > 0) shiftRightJam128(small, shift);
  let t: number;
  let c: number;
  if (!subtract) {
    t = big.w0 + small.w0;
    c = t >= TWO32 ? 1 : 0;
    big.w0 = t - c * TWO32;
    t = big.w1 + small.w1 + c;
    c = t >= TWO32 ? 1 : 0;
    big.w1 = t - c * TWO32;
    t = big.w2 + small.w2 + c;
    c = t >= TWO32 ? 1 : 0;
    big.w2 = t - c * TWO32;
    big.w3 = big.w3 + small.w3 + c;
  } else {
    t = big.w0 - small.w0;
    c = t < 0 ? 1 : 0;
    big.w0 = t + c * TWO32;
    t = big.w1 - small.w1 - c;
    c = t < 0 ? 1 : 0;
    big.w1 = t + c * TWO32;
    t = big.w2 - small.w2 - c;
    c = t < 0 ? 1 : 0;
    big.w2 = t + c * TWO32;
    big.w3 = big.w3 - small.w3 - c;
  }
  // Leading one to bit 126.
  let lead: number;
  if (big.w3 !== 0) lead = 127 - Math.clz32(big.w3);
  else if (big.w2 !== 0) lead = 95 - Math.clz32(big.w2);
  else if (big.w1 !== 0) lead = 63 - Math.clz32(big.w1);
  else if (big.w0 !== 0) lead = 31 - Math.clz32(big.w0);
  else return false;
  if (lead < 126) shiftLeft128(big, 126 - lead);
  W.e = exp + 1 - (126 - lead);
  W.hi = big.w3;
  W.lo = (big.w2 | (big.w1 !== 0 || big.w0 !== 0 ? 1 : 0)) >>> 0;
  return true;
}

const f64View = new DataView(new ArrayBuffer(8));

/** Orderable value of a non-NaN double: the number itself, flushed denormals as zero. */
function compareKey(type: number, hi: number, lo: number): number {
  if (type === ZERO) return 0;
  f64View.setUint32(0, hi >>> 0);
  f64View.setUint32(4, lo >>> 0);
  return f64View.getFloat64(0);
}

/**
 * FPCompare (VCMP/VCMPE.F64): NZCV in bits 3..0 — 0b0110 equal, 0b1000 less, 0b0010 greater,
 * 0b0011 unordered. Signalling NaNs always set IOC; quiet NaNs only when quietNaNsSignal (VCMPE).
 */
export function f64Compare(
  ctx: FpContext,
  aHi: number,
  aLo: number,
  bHi: number,
  bLo: number,
  quietNaNsSignal: boolean,
): number {
  const fz = (ctx.fpscr & FPSCR.FZ) !== 0;
  const ta = type64(ctx, aHi, aLo, fz);
  const tb = type64(ctx, bHi, bLo, fz);
  if (ta >= QNAN || tb >= QNAN) {
    if (ta === SNAN || tb === SNAN || quietNaNsSignal) raise(ctx, FPSCR.IOC);
    return 0b0011;
  }
  const ka = compareKey(ta, aHi, aLo);
  const kb = compareKey(tb, bHi, bLo);
  return ka === kb ? 0b0110 : ka < kb ? 0b1000 : 0b0010;
}
