// 32-bit Thumb branches and miscellaneous control (ARM ARM A6.3.4): B, BL, BLX, MSR/MRS (incl.
// banked), CPS, hints, barriers, BXJ, SUBS PC, LR / ERET, HVC, SMC, UDF. Coprocessor transfers
// share their bit layout with A32 (hw1:hw2 = the low 28 bits of the A32 word) and use a32/system.
import type { ArmCpu } from "../cpu.js";
import {
  branchExchangeJazelle,
  changeProcessorState,
  exceptionReturnEret,
  hypervisorCall,
  readBanked,
  readStatus,
  secureMonitorCall,
  writeBanked,
  writeStatus,
} from "../exec/system.js";
import { Mode } from "../psr.js";

/** B T3 offset: SignExtend(S:J2:J1:imm6:imm11:'0'). */
function offsetT3(w: number): number {
  const s = ((w << 5) >> 31) << 20; // S (bit 26) → bits 31:20
  const j2 = (w & 0x800) << 8; // J2 (bit 11) → 19
  const j1 = (w & 0x2000) << 5; // J1 (bit 13) → 18
  return s | j2 | j1 | ((w >>> 4) & 0x3f000) | ((w & 0x7ff) << 1);
}

/** B T4 / BL offset: SignExtend(S:I1:I2:imm10:imm11:'0') with I1 = NOT(J1 XOR S), I2 = NOT(J2 XOR S). */
function offsetT4(w: number): number {
  const s = (w >>> 26) & 1;
  const i1 = ((w >>> 13) & 1) ^ s ^ 1;
  const i2 = ((w >>> 11) & 1) ^ s ^ 1;
  return (-s << 24) | (i1 << 23) | (i2 << 22) | ((w >>> 4) & 0x3ff000) | ((w & 0x7ff) << 1);
}

/** B T3 (conditional): cond [25:22]; cond 111x belongs to other rows and is UNDEFINED here. */
export function bCondT32(cpu: ArmCpu, w: number): void {
  const cond = (w >>> 22) & 15;
  if (cond >= 14) {
    cpu.undefinedInstruction();
    return;
  }
  if (cpu.condPassed(cond)) cpu.pc = (cpu.r[15] + offsetT3(w)) >>> 0;
}

export function bT32(cpu: ArmCpu, w: number): void {
  cpu.pc = (cpu.r[15] + offsetT4(w)) >>> 0;
}

export function blT32(cpu: ArmCpu, w: number): void {
  cpu.r[14] = (cpu.curPc + 4) | 1;
  cpu.pc = (cpu.r[15] + offsetT4(w)) >>> 0;
}

/** BLX (immediate) T2: to ARM state at Align(PC, 4) + offset (bit 0, H, is 0 by decoding). */
export function blxImmT32(cpu: ArmCpu, w: number): void {
  cpu.r[14] = (cpu.curPc + 4) | 1;
  const target = ((cpu.r[15] & ~3) + (offsetT4(w) & ~3)) | 0;
  cpu.bxTo(target & ~1);
}

/** BXJ: no Jazelle, so it is BX (unless HSTR.TJDBX traps it). */
export function bxjT32(cpu: ArmCpu, w: number): void {
  branchExchangeJazelle(cpu, (w >>> 16) & 15, w);
}

/** MSR (register): R bit 20, Rn [19:16], mask [11:8]. */
export function msrRegT32(cpu: ArmCpu, w: number): void {
  writeStatus(cpu, (w & 0x100000) !== 0, (w >>> 8) & 15, cpu.r[(w >>> 16) & 15]);
}

/**
 * MRS: R bit 20, Rd [11:8]. The SPSR in User/System mode is UNPREDICTABLE: no effect. Reading the
 * CPSR masks out the execution state bits IT, J and T (ARM ARM B9.3.9), which readStatus does not.
 */
export function mrsT32(cpu: ArmCpu, w: number): void {
  const spsr = (w & 0x100000) !== 0;
  const v = readStatus(cpu, spsr);
  if (v !== undefined) cpu.r[(w >>> 8) & 15] = spsr ? v : v & 0xf8ff03df;
}

/** MSR (banked register): R bit 20, Rn [19:16], SYSm = M (bit 4) : m1 [11:8]. */
export function msrBankedT32(cpu: ArmCpu, w: number): void {
  const sysm = ((w & 0x10) << 0) | ((w >>> 8) & 15);
  if (!writeBanked(cpu, (w >>> 20) & 1, sysm, cpu.r[(w >>> 16) & 15])) cpu.undefinedInstruction();
}

/** MRS (banked register): R bit 20, SYSm = M (bit 4) : m1 [19:16], Rd [11:8]. */
export function mrsBankedT32(cpu: ArmCpu, w: number): void {
  const v = readBanked(cpu, (w >>> 20) & 1, (w & 0x10) | ((w >>> 16) & 15));
  if (v === undefined) cpu.undefinedInstruction();
  else cpu.r[(w >>> 8) & 15] = v;
}

/** CPS T2: imod [10:9], M bit 8, A/I/F bits 7/6/5, mode [4:0]. */
export function cpsT32(cpu: ArmCpu, w: number): void {
  changeProcessorState(
    cpu,
    (w >>> 9) & 3,
    (w & 0x80) !== 0,
    (w & 0x40) !== 0,
    (w & 0x20) !== 0,
    (w & 0x100) !== 0,
    w & 31,
  );
}

/**
 * SUBS PC, LR, #imm8 (imm8 != 0; ERET is the imm8 = 0 row): an exception return to LR - imm8.
 * UNDEFINED in Hyp mode; in User/System mode (no SPSR, UNPREDICTABLE) it is a plain branch, as
 * the A32 data-processing forms do.
 */
export function subsPcLr(cpu: ArmCpu, w: number): void {
  if (cpu.mode === Mode.HYP) {
    cpu.undefinedInstruction();
    return;
  }
  const target = (cpu.r[14] - (w & 0xff)) | 0;
  const spsr = cpu.currentSpsr;
  if (spsr === undefined) cpu.branchTo(target);
  else cpu.exceptionReturn(target, spsr);
}

export function eretT32(cpu: ArmCpu, _w: number): void {
  exceptionReturnEret(cpu);
}

/** HVC: imm16 = imm4 [19:16] : imm12 [11:0]. */
export function hvcT32(cpu: ArmCpu, w: number): void {
  hypervisorCall(cpu, ((w >>> 4) & 0xf000) | (w & 0xfff));
}

/** SMC: imm4 [19:16]. */
export function smcT32(cpu: ArmCpu, w: number): void {
  secureMonitorCall(cpu, (w >>> 16) & 15);
}

export function udfT32(cpu: ArmCpu, _w: number): void {
  cpu.undefinedInstruction();
}

/** Index 0 of the handler tables, coprocessor encodings without a coprocessor (CDP/LDC/STC, VFP without the VFP rows). */
export function undefinedThumb(cpu: ArmCpu, _w: number): void {
  cpu.undefinedInstruction();
}
