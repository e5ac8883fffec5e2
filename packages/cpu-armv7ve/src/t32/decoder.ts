// Thumb decoding: the 16- and 32-bit tables compiled into bucketed matchers, and the handler lists
// the CPU dispatches through (index 0 is "UNDEFINED"; a row's handler is at its index + 1).
//
// 16-bit encodings are bucketed on bits [15:6] (the CPU precomputes all 65,536 at construction).
// 32-bit encodings are bucketed on hw1 [12:4] (op1, op2 of A6.3), hw2 bit 15 (op) and hw2 [7:6];
// within a bucket rows are tried by priority (see table32.ts: only the literal loads have one),
// then most fixed bits first, then table order.
import type { A32Handler } from "../cpu.js";
import { type CompiledRow, compileRow, extractFields, type Fields } from "../decode/pattern.js";
import { VFP_T32_ROWS } from "../vfp/table.js";
import { undefinedThumb } from "./system.js";
import { T16_ROWS } from "./table16.js";
import { T32_ROWS, type ThumbRow } from "./table32.js";

export type CompiledThumbRow = CompiledRow<A32Handler> & {
  readonly priority?: number;
  readonly undefinedIf?: (f: Fields) => boolean;
};

/**
 * A BucketDecoder (decode/pattern.ts) that also honours an explicit row priority (candidates are
 * sorted by priority, then fixed bits, then table order) and a row's `undefinedIf` (the matching
 * row's fields make the encoding UNDEFINED: no row). Buckets are flattened into typed arrays so
 * the matching loop touches no row objects (rows have many shapes).
 */
export class ThumbDecoder {
  private readonly buckets: CompiledThumbRow[][];
  /** Per bucket k: candidates start[k] .. start[k + 1] - 1 in masks / values / rowOf. */
  private readonly start: Int32Array;
  private readonly masks: Int32Array;
  private readonly values: Int32Array;
  private readonly rowOf: Int32Array;
  /** The key as runs of contiguous bits: [source bit, length, key bit]*. */
  private readonly runs: Int32Array;

  constructor(
    readonly rows: readonly CompiledThumbRow[],
    /** Bit positions forming the bucket key (low key bit first). */
    readonly keyBits: readonly number[],
  ) {
    const sorted = [...rows].sort(
      (a, b) => (b.priority ?? 0) - (a.priority ?? 0) || b.fixedBits - a.fixedBits || a.index - b.index,
    );
    const n = 2 ** keyBits.length;
    this.buckets = Array.from({ length: n }, () => []);
    for (const r of sorted) {
      // The key bits this row fixes, and their values: the row belongs to every key agreeing on them.
      let fixedKey = 0;
      let fixedVal = 0;
      for (let i = 0; i < keyBits.length; i++) {
        const bit = keyBits[i];
        if (((r.mask >>> bit) & 1) === 1) {
          fixedKey |= 1 << i;
          fixedVal |= ((r.value >>> bit) & 1) << i;
        }
      }
      for (let k = 0; k < n; k++) if ((k & fixedKey) === fixedVal) this.buckets[k].push(r);
    }
    const total = this.buckets.reduce((s, b) => s + b.length, 0);
    this.start = new Int32Array(n + 1);
    this.masks = new Int32Array(total);
    this.values = new Int32Array(total);
    this.rowOf = new Int32Array(total);
    let j = 0;
    for (let k = 0; k < n; k++) {
      this.start[k] = j;
      for (const r of this.buckets[k]) {
        this.masks[j] = r.mask | 0;
        this.values[j] = r.value | 0;
        this.rowOf[j] = rows.indexOf(r);
        j++;
      }
    }
    this.start[n] = j;
    const runs: number[] = [];
    for (let i = 0; i < keyBits.length; ) {
      let len = 1;
      while (i + len < keyBits.length && keyBits[i + len] === keyBits[i] + len) len++;
      runs.push(keyBits[i], len, i);
      i += len;
    }
    this.runs = Int32Array.from(runs);
  }

  keyOf(word: number): number {
    const runs = this.runs;
    let k = 0;
    for (let i = 0; i < runs.length; i += 3) k |= ((word >>> runs[i]) & ((1 << runs[i + 1]) - 1)) << runs[i + 2];
    return k;
  }

  /** Position in `rows` of the row `word` decodes to, or -1. */
  decodeIndex(word: number): number {
    const k = this.keyOf(word);
    const end = this.start[k + 1];
    const masks = this.masks;
    const values = this.values;
    for (let j = this.start[k]; j < end; j++) {
      if ((word & masks[j]) === values[j]) {
        const i = this.rowOf[j];
        const r = this.rows[i];
        return r.undefinedIf?.(extractFields(word, r)) ? -1 : i;
      }
    }
    return -1;
  }

  decode(word: number): CompiledThumbRow | undefined {
    const i = this.decodeIndex(word);
    return i < 0 ? undefined : this.rows[i];
  }

  /** Candidate rows for a word, in matching order. */
  candidates(word: number): readonly CompiledThumbRow[] {
    return this.buckets[this.keyOf(word)];
  }

  /** The largest bucket (for tests and tuning). */
  get maxBucket(): number {
    return Math.max(...this.buckets.map((b) => b.length));
  }
}

export const T16_COMPILED: readonly CompiledThumbRow[] = T16_ROWS.map((row, i) => compileRow(row, i, 16));

// VFP (CP10/CP11) rows come from vfp/table.ts and are appended: they refine the generic
// "coprocessor" row (UNDEFINED), which takes every VFP encoding while that list is empty.
export const T32_COMPILED: readonly CompiledThumbRow[] = [...T32_ROWS, ...VFP_T32_ROWS].map((row, i) =>
  compileRow<A32Handler>(row as ThumbRow, i, 32),
);

export const T16_DECODER = new ThumbDecoder(T16_COMPILED, [6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
export const T32_DECODER = new ThumbDecoder(T32_COMPILED, [6, 7, 15, 20, 21, 22, 23, 24, 25, 26, 27, 28]);

export const t16Handlers: A32Handler[] = [undefinedThumb, ...T16_COMPILED.map((r) => r.exec)];
export const t32Handlers: A32Handler[] = [undefinedThumb, ...T32_COMPILED.map((r) => r.exec)];

/** The row a 16-bit encoding decodes to, or undefined (UNDEFINED, or the first half of a 32-bit one). */
export function decodeT16Row(hw: number): CompiledThumbRow | undefined {
  return (hw & 0xffff) >= 0xe800 ? undefined : T16_DECODER.decode(hw & 0xffff);
}

/** Handler index in t16Handlers (0 = UNDEFINED). */
export function decodeT16(hw: number): number {
  const h = hw & 0xffff;
  return h >= 0xe800 ? 0 : T16_DECODER.decodeIndex(h) + 1;
}

/** The row a 32-bit encoding (hw1 << 16 | hw2) decodes to, or undefined for an UNDEFINED encoding. */
export function decodeT32Row(w: number): CompiledThumbRow | undefined {
  return w >>> 27 < 0x1d ? undefined : T32_DECODER.decode(w);
}

/** Handler index in t32Handlers (0 = UNDEFINED). */
export function decodeT32(w: number): number {
  return w >>> 27 < 0x1d ? 0 : T32_DECODER.decodeIndex(w | 0) + 1;
}
