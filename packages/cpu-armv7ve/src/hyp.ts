// The Virtualization Extensions' vocabulary: HCR/HDCR/HCPTR/HSTR bits, HSR exception classes and
// syndrome layouts (ARM ARM B3.13), the trap record a native hypervisor receives, and the checks
// that decide whether a Non-secure PL0/PL1 CP15/CP14 access traps to Hyp mode.

import type { ArmCpu } from "./cpu.js";

/** HCR bits. */
export const HCR = {
  VM: 1 << 0,
  SWIO: 1 << 1,
  PTW: 1 << 2,
  FMO: 1 << 3,
  IMO: 1 << 4,
  AMO: 1 << 5,
  VF: 1 << 6,
  VI: 1 << 7,
  VA: 1 << 8,
  FB: 1 << 9,
  BSU_SHIFT: 10,
  DC: 1 << 12,
  TWI: 1 << 13,
  TWE: 1 << 14,
  TID0: 1 << 15,
  TID1: 1 << 16,
  TID2: 1 << 17,
  TID3: 1 << 18,
  TSC: 1 << 19,
  TIDCP: 1 << 20,
  TAC: 1 << 21,
  TSW: 1 << 22,
  TPC: 1 << 23,
  TPU: 1 << 24,
  TTLB: 1 << 25,
  TVM: 1 << 26,
  TGE: 1 << 27,
} as const;
/** The bits of HCR an ARMv7 core implements. */
export const HCR_MASK = 0x0fffffff;

/** HDCR bits (HPMN is bits 4:0). */
export const HDCR = {
  TPMCR: 1 << 5,
  TPM: 1 << 6,
  HPME: 1 << 7,
  TDE: 1 << 8,
  TDA: 1 << 9,
  TDOSA: 1 << 10,
  TDRA: 1 << 11,
};
/** HCPTR bits (TCPn is bit n). */
export const HCPTR = { TCP10: 1 << 10, TCP11: 1 << 11, TASE: 1 << 15, TTA: 1 << 20, TCPAC: 1 << 31 };
/** HSTR bits (Tn is bit n). */
export const HSTR = { TTEE: 1 << 16, TJDBX: 1 << 17 };
/** SCR bits the Non-secure world depends on. */
export const SCR = { NS: 1 << 0, IRQ: 1 << 1, FIQ: 1 << 2, EA: 1 << 3, SMD: 1 << 7, HCE: 1 << 8 };

/** HSR exception classes (HSR[31:26]). */
export const EC = {
  UNKNOWN: 0x00,
  WFI_WFE: 0x01,
  CP15_32: 0x03,
  CP15_64: 0x04,
  CP14_32: 0x05,
  CP14_LDC_STC: 0x06,
  HCPTR: 0x07,
  CP10_ID: 0x08,
  JAZELLE: 0x09,
  BXJ: 0x0a,
  CP14_64: 0x0c,
  SVC: 0x11,
  HVC: 0x12,
  SMC: 0x13,
  PABT_LOWER: 0x20,
  PABT_HYP: 0x21,
  DABT_LOWER: 0x24,
  DABT_HYP: 0x25,
} as const;

/** Hyp vector offsets (from HVBAR). */
export const HypVector = {
  UNDEF: 0x04,
  CALL: 0x08,
  PABT: 0x0c,
  DABT: 0x10,
  TRAP: 0x14,
  IRQ: 0x18,
  FIQ: 0x1c,
} as const;

/** HSR.IL */
export const HSR_IL = 1 << 25;

export function hsrValue(ec: number, il: boolean, iss: number): number {
  return ((ec << 26) | (il ? HSR_IL : 0) | (iss & 0x1ffffff)) >>> 0;
}

/** ISS[24:20] of the instruction traps: CV = 1 and the condition the instruction executed under. */
export function condField(cpu: ArmCpu, w: number): number {
  let cond: number;
  if (cpu.thumb) cond = cpu.itstate !== 0 ? cpu.itstate >>> 4 : 0xe;
  else cond = w >>> 28 === 0xf ? 0xe : w >>> 28;
  return (1 << 24) | (cond << 20);
}

/** ISS of a trapped MCR/MRC (EC 0x03/0x05/0x09; 0x08 with VMRS). */
export function mcrIss(opc1: number, crn: number, crm: number, opc2: number, rt: number, read: boolean): number {
  return (opc2 << 17) | (opc1 << 14) | (crn << 10) | (rt << 5) | (crm << 1) | (read ? 1 : 0);
}

/** ISS of a trapped MCRR/MRRC (EC 0x04/0x0C). */
export function mcrrIss(opc1: number, crm: number, rt: number, rt2: number, read: boolean): number {
  return (opc1 << 16) | (rt2 << 10) | (rt << 5) | (crm << 1) | (read ? 1 : 0);
}

/** What an exception that enters Hyp mode is: a synchronous trap, or an interrupt routed there. */
export type HypTrapKind = "sync" | "irq" | "fiq" | "abort";

/**
 * The record a native hypervisor receives for each exception that would have entered Hyp mode
 * (one object per core, reused). `hsr` and the fault addresses hold what HSR, HDFAR/HIFAR and
 * HPFAR would; the getters decode the fields a hypervisor needs.
 */
export class HypTrap {
  kind: HypTrapKind = "sync";
  /** HSR (UNKNOWN, 0, for interrupts). */
  hsr = 0;
  /** ELR_hyp: where the guest resumes (the trapped instruction, or the next one for HVC/SVC). */
  returnAddress = 0;
  /** The guest's CPSR when the exception happened (SPSR_hyp). */
  spsr = 0;
  /** HDFAR / HIFAR: the faulting virtual address of an abort. */
  faultAddress = 0;
  /** The faulting intermediate physical address of a stage-2 abort (HPFAR holds bits 39:12). */
  ipa = 0;

  get ec(): number {
    return this.hsr >>> 26;
  }
  /** HSR.IL: the trapped instruction is 32 bits long (false: a 16-bit Thumb instruction). */
  get il(): boolean {
    return (this.hsr & HSR_IL) !== 0;
  }
  get iss(): number {
    return this.hsr & 0x1ffffff;
  }
  /** HVC/SVC immediate. */
  get imm16(): number {
    return this.hsr & 0xffff;
  }
  /** Data abort: the syndrome is valid (a single load/store of a general-purpose register). */
  get isv(): boolean {
    return (this.hsr & (1 << 24)) !== 0;
  }
  /** Data abort: access size in bytes (1, 2, 4). */
  get accessSize(): number {
    return 1 << ((this.hsr >>> 22) & 3);
  }
  /** Data abort: a load sign-extends. */
  get signExtend(): boolean {
    return (this.hsr & (1 << 21)) !== 0;
  }
  /** Data abort: the register transferred; MCR/MRC: Rt. */
  get register(): number {
    return this.ec === EC.DABT_LOWER || this.ec === EC.DABT_HYP ? (this.hsr >>> 16) & 15 : (this.hsr >>> 5) & 15;
  }
  /** Data abort: a write (WnR); MCR/MRC/MCRR/MRRC: Direction = 0. */
  get isWrite(): boolean {
    return this.ec === EC.DABT_LOWER || this.ec === EC.DABT_HYP ? (this.hsr & (1 << 6)) !== 0 : (this.hsr & 1) === 0;
  }
  /** Abort on a stage-1 translation table walk (S1PTW). */
  get s1ptw(): boolean {
    return (this.hsr & (1 << 7)) !== 0;
  }
  /** Fault status code (long-descriptor format) of an abort. */
  get faultStatus(): number {
    return this.hsr & 0x3f;
  }
}

/**
 * A hypervisor written in TypeScript that owns a core's Hyp mode instead of code at HVBAR. Each
 * exception that would enter Hyp mode calls `trap` with the guest's state intact and `cpu.pc` at
 * the return address (ELR_hyp); the hypervisor reads and changes the guest's state through the
 * core, and the guest resumes at `cpu.pc` when `trap` returns (the ERET).
 */
export interface NativeHypervisor {
  trap(cpu: ArmCpu, trap: HypTrap): void;
}

// ---- CP15 / CP14 trap decisions --------------------------------------------------------------------

const K = (opc1: number, crn: number, crm: number, opc2: number) => (opc1 << 12) | (crn << 8) | (crm << 4) | opc2;

/** HCR.TVM: the virtual memory control registers (writes trap). */
const TVM_REGS = new Set([
  K(0, 1, 0, 0), // SCTLR
  K(0, 2, 0, 0), // TTBR0
  K(0, 2, 0, 1), // TTBR1
  K(0, 2, 0, 2), // TTBCR
  K(0, 3, 0, 0), // DACR
  K(0, 5, 0, 0), // DFSR
  K(0, 5, 0, 1), // IFSR
  K(0, 5, 1, 0), // ADFSR
  K(0, 5, 1, 1), // AIFSR
  K(0, 6, 0, 0), // DFAR
  K(0, 6, 0, 2), // IFAR
  K(0, 10, 2, 0), // PRRR / MAIR0
  K(0, 10, 2, 1), // NMRR / MAIR1
  K(0, 10, 3, 0), // AMAIR0
  K(0, 10, 3, 1), // AMAIR1
  K(0, 13, 0, 1), // CONTEXTIDR
]);

const TID1_REGS = new Set([K(0, 0, 0, 2), K(0, 0, 0, 3), K(0, 0, 0, 6), K(1, 0, 0, 7)]);
const TID2_REGS = new Set([K(0, 0, 0, 1), K(1, 0, 0, 0), K(1, 0, 0, 1), K(2, 0, 0, 0)]);
const TSW_REGS = new Set([K(0, 7, 6, 2), K(0, 7, 10, 2), K(0, 7, 14, 2)]);
const TPC_REGS = new Set([K(0, 7, 6, 1), K(0, 7, 10, 1), K(0, 7, 14, 1)]);
const TPU_REGS = new Set([K(0, 7, 5, 0), K(0, 7, 5, 1), K(0, 7, 1, 0), K(0, 7, 11, 1)]);

/** HCR.TIDCP: the lockdown, DMA and TCM space of c9, c10 and c11 (IMPLEMENTATION DEFINED registers). */
function isTidcp(crn: number, crm: number): boolean {
  if (crn === 9) return crm <= 2 || (crm >= 5 && crm <= 8);
  if (crn === 10) return crm === 0 || crm === 1 || crm === 4 || crm === 8;
  if (crn === 11) return crm <= 8 || crm === 15;
  return false;
}

/**
 * Whether a Non-secure PL0/PL1 MCR/MRC to CP15 traps to Hyp mode (ARM ARM B1.14). PL0 accesses
 * that are UNDEFINED at PL0 have been refused before this is asked.
 */
export function cp15Traps(cpu: ArmCpu, opc1: number, crn: number, crm: number, opc2: number, read: boolean): boolean {
  if ((cpu.hstr & (1 << crn)) !== 0 && crn !== 4 && crn !== 14) return true;
  const hcr = cpu.hcr;
  const key = K(opc1, crn, crm, opc2);
  // PMU: HDCR.TPM traps all of it, TPMCR the PMCR.
  if (crn === 9 && opc1 === 0 && crm >= 12) {
    if ((cpu.hdcr & HDCR.TPM) !== 0) return true;
    if (key === K(0, 9, 12, 0) && (cpu.hdcr & HDCR.TPMCR) !== 0) return true;
  }
  if (cpu.pl !== 1) return false;
  if ((cpu.hcptr & HCPTR.TCPAC) !== 0 && key === K(0, 1, 0, 2)) return true; // CPACR
  if (crn === 0) {
    if ((hcr & HCR.TID1) !== 0 && TID1_REGS.has(key)) return true;
    if ((hcr & HCR.TID2) !== 0 && TID2_REGS.has(key)) return true;
    // TID3: the ID registers of c0 (opc1 0, CRm 1-7).
    if ((hcr & HCR.TID3) !== 0 && opc1 === 0 && crm >= 1 && crm <= 7) return true;
    return false;
  }
  if ((hcr & HCR.TVM) !== 0 && !read && TVM_REGS.has(key)) return true;
  if ((hcr & HCR.TAC) !== 0 && key === K(0, 1, 0, 1)) return true;
  if (crn === 7 && opc1 === 0 && !read) {
    if ((hcr & HCR.TSW) !== 0 && TSW_REGS.has(key)) return true;
    if ((hcr & HCR.TPC) !== 0 && TPC_REGS.has(key)) return true;
    if ((hcr & HCR.TPU) !== 0 && TPU_REGS.has(key)) return true;
  }
  if (crn === 8 && opc1 === 0 && (hcr & HCR.TTLB) !== 0) return true;
  if ((hcr & HCR.TIDCP) !== 0 && isTidcp(crn, crm)) return true;
  return false;
}

/** Whether a Non-secure PL0/PL1 MCRR/MRRC to CP15 traps (HSTR.Tn by CRm, HCR.TVM for TTBR writes). */
export function cp15Traps64(cpu: ArmCpu, crm: number, read: boolean): boolean {
  if ((cpu.hstr & (1 << crm)) !== 0 && crm !== 4 && crm !== 14) return true;
  return cpu.pl === 1 && crm === 2 && !read && (cpu.hcr & HCR.TVM) !== 0;
}

/**
 * Whether a Non-secure PL0/PL1 MCR/MRC to CP14 traps, and with which exception class (0 when it
 * does not): ThumbEE (HSTR.TTEE), Jazelle (HCR.TID0 for JIDR, HSTR.TJDBX for JOSCR/JMCR) and the
 * debug registers (HDCR.TDRA/TDOSA/TDA, all three implied by TDE).
 */
export function cp14TrapClass(cpu: ArmCpu, opc1: number, crn: number, crm: number, opc2: number): number {
  if (opc1 === 6) return (cpu.hstr & HSTR.TTEE) !== 0 ? EC.CP14_32 : 0;
  if (opc1 === 7) {
    if (crn === 0) return (cpu.hcr & HCR.TID0) !== 0 ? EC.CP14_32 : 0;
    return (cpu.hstr & HSTR.TJDBX) !== 0 ? EC.JAZELLE : 0;
  }
  if (opc1 !== 0) return 0;
  const hdcr = cpu.hdcr;
  const tde = (hdcr & HDCR.TDE) !== 0;
  // DBGDRAR (c1,c0,0) and DBGDSAR (c2,c0,0).
  if (crm === 0 && opc2 === 0 && (crn === 1 || crn === 2)) return tde || (hdcr & HDCR.TDRA) !== 0 ? EC.CP14_32 : 0;
  // The OS lock and power-down registers: DBGOSLAR, DBGOSLSR, DBGOSDLR, DBGPRCR (c1, CRm 0/1/3/4, opc2 4).
  if (crn === 1 && opc2 === 4) return tde || (hdcr & HDCR.TDOSA) !== 0 ? EC.CP14_32 : 0;
  return tde || (hdcr & HDCR.TDA) !== 0 ? EC.CP14_32 : 0;
}
