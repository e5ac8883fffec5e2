// Integer arithmetic shared by the A32 and T32 semantics: flag-setting add/subtract, the barrel
// shifter, 64-bit multiply, saturation. Results that do not fit a return value go to cpu scratch
// fields (cpu.shc, cpu.hi/lo) so nothing allocates.
import type { ArmCpu } from "../cpu.js";

/** AddWithCarry(a, b, c) with N, Z, C, V written to the CPU. */
export function addFlags(cpu: ArmCpu, a: number, b: number, c: number): number {
  const res = (a + b + c) | 0;
  cpu.cf = (a >>> 0) + (b >>> 0) + c > 0xffffffff ? 1 : 0;
  cpu.vf = (a ^ res) & (b ^ res);
  cpu.nf = res;
  cpu.zf = res;
  return res;
}

/** a - b with flags (AddWithCarry(a, NOT b, 1)). */
export function subFlags(cpu: ArmCpu, a: number, b: number): number {
  return addFlags(cpu, a, ~b, 1);
}

/** N and Z from a logical result, C from the shifter. */
export function logicFlags(cpu: ArmCpu, res: number, carry: number): void {
  cpu.nf = res;
  cpu.zf = res;
  cpu.cf = carry;
}

/**
 * Shift by an immediate as encoded (DecodeImmShift: LSR/ASR #0 mean #32, ROR #0 is RRX).
 * Carry-out goes to cpu.shc.
 */
export function shiftImm(cpu: ArmCpu, v: number, type: number, imm5: number): number {
  switch (type) {
    case 0:
      if (imm5 === 0) {
        cpu.shc = cpu.cf;
        return v;
      }
      cpu.shc = (v >>> (32 - imm5)) & 1;
      return v << imm5;
    case 1:
      if (imm5 === 0) {
        cpu.shc = v >>> 31;
        return 0;
      }
      cpu.shc = (v >>> (imm5 - 1)) & 1;
      return (v >>> imm5) | 0;
    case 2:
      if (imm5 === 0) {
        cpu.shc = v >>> 31;
        return v >> 31;
      }
      cpu.shc = (v >> (imm5 - 1)) & 1;
      return v >> imm5;
    default:
      if (imm5 === 0) {
        cpu.shc = v & 1;
        return (cpu.cf << 31) | (v >>> 1);
      }
      cpu.shc = (v >>> (imm5 - 1)) & 1;
      return (v >>> imm5) | (v << (32 - imm5));
  }
}

/** Shift by a register amount (bottom byte of Rs). Carry-out goes to cpu.shc. */
export function shiftReg(cpu: ArmCpu, v: number, type: number, amount: number): number {
  const n = amount & 0xff;
  if (n === 0) {
    cpu.shc = cpu.cf;
    return v;
  }
  switch (type) {
    case 0:
      if (n < 32) {
        cpu.shc = (v >>> (32 - n)) & 1;
        return v << n;
      }
      cpu.shc = n === 32 ? v & 1 : 0;
      return 0;
    case 1:
      if (n < 32) {
        cpu.shc = (v >>> (n - 1)) & 1;
        return (v >>> n) | 0;
      }
      cpu.shc = n === 32 ? v >>> 31 : 0;
      return 0;
    case 2:
      if (n < 32) {
        cpu.shc = (v >> (n - 1)) & 1;
        return v >> n;
      }
      cpu.shc = v >>> 31;
      return v >> 31;
    default: {
      const m = n & 31;
      if (m === 0) {
        cpu.shc = v >>> 31;
        return v;
      }
      cpu.shc = (v >>> (m - 1)) & 1;
      return (v >>> m) | (v << (32 - m));
    }
  }
}

export function ror(v: number, n: number): number {
  n &= 31;
  return n === 0 ? v | 0 : (v >>> n) | (v << (32 - n));
}

/** Unsigned 32x32 → 64 multiply into cpu.hi / cpu.lo (uint32 halves). */
export function umul64(cpu: ArmCpu, a: number, b: number): void {
  a >>>= 0;
  b >>>= 0;
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const p11 = a1 * b1;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  cpu.lo = (((mid & 0xffff) << 16) | (p00 & 0xffff)) >>> 0;
  cpu.hi = (p11 + (p01 >>> 16) + (p10 >>> 16) + Math.floor(mid / 65536)) >>> 0;
}

/** Signed 32x32 → 64 multiply into cpu.hi / cpu.lo. */
export function smul64(cpu: ArmCpu, a: number, b: number): void {
  umul64(cpu, a, b);
  let hi = cpu.hi;
  if (a < 0) hi -= b >>> 0;
  if (b < 0) hi -= a >>> 0;
  cpu.hi = hi >>> 0;
}

/** cpu.hi:lo += hi:lo (64-bit, wrapping). */
export function add64(cpu: ArmCpu, hi: number, lo: number): void {
  const l = (cpu.lo >>> 0) + (lo >>> 0);
  cpu.lo = l >>> 0;
  cpu.hi = ((cpu.hi >>> 0) + (hi >>> 0) + (l > 0xffffffff ? 1 : 0)) >>> 0;
}

/** Signed saturation to `bits` (1..32); sets cpu.shc to 1 when it saturated. */
export function signedSat(cpu: ArmCpu, v: number, bits: number): number {
  const max = 2 ** (bits - 1) - 1;
  const min = -(2 ** (bits - 1));
  if (v > max) {
    cpu.shc = 1;
    return max;
  }
  if (v < min) {
    cpu.shc = 1;
    return min;
  }
  cpu.shc = 0;
  return v;
}

/** Unsigned saturation to `bits` (0..31); sets cpu.shc to 1 when it saturated. */
export function unsignedSat(cpu: ArmCpu, v: number, bits: number): number {
  const max = 2 ** bits - 1;
  if (v > max) {
    cpu.shc = 1;
    return max;
  }
  if (v < 0) {
    cpu.shc = 1;
    return 0;
  }
  cpu.shc = 0;
  return v;
}

/** A32 modified immediate (ARMExpandImm_C): carry-out in cpu.shc. */
export function armExpandImm(cpu: ArmCpu, imm12: number): number {
  const rot = (imm12 >>> 7) & 0x1e;
  const v = imm12 & 0xff;
  if (rot === 0) {
    cpu.shc = cpu.cf;
    return v;
  }
  const res = (v >>> rot) | (v << (32 - rot));
  cpu.shc = res >>> 31;
  return res;
}

/** T32 modified immediate (ThumbExpandImm_C): carry-out in cpu.shc. */
export function thumbExpandImm(cpu: ArmCpu, imm12: number): number {
  const imm8 = imm12 & 0xff;
  if (imm12 >>> 10 === 0) {
    cpu.shc = cpu.cf;
    switch ((imm12 >>> 8) & 3) {
      case 0:
        return imm8;
      case 1:
        return (imm8 << 16) | imm8;
      case 2:
        return (imm8 << 24) | (imm8 << 8);
      default:
        return (imm8 << 24) | (imm8 << 16) | (imm8 << 8) | imm8;
    }
  }
  const unrot = 0x80 | (imm12 & 0x7f);
  const n = (imm12 >>> 7) & 31;
  const res = (unrot >>> n) | (unrot << (32 - n));
  cpu.shc = res >>> 31;
  return res;
}

/** Count leading zeros. */
export function clz(v: number): number {
  return Math.clz32(v);
}

export function rbit(v: number): number {
  v = ((v >>> 1) & 0x55555555) | ((v & 0x55555555) << 1);
  v = ((v >>> 2) & 0x33333333) | ((v & 0x33333333) << 2);
  v = ((v >>> 4) & 0x0f0f0f0f) | ((v & 0x0f0f0f0f) << 4);
  v = ((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8);
  return (v >>> 16) | (v << 16);
}
