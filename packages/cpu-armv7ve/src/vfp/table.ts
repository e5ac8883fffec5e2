// VFP (CP10/CP11) encodings. Filled in by the VFP work; until then every VFP encoding decodes
// through the generic coprocessor rows to UNDEFINED, which is what a core without VFP does.
import type { A32Handler } from "../cpu.js";
import type { EncodingRow } from "../decode/pattern.js";

export const VFP_A32_ROWS: readonly EncodingRow<A32Handler>[] = [];
