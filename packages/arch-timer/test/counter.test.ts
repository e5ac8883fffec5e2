import { describe, expect, it } from "vitest";
import { CounterScale, mulDiv } from "../src/index.js";

/** A small deterministic PRNG (xorshift32) so failures replay. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

describe("mulDiv", () => {
  it("is exact floor(a·m/d) wherever the result is below 2^53 (checked with BigInt)", () => {
    const next = rng(42);
    for (let i = 0; i < 20_000; i++) {
      const m = (next() % 0xffff_ffff) + 1;
      const d = (next() % 0xffff_ffff) + 1;
      // a < 2^53 with the product's quotient kept below 2^53.
      const limit = Math.min(2 ** 53 - 1, Math.floor(((2 ** 53 - 1) * d) / m));
      const a = Math.floor((next() / 2 ** 32) * limit);
      const want = (BigInt(a) * BigInt(m)) / BigInt(d);
      expect(BigInt(mulDiv(a, m, d))).toBe(want);
    }
  });

  it("handles the edges: zero, one, the largest operands", () => {
    expect(mulDiv(0, 0xffff_ffff, 7)).toBe(0);
    expect(mulDiv(2 ** 53 - 1, 1, 1)).toBe(2 ** 53 - 1);
    expect(mulDiv(2 ** 32 - 1, 2 ** 32 - 1, 2 ** 32 - 1)).toBe(2 ** 32 - 1);
    expect(BigInt(mulDiv(2 ** 52 + 12345, 999_999_999, 1_000_000_000))).toBe(
      (BigInt(2 ** 52 + 12345) * 999_999_999n) / 1_000_000_000n,
    );
  });
});

describe("CounterScale", () => {
  it("62.5 MHz ticks every 16 ns (QEMU's default CNTFRQ)", () => {
    const s = new CounterScale(62_500_000);
    expect([s.num, s.den]).toEqual([1, 16]);
    expect(s.countAt(15)).toBe(0);
    expect(s.countAt(16)).toBe(1);
    expect(s.countAt(1_000_000_000)).toBe(62_500_000);
    expect(s.timeOf(1)).toBe(16);
    expect(s.timeOf(62_500_000)).toBe(1_000_000_000);
  });

  it("timeOf is the first nanosecond at which the count is reached, for awkward frequencies", () => {
    const next = rng(7);
    for (const f of [24_000_000, 19_200_000, 33_333_333, 1_000_000_000, 4_294_967_295, 1, 3]) {
      const s = new CounterScale(f);
      for (let i = 0; i < 2000; i++) {
        // Counts whose time is still an exact nanosecond count (below 2^53).
        const count = Math.floor((next() / 2 ** 32) * Math.min(2 ** 40, (2 ** 52 / 1e9) * f)) + 1;
        const t = s.timeOf(count);
        expect(s.countAt(t)).toBeGreaterThanOrEqual(count);
        expect(s.countAt(t - 1)).toBeLessThan(count);
        expect(BigInt(s.countAt(t))).toBe((BigInt(t) * BigInt(f)) / 1_000_000_000n);
      }
    }
  });

  it("rejects frequencies CNTFRQ cannot hold", () => {
    expect(() => new CounterScale(0)).toThrow(RangeError);
    expect(() => new CounterScale(2 ** 32)).toThrow(RangeError);
    expect(() => new CounterScale(1.5)).toThrow(RangeError);
  });
});
