// Differential test: every vector runs as a real VFP instruction under qemu-arm (Cortex-A15) and
// through the softfloat module; result registers and FPSCR (flags, and NZCV for compares) must
// agree bit for bit. XENA_SOFTFLOAT_VECTORS=n sets the total vector count (default 210000),
// XENA_SOFTFLOAT_SEED the seed.
import { describe, expect, it } from "vitest";
import { type Batch, compareWithOracle } from "./oracle.js";
import { conversions, doubleArithmetic, fixedPoint, Rng, singleArithmetic } from "./vectors.js";

const DEFAULT_TOTAL = 210_000;
const total = Number(process.env.XENA_SOFTFLOAT_VECTORS ?? DEFAULT_TOTAL);
const seed = Number(process.env.XENA_SOFTFLOAT_SEED ?? 0x5eed);
const scale = total / DEFAULT_TOTAL;

const families: [string, (rng: Rng, n: number) => Batch, number][] = [
  ["single-precision arithmetic, fused multiply-add and compare", singleArithmetic, 75_000],
  ["double-precision arithmetic, fused multiply-add and compare", doubleArithmetic, 75_000],
  ["precision, half-precision and integer conversions", conversions, 35_000],
  ["fixed-point conversions", fixedPoint, 25_000],
];

describe("softfloat agrees bit for bit with qemu-arm", () => {
  families.forEach(([name, generate, share], index) => {
    it(name, () => {
      const n = Math.max(1, Math.round(share * scale));
      const batch = generate(new Rng(seed + index), n);
      const { mismatches, count } = compareWithOracle(batch);
      expect(
        mismatches,
        `${count} of ${n} vectors differ (seed ${seed}); first ${mismatches.length}:\n${mismatches.join("\n")}`,
      ).toEqual([]);
    });
  });
});
