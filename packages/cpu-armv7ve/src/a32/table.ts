// The A32 encoding table (ARM ARM A5, ARMv7-A with the Virtualization and Multiprocessing
// Extensions): one row per encoding. Decoder, disassembler and test generator all read it.
// VFP rows live in vfp/table.ts and are appended by the decoder.
import type { A32Handler } from "../cpu.js";
import type { EncodingRow, Fields } from "../decode/pattern.js";
import * as dp from "./dataproc.js";
import * as ls from "./loadstore.js";
import * as sys from "./system.js";

type Row = EncodingRow<A32Handler>;

const any15 =
  (...names: string[]) =>
  (f: Fields) =>
    names.some((n) => f[n] === 15);

const DP_NAMES = [
  "AND",
  "EOR",
  "SUB",
  "RSB",
  "ADD",
  "ADC",
  "SBC",
  "RSC",
  "TST",
  "TEQ",
  "CMP",
  "CMN",
  "ORR",
  "MOV",
  "BIC",
  "MVN",
];

function dataProcessingRows(): Row[] {
  const rows: Row[] = [];
  DP_NAMES.forEach((name, op) => {
    const opBits = op.toString(2).padStart(4, "0");
    const test = op >= 8 && op <= 11;
    const move = op === 13 || op === 15;
    const s = test ? "1" : "f";
    const rn = move ? "ZZZZ" : "nnnn";
    const rd = test ? "ZZZZ" : "dddd";
    const mn = name.toLowerCase();
    const sfx = test ? "{c}" : "{s}{c}";
    const ops = test ? "{R:n}, " : move ? "{R:d}, " : "{R:d}, {R:n}, ";
    rows.push({
      name: `${name} (immediate)`,
      enc: "A1",
      pattern: `cccc 001 ${opBits} ${s} ${rn} ${rd} iiiiiiiiiiii`,
      exec: dp.dpImm,
      asm: `${mn}${sfx} ${ops}{mimm:i}`,
      jit: "dp-imm",
    });
    rows.push({
      name: `${name} (register)`,
      enc: "A1",
      pattern: `cccc 000 ${opBits} ${s} ${rn} ${rd} vvvvv hh 0 mmmm`,
      exec: dp.dpReg,
      asm: `${mn}${sfx} ${ops}{R:m}{shift:h,v}`,
      jit: "dp-reg",
    });
    rows.push({
      name: `${name} (register-shifted register)`,
      enc: "A1",
      pattern: `cccc 000 ${opBits} ${s} ${rn} ${rd} ssss 0 hh 1 mmmm`,
      exec: dp.dpRsr,
      asm: `${mn}${sfx} ${ops}{R:m}, {shiftname:h} {R:s}`,
      unpredictable: any15("d", "n", "m", "s"),
    });
  });
  return rows;
}

const PAR_PREFIX: [string, string][] = [
  ["s", "0001"],
  ["q", "0010"],
  ["sh", "0011"],
  ["u", "0101"],
  ["uq", "0110"],
  ["uh", "0111"],
];
const PAR_OPS: [string, string][] = [
  ["add16", "000"],
  ["asx", "001"],
  ["sax", "010"],
  ["sub16", "011"],
  ["add8", "100"],
  ["sub8", "111"],
];

function parallelRows(): Row[] {
  const rows: Row[] = [];
  for (const [p, pbits] of PAR_PREFIX) {
    for (const [o, obits] of PAR_OPS) {
      rows.push({
        name: `${p.toUpperCase()}${o.toUpperCase()}`,
        enc: "A1",
        pattern: `cccc 0110 ${pbits} nnnn dddd OOOO ${obits} 1 mmmm`,
        exec: dp.parallelA32,
        asm: `${p}${o}{c} {R:d}, {R:n}, {R:m}`,
        arch: "v6",
        unpredictable: any15("d", "n", "m"),
      });
    }
  }
  return rows;
}

function extendRows(): Row[] {
  const defs: [string, string, boolean][] = [
    ["SXTAB16", "01101000", true],
    ["SXTAB", "01101010", true],
    ["SXTAH", "01101011", true],
    ["UXTAB16", "01101100", false],
    ["UXTAB", "01101110", false],
    ["UXTAH", "01101111", false],
  ];
  const rows: Row[] = [];
  for (const [name, bits] of defs) {
    const short = name.replace("A", "");
    rows.push({
      name,
      enc: "A1",
      pattern: `cccc ${bits} nnnn dddd rr ZZ 0111 mmmm`,
      exec: dp.extendA32,
      asm: `${name.toLowerCase()}{c} {R:d}, {R:n}, {R:m}{rot:r}`,
      arch: "v6",
      unpredictable: any15("d", "m"),
    });
    rows.push({
      name: short,
      enc: "A1",
      pattern: `cccc ${bits} 1111 dddd rr ZZ 0111 mmmm`,
      exec: dp.extendA32,
      asm: `${short.toLowerCase()}{c} {R:d}, {R:m}{rot:r}`,
      arch: "v6",
      unpredictable: any15("d", "m"),
    });
  }
  return rows;
}

/** Word and byte loads/stores: immediate and register offsets, plus the unprivileged (T) forms. */
function loadStoreRows(): Row[] {
  const rows: Row[] = [];
  const kinds: [string, string, string, A32Handler][] = [
    ["STR", "0", "0", ls.str],
    ["LDR", "0", "1", ls.ldr],
    ["STRB", "1", "0", ls.strb],
    ["LDRB", "1", "1", ls.ldrb],
  ];
  for (const [name, b, l, exec] of kinds) {
    const load = l === "1";
    const mn = name.toLowerCase();
    const wbSame = (f: Fields) => (f.p === 0 || f.w === 1) && (f.n === 15 || f.n === f.t);
    rows.push({
      name: `${name} (immediate)`,
      enc: "A1",
      pattern: `cccc 010 p u ${b} w ${l} nnnn tttt iiiiiiiiiiii`,
      exec,
      asm: `${mn}{c} {R:t}, {mem12}`,
      jit: "ls",
      unpredictable: (f) => wbSame(f) || (b === "1" && f.t === 15),
    });
    rows.push({
      name: `${name} (register)`,
      enc: "A1",
      pattern: `cccc 011 p u ${b} w ${l} nnnn tttt vvvvv hh 0 mmmm`,
      exec,
      asm: `${mn}{c} {R:t}, {memreg}`,
      jit: "ls",
      unpredictable: (f) => wbSame(f) || f.m === 15 || (b === "1" && f.t === 15),
    });
    const tname = `${name}T`;
    rows.push({
      name: `${tname}`,
      enc: "A1",
      pattern: `cccc 010 0 u ${b} 1 ${l} nnnn tttt iiiiiiiiiiii`,
      exec: ls.ldrstrT,
      asm: `${tname.toLowerCase()}{c} {R:t}, [{R:n}], {#pm:u,i}`,
      unpredictable: (f) => f.n === 15 || f.n === f.t || f.t === 15,
    });
    rows.push({
      name: `${tname}`,
      enc: "A2",
      pattern: `cccc 011 0 u ${b} 1 ${l} nnnn tttt vvvvv hh 0 mmmm`,
      exec: ls.ldrstrT,
      asm: `${tname.toLowerCase()}{c} {R:t}, [{R:n}], {pm:u}{R:m}{shift:h,v}`,
      unpredictable: (f) => f.n === 15 || f.n === f.t || f.t === 15 || f.m === 15,
    });
    void load;
  }
  return rows;
}

function extraLoadStoreRows(): Row[] {
  const rows: Row[] = [];
  const kinds: [string, string, string][] = [
    ["STRH", "0", "1011"],
    ["LDRH", "1", "1011"],
    ["LDRD", "0", "1101"],
    ["LDRSB", "1", "1101"],
    ["STRD", "0", "1111"],
    ["LDRSH", "1", "1111"],
  ];
  for (const [name, l, bits] of kinds) {
    const dual = name.endsWith("D");
    const mn = name.toLowerCase();
    const regs = dual ? "{R:t}, {Rnext:t}" : "{R:t}";
    const bad = (f: Fields) =>
      ((f.p === 0 || f.w === 1) && (f.n === 15 || f.n === f.t || (dual && f.n === f.t + 1))) ||
      (dual ? f.t % 2 === 1 || f.t === 14 || (f.p === 0 && f.w === 1) : f.t === 15);
    rows.push({
      name: `${name} (immediate)`,
      enc: "A1",
      pattern: `cccc 000 p u 1 w ${l} nnnn tttt iiii ${bits} iiii`,
      exec: ls.extraLoadStore,
      asm: `${mn}{c} ${regs}, {mem8}`,
      unpredictable: bad,
      jit: "lsx",
    });
    rows.push({
      name: `${name} (register)`,
      enc: "A1",
      pattern: `cccc 000 p u 0 w ${l} nnnn tttt ZZZZ ${bits} mmmm`,
      exec: ls.extraLoadStore,
      asm: `${mn}{c} ${regs}, {memx}`,
      unpredictable: (f) => bad(f) || f.m === 15 || (dual && (f.m === f.t || f.m === f.t + 1)),
      jit: "lsx",
    });
    if (!dual) {
      // Post-indexed with W = 1: the unprivileged forms (LDRHT, STRHT, LDRSBT, LDRSHT).
      const tn = `${name}T`;
      const tbad = (f: Fields) => f.t === 15 || f.n === 15 || f.n === f.t;
      rows.push({
        name: tn,
        enc: "A1",
        pattern: `cccc 000 0 u 1 1 ${l} nnnn tttt iiii ${bits} iiii`,
        exec: ls.extraLoadStore,
        asm: `${tn.toLowerCase()}{c} {R:t}, [{R:n}], {#pm:u,i}`,
        arch: "v6T2",
        unpredictable: tbad,
      });
      rows.push({
        name: tn,
        enc: "A2",
        pattern: `cccc 000 0 u 0 1 ${l} nnnn tttt ZZZZ ${bits} mmmm`,
        exec: ls.extraLoadStore,
        asm: `${tn.toLowerCase()}{c} {R:t}, [{R:n}], {pm:u}{R:m}`,
        arch: "v6T2",
        unpredictable: (f) => tbad(f) || f.m === 15,
      });
    }
  }
  return rows;
}

function blockRows(): Row[] {
  return [
    {
      name: "STM",
      enc: "A1",
      pattern: "cccc 100 p u 0 w 0 nnnn rrrrrrrrrrrrrrrr",
      exec: ls.blockTransfer,
      asm: "stm{amode:p,u}{c} {R:n}{!:w}, {list:r}",
      unpredictable: (f) => f.n === 15 || f.r === 0,
      jit: "ldm-stm",
    },
    {
      name: "LDM",
      enc: "A1",
      pattern: "cccc 100 p u 0 w 1 nnnn rrrrrrrrrrrrrrrr",
      exec: ls.blockTransfer,
      asm: "ldm{amode:p,u}{c} {R:n}{!:w}, {list:r}",
      unpredictable: (f) => f.n === 15 || f.r === 0 || (f.w === 1 && (f.r & (1 << f.n)) !== 0),
      jit: "ldm-stm",
    },
    {
      name: "STM (User registers)",
      enc: "A1",
      pattern: "cccc 100 p u 1 0 0 nnnn rrrrrrrrrrrrrrrr",
      exec: ls.blockTransfer,
      asm: "stm{amodeia:p,u}{c} {R:n}, {list:r}^",
      privileged: true,
      unpredictable: (f) => f.n === 15 || f.r === 0,
    },
    {
      name: "LDM (User registers)",
      enc: "A1",
      pattern: "cccc 100 p u 1 0 1 nnnn 0rrrrrrrrrrrrrrr",
      exec: ls.blockTransfer,
      asm: "ldm{amode:p,u}{c} {R:n}, {list:r}^",
      privileged: true,
      unpredictable: (f) => f.n === 15 || f.r === 0,
    },
    {
      name: "LDM (exception return)",
      enc: "A1",
      pattern: "cccc 100 p u 1 w 1 nnnn 1rrrrrrrrrrrrrrr",
      exec: ls.blockTransfer,
      asm: "ldm{amode:p,u}{c} {R:n}{!:w}, {listpc:r}^",
      privileged: true,
      unpredictable: (f) => f.n === 15 || (f.w === 1 && (f.r & (1 << f.n)) !== 0),
    },
  ];
}

function exclusiveRows(): Row[] {
  const defs: [string, string, number][] = [
    ["", "00", 4],
    ["D", "01", 8],
    ["B", "10", 1],
    ["H", "11", 2],
  ];
  const rows: Row[] = [];
  for (const [sfx, bits, size] of defs) {
    const dual = size === 8;
    rows.push({
      name: `LDREX${sfx}`,
      enc: "A1",
      pattern: `cccc 0001 1${bits}1 nnnn tttt OOOO 1001 OOOO`,
      exec: ls.ldrex,
      asm: `ldrex${sfx.toLowerCase()}{c} {R:t}${dual ? ", {Rnext:t}" : ""}, [{R:n}]`,
      arch: sfx === "" ? "v6" : "v6K",
      unpredictable: (f) => f.n === 15 || f.t === 15 || (dual && (f.t % 2 === 1 || f.t === 14)),
    });
    rows.push({
      name: `STREX${sfx}`,
      enc: "A1",
      pattern: `cccc 0001 1${bits}0 nnnn dddd OOOO 1001 tttt`,
      exec: ls.strex,
      asm: `strex${sfx.toLowerCase()}{c} {R:d}, {R:t}${dual ? ", {Rnext:t}" : ""}, [{R:n}]`,
      arch: sfx === "" ? "v6" : "v6K",
      unpredictable: (f) =>
        f.n === 15 ||
        f.t === 15 ||
        f.d === 15 ||
        f.d === f.n ||
        f.d === f.t ||
        (dual && (f.t % 2 === 1 || f.t === 14 || f.d === f.t + 1)),
    });
  }
  return rows;
}

function hintRows(): Row[] {
  const hints: [string, number, A32Handler][] = [
    ["NOP", 0, sys.nop],
    ["YIELD", 1, sys.nop],
    ["WFE", 2, sys.wfe],
    ["WFI", 3, sys.wfi],
    ["SEV", 4, sys.sev],
  ];
  const rows: Row[] = hints.map(([name, op, exec]) => ({
    name,
    enc: "A1",
    pattern: `cccc 0011 0010 0000 OOOO ZZZZ ${op.toString(2).padStart(8, "0")}`,
    exec,
    asm: `${name.toLowerCase()}{c}`,
    arch: name === "NOP" ? "v6K" : "v6K",
    privileged: name === "WFE" || name === "WFI",
  }));
  rows.push({
    name: "DBG",
    enc: "A1",
    pattern: "cccc 0011 0010 0000 OOOO ZZZZ 1111 oooo",
    exec: sys.nop,
    asm: "dbg{c} {#:o}",
    arch: "v7",
  });
  return rows;
}

function signedMultiplyRows(): Row[] {
  return [
    {
      name: "SMLAD",
      enc: "A1",
      pattern: "cccc 01110000 dddd aaaa mmmm 00x1 nnnn",
      exec: dp.smlad,
      asm: "smlad{xs:x}{c} {R:d}, {R:n}, {R:m}, {R:a}",
    },
    {
      name: "SMUAD",
      enc: "A1",
      pattern: "cccc 01110000 dddd 1111 mmmm 00x1 nnnn",
      exec: dp.smlad,
      asm: "smuad{xs:x}{c} {R:d}, {R:n}, {R:m}",
    },
    {
      name: "SMLSD",
      enc: "A1",
      pattern: "cccc 01110000 dddd aaaa mmmm 01x1 nnnn",
      exec: dp.smlad,
      asm: "smlsd{xs:x}{c} {R:d}, {R:n}, {R:m}, {R:a}",
    },
    {
      name: "SMUSD",
      enc: "A1",
      pattern: "cccc 01110000 dddd 1111 mmmm 01x1 nnnn",
      exec: dp.smlad,
      asm: "smusd{xs:x}{c} {R:d}, {R:n}, {R:m}",
    },
    {
      name: "SDIV",
      enc: "A1",
      pattern: "cccc 01110001 dddd OOOO mmmm 0001 nnnn",
      exec: dp.div,
      asm: "sdiv{c} {R:d}, {R:n}, {R:m}",
      arch: "v7VE",
    },
    {
      name: "UDIV",
      enc: "A1",
      pattern: "cccc 01110011 dddd OOOO mmmm 0001 nnnn",
      exec: dp.div,
      asm: "udiv{c} {R:d}, {R:n}, {R:m}",
      arch: "v7VE",
    },
    {
      name: "SMLALD",
      enc: "A1",
      pattern: "cccc 01110100 hhhh llll mmmm 00x1 nnnn",
      exec: dp.smlald,
      asm: "smlald{xs:x}{c} {R:l}, {R:h}, {R:n}, {R:m}",
    },
    {
      name: "SMLSLD",
      enc: "A1",
      pattern: "cccc 01110100 hhhh llll mmmm 01x1 nnnn",
      exec: dp.smlald,
      asm: "smlsld{xs:x}{c} {R:l}, {R:h}, {R:n}, {R:m}",
    },
    {
      name: "SMMLA",
      enc: "A1",
      pattern: "cccc 01110101 dddd aaaa mmmm 00r1 nnnn",
      exec: dp.smmul,
      asm: "smmla{rs:r}{c} {R:d}, {R:n}, {R:m}, {R:a}",
    },
    {
      name: "SMMUL",
      enc: "A1",
      pattern: "cccc 01110101 dddd 1111 mmmm 00r1 nnnn",
      exec: dp.smmul,
      asm: "smmul{rs:r}{c} {R:d}, {R:n}, {R:m}",
    },
    {
      name: "SMMLS",
      enc: "A1",
      pattern: "cccc 01110101 dddd aaaa mmmm 11r1 nnnn",
      exec: dp.smmul,
      asm: "smmls{rs:r}{c} {R:d}, {R:n}, {R:m}, {R:a}",
    },
  ].map((r) => ({
    arch: "v6",
    ...r,
    // Ra = 1111 selects SMUAD/SMUSD/SMMUL for the accumulating forms; SMMLS has no such form.
    unpredictable: (f: Fields) =>
      f.d === 15 ||
      f.n === 15 ||
      f.m === 15 ||
      f.h === 15 ||
      f.l === 15 ||
      (f.h !== undefined && f.h === f.l) ||
      (r.name === "SMMLS" && f.a === 15),
  }));
}

export const A32_ROWS: readonly Row[] = [
  ...dataProcessingRows(),
  {
    name: "MOVW",
    enc: "A2",
    pattern: "cccc 00110000 iiii dddd iiiiiiiiiiii",
    exec: dp.movw,
    jit: "movw",
    asm: "movw{c} {R:d}, {#:i}",
    arch: "v6T2",
    unpredictable: any15("d"),
  },
  {
    name: "MOVT",
    enc: "A1",
    pattern: "cccc 00110100 iiii dddd iiiiiiiiiiii",
    exec: dp.movt,
    jit: "movt",
    asm: "movt{c} {R:d}, {#:i}",
    arch: "v6T2",
    unpredictable: any15("d"),
  },

  // Multiplies.
  {
    name: "MUL",
    enc: "A1",
    pattern: "cccc 0000000f dddd ZZZZ mmmm 1001 nnnn",
    exec: dp.mul,
    asm: "mul{s}{c} {R:d}, {R:n}, {R:m}",
    unpredictable: any15("d", "n", "m"),
  },
  {
    name: "MLA",
    enc: "A1",
    pattern: "cccc 0000001f dddd aaaa mmmm 1001 nnnn",
    exec: dp.mla,
    asm: "mla{s}{c} {R:d}, {R:n}, {R:m}, {R:a}",
    unpredictable: any15("d", "n", "m", "a"),
  },
  {
    name: "UMAAL",
    enc: "A1",
    pattern: "cccc 00000100 hhhh llll mmmm 1001 nnnn",
    exec: dp.umaalA32,
    asm: "umaal{c} {R:l}, {R:h}, {R:n}, {R:m}",
    arch: "v6",
    unpredictable: (f) => any15("h", "l", "n", "m")(f) || f.h === f.l,
  },
  {
    name: "MLS",
    enc: "A1",
    pattern: "cccc 00000110 dddd aaaa mmmm 1001 nnnn",
    exec: dp.mls,
    asm: "mls{c} {R:d}, {R:n}, {R:m}, {R:a}",
    arch: "v6T2",
    unpredictable: any15("d", "n", "m", "a"),
  },
  ...(
    [
      ["UMULL", "100"],
      ["UMLAL", "101"],
      ["SMULL", "110"],
      ["SMLAL", "111"],
    ] as const
  ).map(([name, bits]) => ({
    name,
    enc: "A1",
    pattern: `cccc 0000${bits}f hhhh llll mmmm 1001 nnnn`,
    exec: dp.mulLongA32,
    asm: `${name.toLowerCase()}{s}{c} {R:l}, {R:h}, {R:n}, {R:m}`,
    unpredictable: (f: Fields) => any15("h", "l", "n", "m")(f) || f.h === f.l,
  })),
  {
    name: "SMLA<x><y>",
    enc: "A1",
    pattern: "cccc 00010000 dddd aaaa mmmm 1yx0 nnnn",
    exec: dp.smlaxy,
    asm: "smla{bt:x}{bt:y}{c} {R:d}, {R:n}, {R:m}, {R:a}",
    arch: "v5TE",
    unpredictable: any15("d", "n", "m", "a"),
  },
  {
    name: "SMLAW<y>",
    enc: "A1",
    pattern: "cccc 00010010 dddd aaaa mmmm 1y00 nnnn",
    exec: dp.smlawy,
    asm: "smlaw{bt:y}{c} {R:d}, {R:n}, {R:m}, {R:a}",
    arch: "v5TE",
    unpredictable: any15("d", "n", "m", "a"),
  },
  {
    name: "SMULW<y>",
    enc: "A1",
    pattern: "cccc 00010010 dddd ZZZZ mmmm 1y10 nnnn",
    exec: dp.smulwy,
    asm: "smulw{bt:y}{c} {R:d}, {R:n}, {R:m}",
    arch: "v5TE",
    unpredictable: any15("d", "n", "m"),
  },
  {
    name: "SMLAL<x><y>",
    enc: "A1",
    pattern: "cccc 00010100 hhhh llll mmmm 1yx0 nnnn",
    exec: dp.smlalxy,
    asm: "smlal{bt:x}{bt:y}{c} {R:l}, {R:h}, {R:n}, {R:m}",
    arch: "v5TE",
    unpredictable: (f) => any15("h", "l", "n", "m")(f) || f.h === f.l,
  },
  {
    name: "SMUL<x><y>",
    enc: "A1",
    pattern: "cccc 00010110 dddd ZZZZ mmmm 1yx0 nnnn",
    exec: dp.smulxy,
    asm: "smul{bt:x}{bt:y}{c} {R:d}, {R:n}, {R:m}",
    arch: "v5TE",
    unpredictable: any15("d", "n", "m"),
  },
  ...(
    [
      ["QADD", "00"],
      ["QSUB", "01"],
      ["QDADD", "10"],
      ["QDSUB", "11"],
    ] as const
  ).map(([name, bits]) => ({
    name,
    enc: "A1",
    pattern: `cccc 00010${bits}0 nnnn dddd ZZZZ 0101 mmmm`,
    exec: dp.qarith,
    asm: `${name.toLowerCase()}{c} {R:d}, {R:m}, {R:n}`,
    arch: "v5TE",
    unpredictable: any15("d", "n", "m"),
  })),

  // Miscellaneous.
  {
    name: "MRS",
    enc: "A1",
    pattern: "cccc 00010r00 OOOO dddd ZZ0Z 0000 ZZZZ",
    exec: sys.mrs,
    asm: "mrs{c} {R:d}, {psr:r}",
    unpredictable: any15("d"),
  },
  {
    name: "MRS (banked register)",
    enc: "A1",
    pattern: "cccc 00010r00 kkkk dddd ZZ1k 0000 ZZZZ",
    exec: sys.mrsBanked,
    asm: "mrs{c} {R:d}, {banked:r,k}",
    arch: "v7VE",
    privileged: true,
    unpredictable: any15("d"),
  },
  {
    name: "MSR (register)",
    enc: "A1",
    pattern: "cccc 00010r10 kkkk OOOO ZZ0Z 0000 nnnn",
    exec: sys.msrReg,
    asm: "msr{c} {psrmask:r,k}, {R:n}",
    privileged: true,
    unpredictable: (f) => f.n === 15 || f.k === 0,
  },
  {
    name: "MSR (banked register)",
    enc: "A1",
    pattern: "cccc 00010r10 kkkk OOOO ZZ1k 0000 nnnn",
    exec: sys.msrBanked,
    asm: "msr{c} {banked:r,k}, {R:n}",
    arch: "v7VE",
    privileged: true,
    unpredictable: any15("n"),
  },
  {
    name: "MSR (immediate)",
    enc: "A1",
    pattern: "cccc 00110r10 kkkk OOOO iiiiiiiiiiii",
    exec: sys.msrImm,
    asm: "msr{c} {psrmask:r,k}, {mimm:i}",
    privileged: true,
  },
  ...hintRows(),
  {
    name: "BX",
    enc: "A1",
    pattern: "cccc 00010010 OOOO OOOO OOOO 0001 mmmm",
    exec: sys.bx,
    asm: "bx{c} {R:m}",
    branch: true,
  },
  {
    name: "BXJ",
    enc: "A1",
    pattern: "cccc 00010010 OOOO OOOO OOOO 0010 mmmm",
    exec: sys.bxj,
    asm: "bxj{c} {R:m}",
    branch: true,
    unpredictable: any15("m"),
  },
  {
    name: "BLX (register)",
    enc: "A1",
    pattern: "cccc 00010010 OOOO OOOO OOOO 0011 mmmm",
    exec: sys.blxReg,
    asm: "blx{c} {R:m}",
    branch: true,
    unpredictable: any15("m"),
  },
  {
    name: "CLZ",
    enc: "A1",
    pattern: "cccc 00010110 OOOO dddd OOOO 0001 mmmm",
    exec: dp.clzA32,
    asm: "clz{c} {R:d}, {R:m}",
    unpredictable: any15("d", "m"),
  },
  {
    name: "ERET",
    enc: "A1",
    pattern: "cccc 00010110 ZZZZ ZZZZ ZZZZ 0110 1110",
    exec: sys.eret,
    asm: "eret{c}",
    arch: "v7VE",
    privileged: true,
    branch: true,
  },
  {
    name: "BKPT",
    enc: "A1",
    pattern: "cccc 00010010 iiii iiii iiii 0111 iiii",
    exec: sys.bkpt,
    asm: "bkpt {#:i}",
    privileged: true,
    unpredictable: (f) => f.c !== 14,
  },
  {
    name: "HVC",
    enc: "A1",
    pattern: "cccc 00010100 iiii iiii iiii 0111 iiii",
    exec: sys.hvc,
    asm: "hvc {#:i}",
    arch: "v7VE",
    privileged: true,
    unpredictable: (f) => f.c !== 14,
  },
  {
    name: "SMC",
    enc: "A1",
    pattern: "cccc 00010110 ZZZZ ZZZZ ZZZZ 0111 iiii",
    exec: sys.smc,
    asm: "smc{c} {#:i}",
    arch: "Security",
    privileged: true,
  },

  // Loads and stores.
  ...loadStoreRows(),
  ...extraLoadStoreRows(),
  ...blockRows(),
  ...exclusiveRows(),
  {
    name: "SWP",
    enc: "A1",
    pattern: "cccc 00010000 nnnn tttt ZZZZ 1001 mmmm",
    exec: ls.swpA32,
    asm: "swp{c} {R:t}, {R:m}, [{R:n}]",
    unpredictable: (f) => any15("n", "t", "m")(f) || f.n === f.t || f.n === f.m,
  },
  {
    name: "SWPB",
    enc: "A1",
    pattern: "cccc 00010100 nnnn tttt ZZZZ 1001 mmmm",
    exec: ls.swpA32,
    asm: "swpb{c} {R:t}, {R:m}, [{R:n}]",
    unpredictable: (f) => any15("n", "t", "m")(f) || f.n === f.t || f.n === f.m,
  },

  // Media.
  ...parallelRows(),
  {
    name: "PKHBT",
    enc: "A1",
    pattern: "cccc 01101000 nnnn dddd vvvvv 001 mmmm",
    exec: dp.pkh,
    asm: "pkhbt{c} {R:d}, {R:n}, {R:m}{lsl:v}",
    arch: "v6",
    unpredictable: any15("d", "n", "m"),
  },
  {
    name: "PKHTB",
    enc: "A1",
    pattern: "cccc 01101000 nnnn dddd vvvvv 101 mmmm",
    exec: dp.pkh,
    asm: "pkhtb{c} {R:d}, {R:n}, {R:m}{asr:v}",
    arch: "v6",
    unpredictable: any15("d", "n", "m"),
  },
  {
    name: "SSAT",
    enc: "A1",
    pattern: "cccc 0110101 iiiii dddd vvvvv h01 nnnn",
    exec: dp.sat,
    asm: "ssat{c} {R:d}, {#+1:i}, {R:n}{satshift:h,v}",
    arch: "v6",
    unpredictable: any15("d", "n"),
  },
  {
    name: "USAT",
    enc: "A1",
    pattern: "cccc 0110111 iiiii dddd vvvvv h01 nnnn",
    exec: dp.sat,
    asm: "usat{c} {R:d}, {#:i}, {R:n}{satshift:h,v}",
    arch: "v6",
    unpredictable: any15("d", "n"),
  },
  {
    name: "SSAT16",
    enc: "A1",
    pattern: "cccc 01101010 iiii dddd OOOO 0011 nnnn",
    exec: dp.sat16,
    asm: "ssat16{c} {R:d}, {#+1:i}, {R:n}",
    arch: "v6",
    unpredictable: any15("d", "n"),
  },
  {
    name: "USAT16",
    enc: "A1",
    pattern: "cccc 01101110 iiii dddd OOOO 0011 nnnn",
    exec: dp.sat16,
    asm: "usat16{c} {R:d}, {#:i}, {R:n}",
    arch: "v6",
    unpredictable: any15("d", "n"),
  },
  ...extendRows(),
  {
    name: "SEL",
    enc: "A1",
    pattern: "cccc 01101000 nnnn dddd OOOO 1011 mmmm",
    exec: dp.sel,
    asm: "sel{c} {R:d}, {R:n}, {R:m}",
    arch: "v6",
    unpredictable: any15("d", "n", "m"),
  },
  {
    name: "REV",
    enc: "A1",
    pattern: "cccc 01101011 OOOO dddd OOOO 0011 mmmm",
    exec: dp.revA32,
    asm: "rev{c} {R:d}, {R:m}",
    arch: "v6",
    unpredictable: any15("d", "m"),
  },
  {
    name: "REV16",
    enc: "A1",
    pattern: "cccc 01101011 OOOO dddd OOOO 1011 mmmm",
    exec: dp.rev16A32,
    asm: "rev16{c} {R:d}, {R:m}",
    arch: "v6",
    unpredictable: any15("d", "m"),
  },
  {
    name: "RBIT",
    enc: "A1",
    pattern: "cccc 01101111 OOOO dddd OOOO 0011 mmmm",
    exec: dp.rbitA32,
    asm: "rbit{c} {R:d}, {R:m}",
    arch: "v6T2",
    unpredictable: any15("d", "m"),
  },
  {
    name: "REVSH",
    enc: "A1",
    pattern: "cccc 01101111 OOOO dddd OOOO 1011 mmmm",
    exec: dp.revshA32,
    asm: "revsh{c} {R:d}, {R:m}",
    arch: "v6",
    unpredictable: any15("d", "m"),
  },
  ...signedMultiplyRows(),
  {
    name: "USAD8",
    enc: "A1",
    pattern: "cccc 01111000 dddd 1111 mmmm 0001 nnnn",
    exec: dp.usad,
    asm: "usad8{c} {R:d}, {R:n}, {R:m}",
    arch: "v6",
    unpredictable: any15("d", "n", "m"),
  },
  {
    name: "USADA8",
    enc: "A1",
    pattern: "cccc 01111000 dddd aaaa mmmm 0001 nnnn",
    exec: dp.usad,
    asm: "usada8{c} {R:d}, {R:n}, {R:m}, {R:a}",
    arch: "v6",
    unpredictable: any15("d", "n", "m"),
  },
  {
    name: "SBFX",
    enc: "A1",
    pattern: "cccc 0111101 wwwww dddd lllll 101 nnnn",
    exec: dp.bfx,
    asm: "sbfx{c} {R:d}, {R:n}, {#:l}, {#+1:w}",
    arch: "v6T2",
    unpredictable: (f) => any15("d", "n")(f) || f.l + f.w + 1 > 32,
  },
  {
    name: "UBFX",
    enc: "A1",
    pattern: "cccc 0111111 wwwww dddd lllll 101 nnnn",
    exec: dp.bfx,
    asm: "ubfx{c} {R:d}, {R:n}, {#:l}, {#+1:w}",
    arch: "v6T2",
    unpredictable: (f) => any15("d", "n")(f) || f.l + f.w + 1 > 32,
  },
  {
    name: "BFC",
    enc: "A1",
    pattern: "cccc 0111110 kkkkk dddd lllll 001 1111",
    exec: dp.bfi,
    asm: "bfc{c} {R:d}, {#:l}, {bfw:k,l}",
    arch: "v6T2",
    unpredictable: (f) => f.d === 15 || f.k < f.l,
  },
  {
    name: "BFI",
    enc: "A1",
    pattern: "cccc 0111110 kkkkk dddd lllll 001 nnnn",
    exec: dp.bfi,
    asm: "bfi{c} {R:d}, {R:n}, {#:l}, {bfw:k,l}",
    arch: "v6T2",
    unpredictable: (f) => f.d === 15 || f.k < f.l,
  },
  {
    name: "UDF",
    enc: "A1",
    pattern: "1110 01111111 iiii iiii iiii 1111 iiii",
    exec: sys.udf,
    asm: "udf {#:i}",
    noDiff: "permanently undefined",
  },

  // Branches.
  {
    name: "B",
    enc: "A1",
    pattern: "cccc 1010 iiiiiiiiiiiiiiiiiiiiiiii",
    exec: sys.b,
    jit: "b",
    asm: "b{c} {target:i}",
    branch: true,
  },
  {
    name: "BL",
    enc: "A1",
    pattern: "cccc 1011 iiiiiiiiiiiiiiiiiiiiiiii",
    exec: sys.bl,
    jit: "bl",
    asm: "bl{c} {target:i}",
    branch: true,
  },

  // Coprocessors (CP14/CP15 here; CP10/CP11 = VFP rows elsewhere).
  {
    name: "MCR",
    enc: "A1",
    pattern: "cccc 1110 ooo0 nnnn tttt qqqq ppp1 mmmm",
    exec: sys.mcrMrc,
    asm: "mcr{c} {cp:q}, {#:o}, {R:t}, {cr:n}, {cr:m}, {#:p}",
    privileged: true,
  },
  {
    name: "MRC",
    enc: "A1",
    pattern: "cccc 1110 ooo1 nnnn tttt qqqq ppp1 mmmm",
    exec: sys.mcrMrc,
    asm: "mrc{c} {cp:q}, {#:o}, {Rf:t}, {cr:n}, {cr:m}, {#:p}",
    privileged: true,
  },
  {
    name: "MCRR",
    enc: "A1",
    pattern: "cccc 1100 0100 uuuu tttt qqqq oooo mmmm",
    exec: sys.mcrrMrrc,
    asm: "mcrr{c} {cp:q}, {#:o}, {R:t}, {R:u}, {cr:m}",
    privileged: true,
  },
  {
    name: "MRRC",
    enc: "A1",
    pattern: "cccc 1100 0101 uuuu tttt qqqq oooo mmmm",
    exec: sys.mcrrMrrc,
    asm: "mrrc{c} {cp:q}, {#:o}, {R:t}, {R:u}, {cr:m}",
    privileged: true,
  },
  {
    name: "LDC/STC",
    enc: "A1",
    pattern: "cccc 110- ---- ---- ---- qqqq ---- ----",
    exec: sys.coprocUndefined,
    asm: "ldc/stc{c} {cp:q}, ...",
    noDiff: "no coprocessor with LDC/STC",
  },
  {
    name: "CDP",
    enc: "A1",
    pattern: "cccc 1110 ---- ---- ---- qqqq ---0 ----",
    exec: sys.coprocUndefined,
    asm: "cdp{c} {cp:q}, ...",
    noDiff: "no coprocessor with CDP",
  },
  {
    name: "SVC",
    enc: "A1",
    pattern: "cccc 1111 iiiiiiiiiiiiiiiiiiiiiiii",
    exec: sys.svc,
    asm: "svc{c} {x:i}",
    noDiff: "system call",
  },
];

/** The unconditional space (cond = 1111). */
export const A32_UNCOND_ROWS: readonly Row[] = [
  {
    name: "CPS",
    enc: "A1",
    pattern: "1111 00010000 kky0 ZZZZ ZZZa if0m mmmm",
    exec: sys.cps,
    asm: "cps{imod:k} {aif:a,i,f}{cpsmode:y,m}",
    privileged: true,
  },
  {
    name: "SETEND",
    enc: "A1",
    pattern: "1111 00010000 0001 ZZZZ ZZeZ 0000 ZZZZ",
    exec: sys.setend,
    asm: "setend {endian:e}",
    arch: "v6",
  },
  {
    name: "PLI (immediate)",
    enc: "A1",
    pattern: "1111 0100 u101 nnnn OOOO iiiiiiiiiiii",
    exec: sys.nop,
    asm: "pli [{R:n}, {#pm:u,i}]",
    arch: "v7",
  },
  {
    name: "PLD (immediate)",
    enc: "A1",
    pattern: "1111 0101 ur01 nnnn OOOO iiiiiiiiiiii",
    exec: sys.nop,
    asm: "pld{pldw:r} [{R:n}, {#pm:u,i}]",
    arch: "v5TE",
  },
  {
    name: "PLI (register)",
    enc: "A1",
    pattern: "1111 0110 u101 nnnn OOOO vvvvv hh0 mmmm",
    exec: sys.nop,
    asm: "pli [{R:n}, {pm:u}{R:m}{shift:h,v}]",
    arch: "v7",
    unpredictable: any15("m"),
  },
  {
    name: "PLD (register)",
    enc: "A1",
    pattern: "1111 0111 ur01 nnnn OOOO vvvvv hh0 mmmm",
    exec: sys.nop,
    asm: "pld{pldw:r} [{R:n}, {pm:u}{R:m}{shift:h,v}]",
    arch: "v5TE",
    unpredictable: any15("m"),
  },
  {
    name: "CLREX",
    enc: "A1",
    pattern: "1111 01010111 OOOO OOOO ZZZZ 0001 OOOO",
    exec: sys.clrex,
    asm: "clrex",
    arch: "v6K",
  },
  {
    name: "DSB",
    enc: "A1",
    pattern: "1111 01010111 OOOO OOOO ZZZZ 0100 oooo",
    exec: sys.nop,
    asm: "dsb {barrier:o}",
    arch: "v7",
  },
  {
    name: "DMB",
    enc: "A1",
    pattern: "1111 01010111 OOOO OOOO ZZZZ 0101 oooo",
    exec: sys.nop,
    asm: "dmb {barrier:o}",
    arch: "v7",
  },
  {
    name: "ISB",
    enc: "A1",
    pattern: "1111 01010111 OOOO OOOO ZZZZ 0110 oooo",
    exec: sys.nop,
    asm: "isb {barrier:o}",
    arch: "v7",
  },
  {
    name: "SRS",
    enc: "A1",
    pattern: "1111 100p u1w0 OOZO ZZZZ ZOZO ZZZm mmmm",
    exec: sys.srs,
    asm: "srs{amode:p,u} sp{!:w}, {#:m}",
    privileged: true,
  },
  {
    name: "RFE",
    enc: "A1",
    pattern: "1111 100p u0w1 nnnn ZZZZ OZOZ ZZZZ ZZZZ",
    exec: sys.rfe,
    asm: "rfe{amode:p,u} {R:n}{!:w}",
    privileged: true,
    branch: true,
  },
  {
    name: "BLX (immediate)",
    enc: "A2",
    pattern: "1111 101h iiiiiiiiiiiiiiiiiiiiiiii",
    exec: sys.blxImm,
    asm: "blx {targeth:i,h}",
    branch: true,
  },
  {
    name: "coprocessor (2 forms)",
    enc: "A2",
    pattern: "1111 11-- ---- ---- ---- ---- ---- ----",
    exec: sys.coprocUndefined,
    asm: "cp2 (undefined)",
    noDiff: "undefined",
  },
];
