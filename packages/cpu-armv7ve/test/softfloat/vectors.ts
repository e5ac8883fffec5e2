// Seeded random operands for the oracle tests, heavily biased towards the cases that break
// floating-point implementations: signed zeros, infinities, NaNs with payloads, denormals, the
// extremes of the normal range, values on and next to rounding boundaries, results that overflow
// or underflow, exact cancellation, and integers at the edges of the conversion ranges.
import { Batch, fixedOp, Op } from "./oracle.js";

/** sfc32: small, fast, and good enough for test-vector generation. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 16; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Integer in [0, n). */
  below(n: number): number {
    return Math.floor((this.u32() / 4294967296) * n);
  }

  /** Integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.below(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.u32() / 4294967296 < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }
}

const view = new DataView(new ArrayBuffer(8));

export function f32Bits(x: number): number {
  view.setFloat32(0, x);
  return view.getUint32(0);
}
export function f32Value(bits: number): number {
  view.setUint32(0, bits >>> 0);
  return view.getFloat32(0);
}
export function f64Bits(x: number): [number, number] {
  view.setFloat64(0, x);
  return [view.getUint32(0), view.getUint32(4)];
}
export function f64Value(hi: number, lo: number): number {
  view.setUint32(0, hi >>> 0);
  view.setUint32(4, lo >>> 0);
  return view.getFloat64(0);
}

/** Adds k (may be negative) to a 64-bit pattern hi:lo. */
export function add64(hi: number, lo: number, k: number): [number, number] {
  let l = lo + k;
  let h = hi;
  if (l >= 4294967296) {
    l -= 4294967296;
    h++;
  } else if (l < 0) {
    l += 4294967296;
    h--;
  }
  return [h >>> 0, l >>> 0];
}

/** A fraction field of `width` bits (<= 52) as [hi, lo] words, in one of several shapes. */
function genFrac(rng: Rng, width: number): [number, number] {
  const loMask = width >= 32 ? 0xffffffff : 2 ** width - 1;
  const hiMask = width > 32 ? 2 ** (width - 32) - 1 : 0;
  const set = (f: [number, number], pos: number) => {
    if (pos < 32) f[1] = (f[1] | (1 << pos)) >>> 0;
    else f[0] = (f[0] | (1 << (pos - 32))) >>> 0;
  };
  const random = (): [number, number] => [rng.u32() & hiMask, rng.u32() & loMask];
  const lowMask = (p: number): [number, number] => [p > 32 ? 2 ** (p - 32) - 1 : 0, p >= 32 ? 0xffffffff : 2 ** p - 1];
  switch (rng.below(10)) {
    case 0:
      return [0, 0];
    case 1:
      return [hiMask, loMask];
    case 2:
    case 3: {
      // one to three bits set
      const f: [number, number] = [0, 0];
      for (let n = rng.range(1, 3); n > 0; n--) set(f, rng.below(width));
      return f;
    }
    case 4: {
      // all ones but one to three bits
      const f: [number, number] = [0, 0];
      for (let n = rng.range(1, 3); n > 0; n--) set(f, rng.below(width));
      return [(hiMask & ~f[0]) >>> 0, (loMask & ~f[1]) >>> 0];
    }
    case 5: {
      // only low bits
      const m = lowMask(rng.below(width + 1));
      const r = random();
      return [(r[0] & m[0]) >>> 0, (r[1] & m[1]) >>> 0];
    }
    case 6: {
      // random high bits, then a single one, then zeros: exactly-halfway shapes after a shift
      const p = rng.below(width);
      const m = lowMask(p + 1);
      const r = random();
      const f: [number, number] = [(r[0] & ~m[0] & hiMask) >>> 0, (r[1] & ~m[1] & loMask) >>> 0];
      set(f, p);
      return f;
    }
    default:
      return random();
  }
}

const SPECIAL32 = [
  0x00000000, 0x7f800000, 0x7fc00000, 0x7f800001, 0x7fbfffff, 0x7fc00001, 0x7fffffff, 0x7fa00000, 0x00000001,
  0x00000002, 0x007fffff, 0x00400000, 0x00400001, 0x00800000, 0x00800001, 0x00ffffff, 0x7f7fffff, 0x7f7ffffe,
  0x7f000000, 0x3f800000, 0x3f800001, 0x3f7fffff, 0x3f000000, 0x3fc00000, 0x40000000, 0x40400000, 0x3eaaaaab,
  0x4f000000, 0x4effffff, 0x4f800000, 0x4f7fffff, 0x46fffe00, 0x47000000, 0x477fff00, 0x47800000, 0x34000000,
  0x33800000, 0x33000000, 0x0c000000, 0x5f000000, 0x1f800000,
];

/** A single-precision operand pattern. */
export function genF32(rng: Rng): number {
  const sign = rng.chance(0.5) ? 0x80000000 : 0;
  let exp: number;
  switch (rng.below(20)) {
    case 0:
    case 1:
      return (rng.pick(SPECIAL32) | sign) >>> 0;
    case 2: {
      // NaN, quiet or signalling, with a payload
      const quiet = rng.chance(0.5);
      let frac = genFrac(rng, 22)[1];
      if (!quiet && frac === 0) frac = 1;
      return (sign | 0x7f800000 | (quiet ? 0x400000 : 0) | frac) >>> 0;
    }
    case 3:
      return (sign | 0x7f800000) >>> 0;
    case 4:
      return sign;
    case 5:
    case 6:
      exp = 0;
      break;
    case 7:
    case 8:
      exp = rng.range(1, 26);
      break;
    case 9:
    case 10:
      exp = rng.range(228, 254);
      break;
    case 11:
      return rng.u32();
    case 12:
    case 13:
    case 14:
    case 15:
      exp = rng.range(100, 154);
      break;
    default:
      exp = rng.range(1, 254);
  }
  let frac = genFrac(rng, 23)[1];
  if (exp === 0 && frac === 0) frac = 1 << rng.below(23);
  return (sign | (exp << 23) | frac) >>> 0;
}

const SPECIAL64: [number, number][] = [
  [0, 0],
  [0x7ff00000, 0],
  [0x7ff80000, 0],
  [0x7ff00000, 1],
  [0x7ff7ffff, 0xffffffff],
  [0x7ff80000, 1],
  [0x7fffffff, 0xffffffff],
  [0x7ff40000, 0],
  [0x7ff00001, 0],
  [0x7ff00000, 0x20000000],
  [0x7ff00000, 0x1fffffff],
  [0, 1],
  [0, 2],
  [0x000fffff, 0xffffffff],
  [0x00080000, 0],
  [0x00080000, 1],
  [0x00100000, 0],
  [0x00100000, 1],
  [0x7fefffff, 0xffffffff],
  [0x7fefffff, 0xfffffffe],
  [0x3ff00000, 0],
  [0x3ff00000, 1],
  [0x3fefffff, 0xffffffff],
  [0x3fe00000, 0],
  [0x3ff80000, 0],
  [0x40000000, 0],
  [0x3fd55555, 0x55555555],
  [0x41e00000, 0],
  [0x41dfffff, 0xffc00000],
  [0x41efffff, 0xffe00000],
  [0x41f00000, 0],
  [0x47efffff, 0xe0000000],
  [0x47f00000, 0],
  [0x36a00000, 0],
  [0x36900000, 0],
  [0x38100000, 0],
  [0x380fffff, 0xf0000000],
  [0x3e700000, 0],
];

/** A double-precision operand pattern [hi, lo]. */
export function genF64(rng: Rng): [number, number] {
  const sign = rng.chance(0.5) ? 0x80000000 : 0;
  let exp: number;
  switch (rng.below(20)) {
    case 0:
    case 1: {
      const [hi, lo] = rng.pick(SPECIAL64);
      return [(hi | sign) >>> 0, lo];
    }
    case 2: {
      const quiet = rng.chance(0.5);
      const f = genFrac(rng, 51);
      if (!quiet && f[0] === 0 && f[1] === 0) f[1] = 1;
      return [(sign | 0x7ff00000 | (quiet ? 0x80000 : 0) | f[0]) >>> 0, f[1]];
    }
    case 3:
      return [(sign | 0x7ff00000) >>> 0, 0];
    case 4:
      return [sign, 0];
    case 5:
    case 6:
      exp = 0;
      break;
    case 7:
    case 8:
      exp = rng.range(1, 60);
      break;
    case 9:
    case 10:
      exp = rng.range(1990, 2046);
      break;
    case 11:
      return [rng.u32(), rng.u32()];
    case 12:
    case 13:
    case 14:
    case 15:
      exp = rng.range(990, 1060);
      break;
    default:
      exp = rng.range(1, 2046);
  }
  const f = genFrac(rng, 52);
  if (exp === 0 && f[0] === 0 && f[1] === 0) f[1] = 1;
  return [(sign | (exp << 20) | f[0]) >>> 0, f[1]];
}

/** Random FPSCR: any rounding mode, FZ/DN/AHP, NZCV, and sometimes flags already set. */
export function genFpscr(rng: Rng): number {
  let v = rng.below(4) << 22;
  if (rng.chance(0.4)) v |= 1 << 24;
  if (rng.chance(0.3)) v |= 1 << 25;
  if (rng.chance(0.3)) v |= 1 << 26;
  v |= rng.u32() & 0xf0000000;
  if (rng.chance(0.15)) v |= rng.u32() & 0x9f;
  return v >>> 0;
}

/** Replaces the biased exponent of a single (keeps sign and fraction), clamping to [0, 254]. */
function withExp32(bits: number, exp: number): number {
  const e = Math.max(0, Math.min(254, exp));
  return ((bits & 0x807fffff) | (e << 23)) >>> 0;
}

function withExp64(hi: number, exp: number): number {
  const e = Math.max(0, Math.min(2046, exp));
  return ((hi & 0x800fffff) | (e << 20)) >>> 0;
}

const FINITE32 = (x: number) => ((x >>> 23) & 0xff) !== 0xff;
const FINITE64 = (hi: number) => ((hi >>> 20) & 0x7ff) !== 0x7ff;

/** Second operand related to the first in a way that stresses `op`. */
function relate32(rng: Rng, op: number, a: number): number {
  const ea = (a >>> 23) & 0xff;
  switch (op) {
    case Op.MUL:
    case Op.FMA:
    case Op.FMS:
    case Op.FNMA:
    case Op.FNMS: {
      // product exponent near overflow or in/below the denormal range
      const target = rng.chance(0.5) ? rng.range(125, 130) : rng.range(-155, -120);
      return withExp32(genF32(rng), target - (ea - 127) + 127);
    }
    case Op.DIV: {
      const target = rng.chance(0.5) ? rng.range(125, 130) : rng.range(-155, -120);
      return withExp32(genF32(rng), ea - 127 - target + 127);
    }
    default:
      switch (rng.below(4)) {
        case 0:
          return (a + rng.range(-3, 3)) >>> 0; // a few ulps away
        case 1:
          return ((a ^ 0x80000000) + rng.range(-3, 3)) >>> 0; // cancellation
        case 2:
          return (withExp32(genF32(rng), ea + rng.range(-28, 28)) ^ (rng.chance(0.5) ? 0x80000000 : 0)) >>> 0;
        default:
          return a;
      }
  }
}

function relate64(rng: Rng, op: number, a: [number, number]): [number, number] {
  const ea = (a[0] >>> 20) & 0x7ff;
  const b = genF64(rng);
  switch (op) {
    case Op.MUL:
    case Op.FMA:
    case Op.FMS:
    case Op.FNMA:
    case Op.FNMS: {
      const target = rng.chance(0.5) ? rng.range(1020, 1026) : rng.range(-1080, -1018);
      return [withExp64(b[0], target - (ea - 1023) + 1023), b[1]];
    }
    case Op.DIV: {
      const target = rng.chance(0.5) ? rng.range(1020, 1026) : rng.range(-1080, -1018);
      return [withExp64(b[0], ea - 1023 - target + 1023), b[1]];
    }
    default:
      switch (rng.below(4)) {
        case 0:
          return add64(a[0], a[1], rng.range(-3, 3));
        case 1:
          return add64((a[0] ^ 0x80000000) >>> 0, a[1], rng.range(-3, 3));
        case 2:
          return [(withExp64(b[0], ea + rng.range(-58, 58)) ^ (rng.chance(0.5) ? 0x80000000 : 0)) >>> 0, b[1]];
        default:
          return a;
      }
  }
}

/** Addend that (nearly) cancels the product, or sits near its exponent. */
function addend32(rng: Rng, a: number, b: number): number {
  const r = rng.below(3);
  if (r === 0 || !FINITE32(a) || !FINITE32(b)) return genF32(rng);
  const p = f32Value(a) * f32Value(b); // exact: 48-bit significand product
  const pb = f32Bits(p);
  if (r === 1) return ((pb ^ 0x80000000) + rng.range(-2, 2)) >>> 0;
  return (withExp32(genF32(rng), ((pb >>> 23) & 0xff) + rng.range(-80, 30)) ^ (rng.chance(0.5) ? 0x80000000 : 0)) >>> 0;
}

function addend64(rng: Rng, a: [number, number], b: [number, number]): [number, number] {
  const r = rng.below(3);
  if (r === 0 || !FINITE64(a[0]) || !FINITE64(b[0])) return genF64(rng);
  const p = f64Value(a[0], a[1]) * f64Value(b[0], b[1]);
  const [ph, pl] = f64Bits(p);
  if (!FINITE64(ph)) return genF64(rng);
  if (r === 1) return add64((ph ^ 0x80000000) >>> 0, pl, rng.range(-2, 2));
  const c = genF64(rng);
  return [
    (withExp64(c[0], ((ph >>> 20) & 0x7ff) + rng.range(-200, 60)) ^ (rng.chance(0.5) ? 0x80000000 : 0)) >>> 0,
    c[1],
  ];
}

const ARITH_WEIGHTS: [number, number][] = [
  [Op.ADD, 12],
  [Op.SUB, 8],
  [Op.MUL, 12],
  [Op.DIV, 10],
  [Op.SQRT, 6],
  [Op.FMA, 12],
  [Op.FMS, 3],
  [Op.FNMA, 3],
  [Op.FNMS, 3],
  [Op.CMP, 3],
  [Op.CMPE, 3],
  [Op.CMP0, 1],
  [Op.CMPE0, 1],
];
const ARITH_TOTAL = ARITH_WEIGHTS.reduce((s, [, w]) => s + w, 0);

function pickArith(rng: Rng): number {
  let r = rng.below(ARITH_TOTAL);
  for (const [op, w] of ARITH_WEIGHTS) {
    if (r < w) return op;
    r -= w;
  }
  return Op.ADD;
}

/**
 * A value at a threshold of the format: just around the smallest normal (where tininess before
 * rounding and flush-to-zero decisions happen) or around the overflow point, within a few ulps.
 */
function threshold(rng: Rng, minNormal: number, overflow: number, precision: number): number {
  const t = rng.chance(0.6) ? minNormal : overflow;
  const ulps = rng.range(-4, 4) * 2 ** -(precision + 1);
  const jitter = rng.chance(0.5) ? 0 : (rng.u32() / 2 ** 32 - 0.5) * 2 ** -(precision - 2);
  return (rng.chance(0.5) ? -t : t) * (1 + ulps + jitter);
}

const isFiniteNonZero32 = (x: number) => FINITE32(x) && (x & 0x7fffffff) !== 0;
const isFiniteNonZero64 = (x: [number, number]) => FINITE64(x[0]) && ((x[0] & 0x7fffffff) !== 0 || x[1] !== 0);

/** NaNs (either kind, with payloads), infinities and zeros: the special-case rules of FPMulAdd. */
function special32(rng: Rng): number {
  const sign = rng.chance(0.5) ? 0x80000000 : 0;
  switch (rng.below(5)) {
    case 0:
      return (sign | 0x7fc00000 | (rng.u32() & 0x3fffff)) >>> 0;
    case 1:
      return (sign | 0x7f800000 | (rng.u32() & 0x3fffff) | 1) >>> 0;
    case 2:
      return (sign | 0x7f800000) >>> 0;
    case 3:
      return sign;
    default:
      return genF32(rng);
  }
}

function special64(rng: Rng): [number, number] {
  const sign = rng.chance(0.5) ? 0x80000000 : 0;
  switch (rng.below(5)) {
    case 0:
      return [(sign | 0x7ff80000 | (rng.u32() & 0x7ffff)) >>> 0, rng.u32()];
    case 1:
      return [(sign | 0x7ff00000 | (rng.u32() & 0x7ffff)) >>> 0, (rng.u32() | 1) >>> 0];
    case 2:
      return [(sign | 0x7ff00000) >>> 0, 0];
    case 3:
      return [sign, 0];
    default:
      return genF64(rng);
  }
}

const isFma = (op: number) => op >= Op.FMA && op <= Op.FNMS;

/** Single-precision VADD … VCMPE vectors. */
export function singleArithmetic(rng: Rng, n: number): Batch {
  const batch = new Batch(n);
  for (let i = 0; i < n; i++) {
    const op = pickArith(rng);
    let a = genF32(rng);
    let b: number;
    let c: number = rng.u32();
    if (op === Op.SQRT && rng.chance(0.4)) {
      // exact squares, and products of neighbours whose roots lie next to a halfway point
      const r = Math.fround(rng.range(1, 2 ** 24 - 1) * 2 ** rng.range(-90, 60));
      const r2 = rng.chance(0.5) ? r : f32Value(f32Bits(r) + 1);
      a = (f32Bits(r * r2) + rng.range(-1, 1)) >>> 0;
    }
    if (isFma(op) && rng.chance(0.15)) {
      a = special32(rng);
      b = special32(rng);
      c = special32(rng);
    } else if ((op === Op.MUL || op === Op.DIV || isFma(op)) && rng.chance(0.25) && isFiniteNonZero32(a)) {
      // result right at the smallest-normal or overflow threshold
      const t = threshold(rng, 2 ** -126, 2 ** 128, 24);
      const av = f32Value(a);
      b = (f32Bits(op === Op.DIV ? av / t : t / av) + rng.range(-1, 1)) >>> 0;
      if (isFma(op)) c = rng.chance(0.5) ? genF32(rng) & 0x807fffff : f32Bits(t - av * f32Value(b));
    } else {
      b = rng.chance(0.5) ? genF32(rng) : relate32(rng, op, a);
      if (isFma(op)) c = addend32(rng, a, b);
    }
    batch.push(op, genFpscr(rng), rng.u32(), a, rng.u32(), b, rng.u32(), c);
  }
  return batch;
}

/** Double-precision VADD … VCMPE vectors. */
export function doubleArithmetic(rng: Rng, n: number): Batch {
  const batch = new Batch(n);
  for (let i = 0; i < n; i++) {
    const op = pickArith(rng);
    let a = genF64(rng);
    let b: [number, number];
    let c: [number, number] = [rng.u32(), rng.u32()];
    if (op === Op.SQRT && rng.chance(0.4)) {
      const r = rng.range(1, 2 ** 26 - 1) * 2 ** rng.range(-500, 480) * (1 + rng.u32() * 2 ** -58);
      const r2 = rng.chance(0.5) ? r : f64Value(...add64(...f64Bits(r), 1));
      a = add64(...f64Bits(r * r2), rng.range(-1, 1));
    }
    if (isFma(op) && rng.chance(0.15)) {
      a = special64(rng);
      b = special64(rng);
      c = special64(rng);
    } else if ((op === Op.MUL || op === Op.DIV || isFma(op)) && rng.chance(0.25) && isFiniteNonZero64(a)) {
      const t = threshold(rng, 2 ** -1022, 2 ** 1023 * 2, 53);
      const av = f64Value(a[0], a[1]);
      const q = op === Op.DIV ? av / t : t / av;
      b = Number.isFinite(q) ? add64(...f64Bits(q), rng.range(-1, 1)) : genF64(rng);
      if (isFma(op)) {
        const g = genF64(rng);
        c = rng.chance(0.5) ? [(g[0] & 0x800fffff) >>> 0, g[1]] : f64Bits(t - av * f64Value(b[0], b[1]));
      }
    } else {
      b = rng.chance(0.5) ? genF64(rng) : relate64(rng, op, a);
      if (isFma(op)) c = addend64(rng, a, b);
    }
    batch.push(op + Op.F64, genFpscr(rng), a[0], a[1], b[0], b[1], c[0], c[1]);
  }
  return batch;
}

/** An integer at the edges of the 16/32-bit signed/unsigned ranges, or anywhere. */
function intTarget(rng: Rng): number {
  const s = rng.chance(0.5) ? 1 : -1;
  switch (rng.below(7)) {
    case 0:
      return rng.range(-300, 300);
    case 1:
      return s * (2 ** 31 + rng.range(-3, 3));
    case 2:
      return 2 ** 32 + rng.range(-3, 3);
    case 3:
      return s * (2 ** 15 + rng.range(-3, 3));
    case 4:
      return 2 ** 16 + rng.range(-3, 3);
    case 5:
      return rng.u32() | 0;
    default:
      return rng.u32();
  }
}

const FRACTIONS = [0, 0, 0.5, 0.5, -0.5, 0.25, 0.75, 1 / 3];

/** A value near integer (or fixed-point) boundaries scaled by 2^-fbits, as a JS number. */
function nearFixed(rng: Rng, fbits: number): number {
  const frac = rng.chance(0.8) ? rng.pick(FRACTIONS) : rng.u32() / 2 ** 32;
  return (intTarget(rng) + frac) * 2 ** -fbits;
}

function convSingle(rng: Rng, fbits: number): number {
  if (rng.chance(0.3)) return genF32(rng);
  return (f32Bits(Math.fround(nearFixed(rng, fbits))) + (rng.chance(0.5) ? 0 : rng.range(-2, 2))) >>> 0;
}

function convDouble(rng: Rng, fbits: number): [number, number] {
  if (rng.chance(0.3)) return genF64(rng);
  const [hi, lo] = f64Bits(nearFixed(rng, fbits));
  return add64(hi, lo, rng.chance(0.5) ? 0 : rng.range(-2, 2));
}

/** An integer operand: anywhere, at range edges, or with more than 24/53 significant bits. */
function genInt(rng: Rng): number {
  switch (rng.below(5)) {
    case 0:
      return rng.u32();
    case 1:
      return (intTarget(rng) | 0) >>> 0;
    case 2: {
      // 25..32 significant bits ending in an exact half or a near-half at the f32 precision
      const shift = rng.range(0, 7);
      const m = (0x1000000 | (rng.u32() & 0xffffff)) >>> 0;
      return ((m << shift) | (rng.chance(0.5) ? 1 << Math.max(0, shift - 1) : 0)) >>> 0;
    }
    case 3:
      return (rng.u32() & 0xffff) | (rng.u32() & 0xffff0000);
    default:
      return genF32(rng);
  }
}

/** A single near the half-precision range, rounding boundaries and overflow threshold. */
function nearHalf(rng: Rng): number {
  switch (rng.below(4)) {
    case 0:
      return genF32(rng);
    case 1: {
      // an exact half value, then nudged by up to a few single ulps around bit 13 (half ulp)
      const h = rng.below(0x7c00);
      const v = f32Bits(halfValue(h)) | (rng.chance(0.5) ? 0x80000000 : 0);
      const nudge = rng.pick([0, 1, -1, 0x1000, 0xfff, 0x1001, -0x1000, 0x2000]);
      return (v + nudge) >>> 0;
    }
    default:
      return withExp32(genF32(rng), rng.range(-27, 17) + 127);
  }
}

/** The IEEE half h (finite) as a JS number. */
export function halfValue(h: number): number {
  const e = (h >>> 10) & 0x1f;
  const f = h & 0x3ff;
  const v = e === 0 ? f * 2 ** -24 : (1 + f / 1024) * 2 ** (e - 15);
  return h & 0x8000 ? -v : v;
}

const CONVERSIONS = [32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49];

/** VCVT between precisions, half conversions, and VCVT/VCVTR to and from 32-bit integers. */
export function conversions(rng: Rng, n: number): Batch {
  const batch = new Batch(n);
  for (let i = 0; i < n; i++) {
    const op = rng.pick(CONVERSIONS);
    let a: [number, number] = [rng.u32(), rng.u32()];
    switch (op) {
      case Op.CVT_F64_F32:
        a[1] = genF32(rng);
        break;
      case Op.CVT_F32_F64:
        if (rng.chance(0.4)) {
          a = genF64(rng);
        } else {
          // a double near single-precision rounding points, overflow, and denormals
          const s = genF32(rng);
          if (FINITE32(s)) a = f64Bits(f32Value(s));
          else a = genF64(rng);
          if (rng.chance(0.3)) a[0] = withExp64(a[0], rng.chance(0.5) ? rng.range(870, 905) : rng.range(1148, 1152));
          a = add64(a[0], a[1], rng.pick([0, 1, -1, 0x10000000, 0x0fffffff, 0x10000001, -0x10000000, 0x20000000]));
        }
        break;
      case Op.CVTB_F32_F16:
      case Op.CVTT_F32_F16:
        // both halves: any pattern, with specials and denormals well represented
        a[1] =
          (rng.chance(0.5)
            ? rng.u32()
            : (rng.pick([0, 0x7c00, 0x7e00, 0x7c01, 0x7fff, 0x3ff, 1]) | (rng.u32() & 0x8000)) * 0x10001) >>> 0;
        break;
      case Op.CVTB_F16_F32:
      case Op.CVTT_F16_F32:
        a[1] = nearHalf(rng);
        break;
      case Op.CVT_F32_S32:
      case Op.CVT_F32_U32:
      case Op.CVT_F64_S32:
      case Op.CVT_F64_U32:
        a[1] = genInt(rng);
        break;
      default:
        if (op < 44) a[1] = convSingle(rng, 0);
        else a = convDouble(rng, 0);
    }
    batch.push(op, genFpscr(rng), a[0], a[1], rng.u32(), rng.u32(), rng.u32(), rng.u32());
  }
  return batch;
}

/** VCVT between floating-point and 16/32-bit fixed-point, every fbits value. */
export function fixedPoint(rng: Rng, n: number): Batch {
  const batch = new Batch(n);
  for (let i = 0; i < n; i++) {
    const f64 = rng.chance(0.5);
    const fromFixed = rng.chance(0.5);
    const size = rng.chance(0.5) ? 16 : 32;
    const unsigned = rng.chance(0.5);
    const fbits = size === 16 ? rng.range(0, 16) : rng.range(1, 32);
    const op = fixedOp(f64, fromFixed, size, unsigned, fbits);
    let c: [number, number];
    if (fromFixed) c = [rng.u32(), genInt(rng)];
    else if (f64) c = convDouble(rng, fbits);
    else c = [rng.u32(), convSingle(rng, fbits)];
    batch.push(op, genFpscr(rng), rng.u32(), rng.u32(), rng.u32(), rng.u32(), c[0], c[1]);
  }
  return batch;
}
