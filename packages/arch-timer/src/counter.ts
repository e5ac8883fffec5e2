// The system counter: a 64-bit count derived from the machine clock's nanoseconds and a fixed
// frequency, with exact integer arithmetic on doubles (no BigInt). Counts stay below 2^53, which
// at 62.5 MHz is more than four years of virtual time; 64-bit register values (CVAL, CNTVOFF) are
// carried as hi/lo pairs of unsigned 32-bit words.

import type { Nanoseconds } from "@xena/machine";

const TWO32 = 4294967296;
const TWO16 = 65536;

/** Remainder of the last `mulDiv` call (so callers can round up without a second division). */
let remainder = 0;

/** Quotient and remainder of a / d for a non-negative integer a < 2^53 and 0 < d < 2^32, exactly. */
function divmod(a: number, d: number): number {
  let q = Math.floor(a / d);
  let r = a - q * d;
  // The float division can be one off when a/d is within an ulp of an integer.
  if (r < 0) {
    q--;
    r += d;
  } else if (r >= d) {
    q++;
    r -= d;
  }
  remainder = r;
  return q;
}

/**
 * floor(a * m / d) for integers 0 ≤ a < 2^53, 0 ≤ m < 2^32, 0 < d < 2^32, exact as long as the
 * result is below 2^53. The remainder is left in `lastRemainder()`.
 */
export function mulDiv(a: number, m: number, d: number): number {
  const q1 = divmod(a, d);
  const r1 = remainder; // a = q1·d + r1, so a·m/d = q1·m + r1·m/d with r1·m < 2^64: split m in 16-bit halves.
  const mh = Math.floor(m / TWO16);
  const ml = m - mh * TWO16;
  const t1 = divmod(r1 * mh, d); // r1·mh < 2^48
  const u1 = divmod(remainder * TWO16 + r1 * ml, d); // < 2^49
  return q1 * m + t1 * TWO16 + u1;
}

/** Remainder of the most recent `mulDiv`. */
export function lastRemainder(): number {
  return remainder;
}

function gcd(a: number, b: number): number {
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** Counts per nanosecond as a reduced fraction, and the conversions both ways. */
export class CounterScale {
  /** Counter ticks per `den` nanoseconds. */
  readonly num: number;
  readonly den: number;

  constructor(readonly frequency: number) {
    if (!Number.isInteger(frequency) || frequency <= 0 || frequency >= TWO32) {
      throw new RangeError(`counter frequency must be an integer in [1, 2^32), got ${frequency}`);
    }
    const g = gcd(frequency, 1_000_000_000);
    this.num = frequency / g;
    this.den = 1_000_000_000 / g;
  }

  /** The count at virtual time `ns`: floor(ns · f / 1e9). */
  countAt(ns: Nanoseconds): number {
    return this.num === 1 ? Math.floor(ns / this.den) : mulDiv(ns, this.num, this.den);
  }

  /** The first virtual time at which the count is at least `count`: ceil(count · 1e9 / f). */
  timeOf(count: number): Nanoseconds {
    const q = mulDiv(count, this.den, this.num);
    return remainder === 0 ? q : q + 1;
  }
}

// ---- 64-bit values as (hi, lo) unsigned 32-bit pairs ------------------------------------------

/** High word of a non-negative integer below 2^53. */
export function hiOf(n: number): number {
  return Math.floor(n / TWO32);
}

/** Low word of a non-negative integer below 2^53. */
export function loOf(n: number): number {
  return n >>> 0;
}

/** (aHi:aLo) ≥ (bHi:bLo), unsigned. */
export function ge64(aHi: number, aLo: number, bHi: number, bLo: number): boolean {
  return aHi > bHi || (aHi === bHi && aLo >= bLo);
}

/** Result words of the last `sub64`/`add64`. */
export const out64 = { hi: 0, lo: 0 };

/** (aHi:aLo) − (bHi:bLo) modulo 2^64, into `out64`. */
export function sub64(aHi: number, aLo: number, bHi: number, bLo: number): void {
  const borrow = aLo < bLo ? 1 : 0;
  out64.lo = (aLo - bLo) >>> 0;
  out64.hi = (aHi - bHi - borrow) >>> 0;
}

/** (aHi:aLo) + (bHi:bLo) modulo 2^64, into `out64`. */
export function add64(aHi: number, aLo: number, bHi: number, bLo: number): void {
  const lo = aLo + bLo;
  const carry = lo >= TWO32 ? 1 : 0;
  out64.lo = lo >>> 0;
  out64.hi = (aHi + bHi + carry) >>> 0;
}

/** The value of (hi:lo) as a number if it is below 2^53, else Infinity. */
export function toSafe(hi: number, lo: number): number {
  return hi < 0x20_0000 ? hi * TWO32 + lo : Number.POSITIVE_INFINITY;
}
