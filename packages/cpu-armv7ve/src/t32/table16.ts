// The 16-bit Thumb encoding table (ARM ARM A6.2, ARMv7-A): one row per encoding, in the format
// of a32/table.ts. Special cases the ARM ARM writes as "SEE ..." are rows whose pattern refines the
// general one (more fixed bits over a superset of its mask), so "most fixed bits wins" decodes them
// and `ambiguities` finds nothing to resolve.
//
// Disassembly templates use the mini-language of disasm.ts ({c}, {s} = the "f" field, {R:x},
// {#:x}, {#+1:x}, {list:r}, {shift:h,v}...) plus these Thumb formats (table32.ts uses them too):
//   {sit}          "s" outside an IT block (16-bit data processing sets flags only there)
//   {#*N:x}        #(x * N), e.g. {#*4:i};  {#pm*4:u,i} #±(i * 4)
//   {#32:x}        a shift amount where 0 encodes 32
//   {#16:k,i}      the MOVW/MOVT immediate k:i
//   {timm:i}       ThumbExpandImm(i)
//   {list16:r,m}   PUSH T1's list: r plus LR if m
//   {!ldm:n,r}     "!" unless Rn is in the list (LDM T1)
//   {adr*4:i} {adr:i}  Align(PC, 4) + i * 4 / + i (PC = the instruction's address + 4)
//   {bt8:i} {bt11:i}   B T1 / B T2 targets (sign-extended i:'0');  {cbz:i}  CBZ/CBNZ target
//   {bt3:s,k,j,i} {bt4:s,j,k,i} {blxt:s,j,k,i}  B T3, B T4 / BL, BLX targets (fields as in the ARM ARM)
//   {itmask:c,k}   IT's x/y/z suffix;  {cond:c}  a condition name
//   {ie:m}         "ie" / "id" (CPS T1);  {cp14:q}  p14 / p15
import * as a32sys from "../a32/system.js";
import type { A32Handler } from "../cpu.js";
import type { EncodingRow, Fields } from "../decode/pattern.js";
import * as t from "./thumb16.js";

type Row = EncodingRow<A32Handler>;

/** The template formats the Thumb tables use beyond those of disasm.ts (documented above). */
export const THUMB_TEMPLATE_FORMATS: readonly string[] = [
  "sit",
  "#*2",
  "#*4",
  "#pm*4",
  "#32",
  "#16",
  "timm",
  "list16",
  "!ldm",
  "adr",
  "adr*4",
  "bt8",
  "bt11",
  "cbz",
  "bt3",
  "bt4",
  "blxt",
  "itmask",
  "cond",
  "ie",
  "cp14",
];

const LOAD_STORE_REG: [string, string][] = [
  ["STR", "000"],
  ["STRH", "001"],
  ["STRB", "010"],
  ["LDRSB", "011"],
  ["LDR", "100"],
  ["LDRH", "101"],
  ["LDRB", "110"],
  ["LDRSH", "111"],
];

/** Data processing (register) T1, opcode [9:6]. */
const DP16: [string, string, string, A32Handler][] = [
  ["AND (register)", "0000", "and{sit}{c} {R:d}, {R:m}", t.dpReg16],
  ["EOR (register)", "0001", "eor{sit}{c} {R:d}, {R:m}", t.dpReg16],
  ["LSL (register)", "0010", "lsl{sit}{c} {R:d}, {R:m}", t.shiftReg16],
  ["LSR (register)", "0011", "lsr{sit}{c} {R:d}, {R:m}", t.shiftReg16],
  ["ASR (register)", "0100", "asr{sit}{c} {R:d}, {R:m}", t.shiftReg16],
  ["ADC (register)", "0101", "adc{sit}{c} {R:d}, {R:m}", t.dpReg16],
  ["SBC (register)", "0110", "sbc{sit}{c} {R:d}, {R:m}", t.dpReg16],
  ["ROR (register)", "0111", "ror{sit}{c} {R:d}, {R:m}", t.shiftReg16],
  ["TST (register)", "1000", "tst{c} {R:d}, {R:m}", t.dpReg16],
  ["RSB (immediate)", "1001", "rsb{sit}{c} {R:d}, {R:m}, #0", t.neg16],
  ["CMP (register)", "1010", "cmp{c} {R:d}, {R:m}", t.dpReg16],
  ["CMN (register)", "1011", "cmn{c} {R:d}, {R:m}", t.dpReg16],
  ["ORR (register)", "1100", "orr{sit}{c} {R:d}, {R:m}", t.dpReg16],
  ["MUL", "1101", "mul{sit}{c} {R:d}, {R:m}, {R:d}", t.mul16],
  ["BIC (register)", "1110", "bic{sit}{c} {R:d}, {R:m}", t.dpReg16],
  ["MVN (register)", "1111", "mvn{sit}{c} {R:d}, {R:m}", t.dpReg16],
];

function popcount(v: number): number {
  let c = 0;
  for (let x = v; x !== 0; x &= x - 1) c++;
  return c;
}

export const T16_ROWS: readonly Row[] = [
  // Shift (immediate), add, subtract, move, and compare (A6.2.1).
  {
    name: "LSL (immediate)",
    enc: "T1",
    pattern: "000 00 iiiii mmm ddd",
    exec: t.shiftImm16,
    asm: "lsl{sit}{c} {R:d}, {R:m}, {#:i}",
  },
  {
    name: "MOV (register)",
    enc: "T2",
    pattern: "000 00 00000 mmm ddd",
    exec: t.shiftImm16,
    asm: "movs {R:d}, {R:m}",
  },
  {
    name: "LSR (immediate)",
    enc: "T1",
    pattern: "000 01 iiiii mmm ddd",
    exec: t.shiftImm16,
    asm: "lsr{sit}{c} {R:d}, {R:m}, {#32:i}",
  },
  {
    name: "ASR (immediate)",
    enc: "T1",
    pattern: "000 10 iiiii mmm ddd",
    exec: t.shiftImm16,
    asm: "asr{sit}{c} {R:d}, {R:m}, {#32:i}",
  },
  {
    name: "ADD (register)",
    enc: "T1",
    pattern: "0001100 mmm nnn ddd",
    exec: t.addSub3,
    asm: "add{sit}{c} {R:d}, {R:n}, {R:m}",
  },
  {
    name: "SUB (register)",
    enc: "T1",
    pattern: "0001101 mmm nnn ddd",
    exec: t.addSub3,
    asm: "sub{sit}{c} {R:d}, {R:n}, {R:m}",
  },
  {
    name: "ADD (immediate)",
    enc: "T1",
    pattern: "0001110 iii nnn ddd",
    exec: t.addSub3,
    asm: "add{sit}{c} {R:d}, {R:n}, {#:i}",
  },
  {
    name: "SUB (immediate)",
    enc: "T1",
    pattern: "0001111 iii nnn ddd",
    exec: t.addSub3,
    asm: "sub{sit}{c} {R:d}, {R:n}, {#:i}",
  },
  {
    name: "MOV (immediate)",
    enc: "T1",
    pattern: "00100 ddd iiiiiiii",
    exec: t.movImm8,
    asm: "mov{sit}{c} {R:d}, {#:i}",
  },
  {
    name: "CMP (immediate)",
    enc: "T1",
    pattern: "00101 nnn iiiiiiii",
    exec: t.cmpImm8,
    asm: "cmp{c} {R:n}, {#:i}",
  },
  {
    name: "ADD (immediate)",
    enc: "T2",
    pattern: "00110 ddd iiiiiiii",
    exec: t.addSubImm8,
    asm: "add{sit}{c} {R:d}, {#:i}",
  },
  {
    name: "SUB (immediate)",
    enc: "T2",
    pattern: "00111 ddd iiiiiiii",
    exec: t.addSubImm8,
    asm: "sub{sit}{c} {R:d}, {#:i}",
  },

  // Data processing (A6.2.2).
  ...DP16.map(
    ([name, op, asm, exec]): Row => ({
      name,
      enc: "T1",
      pattern: `010000 ${op} mmm ddd`,
      exec,
      asm,
    }),
  ),

  // Special data instructions and branch and exchange (A6.2.3). ADD (SP plus register) T1/T2 are
  // the Rm = SP / Rdn = SP cases of ADD (register) T2, with the same semantics: one row. The
  // forms writing the PC are rows of their own (branch: true).
  {
    name: "ADD (register)",
    enc: "T2",
    pattern: "01000100 d mmmm ddd",
    exec: t.addHi,
    asm: "add{c} {R:d}, {R:m}",
    unpredictable: (f) => f.d === 15 && f.m === 15,
  },
  {
    name: "ADD (register)",
    enc: "T2",
    pattern: "01000100 1 mmmm 111",
    exec: t.addHi,
    asm: "add{c} pc, {R:m}",
    branch: true,
    unpredictable: (f) => f.m === 15,
  },
  {
    name: "CMP (register)",
    enc: "T2",
    pattern: "01000101 n mmmm nnn",
    exec: t.cmpHi,
    asm: "cmp{c} {R:n}, {R:m}",
    unpredictable: (f) => (f.n < 8 && f.m < 8) || f.n === 15 || f.m === 15,
  },
  {
    name: "MOV (register)",
    enc: "T1",
    pattern: "01000110 d mmmm ddd",
    exec: t.movHi,
    asm: "mov{c} {R:d}, {R:m}",
  },
  {
    name: "MOV (register)",
    enc: "T1",
    pattern: "01000110 1 mmmm 111",
    exec: t.movHi,
    asm: "mov{c} pc, {R:m}",
    branch: true,
  },
  {
    name: "BX",
    enc: "T1",
    pattern: "010001110 mmmm ZZZ",
    exec: t.bx16,
    asm: "bx{c} {R:m}",
    branch: true,
  },
  {
    name: "BLX (register)",
    enc: "T1",
    pattern: "010001111 mmmm ZZZ",
    exec: t.blx16,
    asm: "blx{c} {R:m}",
    branch: true,
    unpredictable: (f) => f.m === 15,
  },

  // Load from literal pool (A6.2.4 and A8.8.64).
  {
    name: "LDR (literal)",
    enc: "T1",
    pattern: "01001 ttt iiiiiiii",
    exec: t.ldrLit16,
    asm: "ldr{c} {R:t}, [pc, {#*4:i}]",
  },

  // Load/store single data item (A6.2.4).
  ...LOAD_STORE_REG.map(
    ([name, op]): Row => ({
      name: `${name} (register)`,
      enc: "T1",
      pattern: `0101 ${op} mmm nnn ttt`,
      exec: t.ldstReg16,
      asm: `${name.toLowerCase()}{c} {R:t}, [{R:n}, {R:m}]`,
    }),
  ),
  {
    name: "STR (immediate)",
    enc: "T1",
    pattern: "01100 iiiii nnn ttt",
    exec: t.ldstWordImm16,
    asm: "str{c} {R:t}, [{R:n}, {#*4:i}]",
  },
  {
    name: "LDR (immediate)",
    enc: "T1",
    pattern: "01101 iiiii nnn ttt",
    exec: t.ldstWordImm16,
    asm: "ldr{c} {R:t}, [{R:n}, {#*4:i}]",
  },
  {
    name: "STRB (immediate)",
    enc: "T1",
    pattern: "01110 iiiii nnn ttt",
    exec: t.ldstByteImm16,
    asm: "strb{c} {R:t}, [{R:n}, {#:i}]",
  },
  {
    name: "LDRB (immediate)",
    enc: "T1",
    pattern: "01111 iiiii nnn ttt",
    exec: t.ldstByteImm16,
    asm: "ldrb{c} {R:t}, [{R:n}, {#:i}]",
  },
  {
    name: "STRH (immediate)",
    enc: "T1",
    pattern: "10000 iiiii nnn ttt",
    exec: t.ldstHalfImm16,
    asm: "strh{c} {R:t}, [{R:n}, {#*2:i}]",
  },
  {
    name: "LDRH (immediate)",
    enc: "T1",
    pattern: "10001 iiiii nnn ttt",
    exec: t.ldstHalfImm16,
    asm: "ldrh{c} {R:t}, [{R:n}, {#*2:i}]",
  },
  {
    name: "STR (immediate)",
    enc: "T2",
    pattern: "10010 ttt iiiiiiii",
    exec: t.ldstSp16,
    asm: "str{c} {R:t}, [sp, {#*4:i}]",
  },
  {
    name: "LDR (immediate)",
    enc: "T2",
    pattern: "10011 ttt iiiiiiii",
    exec: t.ldstSp16,
    asm: "ldr{c} {R:t}, [sp, {#*4:i}]",
  },

  // Generate PC- / SP-relative address.
  {
    name: "ADR",
    enc: "T1",
    pattern: "10100 ddd iiiiiiii",
    exec: t.adr16,
    asm: "adr{c} {R:d}, {adr*4:i}",
  },
  {
    name: "ADD (SP plus immediate)",
    enc: "T1",
    pattern: "10101 ddd iiiiiiii",
    exec: t.addSpImm8,
    asm: "add{c} {R:d}, sp, {#*4:i}",
  },

  // Miscellaneous 16-bit instructions (A6.2.5).
  {
    name: "ADD (SP plus immediate)",
    enc: "T2",
    pattern: "101100000 iiiiiii",
    exec: t.addSubSp16,
    asm: "add{c} sp, sp, {#*4:i}",
  },
  {
    name: "SUB (SP minus immediate)",
    enc: "T1",
    pattern: "101100001 iiiiiii",
    exec: t.addSubSp16,
    asm: "sub{c} sp, sp, {#*4:i}",
  },
  {
    name: "CBZ",
    enc: "T1",
    pattern: "1011 0 0 i 1 iiiii nnn",
    exec: t.cbz,
    asm: "cbz {R:n}, {cbz:i}",
    branch: true,
  },
  {
    name: "CBNZ",
    enc: "T1",
    pattern: "1011 1 0 i 1 iiiii nnn",
    exec: t.cbz,
    asm: "cbnz {R:n}, {cbz:i}",
    branch: true,
  },
  ...(
    [
      ["SXTH", "00"],
      ["SXTB", "01"],
      ["UXTH", "10"],
      ["UXTB", "11"],
    ] as const
  ).map(
    ([name, op]): Row => ({
      name,
      enc: "T1",
      pattern: `10110010 ${op} mmm ddd`,
      exec: t.extend16,
      asm: `${name.toLowerCase()}{c} {R:d}, {R:m}`,
      arch: "v6",
    }),
  ),
  {
    name: "PUSH",
    enc: "T1",
    pattern: "1011010 m rrrrrrrr",
    exec: t.push16,
    asm: "push{c} {list16:r,m}",
    unpredictable: (f) => f.r === 0 && f.m === 0,
  },
  {
    name: "SETEND",
    enc: "T1",
    pattern: "10110110010 O e ZZZ",
    exec: t.setend16,
    asm: "setend {endian:e}",
    arch: "v6",
  },
  {
    name: "CPS",
    enc: "T1",
    pattern: "10110110011 m Z a i f",
    exec: t.cps16,
    asm: "cps{ie:m} {aif:a,i,f}",
    arch: "v6",
    privileged: true,
    unpredictable: (f) => f.a + f.i + f.f === 0,
  },
  ...(
    [
      ["REV", "00"],
      ["REV16", "01"],
      ["REVSH", "11"],
    ] as const
  ).map(
    ([name, op]): Row => ({
      name,
      enc: "T1",
      pattern: `10111010 ${op} mmm ddd`,
      exec: t.rev16bit,
      asm: `${name.toLowerCase()}{c} {R:d}, {R:m}`,
      arch: "v6",
    }),
  ),
  {
    name: "POP",
    enc: "T1",
    pattern: "1011110 0 rrrrrrrr",
    exec: t.pop16,
    asm: "pop{c} {list:r}",
    unpredictable: (f) => f.r === 0,
  },
  {
    name: "POP",
    enc: "T1",
    pattern: "1011110 1 rrrrrrrr",
    exec: t.pop16,
    asm: "pop{c} {listpc:r}",
    branch: true,
  },
  {
    name: "BKPT",
    enc: "T1",
    pattern: "10111110 iiiiiiii",
    exec: t.bkpt16,
    asm: "bkpt {#:i}",
    arch: "v5T",
    privileged: true,
  },
  {
    name: "IT",
    enc: "T1",
    pattern: "10111111 cccc kkkk",
    exec: t.it,
    asm: "it{itmask:c,k} {cond:c}",
    arch: "v6T2",
    noDiff: "changes how the following instructions execute",
    unpredictable: (f) => f.c === 15 || (f.c === 14 && popcount(f.k) !== 1),
  },
  {
    name: "NOP-compatible hint",
    enc: "T1",
    pattern: "10111111 oooo 0000",
    exec: a32sys.nop,
    asm: "hint{c} {#:o}",
    arch: "v6T2",
  },
  ...(
    [
      ["NOP", "0000", a32sys.nop],
      ["YIELD", "0001", a32sys.nop],
      ["WFE", "0010", a32sys.wfe],
      ["WFI", "0011", a32sys.wfi],
      ["SEV", "0100", a32sys.sev],
    ] as const
  ).map(
    ([name, op, exec]): Row => ({
      name,
      enc: "T1",
      pattern: `10111111 ${op} 0000`,
      exec,
      asm: `${name.toLowerCase()}{c}`,
      arch: "v6T2",
      privileged: name === "WFE" || name === "WFI",
    }),
  ),

  // Load/store multiple.
  {
    name: "STM",
    enc: "T1",
    pattern: "11000 nnn rrrrrrrr",
    exec: t.stm16,
    asm: "stm{c} {R:n}!, {list:r}",
    // Storing Rn when it is not the lowest register stores an UNKNOWN value.
    unpredictable: (f: Fields) => f.r === 0 || ((f.r & (1 << f.n)) !== 0 && (f.r & ((1 << f.n) - 1)) !== 0),
  },
  {
    name: "LDM",
    enc: "T1",
    pattern: "11001 nnn rrrrrrrr",
    exec: t.ldm16,
    asm: "ldm{c} {R:n}{!ldm:n,r}, {list:r}",
    unpredictable: (f) => f.r === 0,
  },

  // Conditional branch, and Supervisor Call (A6.2.6).
  {
    name: "B",
    enc: "T1",
    pattern: "1101 cccc iiiiiiii",
    exec: t.bCond16,
    asm: "b{c} {bt8:i}",
    branch: true,
  },
  {
    name: "UDF",
    enc: "T1",
    pattern: "11011110 iiiiiiii",
    exec: t.udf16,
    asm: "udf {#:i}",
    noDiff: "permanently undefined",
  },
  {
    name: "SVC",
    enc: "T1",
    pattern: "11011111 iiiiiiii",
    exec: t.svc16,
    asm: "svc{c} {#:i}",
    noDiff: "system call",
  },
  {
    name: "B",
    enc: "T2",
    pattern: "11100 iiiiiiiiiii",
    exec: t.b16,
    asm: "b{c} {bt11:i}",
    branch: true,
  },
];
