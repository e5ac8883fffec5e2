// The encoding rows the differential generator draws from (A32 with VFP, T16, T32 with VFP: the
// same tables the decoder is built from), what the generator needs to know about each row, and
// the reasoned exclusion list.
import * as a32 from "../../src/a32/decoder.js";
import type { CompiledRow, Fields } from "../../src/decode/pattern.js";
import * as t32 from "../../src/t32/decoder.js";
import * as vfpTable from "../../src/vfp/table.js";

export type Row = CompiledRow<unknown>;
export type InstrSet = "a32" | "t16" | "t32";

/** The Thumb tables, when src/t32 has them (until then every Thumb encoding is UNDEFINED). */
function thumbTables():
  | {
      t16: readonly Row[];
      t32: readonly Row[];
      d16: (hw: number) => Row | undefined;
      d32: (w: number) => Row | undefined;
    }
  | undefined {
  const m = t32 as unknown as Record<string, unknown>;
  const t16 = m.T16_COMPILED as readonly Row[] | undefined;
  const t32rows = m.T32_COMPILED as readonly Row[] | undefined;
  const d16 = m.decodeT16Row as ((hw: number) => Row | undefined) | undefined;
  const d32 = m.decodeT32Row as ((w: number) => Row | undefined) | undefined;
  if (!t16 || !t32rows || !d16 || !d32 || t16.length === 0) return undefined;
  return { t16, t32: t32rows, d16, d32 };
}

export const THUMB = thumbTables();

/** Whether the VFP tables exist (then D0-D31 and FPSCR are part of the compared state). */
export const VFP_PRESENT = (vfpTable.VFP_A32_ROWS?.length ?? 0) > 0;

const vfpKeys = new Set<string>();
for (const list of [vfpTable.VFP_A32_ROWS, (vfpTable as unknown as Record<string, unknown>).VFP_T32_ROWS]) {
  for (const r of (list as readonly { name: string; pattern: string }[] | undefined) ?? [])
    vfpKeys.add(`${r.name}|${r.pattern}`);
}
const vfpOf = new WeakMap<Row, boolean>();

export function isVfpRow(row: Row): boolean {
  let v = vfpOf.get(row);
  if (v === undefined) {
    v = vfpKeys.has(`${row.name}|${row.pattern}`);
    vfpOf.set(row, v);
  }
  return v;
}

export function decodeRow(set: InstrSet, word: number): Row | undefined {
  if (set === "a32") return a32.decodeA32Row(word) as Row | undefined;
  if (THUMB === undefined) return undefined;
  return set === "t16" ? THUMB.d16(word) : THUMB.d32(word);
}

/**
 * Rows excluded from the differential test beyond those the tables mark privileged, branch or
 * noDiff, each with the reason. Keys are row names (every encoding of that name) or "name|enc".
 */
export const EXCLUDED: Readonly<Record<string, string>> = {
  // System registers that are not readable/writable at PL0 (UNDEFINED in User mode on both).
  "VMRS (FPSID)": "FPSID is not accessible at PL0 (UNDEFINED in User mode)",
  "VMSR (FPSID)": "FPSID is not accessible at PL0",
  "VMRS (MVFR0)": "MVFR0 is not accessible at PL0",
  "VMSR (MVFR0)": "MVFR0 is not accessible at PL0",
  "VMRS (MVFR1)": "MVFR1 is not accessible at PL0",
  "VMSR (MVFR1)": "MVFR1 is not accessible at PL0",
  "VMRS (FPEXC)": "FPEXC is not accessible at PL0",
  "VMSR (FPEXC)": "FPEXC is not accessible at PL0",
  // Hints that wait: WFE/WFI are marked privileged by the tables; YIELD and SEV are NOPs at PL0 in
  // both models and stay in.
};

/** Rows the tables mark privileged that have a User-mode subset worth testing (with the subset). */
export const USER_SUBSET: Readonly<Record<string, (f: Fields) => boolean>> = {
  // MSR APSR_<fields>: only the flags (f) and GE (s) fields; the c and x bytes are ignored or
  // UNPREDICTABLE at PL0 (x holds E, which the generator controls itself through SETEND).
  "MSR (immediate)": (f) => f.r === 0 && f.k !== 0 && (f.k & 3) === 0,
  "MSR (register)": (f) => f.r === 0 && f.k !== 0 && (f.k & 3) === 0,
};

/** Field restrictions on rows the generator uses (UNPREDICTABLE forms the row tables allow). */
export const EXTRA_UNPREDICTABLE: Readonly<Record<string, (f: Fields, set: InstrSet) => boolean>> = {
  // MRS SPSR in User mode is UNPREDICTABLE.
  MRS: (f) => f.r === 1,
};

/**
 * Should-be bits a table gets wrong (the generator always sets should-be bits as the table says;
 * these override it). Each is a table erratum to fix in the table itself.
 */
// The harness found two table errata, both fixed in the tables: SMMLS (A32) with Ra = PC was not
// marked UNPREDICTABLE, and T16 SETEND had Z instead of (1) at bit 4.
export const SHOULD_BE_FIXES: readonly { set: InstrSet; name: string; mask: number; value: number; why: string }[] = [];

export function excludedWhy(row: Row): string | undefined {
  const own = EXCLUDED[row.name] ?? EXCLUDED[`${row.name}|${row.enc}`];
  if (own !== undefined) return own;
  if (row.privileged && USER_SUBSET[row.name] === undefined) return "privileged";
  if (row.branch) return "branch";
  if (row.noDiff && row.name !== "IT") return row.noDiff;
  return undefined;
}

/** The rows of an instruction set the generator uses. */
export function eligibleRows(set: InstrSet): Row[] {
  let rows: readonly Row[];
  if (set === "a32") rows = a32.A32_COMPILED as readonly Row[];
  else if (THUMB === undefined) return [];
  else rows = set === "t16" ? THUMB.t16 : THUMB.t32;
  return rows.filter((r) => excludedWhy(r) === undefined && r.name !== "IT");
}

// ---- what the generator needs to know about a row ---------------------------------------------------

const MEMORY = /^(LDR|STR|LDM|STM|PUSH|POP|SWP|VLDR|VSTR|VLDM|VSTM|VPUSH|VPOP|FLDMX|FSTMX)/;
const STORE = /^(STR|STM|PUSH|VSTR|VSTM|VPUSH|FSTMX)/;

export function isMemoryRow(row: Row): boolean {
  return MEMORY.test(row.name);
}

const destsOf = new WeakMap<Row, string[]>();

/** Fields holding core registers the instruction writes (static knowledge, checked dynamically too). */
export function coreDestFields(row: Row): string[] {
  let d = destsOf.get(row);
  if (d === undefined) {
    d = computeDestFields(row);
    destsOf.set(row, d);
  }
  return d;
}

function computeDestFields(row: Row): string[] {
  const has = (f: string) => row.fields[f] !== undefined;
  if (isVfpRow(row)) {
    if (/to (two )?ARM core register|^VMRS/.test(row.name)) return ["t", "a"].filter(has);
    return [];
  }
  if (/^STREX/.test(row.name)) return ["d"];
  if (STORE.test(row.name)) return [];
  return ["d", "t", "h", "l", "e"].filter(has);
}

/** Whether `f` names the PC as a destination the row would branch through (never generated). */
export function writesPc(row: Row, f: Fields, set: InstrSet): boolean {
  for (const name of coreDestFields(row)) {
    if (f[name] === 15 && !(name === "t" && /^VMRS/.test(row.name))) return true;
  }
  // A32 LDRD/LDREXD write Rt and Rt+1.
  if (set === "a32" && /^LDR(EX)?D/.test(row.name) && f.t === 14) return true;
  if (/^(LDM|POP)/.test(row.name) && f.r !== undefined && (f.r & 0x8000) !== 0) return true;
  return false;
}
