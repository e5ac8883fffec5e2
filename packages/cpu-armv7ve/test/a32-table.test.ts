import { describe, expect, it } from "vitest";
import { A32_COMPILED, A32_DECODER, A32_UNCOND_DECODER, decodeA32Row } from "../src/a32/decoder.js";
import { ambiguities, extractFields, randomEncoding } from "../src/decode/pattern.js";

function xorshift(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
}

describe("A32 encoding table", () => {
  // Conditional (cond != 1111) and unconditional rows are decoded separately, so each set is checked on its own.
  it("has no overlapping rows where neither refines the other", () => {
    for (const decoder of [A32_DECODER, A32_UNCOND_DECODER]) {
      const bad = ambiguities(decoder.rows).map(([a, b]) => `${a.name} ${a.enc} <-> ${b.name} ${b.enc}`);
      expect(bad).toEqual([]);
    }
  });

  it("decodes random encodings of every row back to that row unless a more specific row claims them", () => {
    const rand = xorshift(0x1234);
    const problems: string[] = [];
    for (const row of A32_COMPILED) {
      let selfHits = 0;
      for (let k = 0; k < 200; k++) {
        let w = randomEncoding(row, rand);
        // Conditional rows: keep cond out of the unconditional space.
        if (row.fields.c !== undefined && w >>> 28 === 15) w = (w & 0x0fffffff) >>> 0;
        const got = decodeA32Row(w);
        if (got === row) selfHits++;
        else if (got === undefined || got.fixedBits <= row.fixedBits) {
          problems.push(`${row.name} ${row.enc}: ${w.toString(16)} decoded as ${got?.name ?? "UNDEFINED"}`);
          break;
        }
      }
      if (selfHits === 0) problems.push(`${row.name} ${row.enc}: never decodes to itself (fully shadowed)`);
    }
    expect(problems).toEqual([]);
  });

  it("extracts fields consistently with the pattern", () => {
    const add = A32_COMPILED.find((r) => r.name === "ADD (register)");
    expect(add).toBeDefined();
    // add r1, r2, r3, lsl #4  = e0821203
    expect(extractFields(0xe0821203, add!)).toEqual({ c: 14, f: 0, n: 2, d: 1, v: 4, h: 0, m: 3 });
  });

  it("never throws on random words", () => {
    const rand = xorshift(99);
    for (let i = 0; i < 200_000; i++) decodeA32Row(rand());
  });
});
