// Encoding tables: one row per encoding, written as a bit pattern like the ARM ARM's diagrams.
// From the same rows we derive the decoder, the disassembler and the random-instruction generator.
//
// Pattern syntax (most significant bit first; spaces are ignored):
//   0 1  fixed bits
//   Z O  "should be" 0 / 1 bits, the ARM ARM's (0)/(1): not checked by the decoder (the
//        instruction is UNPREDICTABLE otherwise), always set by the generator
//   -    don't care
//   a-z  field bits; every bit with the same letter belongs to one field, concatenated in order
//        of appearance (Thumb-2 splits immediates, e.g. "i" ... "iii" ... "iiiiiiii")

export type Fields = Record<string, number>;

export interface EncodingRow<H> {
  /** Instruction name as in the ARM ARM index, e.g. "ADD (immediate)". */
  readonly name: string;
  /** Encoding label, e.g. "A1", "T3". */
  readonly enc: string;
  readonly pattern: string;
  /** Semantics handler. */
  readonly exec: H;
  /** Disassembly template (see disasm.ts). */
  readonly asm: string;
  /** Architecture feature that introduced it (documentation and reports). */
  readonly arch?: string;
  /** True when the field values make the encoding UNPREDICTABLE (the generator skips those). */
  readonly unpredictable?: (f: Fields) => boolean;
  /** Not runnable at PL0 (system instructions): excluded from user-mode differential tests. */
  readonly privileged?: boolean;
  /** Excluded from differential tests, with the reason. */
  readonly noDiff?: string;
  /** Changes the PC (excluded from straight-line differential sequences). */
  readonly branch?: boolean;
  /** Kind of instruction for the block compiler's inline code (undefined: it calls `exec`). */
  readonly jit?: string;
}

export interface FieldSpec {
  /** Bit positions, most significant first. */
  readonly bits: readonly number[];
}

export interface CompiledRow<H> extends EncodingRow<H> {
  readonly index: number;
  readonly width: 16 | 32;
  readonly mask: number;
  readonly value: number;
  /** Should-be bits: mask and required value. */
  readonly sbMask: number;
  readonly sbValue: number;
  readonly fields: Readonly<Record<string, FieldSpec>>;
  /** Number of fixed (decoded) bits: the more, the more specific. */
  readonly fixedBits: number;
}

export class PatternError extends Error {
  override readonly name = "PatternError";
}

export function compileRow<H>(row: EncodingRow<H>, index: number, width: 16 | 32): CompiledRow<H> {
  const p = row.pattern.replace(/\s+/g, "");
  if (p.length !== width) {
    throw new PatternError(`${row.name} ${row.enc}: pattern has ${p.length} bits, expected ${width}`);
  }
  let mask = 0;
  let value = 0;
  let sbMask = 0;
  let sbValue = 0;
  let fixedBits = 0;
  const fields: Record<string, number[]> = {};
  for (let i = 0; i < width; i++) {
    const bit = width - 1 - i;
    const ch = p[i];
    const b = 2 ** bit;
    if (ch === "0" || ch === "1") {
      mask += b;
      if (ch === "1") value += b;
      fixedBits++;
    } else if (ch === "Z" || ch === "O") {
      sbMask += b;
      if (ch === "O") sbValue += b;
    } else if (ch === "-") {
      // don't care
    } else if (/[a-z]/.test(ch)) {
      if (fields[ch] === undefined) fields[ch] = [];
      fields[ch].push(bit);
    } else {
      throw new PatternError(`${row.name} ${row.enc}: bad pattern character "${ch}"`);
    }
  }
  const specs: Record<string, FieldSpec> = {};
  for (const [k, bits] of Object.entries(fields)) specs[k] = { bits };
  return { ...row, index, width, mask, value, sbMask, sbValue, fields: specs, fixedBits };
}

export function extractField(word: number, spec: FieldSpec): number {
  let v = 0;
  for (const bit of spec.bits) v = v * 2 + ((word >>> bit) & 1);
  return v;
}

export function extractFields(word: number, row: CompiledRow<unknown>): Fields {
  const f: Fields = {};
  for (const [k, spec] of Object.entries(row.fields)) f[k] = extractField(word, spec);
  return f;
}

export function depositField(word: number, spec: FieldSpec, value: number): number {
  let w = word >>> 0;
  const n = spec.bits.length;
  spec.bits.forEach((bit, i) => {
    const v = Math.floor(value / 2 ** (n - 1 - i)) & 1;
    w = v ? (w | (1 << bit)) >>> 0 : (w & ~(1 << bit)) >>> 0;
  });
  return w;
}

export function matches(row: CompiledRow<unknown>, word: number): boolean {
  return (word & row.mask) >>> 0 === row.value;
}

/**
 * A decoder over compiled rows: rows are sorted by specificity (more fixed bits first) and
 * pre-bucketed by `keyBits` so that decoding scans only a handful of candidates.
 */
export class BucketDecoder<H> {
  private readonly buckets: CompiledRow<H>[][];
  private readonly keyOf: (word: number) => number;

  constructor(
    readonly rows: readonly CompiledRow<H>[],
    /** Bit positions forming the bucket key (low key bit first). */
    keyBits: readonly number[],
  ) {
    const n = 2 ** keyBits.length;
    this.keyOf = (word) => {
      let k = 0;
      for (let i = 0; i < keyBits.length; i++) k |= ((word >>> keyBits[i]) & 1) << i;
      return k;
    };
    const sorted = [...rows].sort((a, b) => b.fixedBits - a.fixedBits || a.index - b.index);
    this.buckets = Array.from({ length: n }, () => []);
    for (let k = 0; k < n; k++) {
      for (const r of sorted) {
        let ok = true;
        for (let i = 0; i < keyBits.length && ok; i++) {
          const bit = keyBits[i];
          if (((r.mask >>> bit) & 1) === 1 && ((r.value >>> bit) & 1) !== ((k >>> i) & 1)) ok = false;
        }
        if (ok) this.buckets[k].push(r);
      }
    }
  }

  decode(word: number): CompiledRow<H> | undefined {
    const bucket = this.buckets[this.keyOf(word)];
    for (let i = 0; i < bucket.length; i++) {
      const r = bucket[i];
      if ((word & r.mask) >>> 0 === r.value) return r;
    }
    return undefined;
  }

  /** Candidate rows for a word, most specific first (for the ambiguity check). */
  candidates(word: number): readonly CompiledRow<H>[] {
    return this.buckets[this.keyOf(word)];
  }
}

/**
 * Pairs of rows that overlap with neither being a strict refinement of the other: for such
 * pairs "most fixed bits wins" is an accident of the table, so they must be resolved explicitly.
 */
export function ambiguities<H>(rows: readonly CompiledRow<H>[]): [CompiledRow<H>, CompiledRow<H>][] {
  const out: [CompiledRow<H>, CompiledRow<H>][] = [];
  for (let i = 0; i < rows.length; i++) {
    for (let j = i + 1; j < rows.length; j++) {
      const a = rows[i];
      const b = rows[j];
      const both = (a.mask & b.mask) >>> 0;
      if ((a.value & both) >>> 0 !== (b.value & both) >>> 0) continue; // disjoint
      const aRefinesB = (a.mask & b.mask) >>> 0 === b.mask && a.fixedBits > b.fixedBits;
      const bRefinesA = (a.mask & b.mask) >>> 0 === a.mask && b.fixedBits > a.fixedBits;
      if (!aRefinesB && !bRefinesA) out.push([a, b]);
    }
  }
  return out;
}

/** A random word matching `row`, with should-be bits set as required. */
export function randomEncoding(row: CompiledRow<unknown>, random: () => number): number {
  const free = ~(row.mask | row.sbMask) >>> 0;
  const limit = row.width === 16 ? 0xffff : 0xffffffff;
  return ((((random() >>> 0) & free & limit) | row.value | row.sbValue) >>> 0) & limit;
}
