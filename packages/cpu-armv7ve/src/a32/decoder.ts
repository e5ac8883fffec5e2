// A32 decoding: the table compiled into bucketed matchers, and the handler list the CPU dispatches
// through (index 0 is "UNDEFINED").
import type { A32Handler } from "../cpu.js";
import { BucketDecoder, type CompiledRow, compileRow } from "../decode/pattern.js";
import { VFP_A32_ROWS } from "../vfp/table.js";
import { undefinedA32 } from "./system.js";
import { A32_ROWS, A32_UNCOND_ROWS } from "./table.js";

/** All A32 rows, conditional ones first, with their index in `a32Handlers` minus one. */
export const A32_COMPILED: readonly CompiledRow<A32Handler>[] = [...A32_ROWS, ...VFP_A32_ROWS, ...A32_UNCOND_ROWS].map(
  (row, i) => compileRow(row, i, 32),
);

const conditional = A32_COMPILED.filter((r) => !r.pattern.replace(/\s+/g, "").startsWith("1111"));
const unconditional = A32_COMPILED.filter((r) => r.pattern.replace(/\s+/g, "").startsWith("1111"));

// Bucket by bits [27:20] and [7:4], as dynarmic and ares do.
const KEY_BITS = [4, 5, 6, 7, 20, 21, 22, 23, 24, 25, 26, 27];
export const A32_DECODER = new BucketDecoder(conditional, KEY_BITS);
export const A32_UNCOND_DECODER = new BucketDecoder(unconditional, KEY_BITS);

export const a32Handlers: A32Handler[] = [undefinedA32, ...A32_COMPILED.map((r) => r.exec)];

/** The row a word decodes to, or undefined for an UNDEFINED encoding. */
export function decodeA32Row(word: number): CompiledRow<A32Handler> | undefined {
  return word >>> 28 === 15 ? A32_UNCOND_DECODER.decode(word >>> 0) : A32_DECODER.decode(word >>> 0);
}

/** Handler index for a word (0 = UNDEFINED). */
export function decodeA32(word: number): number {
  const row = decodeA32Row(word);
  return row === undefined ? 0 : row.index + 1;
}
