// Data-processing, multiply and divide semantics shared by A32 and T32.
import type { ArmCpu } from "../cpu.js";
import { add64, addFlags, smul64, subFlags, umul64 } from "./alu.js";

/** ALU operations, numbered as the A32 opcode field (ORN is T32 only). */
export const AluOp = {
  AND: 0,
  EOR: 1,
  SUB: 2,
  RSB: 3,
  ADD: 4,
  ADC: 5,
  SBC: 6,
  RSC: 7,
  TST: 8,
  TEQ: 9,
  CMP: 10,
  CMN: 11,
  ORR: 12,
  MOV: 13,
  BIC: 14,
  MVN: 15,
  ORN: 16,
} as const;

/** Whether an ALU op only sets flags (no destination). */
export function isTestOp(op: number): boolean {
  return op >= 8 && op <= 11;
}

/**
 * One ALU operation. Logical ops take C from `carry` (the shifter's carry-out); arithmetic ops
 * compute C and V. Flags are written only when `setFlags`.
 */
export function alu(cpu: ArmCpu, op: number, a: number, b: number, carry: number, setFlags: boolean): number {
  let res: number;
  switch (op) {
    case 0:
    case 8:
      res = a & b;
      break;
    case 1:
    case 9:
      res = a ^ b;
      break;
    case 2:
    case 10:
      return setFlags ? subFlags(cpu, a, b) : (a - b) | 0;
    case 3:
      return setFlags ? subFlags(cpu, b, a) : (b - a) | 0;
    case 4:
    case 11:
      return setFlags ? addFlags(cpu, a, b, 0) : (a + b) | 0;
    case 5:
      return setFlags ? addFlags(cpu, a, b, cpu.cf) : (a + b + cpu.cf) | 0;
    case 6:
      return setFlags ? addFlags(cpu, a, ~b, cpu.cf) : (a + ~b + cpu.cf) | 0;
    case 7:
      return setFlags ? addFlags(cpu, b, ~a, cpu.cf) : (b + ~a + cpu.cf) | 0;
    case 12:
      res = a | b;
      break;
    case 13:
      res = b;
      break;
    case 14:
      res = a & ~b;
      break;
    case 15:
      res = ~b;
      break;
    default:
      res = a | ~b;
      break;
  }
  if (setFlags) {
    cpu.nf = res;
    cpu.zf = res;
    cpu.cf = carry;
  }
  return res;
}

/** MUL/MLA (flags N, Z only). */
export function mulAcc(cpu: ArmCpu, a: number, b: number, acc: number, setFlags: boolean): number {
  const res = (Math.imul(a, b) + acc) | 0;
  if (setFlags) {
    cpu.nf = res;
    cpu.zf = res;
  }
  return res;
}

/**
 * Long multiplies: UMULL/UMLAL/SMULL/SMLAL/UMAAL. Result in cpu.hi/lo; flags N, Z from the 64-bit
 * result when `setFlags`.
 */
export function mulLong(
  cpu: ArmCpu,
  signed: boolean,
  a: number,
  b: number,
  accumulate: boolean,
  accHi: number,
  accLo: number,
  setFlags: boolean,
): void {
  if (signed) smul64(cpu, a, b);
  else umul64(cpu, a, b);
  if (accumulate) add64(cpu, accHi, accLo);
  if (setFlags) {
    cpu.nf = cpu.hi | 0;
    cpu.zf = (cpu.hi | cpu.lo) === 0 ? 0 : 1;
  }
}

/** UMAAL: a*b + lo + hi (unsigned), result in cpu.hi/lo. */
export function umaal(cpu: ArmCpu, a: number, b: number, hi: number, lo: number): void {
  umul64(cpu, a, b);
  add64(cpu, 0, lo);
  add64(cpu, 0, hi);
}

/** SDIV / UDIV; division by zero gives 0 (no trap: the A15's SCTLR.DZ does not exist in v7-A). */
export function divide(a: number, b: number, signed: boolean): number {
  if (b === 0) return 0;
  if (signed) {
    if (a === -0x80000000 && b === -1) return -0x80000000;
    return Math.trunc(a / b) | 0;
  }
  return Math.trunc((a >>> 0) / (b >>> 0)) | 0;
}

/** 16x16 signed halves: `top` selects the top halfword. */
export function half(v: number, top: boolean): number {
  return top ? v >> 16 : (v << 16) >> 16;
}

/** SMLA<x><y>/SMUL<x><y> core; sets Q on overflow when accumulating. */
export function smlaHalf(cpu: ArmCpu, a: number, b: number, acc: number, accumulate: boolean): number {
  const p = a * b;
  if (!accumulate) return p | 0;
  const res = p + acc;
  if (res > 0x7fffffff || res < -0x80000000) cpu.q = 1;
  return res | 0;
}

/** SMLAW<y>/SMULW<y>: (a * b16) >> 16, plus acc. */
export function smlaWord(cpu: ArmCpu, a: number, b16: number, acc: number, accumulate: boolean): number {
  const p = Math.floor((a * b16) / 65536); // exact: |a*b16| < 2^47
  if (!accumulate) return p | 0;
  const res = p + acc;
  if (res > 0x7fffffff || res < -0x80000000) cpu.q = 1;
  return res | 0;
}

/** cpu.hi:lo += a signed 64-bit value held in a double (exact below 2^53). */
export function addSigned64(cpu: ArmCpu, v: number): void {
  const hi = Math.floor(v / 2 ** 32);
  const lo = v - hi * 2 ** 32;
  add64(cpu, hi >>> 0, lo >>> 0);
}

/** Signed dual multiply: SMUAD/SMUSD/SMLAD/SMLSD core; returns the sum in a double (exact). */
export function dualProduct(a: number, b: number, exchange: boolean, subtract: boolean): number {
  const bl = exchange ? b >> 16 : (b << 16) >> 16;
  const bh = exchange ? (b << 16) >> 16 : b >> 16;
  const p1 = ((a << 16) >> 16) * bl;
  const p2 = (a >> 16) * bh;
  return subtract ? p1 - p2 : p1 + p2;
}

/** SMMUL/SMMLA/SMMLS: the top word of acc:0 ± a*b, optionally rounded. */
export function mostSignificantMul(
  cpu: ArmCpu,
  a: number,
  b: number,
  acc: number,
  mode: 0 | 1 | 2,
  round: boolean,
): number {
  smul64(cpu, a, b);
  let hi = cpu.hi;
  let lo = cpu.lo;
  if (mode !== 0) {
    // (acc << 32) ± product
    if (mode === 1) {
      hi = (hi + acc) >>> 0;
    } else {
      // acc:0 - hi:lo
      const nlo = (0 - lo) >>> 0;
      const borrow = lo !== 0 ? 1 : 0;
      hi = (acc - hi - borrow) >>> 0;
      lo = nlo;
    }
  }
  if (round && lo >= 0x80000000) hi = (hi + 1) >>> 0;
  return hi | 0;
}
