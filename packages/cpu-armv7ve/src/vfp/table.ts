// VFP (CP10/CP11) encodings. Filled in by the VFP work; until then every VFP encoding decodes
// through the generic coprocessor rows to UNDEFINED, which is what a core without VFP does.
// The T32 rows are the same encodings with the condition field replaced by 1110 (Thumb's VFP
// instructions are conditional through IT blocks).
import type { A32Handler } from "../cpu.js";
import type { EncodingRow } from "../decode/pattern.js";

export const VFP_A32_ROWS: readonly EncodingRow<A32Handler>[] = [];
export const VFP_T32_ROWS: readonly EncodingRow<A32Handler>[] = [];
