/** FPSCR bits that the floating-point operations read (controls) or set (cumulative flags). */
export const FPSCR = {
  /** Invalid Operation cumulative flag. */
  IOC: 1 << 0,
  /** Division by Zero cumulative flag. */
  DZC: 1 << 1,
  /** Overflow cumulative flag. */
  OFC: 1 << 2,
  /** Underflow cumulative flag. */
  UFC: 1 << 3,
  /** Inexact cumulative flag. */
  IXC: 1 << 4,
  /** Input Denormal cumulative flag (a denormal operand was flushed to zero). */
  IDC: 1 << 7,
  /** All cumulative exception flags. */
  FLAGS: 0x9f,
  /** Rounding mode field, bits 23:22 (see {@link RoundingMode}). */
  RMODE_SHIFT: 22,
  RMODE_MASK: 3 << 22,
  /** Flush-to-zero mode. */
  FZ: 1 << 24,
  /** Default NaN mode. */
  DN: 1 << 25,
  /** Alternative half-precision format (no infinities or NaNs). */
  AHP: 1 << 26,
} as const;

/** Values of FPSCR.RMode, and of the explicit `rmode` arguments. */
export const RoundingMode = {
  /** Round to Nearest, ties to even. */
  RN: 0,
  /** Round towards Plus Infinity. */
  RP: 1,
  /** Round towards Minus Infinity. */
  RM: 2,
  /** Round towards Zero. */
  RZ: 3,
} as const;

/** The rounding mode field of an FPSCR value. */
export function fpscrRoundingMode(fpscr: number): number {
  return (fpscr >>> 22) & 3;
}

/**
 * The "standard FPSCR value" that Advanced SIMD arithmetic uses instead of FPSCR (ARM ARM
 * StandardFPSCRValue): AHP kept from FPSCR, DN and FZ set, round to nearest. Exception flags
 * are not part of it; OR the flags a context collected back into the real FPSCR.
 */
export function standardFpscrValue(fpscr: number): number {
  return ((fpscr & FPSCR.AHP) | FPSCR.DN | FPSCR.FZ) >>> 0;
}

/**
 * State shared by one floating-point operation and its caller: the FPSCR whose control bits
 * (RMode, FZ, DN, AHP) are obeyed and into which the cumulative exception flags are OR-ed, and
 * the two words of a double-precision result. Trap enable bits are ignored: the Cortex-A15 does
 * not implement floating-point exception trapping (they are RAZ/WI there).
 */
export class FpContext {
  /** FPSCR as a uint32; operations only ever set flag bits in it. */
  fpscr: number;
  /** High word (sign, exponent, fraction 51:32) of the last double-precision result. */
  hi = 0;
  /** Low word (fraction 31:0) of the last double-precision result. */
  lo = 0;

  constructor(fpscr = 0) {
    this.fpscr = fpscr >>> 0;
  }
}
