// Runs batches of VFP instructions through the committed oracle binary under qemu-arm and maps
// each oracle op to the softfloat call that must reproduce it (the "model"). See oracle/oracle.S
// for the record formats and the op numbering.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  FpContext,
  f16ToF32,
  f32Add,
  f32Compare,
  f32Div,
  f32Mul,
  f32MulAdd,
  f32Sqrt,
  f32Sub,
  f32ToF16,
  f32ToF64,
  f32ToFixed,
  f64Add,
  f64Compare,
  f64Div,
  f64Mul,
  f64MulAdd,
  f64Sqrt,
  f64Sub,
  f64ToF32,
  f64ToFixed,
  fixedToF32,
  fixedToF64,
} from "../../src/vfp/softfloat.js";

export const ORACLE_DIR = join(dirname(fileURLToPath(import.meta.url)), "oracle");
export const ORACLE_BINARY = join(ORACLE_DIR, "oracle");

/** Oracle op numbers (oracle.S). Double-precision arithmetic is the single op + 16. */
export const Op = {
  ADD: 0,
  SUB: 1,
  MUL: 2,
  DIV: 3,
  SQRT: 4,
  FMA: 5,
  FMS: 6,
  FNMA: 7,
  FNMS: 8,
  CMP: 9,
  CMPE: 10,
  CMP0: 11,
  CMPE0: 12,
  F64: 16,
  CVT_F64_F32: 32,
  CVT_F32_F64: 33,
  CVTB_F32_F16: 34,
  CVTT_F32_F16: 35,
  CVTB_F16_F32: 36,
  CVTT_F16_F32: 37,
  /** 38..41: VCVT.S32.F32, VCVTR.S32.F32, VCVT.U32.F32, VCVTR.U32.F32; 44..47 from F64. */
  CVT_S32_F32: 38,
  CVT_F32_S32: 42,
  CVT_F32_U32: 43,
  CVT_S32_F64: 44,
  CVT_F64_S32: 48,
  CVT_F64_U32: 49,
  /** 64 + 32 * group + (size - fbits); see fixedOp. */
  FIXED: 64,
} as const;

/**
 * Fixed-point VCVT op: group bit 3 = F64, bit 2 = from fixed (else to fixed), bit 1 = 32-bit
 * (else 16-bit), bit 0 = unsigned.
 */
export function fixedOp(f64: boolean, fromFixed: boolean, size: 16 | 32, unsigned: boolean, fbits: number): number {
  const group = (f64 ? 8 : 0) | (fromFixed ? 4 : 0) | (size === 32 ? 2 : 0) | (unsigned ? 1 : 0);
  return Op.FIXED + group * 32 + (size - fbits);
}

export const RECORD_IN = 32;
export const RECORD_OUT = 16;

/** A batch of input records in the oracle's format. */
export class Batch {
  buf: Buffer;
  count = 0;

  constructor(capacity: number) {
    this.buf = Buffer.alloc(capacity * RECORD_IN);
  }

  push(op: number, fpscr: number, aHi: number, aLo: number, bHi = 0, bLo = 0, cHi = 0, cLo = 0): void {
    if ((this.count + 1) * RECORD_IN > this.buf.length) {
      const grown = Buffer.alloc(this.buf.length * 2);
      this.buf.copy(grown);
      this.buf = grown;
    }
    const o = this.count * RECORD_IN;
    const b = this.buf;
    b.writeUInt32LE(op >>> 0, o);
    b.writeUInt32LE(fpscr >>> 0, o + 4);
    b.writeUInt32LE(aLo >>> 0, o + 8);
    b.writeUInt32LE(aHi >>> 0, o + 12);
    b.writeUInt32LE(bLo >>> 0, o + 16);
    b.writeUInt32LE(bHi >>> 0, o + 20);
    b.writeUInt32LE(cLo >>> 0, o + 24);
    b.writeUInt32LE(cHi >>> 0, o + 28);
    this.count++;
  }

  op(i: number): number {
    return this.buf.readUInt32LE(i * RECORD_IN);
  }
  fpscr(i: number): number {
    return this.buf.readUInt32LE(i * RECORD_IN + 4);
  }
  /** Operand word: k = 0 a, 1 b, 2 c; hi = high word. */
  word(i: number, k: number, hi: boolean): number {
    return this.buf.readUInt32LE(i * RECORD_IN + 8 + k * 8 + (hi ? 4 : 0));
  }
}

/** Runs a batch under qemu-arm (Cortex-A15: VFPv4, ARMv7 semantics); returns its output. */
export function runOracle(batch: Batch): Buffer {
  const input = batch.buf.subarray(0, batch.count * RECORD_IN);
  const r = spawnSync("qemu-arm", ["-cpu", "cortex-a15", ORACLE_BINARY], {
    input,
    maxBuffer: batch.count * RECORD_OUT + 4096,
  });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`qemu-arm oracle exited with ${r.status}: ${r.stderr.toString()}`);
  if (r.stdout.length !== batch.count * RECORD_OUT) {
    throw new Error(`oracle returned ${r.stdout.length} bytes for ${batch.count} records`);
  }
  return r.stdout;
}

/** What one record must produce: the D0 register and FPSCR after the instruction. */
export interface Outcome {
  hi: number;
  lo: number;
  fpscr: number;
}

const SIGN = 0x80000000;
const ctx = new FpContext();

/** Computes with the softfloat module what the oracle's instruction does to d0 and FPSCR. */
export function model(op: number, fpscr: number, a: [number, number], b: [number, number], c: [number, number]) {
  const [aHi, aLo] = a;
  const [bHi, bLo] = b;
  const [cHi, cLo] = c;
  ctx.fpscr = fpscr;
  const out: Outcome = { hi: cHi, lo: cLo, fpscr: 0 };
  const rmode = (fpscr >>> 22) & 3;
  let nzcv = -1;
  const d = () => {
    out.hi = ctx.hi;
    out.lo = ctx.lo;
  };
  if (op < 16) {
    switch (op) {
      case Op.ADD:
        out.lo = f32Add(ctx, aLo, bLo);
        break;
      case Op.SUB:
        out.lo = f32Sub(ctx, aLo, bLo);
        break;
      case Op.MUL:
        out.lo = f32Mul(ctx, aLo, bLo);
        break;
      case Op.DIV:
        out.lo = f32Div(ctx, aLo, bLo);
        break;
      case Op.SQRT:
        out.lo = f32Sqrt(ctx, aLo);
        break;
      // VFMS/VFNMA/VFNMS negate op1 and/or the addend (NaNs included) before the fused op.
      case Op.FMA:
        out.lo = f32MulAdd(ctx, cLo, aLo, bLo);
        break;
      case Op.FMS:
        out.lo = f32MulAdd(ctx, cLo, aLo ^ SIGN, bLo);
        break;
      case Op.FNMA:
        out.lo = f32MulAdd(ctx, cLo ^ SIGN, aLo ^ SIGN, bLo);
        break;
      case Op.FNMS:
        out.lo = f32MulAdd(ctx, cLo ^ SIGN, aLo, bLo);
        break;
      case Op.CMP:
      case Op.CMPE:
        nzcv = f32Compare(ctx, aLo, bLo, op === Op.CMPE);
        break;
      case Op.CMP0:
      case Op.CMPE0:
        nzcv = f32Compare(ctx, aLo, 0, op === Op.CMPE0);
        break;
      default:
        throw new Error(`no model for op ${op}`);
    }
  } else if (op < 32) {
    switch (op - Op.F64) {
      case Op.ADD:
        f64Add(ctx, aHi, aLo, bHi, bLo);
        d();
        break;
      case Op.SUB:
        f64Sub(ctx, aHi, aLo, bHi, bLo);
        d();
        break;
      case Op.MUL:
        f64Mul(ctx, aHi, aLo, bHi, bLo);
        d();
        break;
      case Op.DIV:
        f64Div(ctx, aHi, aLo, bHi, bLo);
        d();
        break;
      case Op.SQRT:
        f64Sqrt(ctx, aHi, aLo);
        d();
        break;
      case Op.FMA:
        f64MulAdd(ctx, cHi, cLo, aHi, aLo, bHi, bLo);
        d();
        break;
      case Op.FMS:
        f64MulAdd(ctx, cHi, cLo, aHi ^ SIGN, aLo, bHi, bLo);
        d();
        break;
      case Op.FNMA:
        f64MulAdd(ctx, cHi ^ SIGN, cLo, aHi ^ SIGN, aLo, bHi, bLo);
        d();
        break;
      case Op.FNMS:
        f64MulAdd(ctx, cHi ^ SIGN, cLo, aHi, aLo, bHi, bLo);
        d();
        break;
      case Op.CMP:
      case Op.CMPE:
        nzcv = f64Compare(ctx, aHi, aLo, bHi, bLo, op - Op.F64 === Op.CMPE);
        break;
      case Op.CMP0:
      case Op.CMPE0:
        nzcv = f64Compare(ctx, aHi, aLo, 0, 0, op - Op.F64 === Op.CMPE0);
        break;
      default:
        throw new Error(`no model for op ${op}`);
    }
  } else if (op < 64) {
    switch (op) {
      case Op.CVT_F64_F32:
        f32ToF64(ctx, aLo);
        d();
        break;
      case Op.CVT_F32_F64:
        out.lo = f64ToF32(ctx, aHi, aLo);
        break;
      case Op.CVTB_F32_F16:
        out.lo = f16ToF32(ctx, aLo & 0xffff);
        break;
      case Op.CVTT_F32_F16:
        out.lo = f16ToF32(ctx, aLo >>> 16);
        break;
      case Op.CVTB_F16_F32:
        out.lo = ((cLo & 0xffff0000) | f32ToF16(ctx, aLo)) >>> 0;
        break;
      case Op.CVTT_F16_F32:
        out.lo = ((cLo & 0xffff) | (f32ToF16(ctx, aLo) << 16)) >>> 0;
        break;
      case 38:
      case 39:
      case 40:
      case 41:
        out.lo = f32ToFixed(ctx, aLo, op < 40, 0, 32, op & 1 ? rmode : 3);
        break;
      case Op.CVT_F32_S32:
      case Op.CVT_F32_U32:
        out.lo = fixedToF32(ctx, aLo, op === Op.CVT_F32_S32, 0, 32, rmode);
        break;
      case 44:
      case 45:
      case 46:
      case 47:
        out.lo = f64ToFixed(ctx, aHi, aLo, op < 46, 0, 32, op & 1 ? rmode : 3);
        break;
      case Op.CVT_F64_S32:
      case Op.CVT_F64_U32:
        fixedToF64(ctx, aLo, op === Op.CVT_F64_S32, 0, 32, rmode);
        d();
        break;
      default:
        throw new Error(`no model for op ${op}`);
    }
  } else {
    const group = (op - Op.FIXED) >>> 5;
    const size = group & 2 ? 32 : 16;
    const fbits = size - ((op - Op.FIXED) & 31);
    const signed = (group & 1) === 0;
    if (group & 8) {
      if (group & 4) {
        // VCVT from fixed-point rounds to nearest whatever FPSCR.RMode says.
        fixedToF64(ctx, cLo, signed, fbits, size, 0);
        d();
      } else {
        // VCVT to fixed-point rounds towards zero; the D register gets the 64-bit extension.
        out.lo = f64ToFixed(ctx, cHi, cLo, signed, fbits, size, 3);
        out.hi = signed ? (out.lo >> 31) >>> 0 : 0;
      }
    } else if (group & 4) {
      out.lo = fixedToF32(ctx, cLo, signed, fbits, size, 0);
    } else {
      out.lo = f32ToFixed(ctx, cLo, signed, fbits, size, 3);
    }
  }
  out.fpscr = nzcv >= 0 ? ((ctx.fpscr & 0x0fffffff) | (nzcv << 28)) >>> 0 : ctx.fpscr >>> 0;
  return out;
}

const hex = (x: number) => (x >>> 0).toString(16).padStart(8, "0");

/**
 * Runs the batch through the oracle and the model; returns descriptions of the first
 * `limit` disagreements (result words or FPSCR) and their total count.
 */
export function compareWithOracle(batch: Batch, limit = 20): { mismatches: string[]; count: number } {
  const out = runOracle(batch);
  const mismatches: string[] = [];
  let count = 0;
  for (let i = 0; i < batch.count; i++) {
    const o = i * RECORD_OUT;
    const op = batch.op(i);
    if (out.readUInt32LE(o + 8) !== op) throw new Error(`record ${i}: oracle answered op ${out.readUInt32LE(o + 8)}`);
    const qLo = out.readUInt32LE(o);
    const qHi = out.readUInt32LE(o + 4);
    const qFpscr = out.readUInt32LE(o + 12);
    const a: [number, number] = [batch.word(i, 0, true), batch.word(i, 0, false)];
    const b: [number, number] = [batch.word(i, 1, true), batch.word(i, 1, false)];
    const c: [number, number] = [batch.word(i, 2, true), batch.word(i, 2, false)];
    const m = model(op, batch.fpscr(i), a, b, c);
    if (m.hi !== qHi || m.lo !== qLo || m.fpscr !== qFpscr) {
      count++;
      if (mismatches.length < limit) {
        mismatches.push(
          `op ${op} fpscr ${hex(batch.fpscr(i))} a ${hex(a[0])}_${hex(a[1])} b ${hex(b[0])}_${hex(b[1])} ` +
            `c ${hex(c[0])}_${hex(c[1])}: qemu ${hex(qHi)}_${hex(qLo)} fpscr ${hex(qFpscr)}, ` +
            `softfloat ${hex(m.hi)}_${hex(m.lo)} fpscr ${hex(m.fpscr)}`,
        );
      }
    }
  }
  return { mismatches, count };
}
