// A32 branches, status-register access, hints, barriers, exception-generating and coprocessor
// instructions.
import type { ArmCpu } from "../cpu.js";
import { armExpandImm } from "../exec/alu.js";
import {
  branchExchangeJazelle,
  breakpoint,
  changeProcessorState,
  coprocessorTransfer,
  coprocessorTransfer64,
  exceptionReturnEret,
  hypervisorCall,
  readBanked,
  readStatus,
  returnFromException,
  secureMonitorCall,
  storeReturnState,
  writeBanked,
  writeStatus,
} from "../exec/system.js";

export function b(cpu: ArmCpu, w: number): void {
  cpu.pc = (cpu.r[15] + ((w << 8) >> 6)) >>> 0;
}

export function bl(cpu: ArmCpu, w: number): void {
  cpu.r[14] = cpu.curPc + 4;
  cpu.pc = (cpu.r[15] + ((w << 8) >> 6)) >>> 0;
}

/** BLX (immediate): always switches to Thumb; H (bit 24) adds a halfword. */
export function blxImm(cpu: ArmCpu, w: number): void {
  cpu.r[14] = cpu.curPc + 4;
  const target = (cpu.r[15] + ((w << 8) >> 6) + ((w >>> 23) & 2)) >>> 0;
  cpu.setThumb(true);
  cpu.pc = target;
}

export function bx(cpu: ArmCpu, w: number): void {
  cpu.bxTo(cpu.r[w & 15]);
}

/** BXJ (no Jazelle: it behaves as BX, unless HSTR.TJDBX traps it). */
export function bxj(cpu: ArmCpu, w: number): void {
  branchExchangeJazelle(cpu, w & 15, w);
}

export function blxReg(cpu: ArmCpu, w: number): void {
  const target = cpu.r[w & 15];
  cpu.r[14] = cpu.curPc + 4;
  cpu.bxTo(target);
}

export function mrs(cpu: ArmCpu, w: number): void {
  const v = readStatus(cpu, (w & (1 << 22)) !== 0);
  if (v === undefined) return; // SPSR in User/System: UNPREDICTABLE, no effect
  cpu.r[(w >>> 12) & 15] = v;
}

export function msrReg(cpu: ArmCpu, w: number): void {
  writeStatus(cpu, (w & (1 << 22)) !== 0, (w >>> 16) & 15, cpu.r[w & 15]);
}

export function msrImm(cpu: ArmCpu, w: number): void {
  const v = armExpandImm(cpu, w & 0xfff);
  writeStatus(cpu, (w & (1 << 22)) !== 0, (w >>> 16) & 15, v);
}

/** MRS (banked): R bit 22, SYSm = M (bit 8) : m1 [19:16]. */
export function mrsBanked(cpu: ArmCpu, w: number): void {
  const v = readBanked(cpu, (w >>> 22) & 1, (((w >>> 8) & 1) << 4) | ((w >>> 16) & 15));
  if (v === undefined) cpu.undefinedInstruction();
  else cpu.r[(w >>> 12) & 15] = v;
}

export function msrBanked(cpu: ArmCpu, w: number): void {
  if (!writeBanked(cpu, (w >>> 22) & 1, (((w >>> 8) & 1) << 4) | ((w >>> 16) & 15), cpu.r[w & 15]))
    cpu.undefinedInstruction();
}

export function nop(_cpu: ArmCpu, _w: number): void {}

export function wfi(cpu: ArmCpu, w: number): void {
  cpu.waitForInterrupt(w);
}

export function wfe(cpu: ArmCpu, w: number): void {
  cpu.waitForEvent(w);
}

export function sev(cpu: ArmCpu, _w: number): void {
  cpu.sendEvent();
}

export function clrex(cpu: ArmCpu, _w: number): void {
  cpu.clearExclusive();
}

/** CPS: imod [19:18], M bit 17, A/I/F bits 8/7/6, mode [4:0]. */
export function cps(cpu: ArmCpu, w: number): void {
  changeProcessorState(
    cpu,
    (w >>> 18) & 3,
    (w & 0x100) !== 0,
    (w & 0x80) !== 0,
    (w & 0x40) !== 0,
    (w & 0x20000) !== 0,
    w & 31,
  );
}

export function setend(cpu: ArmCpu, w: number): void {
  cpu.setBigEndian((w & (1 << 9)) !== 0);
}

export function svc(cpu: ArmCpu, w: number): void {
  cpu.supervisorCall(w & 0xffffff);
}

export function bkpt(cpu: ArmCpu, _w: number): void {
  breakpoint(cpu);
}

export function hvc(cpu: ArmCpu, w: number): void {
  hypervisorCall(cpu, ((w >>> 4) & 0xfff0) | (w & 15));
}

export function smc(cpu: ArmCpu, w: number): void {
  secureMonitorCall(cpu, w & 15);
}

export function eret(cpu: ArmCpu, _w: number): void {
  exceptionReturnEret(cpu);
}

export function udf(cpu: ArmCpu, _w: number): void {
  cpu.undefinedInstruction();
}

/** SRS: P bit 24, U bit 23, W bit 21, mode [4:0]. */
export function srs(cpu: ArmCpu, w: number): void {
  const p = (w & (1 << 24)) !== 0;
  const u = (w & (1 << 23)) !== 0;
  // DA: P=0 U=0, IA: P=0 U=1, DB: P=1 U=0, IB: P=1 U=1.
  storeReturnState(cpu, w & 31, u, p === u, (w & (1 << 21)) !== 0);
}

export function rfe(cpu: ArmCpu, w: number): void {
  const p = (w & (1 << 24)) !== 0;
  const u = (w & (1 << 23)) !== 0;
  returnFromException(cpu, (w >>> 16) & 15, u, p === u, (w & (1 << 21)) !== 0);
}

/** MCR/MRC: opc1 [23:21], L bit 20, CRn [19:16], Rt [15:12], coproc [11:8], opc2 [7:5], CRm [3:0]. */
export function mcrMrc(cpu: ArmCpu, w: number): void {
  coprocessorTransfer(
    cpu,
    (w >>> 8) & 15,
    (w & (1 << 20)) !== 0,
    (w >>> 21) & 7,
    (w >>> 16) & 15,
    w & 15,
    (w >>> 5) & 7,
    (w >>> 12) & 15,
    w,
  );
}

/** MCRR/MRRC: L bit 20, Rt2 [19:16], Rt [15:12], coproc [11:8], opc1 [7:4], CRm [3:0]. */
export function mcrrMrrc(cpu: ArmCpu, w: number): void {
  coprocessorTransfer64(
    cpu,
    (w >>> 8) & 15,
    (w & (1 << 20)) !== 0,
    (w >>> 4) & 15,
    w & 15,
    (w >>> 12) & 15,
    (w >>> 16) & 15,
    w,
  );
}

/** LDC/STC/CDP and the *2 forms for coprocessors this core does not have (VFP has its own rows). */
export function coprocUndefined(cpu: ArmCpu, _w: number): void {
  cpu.undefinedInstruction();
}

export function undefinedA32(cpu: ArmCpu, _w: number): void {
  cpu.undefinedInstruction();
}
