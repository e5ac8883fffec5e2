// CP15 system registers: the Non-secure PL1&0 view a Linux kernel (or a guest under a hypervisor)
// uses, Hyp mode's registers (PL2 only), and the CP14 debug, ThumbEE and Jazelle registers.
// Reads return undefined and writes false for an access that is UNDEFINED (unknown register, or
// not allowed at the current PL). Traps to Hyp mode are decided before these run (exec/system.ts).
import type { ArmCpu, TimerReg32, TimerReg64 } from "./cpu.js";
import { HCPTR, HCR, HCR_MASK } from "./hyp.js";
import { Access, Fault, faultStatus, Perm, Stage2Result, WalkResult } from "./mmu.js";

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

/** Registers only Hyp mode may access (opc1 = 4, and the ATS12NSO* operations). */
function hypOnly(opc1: number, crn: number, crm: number, opc2: number): boolean {
  return opc1 === 4 || (crn === 7 && crm === 8 && opc1 === 0 && opc2 >= 4);
}

/**
 * Whether the current PL may make this MCR/MRC at all (checked before the traps to Hyp mode,
 * which do not apply to accesses that are UNDEFINED anyway).
 */
export function cp15Accessible(
  cpu: ArmCpu,
  opc1: number,
  crn: number,
  crm: number,
  opc2: number,
  read: boolean,
): boolean {
  const pl = cpu.pl;
  if (pl === 2) return true;
  if (hypOnly(opc1, crn, crm, opc2)) return false;
  if (pl === 1) return true;
  const key = K(opc1, crn, crm, opc2);
  return read ? pl0Readable(cpu, key) : pl0Writable(cpu, key);
}

/** Same for MCRR/MRRC: PL0 reaches only the timer's 64-bit registers; HTTBR, VTTBR, CNTVOFF, CNTHP_CVAL are Hyp's. */
export function cp15Accessible64(cpu: ArmCpu, opc1: number, crm: number): boolean {
  const pl = cpu.pl;
  if (pl === 2) return true;
  if (pl === 0) return crm === 14;
  return !((crm === 2 || crm === 14) && (opc1 === 4 || opc1 === 6));
}

export function cp15Read(cpu: ArmCpu, opc1: number, crn: number, crm: number, opc2: number): number | undefined {
  const key = K(opc1, crn, crm, opc2);
  const pl = cpu.pl;
  if (!cp15Accessible(cpu, opc1, crn, crm, opc2, true)) return undefined;
  const id = cpu.identity;
  switch (key) {
    case K(0, 0, 0, 0):
    case K(0, 0, 0, 4):
    case K(0, 0, 0, 7):
      // Guests read VPIDR and VMPIDR in place of MIDR and MPIDR.
      return pl === 2 ? id.midr : cpu.vpidr;
    case K(0, 0, 0, 1):
      return id.ctr;
    case K(0, 0, 0, 2): // TCMTR
    case K(0, 0, 0, 3): // TLBTR: unified TLB
      return 0;
    case K(0, 0, 0, 5):
      return pl === 2 ? cpu.mpidr : cpu.vmpidr;
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
    case K(0, 12, 1, 0): {
      // ISR: pending A, I, F; in a guest, the virtual ones where HCR routes the physical ones to Hyp.
      const hcr = pl === 2 ? 0 : cpu.hcr;
      const i = (hcr & HCR.IMO) !== 0 ? cpu.virqLevel || (hcr & HCR.VI) !== 0 : cpu.irqLevel;
      const f = (hcr & HCR.FMO) !== 0 ? cpu.vfiqLevel || (hcr & HCR.VF) !== 0 : cpu.fiqLevel;
      const a = (hcr & HCR.AMO) !== 0 && (hcr & HCR.VA) !== 0;
      return (a ? 1 << 8 : 0) | (i ? 1 << 7 : 0) | (f ? 1 << 6 : 0);
    }
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
    // Hyp mode's registers.
    case K(4, 0, 0, 0):
      return cpu.vpidr;
    case K(4, 0, 0, 5):
      return cpu.vmpidr;
    case K(4, 1, 0, 0):
      return cpu.hsctlr;
    case K(4, 1, 0, 1):
      return cpu.hactlr;
    case K(4, 1, 1, 0):
      return cpu.hcr;
    case K(4, 1, 1, 1):
      return cpu.hdcr;
    case K(4, 1, 1, 2):
      return cpu.hcptr;
    case K(4, 1, 1, 3):
      return cpu.hstr;
    case K(4, 1, 1, 7):
      return cpu.hacr;
    case K(4, 2, 0, 2):
      return cpu.htcr;
    case K(4, 2, 1, 2):
      return cpu.vtcr;
    case K(4, 5, 1, 0):
      return cpu.hadfsr;
    case K(4, 5, 1, 1):
      return cpu.haifsr;
    case K(4, 5, 2, 0):
      return cpu.hsr;
    case K(4, 6, 0, 0):
      return cpu.hdfar;
    case K(4, 6, 0, 2):
      return cpu.hifar;
    case K(4, 6, 0, 4):
      return cpu.hpfar;
    case K(4, 10, 2, 0):
      return cpu.hmair0;
    case K(4, 10, 2, 1):
      return cpu.hmair1;
    case K(4, 10, 3, 0):
      return cpu.hamair0;
    case K(4, 10, 3, 1):
      return cpu.hamair1;
    case K(4, 12, 0, 0):
      return cpu.hvbar;
    case K(4, 13, 0, 2):
      return cpu.htpidr;
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
  if (!cp15Accessible(cpu, opc1, crn, crm, opc2, false)) return false;
  value >>>= 0;
  switch (key) {
    case K(2, 0, 0, 0):
      cpu.csselr = value & 0xf;
      return true;
    case K(0, 1, 0, 0):
      // Writable: M A C CP15BEN SW Z I V WXN UWXN EE TRE AFE TE; the rest reads as the A15 fixes it.
      cpu.sctlr = ((value & 0x72183c27) | 0x00c50058) >>> 0;
      cpu.regimeChanged();
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
      cpu.regimeChanged();
      return true;
    case K(0, 2, 0, 1):
      cpu.ttbr1Lo = value;
      cpu.regimeChanged();
      return true;
    case K(0, 2, 0, 2):
      cpu.ttbcr = value & ((value & 0x80000000) !== 0 ? 0xbfffff87 : 0x80000037);
      cpu.regimeChanged();
      return true;
    case K(0, 3, 0, 0):
      cpu.dacr = value;
      cpu.regimeChanged();
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
    // Address translation: ATS1CPR, ATS1CPW, ATS1CUR, ATS1CUW (stage 1), ATS12NSO{P,U}{R,W}
    // (stages 1 and 2, Hyp mode only), ATS1HR, ATS1HW (the Hyp regime).
    case K(0, 7, 8, 0):
    case K(0, 7, 8, 1):
    case K(0, 7, 8, 2):
    case K(0, 7, 8, 3):
      addressTranslate(cpu, value, (opc2 & 1) !== 0, (opc2 & 2) !== 0, "stage1");
      return true;
    case K(0, 7, 8, 4):
    case K(0, 7, 8, 5):
    case K(0, 7, 8, 6):
    case K(0, 7, 8, 7):
      addressTranslate(cpu, value, (opc2 & 1) !== 0, (opc2 & 2) !== 0, "stage12");
      return true;
    case K(4, 7, 8, 0):
    case K(4, 7, 8, 1):
      addressTranslate(cpu, value, (opc2 & 1) !== 0, false, "hyp");
      return true;
    // TLB maintenance of the PL1&0 regime (current VMID; reaches every core, so the
    // inner-shareable forms and HCR.FB need nothing more): ALL, MVA, ASID, MVAA, and their
    // IS / instruction / data forms.
    case K(0, 8, 3, 0):
    case K(0, 8, 5, 0):
    case K(0, 8, 6, 0):
    case K(0, 8, 7, 0):
      cpu.invalidateGuestTlb();
      return true;
    case K(0, 8, 3, 1):
    case K(0, 8, 3, 3):
    case K(0, 8, 5, 1):
    case K(0, 8, 6, 1):
    case K(0, 8, 7, 1):
    case K(0, 8, 7, 3):
      cpu.invalidateGuestPage(value);
      return true;
    case K(0, 8, 3, 2):
    case K(0, 8, 5, 2):
    case K(0, 8, 6, 2):
    case K(0, 8, 7, 2):
      cpu.invalidateGuestAsid(value);
      return true;
    // Hyp mode's TLB maintenance: TLBIALLH(IS), TLBIMVAH(IS), TLBIALLNSNH(IS).
    case K(4, 8, 3, 0):
    case K(4, 8, 7, 0):
      cpu.invalidateHypTlb();
      return true;
    case K(4, 8, 3, 1):
    case K(4, 8, 7, 1):
      cpu.invalidateHypTlb(value);
      return true;
    case K(4, 8, 3, 4):
    case K(4, 8, 7, 4):
      cpu.invalidateAllGuests();
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
    // PRRR/NMRR (MAIR0/1) only shape the attributes PAR reports: no translation depends on them.
    case K(0, 10, 2, 0):
      cpu.prrr = value;
      return true;
    case K(0, 10, 2, 1):
      cpu.nmrr = value;
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
      cpu.regimeChanged();
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
    // Hyp mode's registers.
    case K(4, 0, 0, 0):
      cpu.vpidr = value;
      return true;
    case K(4, 0, 0, 5):
      cpu.vmpidr = value;
      return true;
    case K(4, 1, 0, 0):
      cpu.hsctlr = ((value & HSCTLR_WRITABLE) | (cpu.hsctlr & ~HSCTLR_WRITABLE)) >>> 0;
      cpu.regimeChanged();
      return true;
    case K(4, 1, 0, 1):
      cpu.hactlr = value;
      return true;
    case K(4, 1, 1, 0):
      cpu.hcr = value & HCR_MASK;
      // Virtual interrupts may now be pending, and the guest's translation may differ.
      cpu.exitReq = 1;
      cpu.regimeChanged();
      return true;
    case K(4, 1, 1, 1):
      cpu.hdcr = value & 0xfff;
      return true;
    case K(4, 1, 1, 2):
      cpu.hcptr = ((value & HCPTR_WRITABLE) | 0x33ff) >>> 0;
      return true;
    case K(4, 1, 1, 3):
      cpu.hstr = value & 0x3bfef;
      return true;
    case K(4, 1, 1, 7):
      cpu.hacr = value;
      return true;
    case K(4, 2, 0, 2):
      cpu.htcr = ((value & 0x3f07) | 0x80000000) >>> 0;
      cpu.regimeChanged();
      return true;
    case K(4, 2, 1, 2):
      cpu.vtcr = ((value & 0x3fdf) | 0x80000000) >>> 0;
      cpu.regimeChanged();
      return true;
    case K(4, 5, 1, 0):
      cpu.hadfsr = value;
      return true;
    case K(4, 5, 1, 1):
      cpu.haifsr = value;
      return true;
    case K(4, 5, 2, 0):
      cpu.hsr = value;
      return true;
    case K(4, 6, 0, 0):
      cpu.hdfar = value;
      return true;
    case K(4, 6, 0, 2):
      cpu.hifar = value;
      return true;
    case K(4, 6, 0, 4):
      cpu.hpfar = value & 0xfffffff0;
      return true;
    case K(4, 10, 2, 0):
      cpu.hmair0 = value;
      return true;
    case K(4, 10, 2, 1):
      cpu.hmair1 = value;
      return true;
    case K(4, 10, 3, 0):
      cpu.hamair0 = value;
      return true;
    case K(4, 10, 3, 1):
      cpu.hamair1 = value;
      return true;
    case K(4, 12, 0, 0):
      cpu.hvbar = value & ~0x1f;
      return true;
    case K(4, 13, 0, 2):
      cpu.htpidr = value;
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
  if (!cp15Accessible64(cpu, opc1, crm)) return false;
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
  if (crm === 2 && opc1 === 4) {
    cpu.lo = cpu.httbrLo;
    cpu.hi = cpu.httbrHi;
    return true;
  }
  if (crm === 2 && opc1 === 6) {
    cpu.lo = cpu.vttbrLo;
    cpu.hi = cpu.vttbrHi;
    return true;
  }
  cpu.unimplemented(`MRRC p15, ${opc1}, c${crm}`);
  return false;
}

export function cp15Write64(cpu: ArmCpu, opc1: number, crm: number, lo: number, hi: number): boolean {
  const pl = cpu.pl;
  if (!cp15Accessible64(cpu, opc1, crm)) return false;
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
    cpu.regimeChanged();
    return true;
  }
  if (crm === 2 && opc1 === 4) {
    // HTTBR: BADDR[39:x].
    cpu.httbrLo = lo >>> 0;
    cpu.httbrHi = hi & 0xff;
    cpu.regimeChanged();
    return true;
  }
  if (crm === 2 && opc1 === 6) {
    // VTTBR: BADDR[39:x] and VMID[55:48].
    cpu.vttbrLo = lo >>> 0;
    cpu.vttbrHi = hi & 0x00ff00ff;
    cpu.regimeChanged();
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
const atsStage2 = new Stage2Result();

/** HSCTLR bits software can change: M, A, C, I, WXN, FI, EE, TE (the rest read as reset). */
const HSCTLR_WRITABLE = 0x42281007;
const HCPTR_WRITABLE = HCPTR.TCP10 | HCPTR.TCP11 | HCPTR.TASE | HCPTR.TTA | HCPTR.TCPAC;

type AtsKind = "stage1" | "stage12" | "hyp";

/**
 * The address translation operations: translate `va` as a PL1/PL0 read/write would (ATS1C*: stage
 * 1 only, so under stage 2 PAR holds the IPA; ATS12NSO*: both stages; ATS1H*: the Hyp regime)
 * and report the result in PAR, without an exception. A stage-2 fault on the stage-1 table walk
 * of an ATS1C* from PL1 is a Data Abort to Hyp mode, as the walk itself would take.
 */
function addressTranslate(cpu: ArmCpu, va: number, write: boolean, user: boolean, kind: AtsKind): void {
  const res = atsResult;
  const need = write ? (user ? Perm.PL0_W : Perm.PL1_W) : user ? Perm.PL0_R : Perm.PL1_R;
  let fault: Fault = Fault.NONE;
  let level = 0;
  let domain = 0;
  let stage2 = false;
  let walkFault = false;
  let pa = va >>> 0;
  let supersection = false;
  let attrs = -1;
  let shareable = false;
  const s2on = kind === "stage12" && (cpu.hcr & HCR.VM) !== 0;
  const lpae = kind === "hyp" || s2on || (cpu.ttbcr & 0x80000000) !== 0;
  if (kind === "hyp") {
    cpu.walkHyp(va, res);
    fault = res.fault;
    if (fault === Fault.NONE && (res.perms & (write ? Perm.PL1_W : Perm.PL1_R)) === 0) fault = Fault.PERMISSION;
    level = res.level;
    pa = res.pa;
    if ((cpu.hsctlr & 1) !== 0) {
      attrs = ((res.attrs < 4 ? cpu.hmair0 >>> (8 * res.attrs) : cpu.hmair1 >>> (8 * (res.attrs - 4))) & 0xff) >>> 0;
      shareable = res.shareable;
    }
  } else {
    if (cpu.stage1Enabled) {
      if (cpu.walkStage1(va, res)) {
        const m = cpu.stage1Memory;
        if (cpu.pl !== 2) cpu.stage2Abort(va, m.ipa, m.fault, m.level, Access.READ, true);
        fault = m.fault;
        level = m.level;
        stage2 = true;
        walkFault = true;
      } else {
        fault = res.fault;
        if (fault === Fault.NONE && (res.perms & need) === 0) fault = Fault.PERMISSION;
        level = res.level;
        domain = res.domain;
        pa = res.pa;
        supersection = res.size === 0x1000000;
        attrs = ((res.attrs < 4 ? cpu.prrr >>> (8 * res.attrs) : cpu.nmrr >>> (8 * (res.attrs - 4))) & 0xff) >>> 0;
        shareable = res.shareable;
      }
    }
    if (fault === Fault.NONE && s2on) {
      cpu.walkStage2(pa, atsStage2);
      fault = atsStage2.fault;
      if (fault === Fault.NONE && (atsStage2.perms & need) === 0) fault = Fault.PERMISSION;
      level = atsStage2.level;
      stage2 = fault !== Fault.NONE;
      pa = atsStage2.pa;
    }
  }
  if (lpae) {
    if (fault === Fault.NONE) {
      // NS (bit 9) is always set: every translation here is Non-secure.
      cpu.parLo = (((pa % 2 ** 32) & 0xfffff000) | (1 << 11) | (1 << 9) | (shareable ? 3 << 7 : 0)) >>> 0;
      cpu.parHi = ((Math.floor(pa / 2 ** 32) & 0xff) | (Math.max(attrs, 0) << 24)) >>> 0;
    } else {
      const fst = faultStatus(fault, level, 0, true) & 0x3f;
      cpu.parLo = (1 | (fst << 1) | (walkFault ? 1 << 8 : 0) | (stage2 ? 1 << 9 : 0) | (1 << 11)) >>> 0;
      cpu.parHi = 0;
    }
    return;
  }
  cpu.parHi = 0;
  if (fault === Fault.NONE) {
    const low = pa % 2 ** 32;
    cpu.parLo = ((supersection ? low & 0xff000000 : low & 0xfffff000) | (supersection ? 2 : 0) | (1 << 9)) >>> 0;
  } else {
    const fsr = faultStatus(fault, level, domain, false);
    cpu.parLo = (((fsr & (1 << 10)) >>> 5) | ((fsr & 0xf) << 1) | 1) >>> 0;
  }
}

/** CP14 registers PL0 may access (the rest are UNDEFINED there, before any trap). */
function cp14Pl0(cpu: ArmCpu, opc1: number, crn: number, opc2: number): boolean {
  if (opc1 === 6) return crn === 1 && (cpu.teecr & 1) === 0; // TEEHBR unless TEECR.XED
  if (opc1 === 7) return crn === 0; // JIDR
  return opc1 === 0 && crn === 0 && opc2 === 0; // DBGDIDR, DBGDSCRint, DBGDTR
}

/** Whether the current PL may make this CP14 MCR/MRC (checked before the traps to Hyp mode). */
export function cp14Accessible(cpu: ArmCpu, opc1: number, crn: number, opc2: number): boolean {
  return cpu.pl !== 0 || cp14Pl0(cpu, opc1, crn, opc2);
}

/** CP14 MRRC: DBGDRAR (CRm 1) and DBGDSAR (CRm 2), PL1 and up. */
export function cp14Accessible64(cpu: ArmCpu, opc1: number, crm: number, read: boolean): boolean {
  return cpu.pl !== 0 && read && opc1 === 0 && (crm === 1 || crm === 2);
}

/** MRRC p14: DBGDRAR / DBGDSAR read as zero (no memory-mapped debug), result in cpu.lo/hi. */
export function cp14Read64(cpu: ArmCpu, opc1: number, crm: number): boolean {
  if (!cp14Accessible64(cpu, opc1, crm, true)) return false;
  cpu.lo = 0;
  cpu.hi = 0;
  return true;
}

/**
 * CP14: ThumbEE's TEECR/TEEHBR (opc1 6; the A15 implements ThumbEE and Linux saves TEEHBR on
 * every context switch), the trivial Jazelle registers (opc1 7: JIDR, JOSCR, JMCR read as zero)
 * and the debug ID registers Linux probes; the rest of the debug architecture is not modelled.
 */
export function cp14Read(cpu: ArmCpu, opc1: number, crn: number, crm: number, opc2: number): number | undefined {
  if (!cp14Accessible(cpu, opc1, crn, opc2)) return undefined;
  if (opc1 === 6 && crm === 0 && opc2 === 0) {
    if (crn === 0) return cpu.teecr;
    if (crn === 1) return cpu.teehbr;
    return undefined;
  }
  if (opc1 === 7) return crm === 0 && opc2 === 0 && crn <= 2 ? 0 : undefined;
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
  if (!cp14Accessible(cpu, opc1, crn, opc2)) return false;
  if (opc1 === 6 && crm === 0 && opc2 === 0) {
    if (crn === 0 && cpu.pl > 0) {
      cpu.teecr = value & 1;
      return true;
    }
    if (crn === 1) {
      cpu.teehbr = value & ~3;
      return true;
    }
    return false;
  }
  // JOSCR and JMCR ignore writes (PL1 and up); JIDR is read-only.
  if (opc1 === 7) return cpu.pl > 0 && crm === 0 && opc2 === 0 && (crn === 1 || crn === 2);
  if (cpu.pl === 0 || opc1 !== 0) return false;
  cpu.unimplemented(`MCR p14, c${crn}, c${crm}, ${opc2}`);
  return true;
}
