// The VFP encoding rows: one definition for A32 and T32, decoding through the full tables, and
// disassembly agreeing with GNU objdump for both instruction sets.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { A32_COMPILED, decodeA32Row } from "../src/a32/decoder.js";
import type { A32Handler } from "../src/cpu.js";
import { type CompiledRow, extractFields, randomEncoding } from "../src/decode/pattern.js";
import { renderTemplate } from "../src/disasm.js";
import { decodeT32Row, T32_COMPILED } from "../src/t32/decoder.js";
import { VFP_A32_ROWS, VFP_T32_ROWS } from "../src/vfp/table.js";

function xorshift(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
}

const NAMES = new Set(VFP_A32_ROWS.map((r) => r.name));
const A32_VFP = A32_COMPILED.filter((r) => NAMES.has(r.name));
const T32_VFP = T32_COMPILED.filter((r) => NAMES.has(r.name));

/** objdump's text for each encoding (32-bit words; Thumb ones as hw1 then hw2). */
function objdump(words: number[], thumb: boolean): string[] {
  const dir = mkdtempSync(join(tmpdir(), "xena-vfp-dis-"));
  try {
    const bin = join(dir, "w.bin");
    const buf = Buffer.alloc(words.length * 4);
    words.forEach((w, i) => {
      if (thumb) {
        buf.writeUInt16LE(w >>> 16, i * 4);
        buf.writeUInt16LE(w & 0xffff, i * 4 + 2);
      } else {
        buf.writeUInt32LE(w >>> 0, i * 4);
      }
    });
    writeFileSync(bin, buf);
    const args = ["-D", "-b", "binary", "-marm", "-Mreg-names-std", ...(thumb ? ["-Mforce-thumb"] : []), bin];
    const r = spawnSync("arm-linux-gnueabihf-objdump", args, { encoding: "utf8", maxBuffer: 64 << 20 });
    const out: string[] = [];
    const line = thumb
      ? /^\s*([0-9a-f]+):\s+[0-9a-f]{4} [0-9a-f]{4}\s+(.*)$/
      : /^\s*([0-9a-f]+):\s+[0-9a-f]{8}\s+(.*)$/;
    for (const l of r.stdout.split("\n")) {
      const m = line.exec(l);
      if (m) out[Number.parseInt(m[1], 16) / 4] = m[2];
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const normalize = (s: string) =>
  s
    .replace(/\s*[@;].*$/, "")
    .replace(/\s+/g, " ")
    .replace(/, /g, ",")
    .trim()
    .toLowerCase();

function compareWithObjdump(rows: readonly CompiledRow<A32Handler>[], thumb: boolean, perRow: number): string[] {
  const rand = xorshift(thumb ? 0x7ab : 0x3a2);
  const decode = thumb ? decodeT32Row : decodeA32Row;
  const words: number[] = [];
  const owners: CompiledRow<A32Handler>[] = [];
  for (const row of rows) {
    for (let k = 0; k < perRow; k++) {
      let w = randomEncoding(row, rand);
      if (!thumb && w >>> 28 === 15) w = (w & 0x0fffffff) >>> 0;
      if (decode(w) !== row || row.unpredictable?.(extractFields(w, row))) continue;
      words.push(w);
      owners.push(row);
    }
  }
  const ref = objdump(words, thumb);
  const mismatches: string[] = [];
  words.forEach((w, i) => {
    const ours = normalize(renderTemplate(owners[i], w, { pc: i * 4, thumb }));
    const theirs = normalize(ref[i] ?? "");
    if (ours !== theirs)
      mismatches.push(`${w.toString(16).padStart(8, "0")} ${owners[i].name}: ours "${ours}" objdump "${theirs}"`);
  });
  expect(words.length).toBeGreaterThan(rows.length * perRow * 0.5);
  return mismatches;
}

describe("VFP encoding rows", () => {
  it("are one definition for A32 and T32 (the condition field replaced by 1110)", () => {
    expect(VFP_A32_ROWS.length).toBe(VFP_T32_ROWS.length);
    VFP_A32_ROWS.forEach((a, i) => {
      const t = VFP_T32_ROWS[i];
      expect(t.name).toBe(a.name);
      expect(t.exec).toBe(a.exec);
      expect(t.asm).toBe(a.asm);
      expect(t.enc).toBe(a.enc.replace("A", "T"));
      expect(a.pattern.startsWith("cccc ")).toBe(true);
      expect(t.pattern).toBe(a.pattern.replace(/^cccc/, "1110"));
    });
    // Every row name is distinct (the differential tests and reports go by name).
    expect(NAMES.size).toBe(VFP_A32_ROWS.length);
    expect(A32_VFP.length).toBe(VFP_A32_ROWS.length);
    expect(T32_VFP.length).toBe(VFP_T32_ROWS.length);
  });

  it("decode back to themselves through the full A32 and T32 tables (or to a refining row)", () => {
    const rand = xorshift(5);
    const problems: string[] = [];
    for (const [rows, decode] of [
      [A32_VFP, decodeA32Row],
      [T32_VFP, decodeT32Row],
    ] as const) {
      for (const row of rows) {
        for (let k = 0; k < 200; k++) {
          let w = randomEncoding(row, rand);
          if (row.fields.c !== undefined && w >>> 28 === 15) w = (w & 0x0fffffff) >>> 0;
          const got = decode(w | 0);
          // A more specific row may take it (VPUSH/VPOP refine VSTMDB/VLDMIA on SP).
          if (got?.name !== row.name && (got === undefined || got.fixedBits <= row.fixedBits)) {
            problems.push(`${row.name} ${row.enc}: ${w.toString(16)} decoded as ${got?.name ?? "UNDEFINED"}`);
            break;
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("mark the access to FPSID, FPEXC and the MVFRs privileged, and nothing else", () => {
    const privileged = VFP_A32_ROWS.filter((r) => r.privileged).map((r) => r.name);
    expect(privileged.sort()).toEqual(
      [
        "VMRS (FPEXC)",
        "VMRS (FPSID)",
        "VMRS (MVFR0)",
        "VMRS (MVFR1)",
        "VMSR (FPEXC)",
        "VMSR (FPSID)",
        "VMSR (MVFR0)",
        "VMSR (MVFR1)",
      ].sort(),
    );
  });

  it("disassemble as GNU objdump does (A32)", () => {
    expect(compareWithObjdump(A32_VFP, false, 48).slice(0, 40)).toEqual([]);
  });

  it("disassemble as GNU objdump does (T32)", () => {
    expect(compareWithObjdump(T32_VFP, true, 48).slice(0, 40)).toEqual([]);
  });
});
