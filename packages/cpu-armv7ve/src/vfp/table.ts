// VFP (CP10/CP11) encodings of VFPv4-D32, ARM ARM DDI 0406C A7.5-A7.9 and the A8 instruction
// pages (the floating-point forms only: every Advanced SIMD encoding stays UNDEFINED). One list of
// definitions gives both tables: the A32 rows carry the condition field, the T32 rows have it
// replaced by 1110 (Thumb's VFP instructions are conditional through IT blocks) and their own
// UNPREDICTABLE rules (SP as a core register, the PC as a base). Every row refines one of the
// generic coprocessor rows of the A32 and T32 tables (LDC/STC, CDP, MCR/MRC, MCRR/MRRC, Thumb's
// "coprocessor"), so encodings no row claims stay UNDEFINED through those.
//
// Fields: the register numbers are split as in the ARM ARM — d/x (Vd, D), n/y (Vn, N), m/k (Vm,
// M): a single register is Vx:X, a double X:Vx (templates {S:d,x}, {D:d,x}, and {V:p,d,x} by the
// sz field p). t and a are the core registers Rt and Rt2, n also Rn of the loads and stores, u/w
// the U and W bits, i the immediate. None of the rows needs a noDiff: all of them run under
// qemu-arm (test/vfp-qemu.test.ts); the FPSID/FPEXC/MVFR accesses are `privileged`.
import type { A32Handler } from "../cpu.js";
import type { EncodingRow, Fields } from "../decode/pattern.js";
import * as x from "./exec.js";

type Row = EncodingRow<A32Handler>;

interface Def {
  readonly name: string;
  /** Encoding number: A<n> in A32, T<n> in T32. */
  readonly enc: number;
  /** The 28 bits after the condition. */
  readonly pattern: string;
  readonly exec: A32Handler;
  readonly asm: string;
  readonly arch: string;
  readonly unpredictable?: (f: Fields, thumb: boolean) => boolean;
  readonly privileged?: boolean;
}

/** A core register operand: the PC is UNPREDICTABLE, and so is SP in Thumb. */
const badCore = (r: number, thumb: boolean) => r === 15 || (thumb && r === 13);

// ---- data processing (A7.5) ------------------------------------------------------------------------
// One row per ARM ARM encoding: the sz field p (bit 8) selects F32 (S registers) or F64 (D).

const VD = "{V:p,d,x}";
const VN = "{V:p,n,y}";
const VM = "{V:p,m,k}";

/** Three-register operations: name, encoding number, bit 23, bits 21:20, bit 6, architecture. */
const ARITH3: readonly (readonly [string, number, string, string, string, string])[] = [
  ["VMLA", 2, "0", "00", "0", "VFPv2"],
  ["VMLS", 2, "0", "00", "1", "VFPv2"],
  ["VNMLS", 1, "0", "01", "0", "VFPv2"],
  ["VNMLA", 1, "0", "01", "1", "VFPv2"],
  ["VMUL", 2, "0", "10", "0", "VFPv2"],
  ["VNMUL", 2, "0", "10", "1", "VFPv2"],
  ["VADD", 2, "0", "11", "0", "VFPv2"],
  ["VSUB", 2, "0", "11", "1", "VFPv2"],
  ["VDIV", 1, "1", "00", "0", "VFPv2"],
  ["VFNMS", 1, "1", "01", "0", "VFPv4"],
  ["VFNMA", 1, "1", "01", "1", "VFPv4"],
  ["VFMA", 2, "1", "10", "0", "VFPv4"],
  ["VFMS", 2, "1", "10", "1", "VFPv4"],
];

/** Frac_bits < 0 (a 16-bit fixed-point VCVT with imm4:i > 16). */
const badFracBits = (f: Fields) => f.s === 0 && f.m * 2 + f.i > 16;

function dataProcessing(): Def[] {
  const defs: Def[] = ARITH3.map(([name, enc, b23, b2120, b6, arch]) => ({
    name: `${name} (floating-point)`,
    enc,
    pattern: `1110 ${b23}x${b2120} nnnn dddd 101p y${b6}k0 mmmm`,
    exec: x.arith3,
    asm: `${name.toLowerCase()}{c}.{F:p} ${VD}, ${VN}, ${VM}`,
    arch,
  }));
  defs.push(
    {
      name: "VMOV (immediate)",
      enc: 2,
      pattern: "1110 1x11 iiii dddd 101p Z0Z0 iiii",
      exec: x.vmovImm,
      asm: `vmov{c}.{F:p} ${VD}, {#:i}`,
      arch: "VFPv3",
    },
    {
      name: "VMOV (register)",
      enc: 2,
      pattern: "1110 1x11 0000 dddd 101p 01k0 mmmm",
      exec: x.unary,
      asm: `vmov{c}.{F:p} ${VD}, ${VM}`,
      arch: "VFPv2",
    },
    {
      name: "VABS",
      enc: 2,
      pattern: "1110 1x11 0000 dddd 101p 11k0 mmmm",
      exec: x.unary,
      asm: `vabs{c}.{F:p} ${VD}, ${VM}`,
      arch: "VFPv2",
    },
    {
      name: "VNEG",
      enc: 2,
      pattern: "1110 1x11 0001 dddd 101p 01k0 mmmm",
      exec: x.unary,
      asm: `vneg{c}.{F:p} ${VD}, ${VM}`,
      arch: "VFPv2",
    },
    {
      name: "VSQRT",
      enc: 1,
      pattern: "1110 1x11 0001 dddd 101p 11k0 mmmm",
      exec: x.unary,
      asm: `vsqrt{c}.{F:p} ${VD}, ${VM}`,
      arch: "VFPv2",
    },
    {
      name: "VCMP, VCMPE (register)",
      enc: 1,
      pattern: "1110 1x11 0100 dddd 101p e1k0 mmmm",
      exec: x.vcmp,
      asm: `vcmp{es:e}{c}.{F:p} ${VD}, ${VM}`,
      arch: "VFPv2",
    },
    {
      name: "VCMP, VCMPE (zero)",
      enc: 2,
      pattern: "1110 1x11 0101 dddd 101p e1Z0 ZZZZ",
      exec: x.vcmp,
      asm: `vcmp{es:e}{c}.{F:p} ${VD}, #0.0`,
      arch: "VFPv2",
    },
    {
      name: "VCVT (integer to floating-point)",
      enc: 1,
      pattern: "1110 1x11 1000 dddd 101p s1k0 mmmm",
      exec: x.vcvtFromInt,
      asm: `vcvt{c}.{F:p}.{int:s} ${VD}, {S:m,k}`,
      arch: "VFPv2",
    },
    {
      name: "VCVT, VCVTR (floating-point to integer)",
      enc: 1,
      pattern: "1110 1x11 110s dddd 101p o1k0 mmmm",
      exec: x.vcvtToInt,
      asm: `vcvt{vcvtr:o}{c}.{int:s}.{F:p} {S:d,x}, ${VM}`,
      arch: "VFPv2",
    },
    {
      name: "VCVT (fixed-point to floating-point)",
      enc: 1,
      pattern: "1110 1x11 101u dddd 101p s1i0 mmmm",
      exec: x.vcvtFixed,
      asm: `vcvt{c}.{F:p}.{fx:u,s} ${VD}, ${VD}, {fbits:s,m,i}`,
      arch: "VFPv3",
      unpredictable: badFracBits,
    },
    {
      name: "VCVT (floating-point to fixed-point)",
      enc: 1,
      pattern: "1110 1x11 111u dddd 101p s1i0 mmmm",
      exec: x.vcvtFixed,
      asm: `vcvt{c}.{fx:u,s}.{F:p} ${VD}, ${VD}, {fbits:s,m,i}`,
      arch: "VFPv3",
      unpredictable: badFracBits,
    },
    {
      name: "VCVT (single-precision to double-precision)",
      enc: 1,
      pattern: "1110 1x11 0111 dddd 1010 11k0 mmmm",
      exec: x.vcvtF64F32,
      asm: "vcvt{c}.f64.f32 {D:d,x}, {S:m,k}",
      arch: "VFPv2",
    },
    {
      name: "VCVT (double-precision to single-precision)",
      enc: 1,
      pattern: "1110 1x11 0111 dddd 1011 11k0 mmmm",
      exec: x.vcvtF32F64,
      asm: "vcvt{c}.f32.f64 {S:d,x}, {D:m,k}",
      arch: "VFPv2",
    },
    // VCVTB/VCVTT: bit 8 is (0) in ARMv7; with it set (the ARMv8 F64 forms) QEMU's A15 UNDEFs, so
    // it is a fixed bit here and those encodings stay UNDEFINED.
    {
      name: "VCVTB, VCVTT (half-precision to single-precision)",
      enc: 1,
      pattern: "1110 1x11 0010 dddd 1010 h1k0 mmmm",
      exec: x.vcvtHalf,
      asm: "vcvt{bt:h}{c}.f32.f16 {S:d,x}, {S:m,k}",
      arch: "VFPv3HP",
    },
    {
      name: "VCVTB, VCVTT (single-precision to half-precision)",
      enc: 1,
      pattern: "1110 1x11 0011 dddd 1010 h1k0 mmmm",
      exec: x.vcvtHalf,
      asm: "vcvt{bt:h}{c}.f16.f32 {S:d,x}, {S:m,k}",
      arch: "VFPv3HP",
    },
  );
  return defs;
}

// ---- transfers between core and extension registers (A7.8, A7.9) ---------------------------------

const SYSREGS: readonly (readonly [string, string, boolean])[] = [
  ["fpsid", "0000", true],
  ["fpscr", "0001", false],
  ["mvfr1", "0110", true],
  ["mvfr0", "0111", true],
  ["fpexc", "1000", true],
];

function transfers(): Def[] {
  const defs: Def[] = [
    {
      name: "VMOV (ARM core register to single-precision register)",
      enc: 1,
      pattern: "1110 0000 nnnn tttt 1010 yZZ1 ZZZZ",
      exec: x.vmovCoreSingle,
      asm: "vmov{c} {S:n,y}, {R:t}",
      arch: "VFPv2",
      unpredictable: (f, thumb) => badCore(f.t, thumb),
    },
    {
      name: "VMOV (single-precision register to ARM core register)",
      enc: 1,
      pattern: "1110 0001 nnnn tttt 1010 yZZ1 ZZZZ",
      exec: x.vmovCoreSingle,
      asm: "vmov{c} {R:t}, {S:n,y}",
      arch: "VFPv2",
      unpredictable: (f, thumb) => badCore(f.t, thumb),
    },
    {
      name: "VMOV (ARM core register to scalar)",
      enc: 1,
      pattern: "1110 00j0 dddd tttt 1011 x001 ZZZZ",
      exec: x.vmovCoreScalar,
      asm: "vmov{c}.32 {D:d,x}[{num:j}], {R:t}",
      arch: "VFPv2",
      unpredictable: (f, thumb) => badCore(f.t, thumb),
    },
    {
      name: "VMOV (scalar to ARM core register)",
      enc: 1,
      pattern: "1110 00j1 nnnn tttt 1011 y001 ZZZZ",
      exec: x.vmovCoreScalar,
      asm: "vmov{c}.32 {R:t}, {D:n,y}[{num:j}]",
      arch: "VFPv2",
      unpredictable: (f, thumb) => badCore(f.t, thumb),
    },
    {
      name: "VMOV (two ARM core registers to two single-precision registers)",
      enc: 1,
      pattern: "1100 0100 aaaa tttt 1010 00k1 mmmm",
      exec: x.vmovCoreTwo,
      asm: "vmov{c} {S:m,k}, {Snext:m,k}, {R:t}, {R:a}",
      arch: "VFPv2",
      unpredictable: (f, thumb) => badCore(f.t, thumb) || badCore(f.a, thumb) || f.m * 2 + f.k === 31,
    },
    {
      name: "VMOV (two single-precision registers to two ARM core registers)",
      enc: 1,
      pattern: "1100 0101 aaaa tttt 1010 00k1 mmmm",
      exec: x.vmovCoreTwo,
      asm: "vmov{c} {R:t}, {R:a}, {S:m,k}, {Snext:m,k}",
      arch: "VFPv2",
      unpredictable: (f, thumb) => badCore(f.t, thumb) || badCore(f.a, thumb) || f.m * 2 + f.k === 31 || f.t === f.a,
    },
    {
      name: "VMOV (two ARM core registers to doubleword extension register)",
      enc: 1,
      pattern: "1100 0100 aaaa tttt 1011 00k1 mmmm",
      exec: x.vmovCoreTwo,
      asm: "vmov{c} {D:m,k}, {R:t}, {R:a}",
      arch: "VFPv2",
      unpredictable: (f, thumb) => badCore(f.t, thumb) || badCore(f.a, thumb),
    },
    {
      name: "VMOV (doubleword extension register to two ARM core registers)",
      enc: 1,
      pattern: "1100 0101 aaaa tttt 1011 00k1 mmmm",
      exec: x.vmovCoreTwo,
      asm: "vmov{c} {R:t}, {R:a}, {D:m,k}",
      arch: "VFPv2",
      unpredictable: (f, thumb) => badCore(f.t, thumb) || badCore(f.a, thumb) || f.t === f.a,
    },
  ];
  for (const [reg, bits, privileged] of SYSREGS) {
    const fpscr = reg === "fpscr";
    defs.push({
      name: `VMRS (${reg.toUpperCase()})`,
      enc: 1,
      pattern: `1110 1111 ${bits} tttt 1010 ZZZ1 ZZZZ`,
      exec: x.vmrs,
      asm: fpscr ? "vmrs{c} {Rf:t}, fpscr" : `vmrs{c} {R:t}, ${reg}`,
      arch: reg.startsWith("mvfr") ? "VFPv2 (MVFR)" : "VFPv2",
      privileged,
      // Rt = 15 is APSR_nzcv for FPSCR, UNPREDICTABLE for the others (QEMU sets the flags from them).
      unpredictable: (f, thumb) => (thumb && f.t === 13) || (!fpscr && f.t === 15),
    });
    const ignored = reg.startsWith("mvfr");
    defs.push({
      name: `VMSR (${reg.toUpperCase()})`,
      enc: 1,
      pattern: `1110 1110 ${bits} tttt 1010 ZZZ1 ZZZZ`,
      exec: x.vmsr,
      asm: `vmsr{c} ${reg}, {R:t}`,
      arch: "VFPv2",
      privileged,
      // VMSR to an MVFR register is UNPREDICTABLE; like QEMU we ignore the write at PL1.
      unpredictable: (f, thumb) => ignored || badCore(f.t, thumb),
    });
  }
  return defs;
}

// ---- loads and stores (A7.6) -----------------------------------------------------------------------

/**
 * A D-register list that is empty, too long or runs past D31. The D rows fix imm8 bit 0 (odd is
 * FLDMX/FSTMX), so their field i is imm8 DIV 2, the register count.
 */
const badDList = (f: Fields) => f.i === 0 || f.i > 16 || f.x * 16 + f.d + f.i > 32;
const badSList = (f: Fields) => f.i === 0 || f.d * 2 + f.x + f.i > 32;
/** Rn = PC with write-back, or in Thumb at all. */
const badBase = (f: Fields, thumb: boolean) => f.n === 15 && (thumb || f.w === 1);

const PREC = [
  { sz: "0", dt: "f32", d: "{S:d,x}" },
  { sz: "1", dt: "f64", d: "{D:d,x}" },
] as const;

function loadStore(): Def[] {
  const defs: Def[] = [];
  for (const [op, l] of [
    ["vldr", "1"],
    ["vstr", "0"],
  ] as const) {
    for (const p of PREC) {
      defs.push({
        name: `${op.toUpperCase()} (${p.dt})`,
        enc: p.sz === "1" ? 1 : 2,
        pattern: `1101 ux0${l} nnnn dddd 101${p.sz} iiiiiiii`,
        exec: x.vldrVstr,
        asm: `${op}{c} ${p.d}, {vmem:n,u,i}`,
        arch: "VFPv2",
        // VLDR from the PC is the literal form; VSTR to the PC is UNPREDICTABLE in Thumb.
        unpredictable: l === "0" ? (f, thumb) => thumb && f.n === 15 : undefined,
      });
    }
  }
  // Mnemonic and bits 27:20 (P U D W L): P = U = W is UNDEFINED, P = U = W = 0 the 64-bit moves.
  const multiple: [string, string][] = [
    ["vldmia", "1100 1xw1"],
    ["vldmdb", "1101 0x11"],
    ["vstmia", "1100 1xw0"],
    ["vstmdb", "1101 0x10"],
  ];
  for (const [mn, bits] of multiple) {
    const load = mn.startsWith("vldm");
    const db = mn.endsWith("db");
    const wb = db ? "!" : "{!:w}";
    const kind = load ? "VLDM" : "VSTM";
    defs.push(
      {
        name: `${kind} (${db ? "DB" : "IA"}, f32)`,
        enc: 2,
        pattern: `${bits} nnnn dddd 1010 iiiiiiii`,
        exec: x.vldmS,
        asm: `${mn}{c} {R:n}${wb}, {slist:d,x,i}`,
        arch: "VFPv2",
        unpredictable: (f, thumb) => badSList(f) || badBase({ ...f, w: db ? 1 : f.w }, thumb),
      },
      {
        name: `${kind} (${db ? "DB" : "IA"}, f64)`,
        enc: 1,
        pattern: `${bits} nnnn dddd 1011 iiiiiii0`,
        exec: x.vldmD,
        asm: `${mn}{c} {R:n}${wb}, {dlist:d,x,i}`,
        arch: "VFPv2",
        unpredictable: (f, thumb) => badDList(f) || badBase({ ...f, w: db ? 1 : f.w }, thumb),
      },
      {
        // imm8 odd: FLDMX/FSTMX, deprecated; the same transfer with the base moved one word more.
        name: `${load ? "FLDMX" : "FSTMX"} (${db ? "DB" : "IA"})`,
        enc: 1,
        pattern: `${bits} nnnn dddd 1011 iiiiiii1`,
        exec: x.vldmD,
        asm: `${load ? "fldm" : "fstm"}${db ? "db" : "ia"}x{c} {R:n}${wb}, {dlist:d,x,i}`,
        arch: "VFPv2",
        unpredictable: (f, thumb) => badDList(f) || badBase({ ...f, w: db ? 1 : f.w }, thumb),
      },
    );
  }
  for (const [mn, bits] of [
    ["vpush", "1101 0x10 1101"],
    ["vpop", "1100 1x11 1101"],
  ] as const) {
    defs.push(
      {
        name: `${mn.toUpperCase()} (f32)`,
        enc: 2,
        pattern: `${bits} dddd 1010 iiiiiiii`,
        exec: x.vldmS,
        asm: `${mn}{c} {slist:d,x,i}`,
        arch: "VFPv2",
        unpredictable: badSList,
      },
      {
        name: `${mn.toUpperCase()} (f64)`,
        enc: 1,
        pattern: `${bits} dddd 1011 iiiiiii0`,
        exec: x.vldmD,
        asm: `${mn}{c} {dlist:d,x,i}`,
        arch: "VFPv2",
        unpredictable: badDList,
      },
    );
  }
  return defs;
}

const DEFS: readonly Def[] = [...dataProcessing(), ...transfers(), ...loadStore()];

function build(thumb: boolean): Row[] {
  return DEFS.map((d) => {
    const unpredictable = d.unpredictable;
    return {
      name: d.name,
      enc: `${thumb ? "T" : "A"}${d.enc}`,
      pattern: `${thumb ? "1110" : "cccc"} ${d.pattern}`,
      exec: d.exec,
      asm: d.asm,
      arch: d.arch,
      ...(unpredictable ? { unpredictable: (f: Fields) => unpredictable(f, thumb) } : {}),
      ...(d.privileged ? { privileged: true } : {}),
    };
  });
}

/** The VFP rows of the A32 table (appended to the conditional A32 rows by a32/decoder.ts). */
export const VFP_A32_ROWS: readonly EncodingRow<A32Handler>[] = build(false);
/** The same encodings for T32 (appended to the 32-bit Thumb rows by t32/decoder.ts). */
export const VFP_T32_ROWS: readonly EncodingRow<A32Handler>[] = build(true);
