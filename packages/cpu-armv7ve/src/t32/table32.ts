// The 32-bit Thumb encoding table (ARM ARM A6.3, ARMv7-A with the Security, Multiprocessing and
// Virtualization Extensions): one row per encoding, patterns written hw1 then hw2 (the word the
// CPU passes is hw1 << 16 | hw2). Disassembly templates: see table16.ts. The S bit is field "f"
// (as in a32/table.ts, for {s}).
//
// Overlaps. Where the ARM ARM says "if <field> == <value> then SEE <other>", the other row refines
// this one (its pattern fixes those bits and every bit this one fixes) and wins on fixed bits. The
// one kind of overlap that cannot be written that way is "Rn == '1111' then SEE (literal)" in the
// single-item loads: the literal forms overlap the imm8/register/unprivileged forms without
// refining them. Those rows carry `priority: 1` and are tried first (see decoder.ts); nothing else
// does. Two rows of equal priority that overlap without one refining the other (POP T3 and LDR T4
// to the PC, LDRT and LDR T4 to the PC) have a third row that is exactly their intersection. The ambiguity test accepts no
// other overlap.
import * as a32sys from "../a32/system.js";
import type { A32Handler } from "../cpu.js";
import type { EncodingRow, Fields } from "../decode/pattern.js";
import * as dp from "./dataproc.js";
import * as ls from "./loadstore.js";
import * as sys from "./system.js";

export interface ThumbRow extends EncodingRow<A32Handler> {
  /** Decoding priority (default 0): higher-priority rows are matched first. */
  readonly priority?: number;
  /**
   * Field values for which this encoding is UNDEFINED although no other row claims it (B T3 with
   * cond = 111x, stores with Rn = 1111): the decoder then returns no row. The handlers check too.
   */
  readonly undefinedIf?: (f: Fields) => boolean;
}

type Row = ThumbRow;
type Pred = (f: Fields) => boolean;

const bad = (v: number | undefined) => v === 13 || v === 15;
const anyBad =
  (...names: string[]): Pred =>
  (f) =>
    names.some((n) => bad(f[n]));
const or =
  (...ps: Pred[]): Pred =>
  (f) =>
    ps.some((p) => p(f));
const never: Pred = () => false;

// ---- data processing (modified immediate, A6.3.1) and (shifted register, A6.3.11) -----------------

interface DpDef {
  name: string;
  op: string;
  /** Rd = 1111 with S = 1 turns it into this test instruction. */
  test?: string;
  /** Rn = 1111 turns it into this move instruction. */
  move?: string;
  /** UNPREDICTABLE for the immediate form (the register form adds BadReg(m)). */
  bad: Pred;
}

const addSub: Pred = (f) => (f.d === 13 && f.n !== 13) || (f.d === 15 && f.f === 0) || f.n === 15;
const andEor: Pred = (f) => f.d === 13 || (f.d === 15 && f.f === 0) || bad(f.n);

const DP_DEFS: DpDef[] = [
  { name: "AND", op: "0000", test: "TST", bad: andEor },
  { name: "BIC", op: "0001", bad: anyBad("d", "n") },
  { name: "ORR", op: "0010", move: "MOV", bad: (f) => bad(f.d) || f.n === 13 },
  { name: "ORN", op: "0011", move: "MVN", bad: (f) => bad(f.d) || f.n === 13 },
  { name: "EOR", op: "0100", test: "TEQ", bad: andEor },
  { name: "ADD", op: "1000", test: "CMN", bad: addSub },
  { name: "ADC", op: "1010", bad: anyBad("d", "n") },
  { name: "SBC", op: "1011", bad: anyBad("d", "n") },
  { name: "SUB", op: "1101", test: "CMP", bad: addSub },
  { name: "RSB", op: "1110", bad: anyBad("d", "n") },
];

function modImmRows(): Row[] {
  const rows: Row[] = [];
  for (const d of DP_DEFS) {
    const mn = d.name.toLowerCase();
    rows.push({
      name: `${d.name} (immediate)`,
      enc: d.name === "ADD" || d.name === "SUB" ? "T3" : d.name === "RSB" ? "T2" : "T1",
      pattern: `11110 i 0 ${d.op} f nnnn 0 iii dddd iiiiiiii`,
      exec: dp.dpModImm,
      asm: `${mn}{s}{c}.w {R:d}, {R:n}, {timm:i}`,
      arch: d.name === "ORN" ? "v6T2" : undefined,
      unpredictable: d.bad,
    });
    if (d.test) {
      rows.push({
        name: `${d.test} (immediate)`,
        enc: d.test === "CMP" ? "T2" : "T1",
        pattern: `11110 i 0 ${d.op} 1 nnnn 0 iii 1111 iiiiiiii`,
        exec: dp.dpModImm,
        asm: `${d.test.toLowerCase()}{c}.w {R:n}, {timm:i}`,
        unpredictable: d.test === "CMN" || d.test === "CMP" ? (f) => f.n === 15 : anyBad("n"),
      });
    }
    if (d.move) {
      rows.push({
        name: `${d.move} (immediate)`,
        enc: d.move === "MOV" ? "T2" : "T1",
        pattern: `11110 i 0 ${d.op} f 1111 0 iii dddd iiiiiiii`,
        exec: dp.dpModImm,
        asm: `${d.move.toLowerCase()}{s}{c}.w {R:d}, {timm:i}`,
        unpredictable: anyBad("d"),
      });
    }
  }
  return rows;
}

function shiftedRegRows(): Row[] {
  const rows: Row[] = [];
  for (const d of DP_DEFS) {
    const mn = d.name.toLowerCase();
    const addOrSub = d.name === "ADD" || d.name === "SUB";
    // ADD/SUB (SP plus/minus register): Rd = SP needs LSL #0-3.
    const base: Pred = addOrSub
      ? (f) =>
          (f.d === 13 && (f.n !== 13 || f.h !== 0 || f.v > 3)) || (f.d === 15 && f.f === 0) || f.n === 15 || bad(f.m)
      : or(d.bad, anyBad("m"));
    rows.push({
      name: `${d.name} (register)`,
      enc: d.name === "ADD" ? "T3" : d.name === "ORN" || d.name === "RSB" ? "T1" : "T2",
      pattern: `11101 01 ${d.op} f nnnn Z vvv dddd vv hh mmmm`,
      exec: dp.dpShiftedReg,
      asm: `${mn}{s}{c}.w {R:d}, {R:n}, {R:m}{shift:h,v}`,
      arch: d.name === "ORN" ? "v6T2" : undefined,
      unpredictable: base,
    });
    if (d.test) {
      rows.push({
        name: `${d.test} (register)`,
        enc: d.test === "CMP" ? "T3" : d.test === "TEQ" ? "T1" : "T2",
        pattern: `11101 01 ${d.op} 1 nnnn Z vvv 1111 vv hh mmmm`,
        exec: dp.dpShiftedReg,
        asm: `${d.test.toLowerCase()}{c}.w {R:n}, {R:m}{shift:h,v}`,
        unpredictable: d.test === "CMN" || d.test === "CMP" ? (f) => f.n === 15 || bad(f.m) : anyBad("n", "m"),
      });
    }
  }
  // ORR with Rn = 1111: MOV (register) and the shifts by an immediate.
  const movs: [string, string, string, string, string][] = [
    ["MOV (register)", "T3", "000", "00 00", "mov{s}{c}.w {R:d}, {R:m}"],
    ["LSL (immediate)", "T2", "vvv", "vv 00", "lsl{s}{c}.w {R:d}, {R:m}, {#:v}"],
    ["LSR (immediate)", "T2", "vvv", "vv 01", "lsr{s}{c}.w {R:d}, {R:m}, {#32:v}"],
    ["ASR (immediate)", "T2", "vvv", "vv 10", "asr{s}{c}.w {R:d}, {R:m}, {#32:v}"],
    ["ROR (immediate)", "T1", "vvv", "vv 11", "ror{s}{c} {R:d}, {R:m}, {#:v}"],
    ["RRX", "T1", "000", "00 11", "rrx{s}{c} {R:d}, {R:m}"],
  ];
  for (const [name, enc, hi, lo, asm] of movs) {
    rows.push({
      name,
      enc,
      pattern: `11101 01 0010 f 1111 Z ${hi} dddd ${lo} mmmm`,
      exec: dp.dpShiftedReg,
      asm,
      unpredictable:
        name === "MOV (register)"
          ? (f) => (f.f === 1 ? bad(f.d) || bad(f.m) : f.d === 15 || f.m === 15 || (f.d === 13 && f.m === 13))
          : anyBad("d", "m"),
    });
  }
  rows.push({
    name: "MVN (register)",
    enc: "T2",
    pattern: "11101 01 0011 f 1111 Z vvv dddd vv hh mmmm",
    exec: dp.dpShiftedReg,
    asm: "mvn{s}{c}.w {R:d}, {R:m}{shift:h,v}",
    unpredictable: anyBad("d", "m"),
  });
  rows.push({
    name: "PKHBT",
    enc: "T1",
    pattern: "11101 01 0110 0 nnnn Z vvv dddd vv 0 0 mmmm",
    exec: dp.pkhT32,
    asm: "pkhbt{c} {R:d}, {R:n}, {R:m}{lsl:v}",
    arch: "v6",
    unpredictable: anyBad("d", "n", "m"),
  });
  rows.push({
    name: "PKHTB",
    enc: "T1",
    pattern: "11101 01 0110 0 nnnn Z vvv dddd vv 1 0 mmmm",
    exec: dp.pkhT32,
    asm: "pkhtb{c} {R:d}, {R:n}, {R:m}{asr:v}",
    arch: "v6",
    unpredictable: anyBad("d", "n", "m"),
  });
  return rows;
}

// ---- data processing (plain binary immediate, A6.3.3) -------------------------------------------

function plainImmRows(): Row[] {
  return [
    {
      name: "ADD (immediate)",
      enc: "T4",
      pattern: "11110 i 1 00000 nnnn 0 iii dddd iiiiiiii",
      exec: dp.addSubWide,
      asm: "addw{c} {R:d}, {R:n}, {#:i}",
      arch: "v6T2",
      unpredictable: (f) => f.d === 15 || (f.d === 13 && f.n !== 13),
    },
    {
      name: "ADR",
      enc: "T3",
      pattern: "11110 i 1 00000 1111 0 iii dddd iiiiiiii",
      exec: dp.addSubWide,
      asm: "adr{c}.w {R:d}, {adr:i}",
      arch: "v6T2",
      unpredictable: anyBad("d"),
    },
    {
      name: "MOV (immediate)",
      enc: "T3",
      pattern: "11110 i 1 00100 kkkk 0 iii dddd iiiiiiii",
      exec: dp.movwT32,
      asm: "movw{c} {R:d}, {#16:k,i}",
      arch: "v6T2",
      unpredictable: anyBad("d"),
    },
    {
      name: "SUB (immediate)",
      enc: "T4",
      pattern: "11110 i 1 01010 nnnn 0 iii dddd iiiiiiii",
      exec: dp.addSubWide,
      asm: "subw{c} {R:d}, {R:n}, {#:i}",
      arch: "v6T2",
      unpredictable: (f) => f.d === 15 || (f.d === 13 && f.n !== 13),
    },
    {
      name: "ADR",
      enc: "T2",
      pattern: "11110 i 1 01010 1111 0 iii dddd iiiiiiii",
      exec: dp.addSubWide,
      asm: "sub{c} {R:d}, pc, {#:i}",
      arch: "v6T2",
      unpredictable: anyBad("d"),
    },
    {
      name: "MOVT",
      enc: "T1",
      pattern: "11110 i 1 01100 kkkk 0 iii dddd iiiiiiii",
      exec: dp.movtT32,
      asm: "movt{c} {R:d}, {#16:k,i}",
      arch: "v6T2",
      unpredictable: anyBad("d"),
    },
    {
      name: "SSAT",
      enc: "T1",
      pattern: "11110 Z 1 100 h 0 nnnn 0 vvv dddd vv Z sssss",
      exec: dp.satT32,
      asm: "ssat{c} {R:d}, {#+1:s}, {R:n}{satshift:h,v}",
      arch: "v6T2",
      unpredictable: anyBad("d", "n"),
    },
    {
      name: "SSAT16",
      enc: "T1",
      pattern: "11110 Z 1 10010 nnnn 0 000 dddd 00 Z Z ssss",
      exec: dp.sat16T32,
      asm: "ssat16{c} {R:d}, {#+1:s}, {R:n}",
      arch: "v6T2",
      unpredictable: anyBad("d", "n"),
    },
    {
      name: "SBFX",
      enc: "T1",
      pattern: "11110 Z 1 10100 nnnn 0 vvv dddd vv Z wwwww",
      exec: dp.bfxT32,
      asm: "sbfx{c} {R:d}, {R:n}, {#:v}, {#+1:w}",
      arch: "v6T2",
      unpredictable: (f) => bad(f.d) || bad(f.n) || f.v + f.w > 31,
    },
    {
      name: "BFI",
      enc: "T1",
      pattern: "11110 Z 1 10110 nnnn 0 vvv dddd vv Z kkkkk",
      exec: dp.bfiT32,
      asm: "bfi{c} {R:d}, {R:n}, {#:v}, {bfw:k,v}",
      arch: "v6T2",
      unpredictable: (f) => bad(f.d) || f.n === 13 || f.k < f.v,
    },
    {
      name: "BFC",
      enc: "T1",
      pattern: "11110 Z 1 10110 1111 0 vvv dddd vv Z kkkkk",
      exec: dp.bfiT32,
      asm: "bfc{c} {R:d}, {#:v}, {bfw:k,v}",
      arch: "v6T2",
      unpredictable: (f) => bad(f.d) || f.k < f.v,
    },
    {
      name: "USAT",
      enc: "T1",
      pattern: "11110 Z 1 110 h 0 nnnn 0 vvv dddd vv Z sssss",
      exec: dp.satT32,
      asm: "usat{c} {R:d}, {#:s}, {R:n}{satshift:h,v}",
      arch: "v6T2",
      unpredictable: anyBad("d", "n"),
    },
    {
      name: "USAT16",
      enc: "T1",
      pattern: "11110 Z 1 11010 nnnn 0 000 dddd 00 Z Z ssss",
      exec: dp.sat16T32,
      asm: "usat16{c} {R:d}, {#:s}, {R:n}",
      arch: "v6T2",
      unpredictable: anyBad("d", "n"),
    },
    {
      name: "UBFX",
      enc: "T1",
      pattern: "11110 Z 1 11100 nnnn 0 vvv dddd vv Z wwwww",
      exec: dp.bfxT32,
      asm: "ubfx{c} {R:d}, {R:n}, {#:v}, {#+1:w}",
      arch: "v6T2",
      unpredictable: (f) => bad(f.d) || bad(f.n) || f.v + f.w > 31,
    },
  ];
}

// ---- branches and miscellaneous control (A6.3.4) -------------------------------------------------

function branchMiscRows(): Row[] {
  const hints: [string, string, A32Handler][] = [
    ["NOP", "00000000", a32sys.nop],
    ["YIELD", "00000001", a32sys.nop],
    ["WFE", "00000010", a32sys.wfe],
    ["WFI", "00000011", a32sys.wfi],
    ["SEV", "00000100", a32sys.sev],
  ];
  const barriers: [string, string, A32Handler][] = [
    ["DSB", "0100", a32sys.nop],
    ["DMB", "0101", a32sys.nop],
    ["ISB", "0110", a32sys.nop],
  ];
  return [
    {
      name: "B",
      enc: "T3",
      pattern: "11110 s cccc iiiiii 10 j 0 k iiiiiiiiiii",
      exec: sys.bCondT32,
      asm: "b{c}.w {bt3:s,k,j,i}",
      arch: "v6T2",
      branch: true,
      undefinedIf: (f) => f.c >= 14,
    },
    {
      name: "MSR (register)",
      enc: "T1",
      pattern: "11110 0 1110 0 r nnnn 10 Z 0 kkkk ZZ 0 Z ZZZZ",
      exec: sys.msrRegT32,
      asm: "msr{c} {psrmask:r,k}, {R:n}",
      arch: "v6T2",
      privileged: true,
      unpredictable: (f) => bad(f.n) || f.k === 0,
    },
    {
      name: "MSR (banked register)",
      enc: "T1",
      pattern: "11110 0 1110 0 r nnnn 10 Z 0 kkkk ZZ 1 k ZZZZ",
      exec: sys.msrBankedT32,
      asm: "msr{c} {banked:r,k}, {R:n}",
      arch: "v7VE",
      privileged: true,
      unpredictable: anyBad("n"),
    },
    {
      name: "CPS",
      enc: "T2",
      pattern: "11110 0 111 010 OOOO 10 Z 0 Z kk y a i f mmmmm",
      exec: sys.cpsT32,
      asm: "cps{imod:k}.w {aif:a,i,f}{cpsmode:y,m}",
      arch: "v6T2",
      privileged: true,
      unpredictable: (f) =>
        f.k === 1 ||
        (f.k >= 2 && f.a + f.i + f.f === 0) ||
        (f.k < 2 && f.a + f.i + f.f !== 0) ||
        (f.y === 0 && f.m !== 0),
    },
    {
      name: "NOP-compatible hint",
      enc: "T1",
      pattern: "11110 0 111 010 OOOO 10 Z 0 Z 000 oooooooo",
      exec: a32sys.nop,
      asm: "hint{c}.w {#:o}",
      arch: "v6T2",
    },
    ...hints.map(
      ([name, op, exec]): Row => ({
        name,
        enc: "T2",
        pattern: `11110 0 111 010 OOOO 10 Z 0 Z 000 ${op}`,
        exec,
        asm: `${name.toLowerCase()}{c}.w`,
        arch: "v6T2",
        privileged: name === "WFE" || name === "WFI",
      }),
    ),
    {
      name: "DBG",
      enc: "T1",
      pattern: "11110 0 111 010 OOOO 10 Z 0 Z 000 1111 oooo",
      exec: a32sys.nop,
      asm: "dbg{c} {#:o}",
      arch: "v7",
    },
    {
      name: "CLREX",
      enc: "T1",
      pattern: "11110 0 111 011 OOOO 10 Z 0 OOOO 0010 OOOO",
      exec: a32sys.clrex,
      asm: "clrex{c}",
      arch: "v7",
    },
    ...barriers.map(
      ([name, op, exec]): Row => ({
        name,
        enc: "T1",
        pattern: `11110 0 111 011 OOOO 10 Z 0 OOOO ${op} oooo`,
        exec,
        asm: `${name.toLowerCase()}{c} {barrier:o}`,
        arch: "v7",
      }),
    ),
    {
      name: "BXJ",
      enc: "T1",
      pattern: "11110 0 1111 00 mmmm 10 Z 0 OOOO ZZZZZZZZ",
      exec: sys.bxjT32,
      asm: "bxj{c} {R:m}",
      arch: "v6T2",
      branch: true,
      unpredictable: anyBad("m"),
    },
    {
      name: "SUBS PC, LR (Thumb)",
      enc: "T1",
      pattern: "11110 0 1111 01 OOOZ 10 Z 0 OOOO iiiiiiii",
      exec: sys.subsPcLr,
      asm: "subs{c} pc, lr, {#:i}",
      arch: "v6T2",
      privileged: true,
      branch: true,
    },
    {
      name: "ERET",
      enc: "T1",
      pattern: "11110 0 1111 01 OOOZ 10 Z 0 OOOO 00000000",
      exec: sys.eretT32,
      asm: "eret{c}",
      arch: "v7VE",
      privileged: true,
      branch: true,
    },
    {
      name: "MRS",
      enc: "T1",
      pattern: "11110 0 1111 1 r OOOO 10 Z 0 dddd ZZ 0 Z ZZZZ",
      exec: sys.mrsT32,
      asm: "mrs{c} {R:d}, {psr:r}",
      arch: "v6T2",
      unpredictable: anyBad("d"),
    },
    {
      name: "MRS (banked register)",
      enc: "T1",
      pattern: "11110 0 1111 1 r kkkk 10 Z 0 dddd ZZ 1 k ZZZZ",
      exec: sys.mrsBankedT32,
      asm: "mrs{c} {R:d}, {banked:r,k}",
      arch: "v7VE",
      privileged: true,
      unpredictable: anyBad("d"),
    },
    {
      name: "HVC",
      enc: "T1",
      pattern: "11110 1111110 iiii 1000 iiiiiiiiiiii",
      exec: sys.hvcT32,
      asm: "hvc {#:i}",
      arch: "v7VE",
      privileged: true,
    },
    {
      name: "SMC",
      enc: "T1",
      pattern: "11110 1111111 iiii 1000 ZZZZZZZZZZZZ",
      exec: sys.smcT32,
      asm: "smc{c} {#:i}",
      arch: "Security",
      privileged: true,
    },
    {
      name: "UDF",
      enc: "T2",
      pattern: "11110 1111111 iiii 1010 iiiiiiiiiiii",
      exec: sys.udfT32,
      asm: "udf.w {#:i}",
      noDiff: "permanently undefined",
    },
    {
      name: "B",
      enc: "T4",
      pattern: "11110 s iiiiiiiiii 10 j 1 k iiiiiiiiiii",
      exec: sys.bT32,
      asm: "b{c}.w {bt4:s,j,k,i}",
      arch: "v6T2",
      branch: true,
    },
    {
      name: "BL",
      enc: "T1",
      pattern: "11110 s iiiiiiiiii 11 j 1 k iiiiiiiiiii",
      exec: sys.blT32,
      asm: "bl{c} {bt4:s,j,k,i}",
      branch: true,
    },
    {
      name: "BLX (immediate)",
      enc: "T2",
      pattern: "11110 s iiiiiiiiii 11 j 0 k iiiiiiiiii 0",
      exec: sys.blxImmT32,
      asm: "blx{c} {blxt:s,j,k,i}",
      arch: "v5T",
      branch: true,
    },
  ];
}

// ---- load/store multiple (A6.3.5) and dual, exclusive, table branch (A6.3.6) -----------------------

function popcount(v: number): number {
  let c = 0;
  for (let x = v; x !== 0; x &= x - 1) c++;
  return c;
}

/** UNPREDICTABLE register lists of LDM/STM T2 (`r` is hw2, or hw2[14:0] for the PC rows). */
const stmBad: Pred = (f) =>
  f.n === 15 || popcount(f.r & 0x5fff) < 2 || (f.r & 0xa000) !== 0 || (f.w === 1 && (f.r & (1 << f.n)) !== 0);
const ldmBad =
  (pc: boolean): Pred =>
  (f) => {
    const list = (f.r | (pc ? 0x8000 : 0)) & 0xffff;
    return (
      f.n === 15 ||
      popcount(list & 0xdfff) < 2 ||
      (list & 0x2000) !== 0 ||
      (list & 0xc000) === 0xc000 ||
      (f.w === 1 && (list & (1 << f.n)) !== 0)
    );
  };

function multipleRows(): Row[] {
  const rows: Row[] = [];
  for (const [name, op, mode] of [
    ["SRS", "00", "db"],
    ["SRS", "11", "ia"],
  ] as const) {
    rows.push({
      name,
      enc: mode === "db" ? "T1" : "T2",
      pattern: `1110100 ${op} 0 w 0 OOZO OOZZZZZZZZZ mmmmm`,
      exec: ls.srsT32,
      asm: `srs${mode}{c} sp{!:w}, {#:m}`,
      arch: "v6T2",
      privileged: true,
    });
  }
  for (const [name, op, mode] of [
    ["RFE", "00", "db"],
    ["RFE", "11", "ia"],
  ] as const) {
    rows.push({
      name,
      enc: mode === "db" ? "T1" : "T2",
      pattern: `1110100 ${op} 0 w 1 nnnn OOZZZZZZZZZZZZZZ`,
      exec: ls.rfeT32,
      asm: `rfe${mode}{c} {R:n}{!:w}`,
      arch: "v6T2",
      privileged: true,
      branch: true,
      unpredictable: (f) => f.n === 15,
    });
  }
  rows.push(
    {
      name: "STM",
      enc: "T2",
      pattern: "1110100 01 0 w 0 nnnn rrrrrrrrrrrrrrrr",
      exec: ls.blockT32,
      asm: "stm{c}.w {R:n}{!:w}, {list:r}",
      unpredictable: stmBad,
    },
    {
      name: "STMDB",
      enc: "T1",
      pattern: "1110100 10 0 w 0 nnnn rrrrrrrrrrrrrrrr",
      exec: ls.blockT32,
      asm: "stmdb{c} {R:n}{!:w}, {list:r}",
      unpredictable: stmBad,
    },
    {
      name: "PUSH",
      enc: "T2",
      pattern: "1110100 10 0 1 0 1101 rrrrrrrrrrrrrrrr",
      exec: ls.blockT32,
      asm: "push{c}.w {list:r}",
      unpredictable: (f) => popcount(f.r & 0x5fff) < 2 || (f.r & 0xa000) !== 0,
    },
  );
  for (const [name, enc, hw1, asm] of [
    ["LDM", "T2", "1110100 01 0 w 1 nnnn", "ldm{c}.w {R:n}{!:w}"],
    ["LDMDB", "T1", "1110100 10 0 w 1 nnnn", "ldmdb{c} {R:n}{!:w}"],
    ["POP", "T2", "1110100 01 0 1 1 1101", "pop{c}.w"],
  ] as const) {
    const pop = name === "POP";
    const fix = (p: Pred): Pred => (pop ? (f) => p({ ...f, n: 13, w: 1 }) : p);
    rows.push(
      {
        name,
        enc,
        pattern: `${hw1} 0rrrrrrrrrrrrrrr`,
        exec: ls.blockT32,
        asm: `${asm}${pop ? "" : ","} {list:r}`,
        unpredictable: fix(ldmBad(false)),
      },
      {
        name,
        enc,
        pattern: `${hw1} 1rrrrrrrrrrrrrrr`,
        exec: ls.blockT32,
        asm: `${asm}${pop ? "" : ","} {listpc:r}`,
        branch: true,
        unpredictable: fix(ldmBad(true)),
      },
    );
  }
  return rows;
}

function dualExclusiveRows(): Row[] {
  const strdBad: Pred = (f) => ((f.w ?? 1) === 1 && (f.n === f.t || f.n === f.e)) || f.n === 15 || bad(f.t) || bad(f.e);
  const ldrdBad: Pred = (f) =>
    ((f.w ?? 1) === 1 && (f.n === f.t || f.n === f.e || f.n === 15)) || bad(f.t) || bad(f.e) || f.t === f.e;
  const exBad: Pred = (f) => bad(f.t) || f.n === 15;
  const strexBad: Pred = (f) => bad(f.d) || bad(f.t) || f.n === 15 || f.d === f.n || f.d === f.t;
  return [
    {
      name: "STREX",
      enc: "T1",
      pattern: "11101000 0100 nnnn tttt dddd iiiiiiii",
      exec: ls.strexT32,
      asm: "strex{c} {R:d}, {R:t}, [{R:n}, {#*4:i}]",
      arch: "v6T2",
      unpredictable: strexBad,
    },
    {
      name: "LDREX",
      enc: "T1",
      pattern: "11101000 0101 nnnn tttt OOOO iiiiiiii",
      exec: ls.ldrexT32,
      asm: "ldrex{c} {R:t}, [{R:n}, {#*4:i}]",
      arch: "v6T2",
      unpredictable: exBad,
    },
    {
      name: "STRD (immediate)",
      enc: "T1",
      pattern: "1110100 1 u 1 w 0 nnnn tttt eeee iiiiiiii",
      exec: ls.ldrdStrd,
      asm: "strd{c} {R:t}, {R:e}, [{R:n}, {#pm*4:u,i}]{!:w}",
      unpredictable: strdBad,
    },
    {
      name: "STRD (immediate)",
      enc: "T1",
      pattern: "1110100 0 u 1 1 0 nnnn tttt eeee iiiiiiii",
      exec: ls.ldrdStrd,
      asm: "strd{c} {R:t}, {R:e}, [{R:n}], {#pm*4:u,i}",
      unpredictable: strdBad,
    },
    {
      name: "LDRD (immediate)",
      enc: "T1",
      pattern: "1110100 1 u 1 w 1 nnnn tttt eeee iiiiiiii",
      exec: ls.ldrdStrd,
      asm: "ldrd{c} {R:t}, {R:e}, [{R:n}, {#pm*4:u,i}]{!:w}",
      unpredictable: ldrdBad,
    },
    {
      name: "LDRD (immediate)",
      enc: "T1",
      pattern: "1110100 0 u 1 1 1 nnnn tttt eeee iiiiiiii",
      exec: ls.ldrdStrd,
      asm: "ldrd{c} {R:t}, {R:e}, [{R:n}], {#pm*4:u,i}",
      unpredictable: ldrdBad,
    },
    {
      name: "LDRD (literal)",
      enc: "T1",
      pattern: "1110100 1 u 1 w 1 1111 tttt eeee iiiiiiii",
      exec: ls.ldrdStrd,
      asm: "ldrd{c} {R:t}, {R:e}, [pc, {#pm*4:u,i}]",
      unpredictable: (f) => f.w === 1 || bad(f.t) || bad(f.e) || f.t === f.e,
    },
    ...(
      [
        ["B", "0100"],
        ["H", "0101"],
      ] as const
    ).flatMap(([sfx, op]): Row[] => [
      {
        name: `STREX${sfx}`,
        enc: "T1",
        pattern: `11101000 1100 nnnn tttt OOOO ${op} dddd`,
        exec: ls.strexSized,
        asm: `strex${sfx.toLowerCase()}{c} {R:d}, {R:t}, [{R:n}]`,
        arch: "v7",
        unpredictable: strexBad,
      },
      {
        name: `LDREX${sfx}`,
        enc: "T1",
        pattern: `11101000 1101 nnnn tttt OOOO ${op} OOOO`,
        exec: ls.ldrexSized,
        asm: `ldrex${sfx.toLowerCase()}{c} {R:t}, [{R:n}]`,
        arch: "v7",
        unpredictable: exBad,
      },
    ]),
    {
      name: "STREXD",
      enc: "T1",
      pattern: "11101000 1100 nnnn tttt eeee 0111 dddd",
      exec: ls.strexSized,
      asm: "strexd{c} {R:d}, {R:t}, {R:e}, [{R:n}]",
      arch: "v7",
      unpredictable: (f) => strexBad(f) || bad(f.e) || f.d === f.e,
    },
    {
      name: "LDREXD",
      enc: "T1",
      pattern: "11101000 1101 nnnn tttt eeee 0111 OOOO",
      exec: ls.ldrexSized,
      asm: "ldrexd{c} {R:t}, {R:e}, [{R:n}]",
      arch: "v7",
      unpredictable: (f) => exBad(f) || bad(f.e) || f.t === f.e,
    },
    {
      name: "TBB",
      enc: "T1",
      pattern: "11101000 1101 nnnn OOOO ZZZZ 0000 mmmm",
      exec: ls.tableBranch,
      asm: "tbb{c} [{R:n}, {R:m}]",
      arch: "v6T2",
      branch: true,
      unpredictable: (f) => f.n === 13 || bad(f.m),
    },
    {
      name: "TBH",
      enc: "T1",
      pattern: "11101000 1101 nnnn OOOO ZZZZ 0001 mmmm",
      exec: ls.tableBranch,
      asm: "tbh{c} [{R:n}, {R:m}, lsl #1]",
      arch: "v6T2",
      branch: true,
      unpredictable: (f) => f.n === 13 || bad(f.m),
    },
  ];
}

// ---- load/store single data item (A6.3.7-A6.3.10) -----------------------------------------------

interface SingleDef {
  name: string;
  /** hw1 bit 8 (signed), bits 6:5 (size), bit 4 (load). */
  s: string;
  sz: string;
  l: string;
}

const SINGLE: SingleDef[] = [
  { name: "STRB", s: "0", sz: "00", l: "0" },
  { name: "STRH", s: "0", sz: "01", l: "0" },
  { name: "STR", s: "0", sz: "10", l: "0" },
  { name: "LDRB", s: "0", sz: "00", l: "1" },
  { name: "LDRH", s: "0", sz: "01", l: "1" },
  { name: "LDR", s: "0", sz: "10", l: "1" },
  { name: "LDRSB", s: "1", sz: "00", l: "1" },
  { name: "LDRSH", s: "1", sz: "01", l: "1" },
];

function singleRows(): Row[] {
  const rows: Row[] = [];
  for (const d of SINGLE) {
    const word = d.sz === "10";
    const load = d.l === "1";
    const signed = d.s === "1";
    const mn = d.name.toLowerCase();
    const hw1 = (u: string) => `1111100 ${d.s} ${u} ${d.sz} ${d.l}`;
    // Encoding labels: LDR/STR are T3 (imm12) / T4 (imm8); byte and halfword T2 / T3; signed T1 / T2.
    const encImm12 = word ? "T3" : signed ? "T1" : "T2";
    const encImm8 = word ? "T4" : signed ? "T2" : "T3";
    // Rt: stores of a word may not store the PC; byte/halfword transfers may use neither SP nor PC.
    const badT: Pred = load ? (word ? never : (f) => f.t === 13) : word ? (f) => f.t === 15 : anyBad("t");
    const undefinedIf = load ? undefined : (f: Fields) => f.n === 15;
    const badT8: Pred = (f) => {
      const wb = (f.w ?? 1) === 1;
      if (wb && f.n === f.t) return true;
      if (load) return word ? false : f.t === 13 || (wb && f.t === 15);
      return word ? f.t === 15 : bad(f.t);
    };
    rows.push(
      {
        name: `${d.name} (immediate)`,
        enc: encImm12,
        pattern: `${hw1("1")} nnnn tttt iiiiiiiiiiii`,
        exec: ls.ldstImm12,
        asm: `${mn}{c}.w {R:t}, [{R:n}, {#:i}]`,
        unpredictable: badT,
        undefinedIf,
      },
      {
        name: `${d.name} (immediate)`,
        enc: encImm8,
        pattern: `${hw1("0")} nnnn tttt 1 1 u w iiiiiiii`,
        exec: ls.ldstImm8,
        asm: `${mn}{c} {R:t}, [{R:n}, {#pm:u,i}]{!:w}`,
        unpredictable: badT8,
        undefinedIf,
      },
      {
        name: `${d.name} (immediate)`,
        enc: encImm8,
        pattern: `${hw1("0")} nnnn tttt 1 0 u 1 iiiiiiii`,
        exec: ls.ldstImm8,
        asm: `${mn}{c} {R:t}, [{R:n}], {#pm:u,i}`,
        unpredictable: badT8,
        undefinedIf,
      },
      {
        name: `${d.name}T`,
        enc: "T1",
        pattern: `${hw1("0")} nnnn tttt 1110 iiiiiiii`,
        exec: ls.ldstUser,
        asm: `${mn}t{c} {R:t}, [{R:n}, {#:i}]`,
        unpredictable: anyBad("t"),
        undefinedIf,
      },
      {
        name: `${d.name} (register)`,
        enc: "T2",
        pattern: `${hw1("0")} nnnn tttt 000000 vv mmmm`,
        exec: ls.ldstReg,
        asm: `${mn}{c}.w {R:t}, [{R:n}, {R:m}{lsl:v}]`,
        unpredictable: or(badT, anyBad("m")),
        undefinedIf,
      },
    );
    if (load) {
      rows.push({
        name: `${d.name} (literal)`,
        enc: word ? "T2" : "T1",
        pattern: `1111100 ${d.s} u ${d.sz} 1 1111 tttt iiiiiiiiiiii`,
        exec: ls.ldrLiteral,
        asm: `${mn}{c}.w {R:t}, [pc, {#pm:u,i}]`,
        unpredictable: badT,
        priority: 1,
      });
    }
  }
  // LDR to the PC (an interworking branch): the Rt = 1111 cases of the word loads.
  for (const [enc, hw1, hw2, exec, asm] of [
    ["T3", "11111000 1101 nnnn", "iiiiiiiiiiii", ls.ldstImm12, "ldr{c}.w pc, [{R:n}, {#:i}]"],
    ["T4", "11111000 0101 nnnn", "1 1 u w iiiiiiii", ls.ldstImm8, "ldr{c} pc, [{R:n}, {#pm:u,i}]{!:w}"],
    ["T4", "11111000 0101 nnnn", "1 0 u 1 iiiiiiii", ls.ldstImm8, "ldr{c} pc, [{R:n}], {#pm:u,i}"],
    ["T2", "11111000 0101 nnnn", "000000 vv mmmm", ls.ldstReg, "ldr{c}.w pc, [{R:n}, {R:m}{lsl:v}]"],
  ] as const) {
    rows.push({
      name: enc === "T2" ? "LDR (register)" : "LDR (immediate)",
      enc,
      pattern: `${hw1} 1111 ${hw2}`,
      exec,
      asm,
      branch: true,
      unpredictable: (f) => ((f.w ?? (enc === "T4" ? 1 : 0)) === 1 && f.n === 15) || (f.m !== undefined && bad(f.m)),
    });
  }
  rows.push({
    // The intersection of LDRT and LDR (immediate) T4 to the PC: UNPREDICTABLE.
    name: "LDRT",
    enc: "T1",
    pattern: "11111000 0101 nnnn 1111 1110 iiiiiiii",
    exec: ls.ldstUser,
    asm: "ldrt{c} pc, [{R:n}, {#:i}]",
    branch: true,
    unpredictable: () => true,
  });
  rows.push({
    name: "LDR (literal)",
    enc: "T2",
    pattern: "11111000 u 101 1111 1111 iiiiiiiiiiii",
    exec: ls.ldrLiteral,
    asm: "ldr{c}.w pc, [pc, {#pm:u,i}]",
    branch: true,
    priority: 1,
  });
  // Single-register PUSH and POP (STR [SP, #-4]! / LDR [SP], #4).
  rows.push(
    {
      name: "PUSH",
      enc: "T3",
      pattern: "11111000 0100 1101 tttt 1101 00000100",
      exec: ls.ldstImm8,
      asm: "push{c}.w {R:t}",
      unpredictable: anyBad("t"),
    },
    {
      name: "POP",
      enc: "T3",
      pattern: "11111000 0101 1101 tttt 1011 00000100",
      exec: ls.ldstImm8,
      asm: "pop{c}.w {R:t}",
      unpredictable: (f) => f.t === 13,
    },
    {
      // The intersection of POP T3 and LDR (immediate) T4 to the PC.
      name: "POP",
      enc: "T3",
      pattern: "11111000 0101 1101 1111 1011 00000100",
      exec: ls.ldstImm8,
      asm: "ldr{c}.w pc, [sp], #4",
      branch: true,
    },
  );
  // Memory hints: the Rt = 1111 forms of LDRB (PLD), LDRH (PLDW), LDRSB (PLI) and LDRSH
  // (unallocated, executes as a NOP).
  const hints: [string, string, string, string][] = [
    ["PLD", "0", "00", "pld"],
    ["PLDW", "0", "01", "pldw"],
    ["PLI", "1", "00", "pli"],
    ["unallocated memory hint", "1", "01", "nop"],
  ];
  for (const [name, s, sz, mn] of hints) {
    const arch = name === "PLDW" ? "MP" : name === "PLI" ? "v7" : undefined;
    rows.push(
      {
        name: name === "unallocated memory hint" ? name : `${name} (immediate)`,
        enc: "T1",
        pattern: `1111100 ${s} 1 ${sz} 1 nnnn 1111 iiiiiiiiiiii`,
        exec: ls.hint,
        asm: `${mn}{c} [{R:n}, {#:i}]`,
        arch,
      },
      {
        name: name === "unallocated memory hint" ? name : `${name} (immediate)`,
        enc: "T2",
        pattern: `1111100 ${s} 0 ${sz} 1 nnnn 1111 1100 iiiiiiii`,
        exec: ls.hint,
        asm: `${mn}{c} [{R:n}, #-{#:i}]`,
        arch,
      },
      {
        name: name === "unallocated memory hint" ? name : `${name} (register)`,
        enc: "T1",
        pattern: `1111100 ${s} 0 ${sz} 1 nnnn 1111 000000 vv mmmm`,
        exec: ls.hint,
        asm: `${mn}{c} [{R:n}, {R:m}{lsl:v}]`,
        arch,
        unpredictable: anyBad("m"),
      },
    );
    if (name !== "PLDW") {
      // PLDW has no literal form: the LDRH-literal Rt = 1111 encoding is PLD (literal) with its
      // should-be-zero bit 5 set.
      rows.push({
        name: name === "unallocated memory hint" ? name : `${name} (literal)`,
        enc: name === "PLI" ? "T3" : "T1",
        pattern: `1111100 ${s} u ${sz} 1 1111 1111 iiiiiiiiiiii`,
        exec: ls.hint,
        asm: `${mn}{c} [pc, {#pm:u,i}]`,
        arch,
        priority: 1,
      });
    } else {
      rows.push({
        name: "PLD (literal)",
        enc: "T1",
        pattern: "1111100 0 u 01 1 1111 1111 iiiiiiiiiiii",
        exec: ls.hint,
        asm: "pld{c} [pc, {#pm:u,i}]",
        priority: 1,
        unpredictable: () => true,
      });
    }
  }
  return rows;
}

// ---- data processing (register, A6.3.12-A6.3.15) --------------------------------------------------

function dpRegisterRows(): Row[] {
  const rows: Row[] = [];
  for (const [name, type] of [
    ["LSL", "00"],
    ["LSR", "01"],
    ["ASR", "10"],
    ["ROR", "11"],
  ] as const) {
    rows.push({
      name: `${name} (register)`,
      enc: "T2",
      pattern: `11111010 0 ${type} f nnnn 1111 dddd 0000 mmmm`,
      exec: dp.shiftRegT32,
      asm: `${name.toLowerCase()}{s}{c}.w {R:d}, {R:n}, {R:m}`,
      unpredictable: anyBad("d", "n", "m"),
    });
  }
  for (const [name, op] of [
    ["SXTAH", "000"],
    ["UXTAH", "001"],
    ["SXTAB16", "010"],
    ["UXTAB16", "011"],
    ["SXTAB", "100"],
    ["UXTAB", "101"],
  ] as const) {
    const short = name.replace("A", "");
    rows.push(
      {
        name,
        enc: "T1",
        pattern: `11111010 0 ${op} nnnn 1111 dddd 1 Z rr mmmm`,
        exec: dp.extendT32,
        asm: `${name.toLowerCase()}{c} {R:d}, {R:n}, {R:m}{rot:r}`,
        arch: "v6T2",
        unpredictable: (f) => bad(f.d) || f.n === 13 || bad(f.m),
      },
      {
        name: short,
        enc: short.endsWith("16") ? "T1" : "T2",
        pattern: `11111010 0 ${op} 1111 1111 dddd 1 Z rr mmmm`,
        exec: dp.extendT32,
        asm: `${short.toLowerCase()}{c}${short.endsWith("16") ? "" : ".w"} {R:d}, {R:m}{rot:r}`,
        arch: "v6T2",
        unpredictable: anyBad("d", "m"),
      },
    );
  }
  const prefixes: [string, string, string][] = [
    ["S", "0", "00"],
    ["Q", "0", "01"],
    ["SH", "0", "10"],
    ["U", "1", "00"],
    ["UQ", "1", "01"],
    ["UH", "1", "10"],
  ];
  const ops: [string, string][] = [
    ["ADD8", "000"],
    ["ADD16", "001"],
    ["ASX", "010"],
    ["SUB8", "100"],
    ["SUB16", "101"],
    ["SAX", "110"],
  ];
  for (const [p, u, k] of prefixes) {
    for (const [o, bits] of ops) {
      rows.push({
        name: `${p}${o}`,
        enc: "T1",
        pattern: `11111010 1 ${bits} nnnn 1111 dddd 0 ${u} ${k} mmmm`,
        exec: dp.parallelT32,
        asm: `${p.toLowerCase()}${o.toLowerCase()}{c} {R:d}, {R:n}, {R:m}`,
        arch: "v6T2",
        unpredictable: anyBad("d", "n", "m"),
      });
    }
  }
  for (const [name, op] of [
    ["QADD", "00"],
    ["QDADD", "01"],
    ["QSUB", "10"],
    ["QDSUB", "11"],
  ] as const) {
    rows.push({
      name,
      enc: "T1",
      pattern: `11111010 1000 nnnn 1111 dddd 10 ${op} mmmm`,
      exec: dp.qarithT32,
      asm: `${name.toLowerCase()}{c} {R:d}, {R:m}, {R:n}`,
      arch: "v6T2",
      unpredictable: anyBad("d", "n", "m"),
    });
  }
  for (const [name, op] of [
    ["REV", "00"],
    ["REV16", "01"],
    ["RBIT", "10"],
    ["REVSH", "11"],
  ] as const) {
    rows.push({
      name,
      enc: name === "RBIT" ? "T1" : "T2",
      pattern: `11111010 1001 kkkk 1111 dddd 10 ${op} mmmm`,
      exec: dp.revT32,
      asm: `${name.toLowerCase()}{c}${name === "RBIT" ? "" : ".w"} {R:d}, {R:m}`,
      arch: "v6T2",
      unpredictable: (f) => bad(f.d) || bad(f.m) || f.k !== f.m,
    });
  }
  rows.push(
    {
      name: "SEL",
      enc: "T1",
      pattern: "11111010 1010 nnnn 1111 dddd 1000 mmmm",
      exec: dp.selT32,
      asm: "sel{c} {R:d}, {R:n}, {R:m}",
      arch: "v6T2",
      unpredictable: anyBad("d", "n", "m"),
    },
    {
      name: "CLZ",
      enc: "T1",
      pattern: "11111010 1011 kkkk 1111 dddd 1000 mmmm",
      exec: dp.clzT32,
      asm: "clz{c} {R:d}, {R:m}",
      arch: "v6T2",
      unpredictable: (f) => bad(f.d) || bad(f.m) || f.k !== f.m,
    },
  );
  return rows;
}

// ---- multiply (A6.3.16) and long multiply / divide (A6.3.17) -------------------------------------

function multiplyRows(): Row[] {
  const acc: Pred = (f) => bad(f.d) || bad(f.n) || bad(f.m) || f.a === 13;
  const noAcc = anyBad("d", "n", "m");
  const pair = (
    name: string,
    shortName: string,
    op1: string,
    op2: string,
    exec: A32Handler,
    asm: string,
    shortAsm: string,
    arch?: string,
  ): Row[] => [
    {
      name,
      enc: "T1",
      pattern: `11111011 0 ${op1} nnnn aaaa dddd ${op2} mmmm`,
      exec,
      asm,
      arch,
      unpredictable: acc,
    },
    {
      name: shortName,
      enc: shortName === "MUL" ? "T2" : "T1",
      pattern: `11111011 0 ${op1} nnnn 1111 dddd ${op2} mmmm`,
      exec,
      asm: shortAsm,
      arch,
      unpredictable: noAcc,
    },
  ];
  const long: Pred = (f) => bad(f.l) || bad(f.h) || bad(f.n) || bad(f.m) || f.l === f.h;
  const longRow = (name: string, op1: string, op2: string, exec: A32Handler, asm: string, arch?: string): Row => ({
    name,
    enc: "T1",
    pattern: `11111011 1 ${op1} nnnn llll hhhh ${op2} mmmm`,
    exec,
    asm,
    arch,
    unpredictable: long,
  });
  return [
    ...pair(
      "MLA",
      "MUL",
      "000",
      "0000",
      dp.mlaT32,
      "mla{c} {R:d}, {R:n}, {R:m}, {R:a}",
      "mul{c}.w {R:d}, {R:n}, {R:m}",
    ),
    {
      name: "MLS",
      enc: "T1",
      pattern: "11111011 0 000 nnnn aaaa dddd 0001 mmmm",
      exec: dp.mlsT32,
      asm: "mls{c} {R:d}, {R:n}, {R:m}, {R:a}",
      arch: "v6T2",
      unpredictable: (f) => bad(f.d) || bad(f.n) || bad(f.m) || bad(f.a),
    },
    ...pair(
      "SMLA<x><y>",
      "SMUL<x><y>",
      "001",
      "00 x y",
      dp.smlaxyT32,
      "smla{bt:x}{bt:y}{c} {R:d}, {R:n}, {R:m}, {R:a}",
      "smul{bt:x}{bt:y}{c} {R:d}, {R:n}, {R:m}",
      "v6T2",
    ),
    ...pair(
      "SMLAD",
      "SMUAD",
      "010",
      "000 x",
      dp.smladT32,
      "smlad{xs:x}{c} {R:d}, {R:n}, {R:m}, {R:a}",
      "smuad{xs:x}{c} {R:d}, {R:n}, {R:m}",
      "v6T2",
    ),
    ...pair(
      "SMLAW<y>",
      "SMULW<y>",
      "011",
      "000 y",
      dp.smlawT32,
      "smlaw{bt:y}{c} {R:d}, {R:n}, {R:m}, {R:a}",
      "smulw{bt:y}{c} {R:d}, {R:n}, {R:m}",
      "v6T2",
    ),
    ...pair(
      "SMLSD",
      "SMUSD",
      "100",
      "000 x",
      dp.smladT32,
      "smlsd{xs:x}{c} {R:d}, {R:n}, {R:m}, {R:a}",
      "smusd{xs:x}{c} {R:d}, {R:n}, {R:m}",
      "v6T2",
    ),
    ...pair(
      "SMMLA",
      "SMMUL",
      "101",
      "000 r",
      dp.smmulT32,
      "smmla{rs:r}{c} {R:d}, {R:n}, {R:m}, {R:a}",
      "smmul{rs:r}{c} {R:d}, {R:n}, {R:m}",
      "v6T2",
    ),
    {
      name: "SMMLS",
      enc: "T1",
      pattern: "11111011 0 110 nnnn aaaa dddd 000 r mmmm",
      exec: dp.smmulT32,
      asm: "smmls{rs:r}{c} {R:d}, {R:n}, {R:m}, {R:a}",
      arch: "v6T2",
      unpredictable: (f) => bad(f.d) || bad(f.n) || bad(f.m) || bad(f.a),
    },
    ...pair(
      "USADA8",
      "USAD8",
      "111",
      "0000",
      dp.usadT32,
      "usada8{c} {R:d}, {R:n}, {R:m}, {R:a}",
      "usad8{c} {R:d}, {R:n}, {R:m}",
      "v6T2",
    ),
    longRow("SMULL", "000", "0000", dp.mulLongT32, "smull{c} {R:l}, {R:h}, {R:n}, {R:m}"),
    {
      name: "SDIV",
      enc: "T1",
      pattern: "11111011 1 001 nnnn OOOO dddd 1111 mmmm",
      exec: dp.divT32,
      asm: "sdiv{c} {R:d}, {R:n}, {R:m}",
      arch: "v7VE",
      unpredictable: anyBad("d", "n", "m"),
    },
    longRow("UMULL", "010", "0000", dp.mulLongT32, "umull{c} {R:l}, {R:h}, {R:n}, {R:m}"),
    {
      name: "UDIV",
      enc: "T1",
      pattern: "11111011 1 011 nnnn OOOO dddd 1111 mmmm",
      exec: dp.divT32,
      asm: "udiv{c} {R:d}, {R:n}, {R:m}",
      arch: "v7VE",
      unpredictable: anyBad("d", "n", "m"),
    },
    longRow("SMLAL", "100", "0000", dp.mulLongT32, "smlal{c} {R:l}, {R:h}, {R:n}, {R:m}"),
    longRow("SMLAL<x><y>", "100", "10 x y", dp.smlalxyT32, "smlal{bt:x}{bt:y}{c} {R:l}, {R:h}, {R:n}, {R:m}", "v6T2"),
    longRow("SMLALD", "100", "110 x", dp.smlaldT32, "smlald{xs:x}{c} {R:l}, {R:h}, {R:n}, {R:m}", "v6T2"),
    longRow("SMLSLD", "101", "110 x", dp.smlaldT32, "smlsld{xs:x}{c} {R:l}, {R:h}, {R:n}, {R:m}", "v6T2"),
    longRow("UMLAL", "110", "0000", dp.mulLongT32, "umlal{c} {R:l}, {R:h}, {R:n}, {R:m}"),
    longRow("UMAAL", "110", "0110", dp.umaalT32, "umaal{c} {R:l}, {R:h}, {R:n}, {R:m}", "v6T2"),
  ];
}

// ---- coprocessor instructions (A6.3.18) -----------------------------------------------------------

function coprocessorRows(): Row[] {
  return [
    {
      name: "MCR",
      enc: "T1",
      pattern: "11101110 ooo 0 nnnn tttt 111q ppp 1 mmmm",
      exec: a32sys.mcrMrc,
      asm: "mcr{c} {cp14:q}, {#:o}, {R:t}, {cr:n}, {cr:m}, {#:p}",
      privileged: true,
      unpredictable: anyBad("t"),
    },
    {
      name: "MRC",
      enc: "T1",
      pattern: "11101110 ooo 1 nnnn tttt 111q ppp 1 mmmm",
      exec: a32sys.mcrMrc,
      asm: "mrc{c} {cp14:q}, {#:o}, {Rf:t}, {cr:n}, {cr:m}, {#:p}",
      privileged: true,
      unpredictable: (f) => f.t === 13,
    },
    {
      name: "MCRR",
      enc: "T1",
      pattern: "11101100 0100 uuuu tttt 111q oooo mmmm",
      exec: a32sys.mcrrMrrc,
      asm: "mcrr{c} {cp14:q}, {#:o}, {R:t}, {R:u}, {cr:m}",
      arch: "v6",
      privileged: true,
      unpredictable: anyBad("t", "u"),
    },
    {
      name: "MRRC",
      enc: "T1",
      pattern: "11101100 0101 uuuu tttt 111q oooo mmmm",
      exec: a32sys.mcrrMrrc,
      asm: "mrrc{c} {cp14:q}, {#:o}, {R:t}, {R:u}, {cr:m}",
      arch: "v6",
      privileged: true,
      unpredictable: (f) => bad(f.t) || bad(f.u) || f.t === f.u,
    },
    {
      // LDC/STC/CDP, the *2 forms, MCR/MRC/MCRR/MRRC to coprocessors other than 14/15 and
      // everything of CP10/CP11 until the VFP rows (which refine this row) are appended.
      name: "coprocessor",
      enc: "T1",
      pattern: "111- 11-- ---- ---- ---- ---- ---- ----",
      exec: sys.undefinedThumb,
      asm: "cp (undefined)",
      noDiff: "no coprocessor here",
    },
  ];
}

export const T32_ROWS: readonly Row[] = [
  ...multipleRows(),
  ...dualExclusiveRows(),
  ...shiftedRegRows(),
  ...modImmRows(),
  ...plainImmRows(),
  ...branchMiscRows(),
  ...singleRows(),
  ...dpRegisterRows(),
  ...multiplyRows(),
  ...coprocessorRows(),
];
