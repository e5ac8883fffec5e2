// CP15 system registers of the non-secure PL1&0 view a Linux kernel (or a guest under a
// hypervisor) uses, and the CP14 debug ID registers it probes. Reads return undefined and writes
// false for an access that is UNDEFINED (unknown register, or not allowed at the current PL).
import type { ArmCpu, TimerReg32, TimerReg64 } from "./cpu.js";
import { Fault, faultStatus, Perm, WalkResult, walk } from "./mmu.js";

/** Packs an MRC/MCR register selector. */
export function sysKey(opc1: number, crn: number, crm: number, opc2: number): number {
  return (opc1 << 12) | (crn << 8) | (crm << 4) | opc2;
}

const K = sysKey;

const TIMER32: Readonly<Record<number, TimerReg32>> = {
  [K(0, 14, 0, 0)]: "CNTFRQ",
  [K(0, 14, 1, 0)]: "CNTKCTL",
  [K(0, 14, 2, 0)]: "CNTP_TVAL",
  [K(0, 14, 2, 1)]: "CNTP_CTL",
  [K(0, 14, 3, 0)]: "CNTV_TVAL",
  [K(0, 14, 3, 1)]: "CNTV_CTL",
  [K(4, 14, 1, 0)]: "CNTHCTL",
  [K(4, 14, 2, 0)]: "CNTHP_TVAL",
  [K(4, 14, 2, 1)]: "CNTHP_CTL",
};

/** MCRR/MRRC c14: opc1 → 64-bit timer register. */
const TIMER64: readonly (TimerReg64 | undefined)[] = [
  "CNTPCT",
  "CNTVCT",
  "CNTP_CVAL",
  "CNTV_CVAL",
  "CNTVOFF",
  undefined,
  "CNTHP_CVAL",
];

const timerOut = new Uint32Array(2);

/** Registers readable at PL0. */
function pl0Readable(cpu: ArmCpu, key: number): boolean {
  switch (key) {
    case K(0, 13, 0, 2): // TPIDRURW
    case K(0, 13, 0, 3): // TPIDRURO
      return true;
    default:
      if (key >>> 8 === 9 && (key & 0xf0) >= 0xc0) return (cpu.pmuserenr & 1) !== 0; // PMU c9, c12-c14
      return TIMER32[key] !== undefined; // the timer decides with CNTKCTL
  }
}

function pl0Writable(cpu: ArmCpu, key: number): boolean {
  switch (key) {
    case K(0, 13, 0, 2): // TPIDRURW
    case K(0, 7, 5, 4): // CP15ISB
    case K(0, 7, 10, 4): // CP15DSB
    case K(0, 7, 10, 5): // CP15DMB
      return true;
    default:
      if (key >>> 8 === 9 && (key & 0xf0) >= 0xc0) return (cpu.pmuserenr & 1) !== 0;
      return TIMER32[key] !== undefined;
  }
}

export function cp15Read(cpu: ArmCpu, opc1: number, crn: number, crm: number, opc2: number): number | undefined {
  const key = K(opc1, crn, crm, opc2);
  const pl = cpu.pl;
  if (pl === 0 && !pl0Readable(cpu, key)) return undefined;
  const id = cpu.identity;
  switch (key) {
    case K(0, 0, 0, 0):
    case K(0, 0, 0, 4):
    case K(0, 0, 0, 7):
      return id.midr;
    case K(0, 0, 0, 1):
      return id.ctr;
    case K(0, 0, 0, 2): // TCMTR
    case K(0, 0, 0, 3): // TLBTR: unified TLB
      return 0;
    case K(0, 0, 0, 5):
      return cpu.mpidr;
    case K(0, 0, 0, 6):
      return id.revidr;
    case K(0, 0, 1, 0):
      return id.idPfr0;
    case K(0, 0, 1, 1):
      return id.idPfr1;
    case K(0, 0, 1, 2):
      return id.idDfr0;
    case K(0, 0, 1, 3):
      return id.idAfr0;
    case K(0, 0, 1, 4):
    case K(0, 0, 1, 5):
    case K(0, 0, 1, 6):
    case K(0, 0, 1, 7):
      return id.idMmfr[opc2 - 4];
    case K(1, 0, 0, 0):
      return id.ccsidr[cpu.csselr] ?? 0;
    case K(1, 0, 0, 1):
      return id.clidr;
    case K(1, 0, 0, 7):
      return id.aidr;
    case K(2, 0, 0, 0):
      return cpu.csselr;
    case K(0, 1, 0, 0):
      return cpu.sctlr;
    case K(0, 1, 0, 1):
      return cpu.actlr;
    case K(0, 1, 0, 2):
      return cpu.cpacr;
    case K(0, 1, 1, 2): // NSACR: CP10/CP11 usable from Non-secure state
      return 0x00000c00;
    case K(0, 2, 0, 0):
      return cpu.ttbr0Lo;
    case K(0, 2, 0, 1):
      return cpu.ttbr1Lo;
    case K(0, 2, 0, 2):
      return cpu.ttbcr;
    case K(0, 3, 0, 0):
      return cpu.dacr;
    case K(0, 5, 0, 0):
      return cpu.dfsr;
    case K(0, 5, 0, 1):
      return cpu.ifsr;
    case K(0, 5, 1, 0):
      return cpu.adfsr;
    case K(0, 5, 1, 1):
      return cpu.aifsr;
    case K(0, 6, 0, 0):
      return cpu.dfar;
    case K(0, 6, 0, 2):
      return cpu.ifar;
    case K(0, 7, 4, 0):
      return cpu.parLo;
    case K(0, 9, 12, 0):
      return cpu.pmcr;
    case K(0, 9, 12, 1):
    case K(0, 9, 12, 2):
      return cpu.pmcntenset;
    case K(0, 9, 12, 3):
    case K(0, 9, 14, 3):
      return cpu.pmovsr;
    case K(0, 9, 12, 5):
      return cpu.pmselr;
    case K(0, 9, 12, 6): // PMCEID0: cycles, instructions retired
      return 0x00000101;
    case K(0, 9, 12, 7):
      return 0;
    case K(0, 9, 13, 0):
      return cycleCount(cpu);
    case K(0, 9, 13, 1):
      return cpu.pmselr < 6 ? cpu.pmevtyper[cpu.pmselr] : 0;
    case K(0, 9, 13, 2):
      return cpu.pmselr < 6 ? cpu.pmevcntr[cpu.pmselr] : 0;
    case K(0, 9, 14, 0):
      return cpu.pmuserenr;
    case K(0, 9, 14, 1):
    case K(0, 9, 14, 2):
      return cpu.pmintenset;
    case K(1, 9, 0, 2):
      return cpu.l2ctlr;
    case K(1, 9, 0, 3):
      return cpu.l2ectlr;
    case K(0, 10, 2, 0):
      return cpu.prrr;
    case K(0, 10, 2, 1):
      return cpu.nmrr;
    case K(0, 10, 3, 0):
      return cpu.amair0;
    case K(0, 10, 3, 1):
      return cpu.amair1;
    case K(0, 12, 0, 0):
      return cpu.vbar;
    case K(0, 12, 1, 0): // ISR: pending A, I, F
      return (cpu.irqLevel ? 1 << 7 : 0) | (cpu.fiqLevel ? 1 << 6 : 0);
    case K(0, 13, 0, 0): // FCSEIDR: FCSE not implemented
      return 0;
    case K(0, 13, 0, 1):
      return cpu.contextidr;
    case K(0, 13, 0, 2):
      return cpu.tpidrurw;
    case K(0, 13, 0, 3):
      return cpu.tpidruro;
    case K(0, 13, 0, 4):
      return cpu.tpidrprw;
    case K(4, 15, 0, 0):
      return cpu.cbar;
  }
  if (crn === 0 && opc1 === 0 && crm === 2 && opc2 <= 5) return id.idIsar[opc2];
  // The rest of the ID space (c0, c1-c7) reads as zero.
  if (crn === 0 && opc1 === 0 && crm >= 1 && crm <= 7) return 0;
  const timerReg = TIMER32[key];
  if (timerReg !== undefined && cpu.timer !== undefined) return cpu.timer.read32(timerReg, pl);
  cpu.unimplemented(`MRC p15, ${opc1}, c${crn}, c${crm}, ${opc2}`);
  return undefined;
}

export function cp15Write(cpu: ArmCpu, opc1: number, crn: number, crm: number, opc2: number, value: number): boolean {
  const key = K(opc1, crn, crm, opc2);
  const pl = cpu.pl;
  if (pl === 0 && !pl0Writable(cpu, key)) return false;
  value >>>= 0;
  switch (key) {
    case K(2, 0, 0, 0):
      cpu.csselr = value & 0xf;
      return true;
    case K(0, 1, 0, 0):
      // Writable: M A C CP15BEN SW Z I V WXN UWXN EE TRE AFE TE; the rest reads as the A15 fixes it.
      cpu.sctlr = ((value & 0x72183c27) | 0x00c50058) >>> 0;
      cpu.flushTlb();
      return true;
    case K(0, 1, 0, 1):
      cpu.actlr = value;
      return true;
    case K(0, 1, 0, 2):
      // cp10/cp11 access bits [23:20]; ASEDIS reads as one (no Advanced SIMD); D32DIS as zero.
      cpu.cpacr = (value & 0x00f00000) | 0x80000000;
      return true;
    case K(0, 2, 0, 0):
      cpu.ttbr0Lo = value;
      cpu.flushTlb();
      return true;
    case K(0, 2, 0, 1):
      cpu.ttbr1Lo = value;
      cpu.flushTlb();
      return true;
    case K(0, 2, 0, 2):
      cpu.ttbcr = value & ((value & 0x80000000) !== 0 ? 0xbfffff87 : 0x80000037);
      cpu.flushTlb();
      return true;
    case K(0, 3, 0, 0):
      cpu.dacr = value;
      cpu.flushTlb();
      return true;
    case K(0, 5, 0, 0):
      cpu.dfsr = value;
      return true;
    case K(0, 5, 0, 1):
      cpu.ifsr = value;
      return true;
    case K(0, 5, 1, 0):
      cpu.adfsr = value;
      return true;
    case K(0, 5, 1, 1):
      cpu.aifsr = value;
      return true;
    case K(0, 6, 0, 0):
      cpu.dfar = value;
      return true;
    case K(0, 6, 0, 2):
      cpu.ifar = value;
      return true;
    case K(0, 7, 4, 0):
      cpu.parLo = value;
      cpu.parHi = 0;
      return true;
    // Cache and branch predictor maintenance: nothing is cached but decoded encodings, which are keyed by value.
    case K(0, 7, 1, 0):
    case K(0, 7, 1, 6):
    case K(0, 7, 5, 0):
    case K(0, 7, 5, 1):
    case K(0, 7, 5, 6):
    case K(0, 7, 5, 7):
    case K(0, 7, 6, 1):
    case K(0, 7, 6, 2):
    case K(0, 7, 10, 1):
    case K(0, 7, 10, 2):
    case K(0, 7, 11, 1):
    case K(0, 7, 14, 1):
    case K(0, 7, 14, 2):
      return true;
    // Barriers (CP15 forms).
    case K(0, 7, 5, 4):
    case K(0, 7, 10, 4):
    case K(0, 7, 10, 5):
      return true;
    // Address translation: ATS1CPR, ATS1CPW, ATS1CUR, ATS1CUW.
    case K(0, 7, 8, 0):
    case K(0, 7, 8, 1):
    case K(0, 7, 8, 2):
    case K(0, 7, 8, 3):
      addressTranslate(cpu, value, (opc2 & 1) !== 0, (opc2 & 2) !== 0);
      return true;
    // TLB maintenance (inner-shareable forms are broadcast by the machine through onTlbBroadcast).
    case K(0, 8, 3, 0):
    case K(0, 8, 3, 2):
      cpu.flushTlb();
      cpu.onTlbBroadcast?.(-1);
      return true;
    case K(0, 8, 3, 1):
    case K(0, 8, 3, 3):
      cpu.flushTlbPage(value);
      cpu.onTlbBroadcast?.(value);
      return true;
    case K(0, 8, 5, 0):
    case K(0, 8, 6, 0):
    case K(0, 8, 7, 0):
    case K(0, 8, 5, 2):
    case K(0, 8, 6, 2):
    case K(0, 8, 7, 2):
      cpu.flushTlb();
      return true;
    case K(0, 8, 5, 1):
    case K(0, 8, 6, 1):
    case K(0, 8, 7, 1):
    case K(0, 8, 7, 3):
      cpu.flushTlbPage(value);
      return true;
    case K(0, 9, 12, 0):
      if (value & 4) cpu.pmccntrBase = cpu.instructions; // C: reset cycle counter
      cpu.pmcr = (cpu.pmcr & ~0x3f) | (value & 0x39);
      return true;
    case K(0, 9, 12, 1):
      cpu.pmcntenset |= value & 0x8000003f;
      return true;
    case K(0, 9, 12, 2):
      cpu.pmcntenset &= ~value;
      return true;
    case K(0, 9, 12, 3):
      cpu.pmovsr &= ~value;
      return true;
    case K(0, 9, 14, 3):
      cpu.pmovsr |= value & 0x8000003f;
      return true;
    case K(0, 9, 12, 4): // PMSWINC
      return true;
    case K(0, 9, 12, 5):
      cpu.pmselr = value & 0x1f;
      return true;
    case K(0, 9, 13, 0):
      cpu.pmccntrBase = cpu.instructions - value;
      return true;
    case K(0, 9, 13, 1):
      if (cpu.pmselr < 6) cpu.pmevtyper[cpu.pmselr] = value & 0xff;
      return true;
    case K(0, 9, 13, 2):
      if (cpu.pmselr < 6) cpu.pmevcntr[cpu.pmselr] = value;
      return true;
    case K(0, 9, 14, 0):
      if (pl === 0) return false;
      cpu.pmuserenr = value & 1;
      return true;
    case K(0, 9, 14, 1):
      cpu.pmintenset |= value & 0x8000003f;
      return true;
    case K(0, 9, 14, 2):
      cpu.pmintenset &= ~value;
      return true;
    case K(1, 9, 0, 2):
      return true; // L2CTLR: read-only fields from NS
    case K(1, 9, 0, 3):
      cpu.l2ectlr = value;
      return true;
    case K(0, 10, 2, 0):
      cpu.prrr = value;
      cpu.flushTlb();
      return true;
    case K(0, 10, 2, 1):
      cpu.nmrr = value;
      cpu.flushTlb();
      return true;
    case K(0, 10, 3, 0):
      cpu.amair0 = value;
      return true;
    case K(0, 10, 3, 1):
      cpu.amair1 = value;
      return true;
    case K(0, 12, 0, 0):
      cpu.vbar = value & ~0x1f;
      return true;
    case K(0, 13, 0, 0):
      return true;
    case K(0, 13, 0, 1):
      cpu.contextidr = value;
      cpu.flushTlb();
      return true;
    case K(0, 13, 0, 2):
      cpu.tpidrurw = value;
      return true;
    case K(0, 13, 0, 3):
      cpu.tpidruro = value;
      return true;
    case K(0, 13, 0, 4):
      cpu.tpidrprw = value;
      return true;
  }
  const timerReg = TIMER32[key];
  if (timerReg !== undefined && cpu.timer !== undefined) return cpu.timer.write32(timerReg, value, pl);
  cpu.unimplemented(`MCR p15, ${opc1}, c${crn}, c${crm}, ${opc2}`);
  return false;
}

/** MRRC p15: result in cpu.lo / cpu.hi. */
export function cp15Read64(cpu: ArmCpu, opc1: number, crm: number): boolean {
  const pl = cpu.pl;
  if (crm === 14) {
    const reg = TIMER64[opc1];
    if (reg === undefined || cpu.timer === undefined) return false;
    if (!cpu.timer.read64(reg, pl, timerOut)) return false;
    cpu.lo = timerOut[0];
    cpu.hi = timerOut[1];
    return true;
  }
  if (pl === 0) return false;
  if (crm === 2 && opc1 === 0) {
    cpu.lo = cpu.ttbr0Lo;
    cpu.hi = cpu.ttbr0Hi;
    return true;
  }
  if (crm === 2 && opc1 === 1) {
    cpu.lo = cpu.ttbr1Lo;
    cpu.hi = cpu.ttbr1Hi;
    return true;
  }
  if (crm === 7 && opc1 === 0) {
    cpu.lo = cpu.parLo;
    cpu.hi = cpu.parHi;
    return true;
  }
  cpu.unimplemented(`MRRC p15, ${opc1}, c${crm}`);
  return false;
}

export function cp15Write64(cpu: ArmCpu, opc1: number, crm: number, lo: number, hi: number): boolean {
  const pl = cpu.pl;
  if (crm === 14) {
    const reg = TIMER64[opc1];
    if (reg === undefined || cpu.timer === undefined) return false;
    return cpu.timer.write64(reg, lo >>> 0, hi >>> 0, pl);
  }
  if (pl === 0) return false;
  if (crm === 2 && opc1 <= 1) {
    // BADDR[39:x] and ASID[55:48].
    if (opc1 === 0) {
      cpu.ttbr0Lo = lo >>> 0;
      cpu.ttbr0Hi = hi & 0x00ff00ff;
    } else {
      cpu.ttbr1Lo = lo >>> 0;
      cpu.ttbr1Hi = hi & 0x00ff00ff;
    }
    cpu.flushTlb();
    return true;
  }
  if (crm === 7 && opc1 === 0) {
    cpu.parLo = lo >>> 0;
    cpu.parHi = hi >>> 0;
    return true;
  }
  cpu.unimplemented(`MCRR p15, ${opc1}, c${crm}`);
  return false;
}

function cycleCount(cpu: ArmCpu): number {
  return (cpu.instructions - cpu.pmccntrBase) >>> 0;
}

const atsResult = new WalkResult();

/** ATS1C{P,U}{R,W}: translate `va` as PL1/PL0 read/write would, result in PAR (no exception). */
function addressTranslate(cpu: ArmCpu, va: number, write: boolean, user: boolean): void {
  walk(cpu, cpu, va, atsResult);
  const res = atsResult;
  let kind = res.fault;
  if (kind === Fault.NONE) {
    const need = write ? (user ? Perm.PL0_W : Perm.PL1_W) : user ? Perm.PL0_R : Perm.PL1_R;
    if ((res.perms & need) === 0) kind = Fault.PERMISSION;
  }
  const lpae = (cpu.ttbcr & 0x80000000) !== 0;
  if (lpae) {
    if (kind === Fault.NONE) {
      const attr = (res.attrs < 4 ? cpu.prrr >>> (8 * res.attrs) : cpu.nmrr >>> (8 * (res.attrs - 4))) & 0xff;
      cpu.parLo = (((res.pa % 2 ** 32) & 0xfffff000) | (1 << 11) | (1 << 9) | (res.shareable ? 3 << 7 : 0)) >>> 0;
      cpu.parHi = (Math.floor(res.pa / 2 ** 32) & 0xff) | (attr << 24);
    } else {
      const fsr = faultStatus(kind, res.level, 0, true) & 0x3f;
      cpu.parLo = (1 | (fsr << 1) | (1 << 11)) >>> 0;
      cpu.parHi = 0;
    }
    return;
  }
  cpu.parHi = 0;
  if (kind === Fault.NONE) {
    const supersection = res.size === 0x1000000;
    const pa = res.pa % 2 ** 32;
    cpu.parLo = ((supersection ? pa & 0xff000000 : pa & 0xfffff000) | (supersection ? 2 : 0) | (1 << 9)) >>> 0;
  } else {
    const fsr = faultStatus(kind, res.level, res.domain, false);
    cpu.parLo = (((fsr & (1 << 10)) >>> 5) | ((fsr & 0xf) << 1) | 1) >>> 0;
  }
}

/**
 * CP14: ThumbEE's TEECR/TEEHBR (opc1 6; the A15 implements ThumbEE and Linux saves TEEHBR on
 * every context switch) and the debug ID registers Linux probes; the rest of the debug
 * architecture is not modelled.
 */
export function cp14Read(cpu: ArmCpu, opc1: number, crn: number, crm: number, opc2: number): number | undefined {
  if (opc1 === 6 && crm === 0 && opc2 === 0) {
    if (crn === 0) return cpu.pl === 0 ? undefined : cpu.teecr;
    if (crn === 1) return cpu.pl === 0 && (cpu.teecr & 1) !== 0 ? undefined : cpu.teehbr;
    return undefined;
  }
  if (opc1 !== 0) return undefined;
  // DBGDIDR (c0,c0,0): no breakpoints/watchpoints beyond the minimum, debug arch v7.1.
  if (crn === 0 && crm === 0 && opc2 === 0) return 0x3515f021;
  if (cpu.pl === 0) return undefined;
  // DBGDSCRint (c0,c1,0), DBGDRAR (c1,c0,0), DBGDSAR (c2,c0,0), DBGOSLSR (c1,c1,4), DBGPRSR (c1,c5,4): zero.
  if (
    (crn === 0 && crm === 1 && opc2 === 0) ||
    (crn === 1 && crm === 0 && opc2 === 0) ||
    (crn === 2 && crm === 0 && opc2 === 0)
  )
    return 0;
  if (crn === 1 && opc2 === 4) return 0;
  cpu.unimplemented(`MRC p14, ${opc1}, c${crn}, c${crm}, ${opc2}`);
  return 0;
}

export function cp14Write(cpu: ArmCpu, opc1: number, crn: number, crm: number, opc2: number, value: number): boolean {
  if (opc1 === 6 && crm === 0 && opc2 === 0) {
    if (crn === 0 && cpu.pl > 0) {
      cpu.teecr = value & 1;
      return true;
    }
    if (crn === 1 && (cpu.pl > 0 || (cpu.teecr & 1) === 0)) {
      cpu.teehbr = value & ~3;
      return true;
    }
    return false;
  }
  if (cpu.pl === 0 || opc1 !== 0) return false;
  cpu.unimplemented(`MCR p14, c${crn}, c${crm}, ${opc2}`);
  return true;
}
