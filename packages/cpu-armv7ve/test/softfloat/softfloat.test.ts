// Hand-picked cases for the softfloat module, each one a rule of the ARM ARM pseudocode worth
// seeing spelled out. (The same behaviour is checked in bulk against qemu-arm in oracle.test.ts;
// these expectations were also confirmed there.)
import { describe, expect, it } from "vitest";
import {
  FPSCR,
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
  f64Div,
  f64MulAdd,
  f64Sqrt,
  f64ToF32,
  f64ToFixed,
  fixedToF32,
  fixedToF64,
  RoundingMode,
  standardFpscrValue,
} from "../../src/vfp/softfloat.js";

const { IOC, DZC, OFC, UFC, IXC, IDC, FZ, DN, AHP } = FPSCR;
const RM_SHIFT = FPSCR.RMODE_SHIFT;
const mode = (rmode: number) => rmode << RM_SHIFT;

const ONE = 0x3f800000;
const THREE = 0x40400000;
const MAX = 0x7f7fffff;
const INF = 0x7f800000;
const NEG = 0x80000000;
const QNAN = 0x7fc00000;

/** Runs fn on a fresh context; returns [result, flags raised]. */
function run(fpscr: number, fn: (ctx: FpContext) => number): [number, number] {
  const ctx = new FpContext(fpscr);
  const r = fn(ctx);
  return [r >>> 0, ctx.fpscr & FPSCR.FLAGS];
}

function run64(fpscr: number, fn: (ctx: FpContext) => void): [number, number, number] {
  const ctx = new FpContext(fpscr);
  fn(ctx);
  return [ctx.hi, ctx.lo, ctx.fpscr & FPSCR.FLAGS];
}

describe("rounding modes", () => {
  it("rounds 1/3 and -1/3 in each mode (single)", () => {
    expect(run(mode(RoundingMode.RN), (c) => f32Div(c, ONE, THREE))).toEqual([0x3eaaaaab, IXC]);
    expect(run(mode(RoundingMode.RP), (c) => f32Div(c, ONE, THREE))).toEqual([0x3eaaaaab, IXC]);
    expect(run(mode(RoundingMode.RM), (c) => f32Div(c, ONE, THREE))).toEqual([0x3eaaaaaa, IXC]);
    expect(run(mode(RoundingMode.RZ), (c) => f32Div(c, ONE, THREE))).toEqual([0x3eaaaaaa, IXC]);
    expect(run(mode(RoundingMode.RP), (c) => f32Div(c, ONE | NEG, THREE))).toEqual([0xbeaaaaaa, IXC]);
    expect(run(mode(RoundingMode.RM), (c) => f32Div(c, ONE | NEG, THREE))).toEqual([0xbeaaaaab, IXC]);
  });

  it("rounds 1/3 in each mode (double)", () => {
    const third = (rmode: number) => run64(mode(rmode), (c) => f64Div(c, 0x3ff00000, 0, 0x40080000, 0));
    expect(third(RoundingMode.RN)).toEqual([0x3fd55555, 0x55555555, IXC]);
    expect(third(RoundingMode.RP)).toEqual([0x3fd55555, 0x55555556, IXC]);
    expect(third(RoundingMode.RM)).toEqual([0x3fd55555, 0x55555555, IXC]);
    expect(third(RoundingMode.RZ)).toEqual([0x3fd55555, 0x55555555, IXC]);
  });

  it("breaks ties to even in round-to-nearest", () => {
    // 1 + 2^-24 is exactly halfway between 1 and 1 + 2^-23: rounds to the even 1.0
    expect(run(0, (c) => f32Add(c, ONE, 0x33800000))).toEqual([ONE, IXC]);
    // 1 + 3 * 2^-24 is halfway between 1 + 2^-23 (odd) and 1 + 2^-22 (even)
    expect(run(0, (c) => f32Add(c, 0x3f800001, 0x33800000))).toEqual([0x3f800002, IXC]);
  });

  it("overflows to infinity or to the largest normal depending on the mode", () => {
    const twice = (fpscr: number, x: number) => run(fpscr, (c) => f32Mul(c, x, 0x40000000));
    expect(twice(mode(RoundingMode.RN), MAX)).toEqual([INF, OFC | IXC]);
    expect(twice(mode(RoundingMode.RZ), MAX)).toEqual([MAX, OFC | IXC]);
    expect(twice(mode(RoundingMode.RM), MAX)).toEqual([MAX, OFC | IXC]);
    expect(twice(mode(RoundingMode.RM), MAX | NEG)).toEqual([(INF | NEG) >>> 0, OFC | IXC]);
    expect(twice(mode(RoundingMode.RP), MAX | NEG)).toEqual([(MAX | NEG) >>> 0, OFC | IXC]);
  });

  it("gives an exact zero sum the sign the rounding mode asks for", () => {
    expect(run(0, (c) => f32Sub(c, THREE, THREE))).toEqual([0, 0]);
    expect(run(mode(RoundingMode.RM), (c) => f32Sub(c, THREE, THREE))).toEqual([NEG, 0]);
    expect(run(0, (c) => f32Add(c, NEG, NEG))).toEqual([NEG, 0]);
    expect(run(0, (c) => f32Add(c, NEG, 0))).toEqual([0, 0]);
    expect(run(mode(RoundingMode.RM), (c) => f32Add(c, NEG, 0))).toEqual([NEG, 0]);
  });
});

describe("underflow and flush-to-zero", () => {
  it("detects tininess before rounding: UFC even when the result rounds up to the smallest normal", () => {
    // (1 - 2^-24) * 2^-126 rounds (to nearest) to 2^-126, but was tiny before rounding
    expect(run(0, (c) => f32Mul(c, 0x3f7fffff, 0x00800000))).toEqual([0x00800000, UFC | IXC]);
  });

  it("does not signal underflow for an exact denormal result", () => {
    expect(run(0, (c) => f32Mul(c, 0x00800000, 0x3f000000))).toEqual([0x00400000, 0]);
  });

  it("flushes a tiny result to zero under FZ with UFC only, exact or not", () => {
    expect(run(FZ, (c) => f32Mul(c, 0x00800000, 0x3f000000))).toEqual([0, UFC]);
    expect(run(FZ, (c) => f32Mul(c, 0x80800000, 0x3f7fffff))).toEqual([NEG, UFC]);
  });

  it("flushes denormal operands to zero under FZ and sets IDC", () => {
    expect(run(0, (c) => f32Add(c, 0x00000001, 0))).toEqual([0x00000001, 0]);
    expect(run(FZ, (c) => f32Add(c, 0x00000001, 0))).toEqual([0, IDC]);
    // a flushed divisor is a zero: division by zero
    expect(run(FZ, (c) => f32Div(c, ONE, 0x00000010))).toEqual([INF, IDC | DZC]);
    // IDC is raised by FPUnpack even when the other operand is a NaN
    expect(run(FZ, (c) => f32Add(c, QNAN, 0x00000010))).toEqual([QNAN, IDC]);
  });

  it("ignores FZ for the half-precision side of conversions", () => {
    // a half denormal converts exactly
    expect(run(FZ, (c) => f16ToF32(c, 0x0001))).toEqual([0x33800000, 0]);
    // a single that becomes a half denormal is not flushed (but underflows: it is inexact)
    expect(run(FZ, (c) => f32ToF16(c, 0x33c00001))).toEqual([0x0002, UFC | IXC]);
    // the single operand itself is still subject to FZ
    expect(run(FZ, (c) => f32ToF16(c, 0x00000001))).toEqual([0, IDC]);
  });

  it("rounds a double to a single denormal", () => {
    // 2^-149 * 1.5: halfway between 1 and 2 denormal units: ties to even (2)
    const [hi, lo] = [0x36a80000, 0];
    expect(run(0, (c) => f64ToF32(c, hi, lo))).toEqual([0x00000002, UFC | IXC]);
    expect(run(mode(RoundingMode.RZ), (c) => f64ToF32(c, hi, lo))).toEqual([0x00000001, UFC | IXC]);
  });
});

describe("NaNs", () => {
  it("quietens a signalling NaN and raises IOC, or gives the default NaN under DN", () => {
    expect(run(0, (c) => f32Add(c, 0x7f800001, ONE))).toEqual([0x7fc00001, IOC]);
    expect(run(DN, (c) => f32Add(c, 0x7f800001, ONE))).toEqual([QNAN, IOC]);
    expect(run(DN, (c) => f32Add(c, 0xffc01234, ONE))).toEqual([QNAN, 0]);
    expect(run(0, (c) => f32Sqrt(c, 0xff800001))).toEqual([0xffc00001, IOC]);
  });

  it("prefers a signalling NaN operand, then the first quiet NaN", () => {
    expect(run(0, (c) => f32Mul(c, 0x7fc00005, 0xff800007))).toEqual([0xffc00007, IOC]);
    expect(run(0, (c) => f32Mul(c, 0x7fc00005, 0xffc00007))).toEqual([0x7fc00005, 0]);
    expect(run(0, (c) => f32Mul(c, ONE, 0xffc00007))).toEqual([0xffc00007, 0]);
  });

  it("orders fused multiply-add operands addend, op1, op2", () => {
    expect(run(0, (c) => f32MulAdd(c, 0x7fc00001, 0x7f800002, ONE))).toEqual([0x7fc00002, IOC]);
    expect(run(0, (c) => f32MulAdd(c, 0x7fc00001, 0x7fc00002, 0x7fc00003))).toEqual([0x7fc00001, 0]);
    expect(run(0, (c) => f32MulAdd(c, ONE, 0x7fc00002, 0x7f800003))).toEqual([0x7fc00003, IOC]);
  });

  it("gives the default NaN for a quiet NaN addend when the product is 0 * inf", () => {
    expect(run(0, (c) => f32MulAdd(c, 0x7fc00001, INF, 0))).toEqual([QNAN, IOC]);
    // a signalling NaN addend still wins (quietened)
    expect(run(0, (c) => f32MulAdd(c, 0x7f800001, INF, 0))).toEqual([0x7fc00001, IOC]);
    const [hi, lo, flags] = run64(0, (c) => f64MulAdd(c, 0x7ff80000, 1, 0x7ff00000, 0, 0, 0));
    expect([hi, lo, flags]).toEqual([0x7ff80000, 0, IOC]);
  });

  it("raises IOC for invalid operations with the default NaN", () => {
    expect(run(0, (c) => f32Add(c, INF, (INF | NEG) >>> 0))).toEqual([QNAN, IOC]);
    expect(run(0, (c) => f32Mul(c, INF, NEG))).toEqual([QNAN, IOC]);
    expect(run(0, (c) => f32Div(c, 0, NEG))).toEqual([QNAN, IOC]);
    expect(run(0, (c) => f32Sqrt(c, 0xbf800000))).toEqual([QNAN, IOC]);
    expect(run(0, (c) => f32Sqrt(c, NEG))).toEqual([NEG, 0]);
    expect(run(0, (c) => f32Div(c, 0xbf800000, 0))).toEqual([(INF | NEG) >>> 0, DZC]);
  });

  it("keeps the payload when converting between precisions", () => {
    expect(run64(0, (c) => f32ToF64(c, 0xff800001))).toEqual([0xfff80000, 0x20000000, IOC]);
    expect(run(0, (c) => f64ToF32(c, 0x7ff00000, 0x20000000))).toEqual([0x7fc00001, IOC]);
    expect(run(0, (c) => f32ToF16(c, 0x7fc02000))).toEqual([0x7e01, 0]);
    expect(run(0, (c) => f16ToF32(c, 0xfc01))).toEqual([0xffc02000, IOC]);
  });
});

describe("fused multiply-add", () => {
  it("rounds once, unlike a multiply followed by an add", () => {
    const a = 0x3f800001; // 1 + 2^-23
    const b = 0x3f7ffffe; // 1 - 2^-23: a * b = 1 - 2^-46 exactly
    const ctx = new FpContext(0);
    expect(f32Add(ctx, ONE | NEG, f32Mul(ctx, a, b))).toBe(0);
    expect(run(0, (c) => f32MulAdd(c, (ONE | NEG) >>> 0, a, b))).toEqual([0xa8800000, 0]);
  });

  it("is exact for a double-precision cancellation far below the operands' precision", () => {
    // (1 + 2^-52) * (1 - 2^-52) - 1 = -2^-104
    expect(run64(0, (c) => f64MulAdd(c, 0xbff00000, 0, 0x3ff00000, 1, 0x3fefffff, 0xfffffffe))).toEqual([
      0xb9700000, 0, 0,
    ]);
  });
});

describe("compare", () => {
  it("returns NZCV for equal, less, greater and unordered", () => {
    expect(run(0, (c) => f32Compare(c, ONE, THREE, false))).toEqual([0b1000, 0]);
    expect(run(0, (c) => f32Compare(c, THREE, ONE, false))).toEqual([0b0010, 0]);
    expect(run(0, (c) => f32Compare(c, 0, NEG, false))).toEqual([0b0110, 0]);
    expect(run(0, (c) => f32Compare(c, QNAN, ONE, false))).toEqual([0b0011, 0]);
  });

  it("signals quiet NaNs only for VCMPE, signalling NaNs always", () => {
    expect(run(0, (c) => f32Compare(c, QNAN, ONE, true))).toEqual([0b0011, IOC]);
    expect(run(0, (c) => f32Compare(c, 0x7f800001, ONE, false))).toEqual([0b0011, IOC]);
  });

  it("compares a flushed denormal equal to zero", () => {
    expect(run(FZ, (c) => f32Compare(c, 0x00000001, 0, false))).toEqual([0b0110, IDC]);
    expect(run(0, (c) => f32Compare(c, 0x00000001, 0, false))).toEqual([0b0010, 0]);
  });
});

describe("integer and fixed-point conversions", () => {
  const RZ = RoundingMode.RZ;
  const RN = RoundingMode.RN;

  it("saturates, with IOC instead of IXC", () => {
    expect(run(0, (c) => f32ToFixed(c, 0x4f000000, true, 0, 32, RZ))).toEqual([0x7fffffff, IOC]);
    expect(run(0, (c) => f32ToFixed(c, 0xcf000000, true, 0, 32, RZ))).toEqual([0x80000000, 0]);
    expect(run(0, (c) => f32ToFixed(c, 0xbfc00000, false, 0, 32, RZ))).toEqual([0, IOC]); // -1.5 -> -1
    expect(run(0, (c) => f32ToFixed(c, 0xbf400000, false, 0, 32, RZ))).toEqual([0, IXC]); // -0.75 -> -0
    expect(run(0, (c) => f32ToFixed(c, 0xbfc00000, false, 0, 32, RN))).toEqual([0, IOC]); // -1.5 -> -2
    expect(run(0, (c) => f32ToFixed(c, 0xbf000000, false, 0, 32, RN))).toEqual([0, IXC]); // -0.5 -> -0
    expect(run(0, (c) => f32ToFixed(c, QNAN, true, 0, 32, RZ))).toEqual([0, IOC]);
    expect(run(0, (c) => f32ToFixed(c, INF | NEG, false, 0, 32, RZ))).toEqual([0, IOC]);
  });

  it("rounds halves to even in round-to-nearest (VCVTR)", () => {
    expect(run(0, (c) => f32ToFixed(c, 0x40200000, true, 0, 32, RN))).toEqual([2, IXC]); // 2.5
    expect(run(0, (c) => f32ToFixed(c, 0x40600000, true, 0, 32, RN))).toEqual([4, IXC]); // 3.5
    expect(run(0, (c) => f32ToFixed(c, 0xc0200000, true, 0, 32, RoundingMode.RM))).toEqual([0xfffffffd, IXC]);
  });

  it("sign-extends 16-bit fixed-point results and scales by the fraction bits", () => {
    expect(run(0, (c) => f32ToFixed(c, 0xbf800000, true, 0, 16, RZ))).toEqual([0xffffffff, 0]);
    expect(run(0, (c) => f32ToFixed(c, 0x3fc00000, true, 8, 16, RZ))).toEqual([0x180, 0]);
    expect(run(0, (c) => f32ToFixed(c, 0x43480000, true, 8, 16, RZ))).toEqual([0x7fff, IOC]); // 200.0
    expect(run(0, (c) => f32ToFixed(c, 0x43480000, false, 8, 16, RZ))).toEqual([0xc800, 0]);
    expect(run(0, (c) => f64ToFixed(c, 0xc0000000, 0, true, 16, 32, RZ))).toEqual([0xfffe0000, 0]); // -2.0
  });

  it("rounds integers that do not fit a single in the requested mode", () => {
    expect(run(0, (c) => fixedToF32(c, 0x7fffffff, true, 0, 32, RN))).toEqual([0x4f000000, IXC]);
    expect(run(0, (c) => fixedToF32(c, 0x7fffffff, true, 0, 32, RZ))).toEqual([0x4effffff, IXC]);
    expect(run(0, (c) => fixedToF32(c, 0xffffffff, false, 0, 32, RN))).toEqual([0x4f800000, IXC]);
    expect(run(0, (c) => fixedToF32(c, 0xffffffff, true, 0, 32, RN))).toEqual([0xbf800000, 0]);
    // 16-bit operands ignore the upper half of the register
    expect(run(0, (c) => fixedToF32(c, 0x12348000, true, 15, 16, RN))).toEqual([0xbf800000, 0]);
    expect(run(0, (c) => fixedToF32(c, 0, true, 4, 16, RN))).toEqual([0, 0]);
    expect(run64(0, (c) => fixedToF64(c, 0x80000000, true, 32, 32, RN))).toEqual([0xbfe00000, 0, 0]);
  });
});

describe("half precision", () => {
  it("converts IEEE halves, overflowing to infinity", () => {
    expect(run(0, (c) => f32ToF16(c, ONE))).toEqual([0x3c00, 0]);
    expect(run(0, (c) => f32ToF16(c, 0x477ff000))).toEqual([0x7c00, OFC | IXC]); // 65520
    // 65520 is halfway between the largest half (65504) and 65536: RZ stays in range
    expect(run(mode(RoundingMode.RZ), (c) => f32ToF16(c, 0x477ff000))).toEqual([0x7bff, IXC]);
    expect(run(mode(RoundingMode.RZ), (c) => f32ToF16(c, 0x47800000))).toEqual([0x7bff, OFC | IXC]);
    expect(run(0, (c) => f16ToF32(c, 0x7c00))).toEqual([INF, 0]);
  });

  it("uses the alternative format under AHP: no infinities or NaNs", () => {
    expect(run(AHP, (c) => f16ToF32(c, 0x7c00))).toEqual([0x47800000, 0]); // 65536
    expect(run(AHP, (c) => f16ToF32(c, 0xffff))).toEqual([0xc7ffe000, 0]); // -131008
    expect(run(AHP, (c) => f32ToF16(c, 0x477ff000))).toEqual([0x7c00, IXC]);
    expect(run(AHP, (c) => f32ToF16(c, INF))).toEqual([0x7fff, IOC]);
    expect(run(AHP, (c) => f32ToF16(c, 0xffc00000))).toEqual([0x8000, IOC]);
    expect(run(AHP, (c) => f32ToF16(c, 0x48000000))).toEqual([0x7fff, IOC]); // 131072 overflows, no IXC
  });
});

describe("double precision", () => {
  it("adds with carries across the 32-bit halves", () => {
    // (2^53 - 1) + 1 = 2^53
    expect(run64(0, (c) => f64Add(c, 0x433fffff, 0xffffffff, 0x3ff00000, 0))).toEqual([0x43400000, 0, 0]);
  });

  it("takes exact and inexact square roots", () => {
    expect(run64(0, (c) => f64Sqrt(c, 0x40100000, 0))).toEqual([0x40000000, 0, 0]);
    expect(run64(0, (c) => f64Sqrt(c, 0x40000000, 0))).toEqual([0x3ff6a09e, 0x667f3bcd, IXC]);
    // just below 4: the host root rounds to 2.0, the exact root is below it
    expect(run64(mode(RoundingMode.RZ), (c) => f64Sqrt(c, 0x400fffff, 0xffffffff))).toEqual([
      0x3fffffff,
      0xffffffff,
      IXC,
    ]);
  });
});

describe("FpContext", () => {
  it("accumulates flags into FPSCR without touching the other bits", () => {
    const ctx = new FpContext(0xf0000000 | DN | UFC);
    f32Div(ctx, ONE, 0);
    expect(ctx.fpscr).toBe((0xf0000000 | DN | UFC | DZC) >>> 0);
  });

  it("builds the Advanced SIMD standard FPSCR value", () => {
    expect(standardFpscrValue(0xffffffff)).toBe((AHP | DN | FZ) >>> 0);
    expect(standardFpscrValue(mode(RoundingMode.RZ))).toBe((DN | FZ) >>> 0);
  });
});
