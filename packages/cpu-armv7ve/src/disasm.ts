// Disassembler: renders the template of the row an encoding decodes to. Templates are text with
// `{format:field,field...}` tokens (and `{c}` / `{s}` shorthands); the formats are below.
import { decodeA32Row } from "./a32/decoder.js";
import { type CompiledRow, extractFields, type Fields } from "./decode/pattern.js";

const REG = ["r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12", "sp", "lr", "pc"];
const COND = ["eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le", "", ""];
const SHIFT = ["lsl", "lsr", "asr", "ror"];

export interface DisasmContext {
  /** Address of the instruction (for branch targets and literal addresses). */
  readonly pc: number;
  readonly thumb: boolean;
}

function hex(v: number): string {
  return `0x${(v >>> 0).toString(16)}`;
}

function imm(v: number): string {
  return `#${v}`;
}

function regList(mask: number): string {
  const regs: string[] = [];
  for (let i = 0; i < 16; i++) if (mask & (1 << i)) regs.push(REG[i]);
  return `{${regs.join(", ")}}`;
}

function immShift(type: number, amount: number): string {
  if (type === 0 && amount === 0) return "";
  if (type === 3 && amount === 0) return ", rrx";
  return `, ${SHIFT[type]} #${amount === 0 ? 32 : amount}`;
}

function armExpand(imm12: number): number {
  const rot = (imm12 >>> 7) & 0x1e;
  const v = imm12 & 0xff;
  return rot === 0 ? v : ((v >>> rot) | (v << (32 - rot))) >>> 0;
}

/** As GNU objdump prints it: the value, or "#imm8, rot" when a smaller rotation could encode it. */
function modifiedImmediate(imm12: number): string {
  const rot = (imm12 >>> 7) & 0x1e;
  const value = armExpand(imm12);
  let i = 0;
  while (i < 32 && ((value << i) | (value >>> ((32 - i) & 31))) >>> 0 > 0xff) i += 2;
  return i !== rot ? `#${imm12 & 0xff}, ${rot}` : `#${value | 0}`;
}

type Format = (f: Fields, args: string[], ctx: DisasmContext) => string;

const v = (f: Fields, name: string | undefined) => (name === undefined ? 0 : (f[name] ?? 0));

const BANKED_NAMES: Record<number, string> = {
  0: "r8_usr",
  1: "r9_usr",
  2: "r10_usr",
  3: "r11_usr",
  4: "r12_usr",
  5: "sp_usr",
  6: "lr_usr",
  8: "r8_fiq",
  9: "r9_fiq",
  10: "r10_fiq",
  11: "r11_fiq",
  12: "r12_fiq",
  13: "sp_fiq",
  14: "lr_fiq",
  16: "lr_irq",
  17: "sp_irq",
  18: "lr_svc",
  19: "sp_svc",
  20: "lr_abt",
  21: "sp_abt",
  22: "lr_und",
  23: "sp_und",
  28: "lr_mon",
  29: "sp_mon",
  30: "elr_hyp",
  31: "sp_hyp",
};
const BANKED_SPSR: Record<number, string> = {
  14: "spsr_fiq",
  16: "spsr_irq",
  18: "spsr_svc",
  20: "spsr_abt",
  22: "spsr_und",
  28: "spsr_mon",
  30: "spsr_hyp",
};

const FORMATS: Record<string, Format> = {
  R: (f, [a]) => REG[v(f, a) & 15],
  Rf: (f, [a]) => (v(f, a) === 15 ? "APSR_nzcv" : REG[v(f, a)]),
  Rnext: (f, [a]) => REG[(v(f, a) + 1) & 15],
  "#": (f, [a]) => imm(v(f, a)),
  "#+1": (f, [a]) => imm(v(f, a) + 1),
  x: (f, [a]) => hex(v(f, a)),
  mimm: (f, [a]) => modifiedImmediate(v(f, a)),
  shift: (f, [t, n]) => immShift(v(f, t), v(f, n)),
  shiftname: (f, [t]) => SHIFT[v(f, t)],
  lsl: (f, [n]) => (v(f, n) === 0 ? "" : `, lsl #${v(f, n)}`),
  asr: (f, [n]) => `, asr #${v(f, n) === 0 ? 32 : v(f, n)}`,
  satshift: (f, [h, n]) =>
    v(f, h) === 0 ? (v(f, n) === 0 ? "" : `, lsl #${v(f, n)}`) : `, asr #${v(f, n) === 0 ? 32 : v(f, n)}`,
  rot: (f, [r]) => (v(f, r) === 0 ? "" : `, ror #${v(f, r) * 8}`),
  bt: (f, [a]) => (v(f, a) ? "t" : "b"),
  xs: (f, [a]) => (v(f, a) ? "x" : ""),
  rs: (f, [a]) => (v(f, a) ? "r" : ""),
  pldw: (f, [a]) => (v(f, a) ? "" : "w"),
  "!": (f, [a]) => (v(f, a) ? "!" : ""),
  pm: (f, [u]) => (v(f, u) ? "" : "-"),
  "#pm": (f, [u, i]) => `#${v(f, u) ? "" : "-"}${v(f, i)}`,
  amode: (f, [p, u]) => ["da", "", "db", "ib"][v(f, p) * 2 + v(f, u)],
  amodeia: (f, [p, u]) => ["da", "ia", "db", "ib"][v(f, p) * 2 + v(f, u)],
  list: (f, [r]) => regList(v(f, r)),
  listpc: (f, [r]) => regList(v(f, r) | 0x8000),
  bfw: (f, [msb, lsb]) => `#${v(f, msb) - v(f, lsb) + 1}`,
  psr: (f, [r]) => (v(f, r) ? "spsr" : "cpsr"),
  psrmask: (f, [r, k]) => {
    const m = v(f, k);
    return `${v(f, r) ? "spsr" : "cpsr"}_${m & 8 ? "f" : ""}${m & 4 ? "s" : ""}${m & 2 ? "x" : ""}${m & 1 ? "c" : ""}`;
  },
  banked: (f, [r, k]) => {
    const sysm = v(f, k);
    return (v(f, r) ? BANKED_SPSR[sysm] : BANKED_NAMES[sysm]) ?? `<banked ${sysm}>`;
  },
  cp: (f, [q]) => `p${v(f, q)}`,
  cr: (f, [a]) => `c${v(f, a)}`,
  imod: (f, [k]) => (v(f, k) === 2 ? "ie" : v(f, k) === 3 ? "id" : ""),
  aif: (f, [a, i, fl]) => `${v(f, a) ? "a" : ""}${v(f, i) ? "i" : ""}${v(f, fl) ? "f" : ""}`,
  cpsmode: (f, [y, m]) => (v(f, y) ? `, #${v(f, m)}` : ""),
  endian: (f, [e]) => (v(f, e) ? "be" : "le"),
  barrier: (f, [o]) =>
    ({ 15: "sy", 14: "st", 11: "ish", 10: "ishst", 7: "nsh", 6: "nshst", 3: "osh", 2: "oshst" })[v(f, o)] ??
    `#${v(f, o)}`,
  target: (f, [i], ctx) => hex(ctx.pc + (ctx.thumb ? 4 : 8) + ((v(f, i) << 8) >> 6)),
  targeth: (f, [i, h], ctx) => hex(ctx.pc + 8 + ((v(f, i) << 8) >> 6) + v(f, h) * 2),
  mem12: (f) => memory(f, `#${f.u ? "" : "-"}${f.i}`, f.i === 0),
  memreg: (f) => memory(f, `${f.u ? "" : "-"}${REG[f.m]}${immShift(f.h, f.v)}`, false),
  mem8: (f) => memory(f, `#${f.u ? "" : "-"}${f.i}`, f.i === 0),
  memx: (f) => memory(f, `${f.u ? "" : "-"}${REG[f.m]}`, false),
  // VFP: fields of a register are the 4-bit Vx and the extra bit X; a single register is Vx:X
  // ({S:vx,x}), a double X:Vx ({D:vx,x}), {V:sz,vx,x} either by the sz bit; Snext is Sx + 1.
  S: (f, [r, b]) => `s${v(f, r) * 2 + v(f, b)}`,
  Snext: (f, [r, b]) => `s${v(f, r) * 2 + v(f, b) + 1}`,
  D: (f, [r, b]) => `d${v(f, b) * 16 + v(f, r)}`,
  V: (f, [sz, r, b]) => (v(f, sz) ? `d${v(f, b) * 16 + v(f, r)}` : `s${v(f, r) * 2 + v(f, b)}`),
  F: (f, [sz]) => (v(f, sz) ? "f64" : "f32"),
  num: (f, [a]) => `${v(f, a)}`,
  es: (f, [a]) => (v(f, a) ? "e" : ""),
  vcvtr: (f, [a]) => (v(f, a) ? "" : "r"),
  int: (f, [a]) => (v(f, a) ? "s32" : "u32"),
  fx: (f, [u, sx]) => `${v(f, u) ? "u" : "s"}${v(f, sx) ? 32 : 16}`,
  fbits: (f, [sx, m, i]) => `#${(v(f, sx) ? 32 : 16) - (v(f, m) * 2 + v(f, i))}`,
  slist: (f, [r, b, n]) => vfpList("s", v(f, r) * 2 + v(f, b), v(f, n)),
  dlist: (f, [r, b, n]) => vfpList("d", v(f, b) * 16 + v(f, r), v(f, n)),
  vmem: (f, [n, u, i]) => {
    const offset = v(f, i) * 4;
    if (v(f, u) && offset === 0) return `[${REG[v(f, n)]}]`;
    return `[${REG[v(f, n)]}, #${v(f, u) ? "" : "-"}${offset}]`;
  },
};

/** A VFP register list as GNU objdump prints it: {s3-s7}, {d8}. */
function vfpList(kind: string, first: number, count: number): string {
  return count === 1 ? `{${kind}${first}}` : `{${kind}${first}-${kind}${first + count - 1}}`;
}

function memory(f: Fields, offset: string, zero: boolean): string {
  const n = REG[f.n];
  if (f.p === 0) return `[${n}], ${offset}`;
  if (zero && f.w === 0) return `[${n}]`;
  return `[${n}, ${offset}]${f.w ? "!" : ""}`;
}

/** Renders a row's template for the fields of one encoding. */
export function renderTemplate(row: CompiledRow<unknown>, word: number, ctx: DisasmContext): string {
  const f = extractFields(word, row);
  return row.asm.replace(/\{([^}:]+)(?::([^}]*))?\}/g, (_m, name: string, args: string | undefined) => {
    if (name === "c") return COND[f.c ?? 14];
    if (name === "s") return f.f ? "s" : "";
    const fmt = FORMATS[name];
    if (fmt === undefined) return `?${name}`;
    return fmt(f, args === undefined ? [] : args.split(","), ctx);
  });
}

/** Disassembles one A32 instruction. */
export function disassembleA32(word: number, pc = 0): string {
  const row = decodeA32Row(word);
  if (row === undefined) return `.word ${hex(word)}\t; UNDEFINED`;
  return renderTemplate(row, word, { pc, thumb: false });
}

/** Formats available to templates (for tests that check every template resolves). */
export const TEMPLATE_FORMATS: readonly string[] = ["c", "s", ...Object.keys(FORMATS)];
