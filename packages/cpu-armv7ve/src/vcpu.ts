// A guest's whole visible state on one core, for a native hypervisor's world switch: the
// integer registers with every mode's banked copies, CPSR and PC, the PL1&0 system registers, the
// VFP registers, and the per-VM Hyp controls (HCR, VTTBR, VPIDR...). `ArmCpu.saveVcpu` and
// `loadVcpu` move it in and out of the core; the TLB keeps each VMID's translations meanwhile,
// so a switch costs no flush. The generic timer's state belongs to the timer (arch-timer).

import { BANK_COUNT, Mode, PSR } from "./psr.js";

/** The system registers a VcpuState holds, by their ArmCpu field names. */
export const VCPU_SYSREGS = [
  "sctlr",
  "actlr",
  "cpacr",
  "ttbr0Lo",
  "ttbr0Hi",
  "ttbr1Lo",
  "ttbr1Hi",
  "ttbcr",
  "dacr",
  "dfsr",
  "ifsr",
  "adfsr",
  "aifsr",
  "dfar",
  "ifar",
  "parLo",
  "parHi",
  "prrr",
  "nmrr",
  "amair0",
  "amair1",
  "vbar",
  "contextidr",
  "tpidrurw",
  "tpidruro",
  "tpidrprw",
  "csselr",
  "teecr",
  "teehbr",
  "fpscr",
  "fpexc",
  // Hyp controls that are per VM or per vCPU in a hypervisor such as Xen.
  "hcr",
  "hcptr",
  "hstr",
  "hdcr",
  "vtcr",
  "vttbrLo",
  "vttbrHi",
  "vpidr",
  "vmpidr",
] as const;
export type VcpuSysreg = (typeof VCPU_SYSREGS)[number];

const INDEX: Readonly<Record<VcpuSysreg, number>> = Object.fromEntries(VCPU_SYSREGS.map((n, i) => [n, i])) as Record<
  VcpuSysreg,
  number
>;

export class VcpuState {
  /** r0-r14 of the mode in `cpsr` (r[15] is unused: see `pc`). */
  readonly r = new Int32Array(16);
  /** SP and LR of the other modes, SPSRs, and r8-r12 of the non-FIQ / FIQ modes not live in `r`. */
  readonly bankSp = new Int32Array(BANK_COUNT);
  readonly bankLr = new Int32Array(BANK_COUNT);
  readonly spsr = new Int32Array(BANK_COUNT);
  readonly usrHigh = new Int32Array(5);
  readonly fiqHigh = new Int32Array(5);
  /** CPSR (mode, state, masks, flags). */
  cpsr = Mode.SVC | PSR.A | PSR.I | PSR.F;
  /** Where the vCPU resumes. */
  pc = 0;
  /** D0-D31 as 64 words (see ArmCpu.vreg). */
  readonly vreg = new Uint32Array(64);
  /** The VCPU_SYSREGS values. */
  readonly sys = new Float64Array(VCPU_SYSREGS.length);

  /** A vCPU at its reset state: SVC mode, interrupts masked, MMU off, SCTLR/PRRR/NMRR as the core resets them. */
  constructor() {
    this.set("sctlr", 0x00c50078);
    this.set("prrr", 0x00098aa4);
    this.set("nmrr", 0x44e048e0);
    this.set("hcptr", 0x33ff);
    this.set("hdcr", 6);
    this.set("vtcr", 0x80000000);
  }

  get(name: VcpuSysreg): number {
    return this.sys[INDEX[name]];
  }

  set(name: VcpuSysreg, value: number): void {
    this.sys[INDEX[name]] = value >>> 0;
  }
}
