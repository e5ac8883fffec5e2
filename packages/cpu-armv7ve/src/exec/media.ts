// Media instructions shared by A32 and T32: parallel add/subtract, saturation, packing,
// extension, select, sum of absolute differences.
import type { ArmCpu } from "../cpu.js";

/** Parallel add/subtract prefixes. */
export const Prefix = { S: 0, Q: 1, SH: 2, U: 3, UQ: 4, UH: 5 } as const;
/** Parallel add/subtract operations. */
export const ParOp = { ADD16: 0, ASX: 1, SAX: 2, SUB16: 3, ADD8: 4, SUB8: 5 } as const;

function sat16s(v: number): number {
  return v > 0x7fff ? 0x7fff : Math.max(v, -0x8000);
}
function sat16u(v: number): number {
  return v > 0xffff ? 0xffff : Math.max(v, 0);
}
function sat8s(v: number): number {
  return v > 0x7f ? 0x7f : Math.max(v, -0x80);
}
function sat8u(v: number): number {
  return v > 0xff ? 0xff : Math.max(v, 0);
}

/**
 * SADD16 ... UHSUB8. `prefix` and `op` as in Prefix/ParOp. S and U forms set GE (cpu.ge).
 */
export function parallel(cpu: ArmCpu, prefix: number, op: number, a: number, b: number): number {
  const signed = prefix <= 2;
  if (op <= 3) {
    const al = signed ? (a << 16) >> 16 : a & 0xffff;
    const ah = signed ? a >> 16 : a >>> 16;
    const bl = signed ? (b << 16) >> 16 : b & 0xffff;
    const bh = signed ? b >> 16 : b >>> 16;
    let lo: number;
    let hi: number;
    switch (op) {
      case 0:
        lo = al + bl;
        hi = ah + bh;
        break;
      case 1: // ASX: lo = a.lo - b.hi, hi = a.hi + b.lo
        lo = al - bh;
        hi = ah + bl;
        break;
      case 2: // SAX: lo = a.lo + b.hi, hi = a.hi - b.lo
        lo = al + bh;
        hi = ah - bl;
        break;
      default:
        lo = al - bl;
        hi = ah - bh;
        break;
    }
    switch (prefix) {
      case 0:
        cpu.ge = (lo >= 0 ? 3 : 0) | (hi >= 0 ? 12 : 0);
        break;
      case 3: {
        // Unsigned: GE means "no borrow" for a subtraction, "carry" for an addition.
        const geLo = op === 0 || op === 2 ? lo >= 0x10000 : lo >= 0;
        const geHi = op === 0 || op === 1 ? hi >= 0x10000 : hi >= 0;
        cpu.ge = (geLo ? 3 : 0) | (geHi ? 12 : 0);
        break;
      }
      case 1:
        lo = sat16s(lo);
        hi = sat16s(hi);
        break;
      case 4:
        lo = sat16u(lo);
        hi = sat16u(hi);
        break;
      default:
        lo >>= 1;
        hi >>= 1;
        break;
    }
    return ((hi & 0xffff) << 16) | (lo & 0xffff);
  }
  let res = 0;
  let ge = 0;
  for (let i = 0; i < 4; i++) {
    const sh = 8 * i;
    const x = signed ? (a << (24 - sh)) >> 24 : (a >>> sh) & 0xff;
    const y = signed ? (b << (24 - sh)) >> 24 : (b >>> sh) & 0xff;
    let v = op === 4 ? x + y : x - y;
    switch (prefix) {
      case 0:
        if (v >= 0) ge |= 1 << i;
        break;
      case 3:
        if (op === 4 ? v >= 0x100 : v >= 0) ge |= 1 << i;
        break;
      case 1:
        v = sat8s(v);
        break;
      case 4:
        v = sat8u(v);
        break;
      default:
        v >>= 1;
        break;
    }
    res |= (v & 0xff) << sh;
  }
  if (prefix === 0 || prefix === 3) cpu.ge = ge;
  return res;
}

/** QADD/QSUB/QDADD/QDSUB: signed saturating, Q set on saturation. */
export function qaddsub(cpu: ArmCpu, a: number, b: number, subtract: boolean, double: boolean): number {
  if (double) {
    const d = b * 2;
    if (d > 0x7fffffff) {
      b = 0x7fffffff;
      cpu.q = 1;
    } else if (d < -0x80000000) {
      b = -0x80000000;
      cpu.q = 1;
    } else b = d;
  }
  const v = subtract ? a - b : a + b;
  if (v > 0x7fffffff) {
    cpu.q = 1;
    return 0x7fffffff;
  }
  if (v < -0x80000000) {
    cpu.q = 1;
    return -0x80000000;
  }
  return v;
}

/** SSAT/USAT on a shifted operand (Q set on saturation). `bits` is the saturate-to width. */
export function saturate(cpu: ArmCpu, v: number, bits: number, unsigned: boolean): number {
  if (unsigned) {
    const max = 2 ** bits - 1;
    if (v > max) {
      cpu.q = 1;
      return max;
    }
    if (v < 0) {
      cpu.q = 1;
      return 0;
    }
    return v;
  }
  const max = 2 ** (bits - 1) - 1;
  const min = -(2 ** (bits - 1));
  if (v > max) {
    cpu.q = 1;
    return max | 0;
  }
  if (v < min) {
    cpu.q = 1;
    return min | 0;
  }
  return v;
}

/** SSAT16/USAT16. */
export function saturate16(cpu: ArmCpu, v: number, bits: number, unsigned: boolean): number {
  const lo = saturate(cpu, (v << 16) >> 16, bits, unsigned);
  const hi = saturate(cpu, v >> 16, bits, unsigned);
  return ((hi & 0xffff) << 16) | (lo & 0xffff);
}

/** SEL: bytes from a where GE[i] is set, else from b. */
export function select(ge: number, a: number, b: number): number {
  let mask = 0;
  if (ge & 1) mask |= 0xff;
  if (ge & 2) mask |= 0xff00;
  if (ge & 4) mask |= 0xff0000;
  if (ge & 8) mask |= 0xff000000;
  return (a & mask) | (b & ~mask);
}

/** USAD8 (+ acc for USADA8). */
export function usad8(a: number, b: number, acc: number): number {
  let s = acc;
  for (let i = 0; i < 32; i += 8) s += Math.abs(((a >>> i) & 0xff) - ((b >>> i) & 0xff));
  return s | 0;
}

/**
 * SXTB/SXTH/UXTB/UXTH/SXTB16/UXTB16 with optional add (SXTAB etc.). `v` is already rotated.
 * kind: 0 = byte, 1 = halfword, 2 = two bytes (B16).
 */
export function extend(v: number, kind: number, signed: boolean, add: number): number {
  switch (kind) {
    case 0:
      return (add + (signed ? (v << 24) >> 24 : v & 0xff)) | 0;
    case 1:
      return (add + (signed ? (v << 16) >> 16 : v & 0xffff)) | 0;
    default: {
      const lo = signed ? (v << 24) >> 24 : v & 0xff;
      const hi = signed ? (v << 8) >> 24 : (v >>> 16) & 0xff;
      const rlo = (add + lo) & 0xffff;
      const rhi = ((add >>> 16) + hi) & 0xffff;
      return (rhi << 16) | rlo;
    }
  }
}

export function rev(v: number): number {
  return ((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24);
}

export function rev16(v: number): number {
  return ((v & 0x00ff00ff) << 8) | ((v >>> 8) & 0x00ff00ff);
}

export function revsh(v: number): number {
  return (((v & 0xff) << 24) >> 16) | ((v >>> 8) & 0xff);
}

/** UBFX/SBFX. */
export function bitfieldExtract(v: number, lsb: number, width: number, signed: boolean): number {
  if (signed) return (v << (32 - lsb - width)) >> (32 - width);
  return width === 32 ? v : (v >>> lsb) & (2 ** width - 1);
}

/** BFI/BFC: insert the low bits of `src` into `dst` at [msb:lsb]. */
export function bitfieldInsert(dst: number, src: number, lsb: number, msb: number): number {
  const width = msb - lsb + 1;
  const mask = (width === 32 ? -1 : ((1 << width) - 1) << lsb) | 0;
  return (dst & ~mask) | ((src << lsb) & mask);
}
