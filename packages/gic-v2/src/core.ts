// The GICv2 state machine: distributor state per interrupt (banked per CPU for SGIs and PPIs), the
// physical CPU interfaces, and the virtualization extension (list registers, GICH control, the
// virtual CPU interfaces). Register decoding lives in windows.ts; this file holds the semantics.
//
// Interrupt state is kept in flat typed arrays indexed by a "slot": CPU c's private interrupt n
// (0..31) is slot c·32 + n, SPI id (32..) is slot cpus·32 + id − 32. CPU interface state is indexed
// by interface number: 0..cpus−1 are the physical interfaces, cpus..2·cpus−1 the virtual ones.

import { type IrqLine, NO_IRQ } from "@xena/machine";

export const SPURIOUS = 1023;
/** What a Secure read of GICC_IAR/HPPIR returns when the best interrupt is Group 1 and AckCtl is 0. */
export const SPURIOUS_GROUP1 = 1022;
/** Interrupt IDs 1020..1023 are special; real interrupts are below. */
export const MAX_IRQ = 1020;
export const IDLE_PRIORITY = 0x100;

// GICC_CTLR / GICV_CTLR bits.
export const CTLR_ENABLE_GRP0 = 1 << 0;
export const CTLR_ENABLE_GRP1 = 1 << 1;
export const CTLR_ACK_CTL = 1 << 2;
export const CTLR_FIQ_EN = 1 << 3;
export const CTLR_CBPR = 1 << 4;
export const CTLR_EOIMODE = 1 << 9;
export const CTLR_EOIMODE_NS = 1 << 10;
/** Writable GICC_CTLR bits without / with the Security Extensions (bypass-disable bits not modelled). */
const CTLR_MASK = 0x21f;
const CTLR_MASK_SECURE = 0x61f;

// GICH_HCR bits.
export const HCR_EN = 1 << 0;
export const HCR_UIE = 1 << 1;
export const HCR_LRENPIE = 1 << 2;
export const HCR_NPIE = 1 << 3;
export const HCR_VGRP0EIE = 1 << 4;
export const HCR_VGRP0DIE = 1 << 5;
export const HCR_VGRP1EIE = 1 << 6;
export const HCR_VGRP1DIE = 1 << 7;
export const HCR_EOICOUNT_SHIFT = 27;
export const HCR_MASK = 0xf800_00ff;

// GICH_MISR bits.
export const MISR_EOI = 1 << 0;
export const MISR_U = 1 << 1;
export const MISR_LRENP = 1 << 2;
export const MISR_NP = 1 << 3;
export const MISR_VGRP0E = 1 << 4;
export const MISR_VGRP0D = 1 << 5;
export const MISR_VGRP1E = 1 << 6;
export const MISR_VGRP1D = 1 << 7;

// GICH_LRn fields.
export const LR_STATE_SHIFT = 28;
export const LR_PENDING = 1;
export const LR_ACTIVE = 2;
export const LR_EOI = 1 << 19;
export const LR_GRP1 = 1 << 30;
export const LR_HW = 1 << 31;
/** Bits [22:20] are reserved. */
export const LR_MASK = 0xff8f_ffff;

/** The virtual CPU interface has 5 priority bits: 32 priorities, 32 preemption levels (A15, QEMU). */
const VIRT_PRIORITY_MASK = 0xf8;
const VIRT_MIN_BPR = 2;
const MIN_BPR = 0;

export type GicOutputName = "irq" | "fiq" | "virq" | "vfiq" | "maintenance";

/** Output lines of one CPU: its IRQ and FIQ inputs, the virtual ones, and (for observers) the maintenance interrupt. */
export type GicCpuOutputs = Partial<Readonly<Record<GicOutputName, IrqLine>>>;

export interface GicConfig {
  readonly cpus: number;
  readonly spis: number;
  readonly securityExtensions: boolean;
  readonly virtualization: boolean;
  readonly priorityBits: number;
  readonly listRegisters: number;
  readonly nonSecureBoot: boolean;
  readonly isSecure: (requester: number) => boolean;
  readonly outputs: readonly GicCpuOutputs[];
}

function ctz32(x: number): number {
  return 31 - Math.clz32(x & -x);
}

export class GicCore {
  readonly cpus: number;
  readonly numIrq: number;
  readonly security: boolean;
  readonly virt: boolean;
  readonly nLr: number;
  /** Implemented priority bits as a mask (0xff for 8 bits, 0xf8 for 5). */
  readonly priorityMask: number;
  /** Bit mask of the CPUs that exist. */
  readonly cpuMask: number;
  readonly isSecure: (requester: number) => boolean;
  private readonly nonSecureBoot: boolean;
  private readonly spiBase: number;

  // ---- distributor ---------------------------------------------------------------------------
  /** GICD_CTLR (Secure view): bit 0 EnableGrp0, bit 1 EnableGrp1. */
  ctlr = 0;
  readonly enabled: Uint8Array;
  /** Latched pending state: set by an edge, a software write or an SGI; level inputs add to it. */
  readonly latch: Uint8Array;
  readonly active: Uint8Array;
  /** Input line level. */
  readonly level: Uint8Array;
  /** 1 = edge-triggered (GICD_ICFGR Int_config[1]). */
  readonly edge: Uint8Array;
  readonly group: Uint8Array;
  readonly priority: Uint8Array;
  /** GICD_ITARGETSR of each SPI, by interrupt ID. */
  readonly target: Uint8Array;
  /** Source CPUs of each pending SGI: [targetCpu·16 + sgi]. */
  readonly sgiSources: Uint8Array;

  // ---- CPU interfaces (physical then virtual) ------------------------------------------------
  readonly cctlr: Uint32Array;
  readonly pmr: Uint16Array;
  readonly bpr: Uint8Array;
  readonly abpr: Uint8Array;
  readonly running: Uint16Array;
  /** Highest-priority pending interrupt the interface sees (1023: none), as of the last update. */
  readonly hppi: Uint16Array;
  /** Group of `hppi` (from the distributor, or from the list register for a virtual interface). */
  readonly hppiGroup: Uint8Array;
  /** For virtual interfaces: the list register holding `hppi`. */
  readonly hppiLr: Int8Array;
  /** GICC_APRn / GICC_NSAPRn: [cpu·4 + n]. */
  readonly apr: Uint32Array;
  readonly nsapr: Uint32Array;

  // ---- virtual interface control -------------------------------------------------------------
  readonly hcr: Uint32Array;
  /** GICH_APR (the virtual interface's active priorities). */
  readonly vapr: Uint32Array;
  /** GICH_LRn: [cpu·nLr + n]. */
  readonly lr: Uint32Array;

  // ---- outputs --------------------------------------------------------------------------------
  private readonly outLevel: Uint8Array; // [cpu·5 + output]
  private readonly outLines: IrqLine[]; // same indexing

  constructor(config: GicConfig) {
    const { cpus, spis } = config;
    this.cpus = cpus;
    this.numIrq = 32 + spis;
    this.security = config.securityExtensions;
    this.virt = config.virtualization;
    this.nLr = config.listRegisters;
    this.priorityMask = (0xff << (8 - config.priorityBits)) & 0xff;
    this.cpuMask = (1 << cpus) - 1;
    this.isSecure = config.isSecure;
    this.nonSecureBoot = config.nonSecureBoot;
    this.spiBase = cpus * 32 - 32;
    const slots = cpus * 32 + spis;
    this.enabled = new Uint8Array(slots);
    this.latch = new Uint8Array(slots);
    this.active = new Uint8Array(slots);
    this.level = new Uint8Array(slots);
    this.edge = new Uint8Array(slots);
    this.group = new Uint8Array(slots);
    this.priority = new Uint8Array(slots);
    this.target = new Uint8Array(this.numIrq);
    this.sgiSources = new Uint8Array(cpus * 16);
    const ifaces = cpus * 2;
    this.cctlr = new Uint32Array(ifaces);
    this.pmr = new Uint16Array(ifaces);
    this.bpr = new Uint8Array(ifaces);
    this.abpr = new Uint8Array(ifaces);
    this.running = new Uint16Array(ifaces);
    this.hppi = new Uint16Array(ifaces);
    this.hppiGroup = new Uint8Array(ifaces);
    this.hppiLr = new Int8Array(ifaces);
    this.apr = new Uint32Array(cpus * 4);
    this.nsapr = new Uint32Array(cpus * 4);
    this.hcr = new Uint32Array(cpus);
    this.vapr = new Uint32Array(cpus);
    this.lr = new Uint32Array(cpus * this.nLr);
    this.outLevel = new Uint8Array(cpus * 5);
    this.outLines = [];
    for (let c = 0; c < cpus; c++) {
      const o = config.outputs[c] ?? {};
      this.outLines.push(o.irq ?? NO_IRQ, o.fiq ?? NO_IRQ, o.virq ?? NO_IRQ, o.vfiq ?? NO_IRQ, o.maintenance ?? NO_IRQ);
    }
    this.resetState();
  }

  /** Slot of interrupt `id` as CPU `cpu` sees it. */
  slot(cpu: number, id: number): number {
    return id < 32 ? cpu * 32 + id : this.spiBase + id;
  }

  /** Whether slot `s` is pending (a level input counts while high, unless the interrupt is edge-triggered). */
  isPending(s: number): boolean {
    return this.latch[s] !== 0 || (this.edge[s] === 0 && this.level[s] !== 0);
  }

  // ---- reset ----------------------------------------------------------------------------------

  /** Puts every register in its reset state (inputs keep their levels) and recomputes the outputs. */
  reset(): void {
    this.resetState();
    this.updateAll();
  }

  private resetState(): void {
    const nsBoot = this.security && this.nonSecureBoot;
    // QEMU's arm_gic_common reset, which a kernel booted directly in Non-secure state relies on:
    // with the Security Extensions, every interrupt Group 1 and priorities in the Non-secure half.
    const prio = (nsBoot ? 0x80 : 0) & this.priorityMask;
    this.ctlr = 0;
    this.enabled.fill(0);
    this.latch.fill(0);
    this.active.fill(0);
    this.edge.fill(0);
    this.group.fill(nsBoot ? 1 : 0);
    this.priority.fill(prio);
    this.target.fill(this.cpus === 1 ? 1 : 0);
    this.sgiSources.fill(0);
    for (let c = 0; c < this.cpus; c++) {
      for (let id = 0; id < 16; id++) {
        // SGIs are always enabled (GIC-400: ISENABLER0[15:0] RAO/WI) and edge-triggered.
        this.enabled[c * 32 + id] = 1;
        this.edge[c * 32 + id] = 1;
      }
    }
    for (let i = 0; i < this.cpus * 2; i++) {
      const virtual = i >= this.cpus;
      this.cctlr[i] = 0;
      this.pmr[i] = virtual ? 0 : prio;
      this.bpr[i] = virtual ? VIRT_MIN_BPR : MIN_BPR;
      this.abpr[i] = virtual ? VIRT_MIN_BPR + 1 : MIN_BPR + 1;
      this.running[i] = IDLE_PRIORITY;
      this.hppi[i] = SPURIOUS;
      this.hppiLr[i] = -1;
    }
    this.apr.fill(0);
    this.nsapr.fill(0);
    this.hcr.fill(0);
    this.vapr.fill(0);
    this.lr.fill(0);
  }

  // ---- inputs ---------------------------------------------------------------------------------

  /** A level change on the input of slot `s` (an SPI when `cpu` is −1, else CPU `cpu`'s PPI). */
  setInput(s: number, level: boolean, cpu: number): void {
    const l = level ? 1 : 0;
    if (this.level[s] === l) return;
    this.level[s] = l;
    if (l !== 0 && this.edge[s] !== 0) this.latch[s] = 1;
    if (cpu < 0) this.updateAll();
    else this.updateCpu(cpu);
  }

  // ---- priority helpers -----------------------------------------------------------------------

  /** Group priority of `prio` for interface `i`: the bits above the binary point of its group. */
  groupPriority(i: number, group: number, prio: number): number {
    const bpr = group === 1 && (this.cctlr[i] & CTLR_CBPR) === 0 ? this.abpr[i] - 1 : this.bpr[i];
    return prio & (0xff << ((bpr & 7) + 1)) & 0xff;
  }

  /** Running priority from the active-priority bits (1 bit per preemption level). */
  private runningFromApr(c: number): number {
    for (let n = 0; n < 4; n++) {
      const a = this.apr[c * 4 + n] | this.nsapr[c * 4 + n];
      if (a !== 0) return (n * 32 + ctz32(a)) << (MIN_BPR + 1);
    }
    return IDLE_PRIORITY;
  }

  private runningFromVapr(c: number): number {
    const a = this.vapr[c];
    return a === 0 ? IDLE_PRIORITY : ctz32(a) << (VIRT_MIN_BPR + 1);
  }

  /** Recomputes interface `i`'s running priority after its APRs were written. */
  recomputeRunning(i: number): void {
    this.running[i] = i < this.cpus ? this.runningFromApr(i) : this.runningFromVapr(i - this.cpus);
  }

  // ---- physical CPU interface -----------------------------------------------------------------

  /** Recomputes every CPU's highest pending interrupt and IRQ/FIQ outputs. */
  updateAll(): void {
    for (let c = 0; c < this.cpus; c++) this.updateCpu(c);
  }

  /**
   * Recomputes CPU `c`'s highest-priority pending interrupt and its IRQ/FIQ lines. Candidates are
   * enabled, pending, not active, targeted at `c`, and of a group enabled in both GICD_CTLR and
   * GICC_CTLR; ties go to the lowest ID (as QEMU). The interrupt is signalled when its priority is
   * below PMR and its group priority below the running priority: as FIQ for Group 0 with FIQEn.
   */
  updateCpu(c: number): void {
    const groups = this.ctlr & this.cctlr[c] & (CTLR_ENABLE_GRP0 | CTLR_ENABLE_GRP1);
    let best = SPURIOUS;
    let bestPrio = IDLE_PRIORITY;
    let bestGroup = 0;
    if (groups !== 0) {
      const base = c * 32;
      for (let id = 0; id < 32; id++) {
        const s = base + id;
        if (
          this.enabled[s] !== 0 &&
          this.active[s] === 0 &&
          this.priority[s] < bestPrio &&
          ((groups >> this.group[s]) & 1) !== 0 &&
          this.isPending(s)
        ) {
          best = id;
          bestPrio = this.priority[s];
          bestGroup = this.group[s];
        }
      }
      const bit = 1 << c;
      for (let id = 32; id < this.numIrq; id++) {
        const s = this.spiBase + id;
        if (
          this.enabled[s] !== 0 &&
          this.active[s] === 0 &&
          this.priority[s] < bestPrio &&
          (this.target[id] & bit) !== 0 &&
          ((groups >> this.group[s]) & 1) !== 0 &&
          this.isPending(s)
        ) {
          best = id;
          bestPrio = this.priority[s];
          bestGroup = this.group[s];
        }
      }
    }
    let irq = false;
    let fiq = false;
    this.hppi[c] = SPURIOUS;
    if (best !== SPURIOUS && bestPrio < this.pmr[c]) {
      this.hppi[c] = best;
      this.hppiGroup[c] = bestGroup;
      if (this.groupPriority(c, bestGroup, bestPrio) < this.running[c]) {
        if (bestGroup === 0 && (this.cctlr[c] & CTLR_FIQ_EN) !== 0) fiq = true;
        else irq = true;
      }
    }
    this.drive(c, 0, irq);
    this.drive(c, 1, fiq);
  }

  private drive(c: number, output: number, level: boolean): void {
    const k = c * 5 + output;
    const l = level ? 1 : 0;
    if (this.outLevel[k] === l) return;
    this.outLevel[k] = l;
    this.outLines[k].set(level);
  }

  outputLevel(c: number, output: GicOutputName): boolean {
    return this.outLevel[c * 5 + OUTPUT_INDEX[output]] !== 0;
  }

  /**
   * The interrupt a read of IAR/HPPIR returns. `nsView` is a Non-secure access on a GIC with the
   * Security Extensions, or an aliased register (AIAR/AHPPIR): only Group 1 is visible. Otherwise
   * a Group 1 interrupt shows as 1022 unless AckCtl is set.
   */
  visiblePending(i: number, nsView: boolean): number {
    const id = this.hppi[i];
    if (id >= MAX_IRQ) return id;
    const g = this.hppiGroup[i];
    if (nsView) return g === 0 ? SPURIOUS : id;
    if (g === 1 && (this.cctlr[i] & CTLR_ACK_CTL) === 0) return SPURIOUS_GROUP1;
    return id;
  }

  /** GICC_IAR/AIAR: activates the highest-priority pending interrupt, returns its ID (SGIs: | source << 10). */
  acknowledge(c: number, nsView: boolean): number {
    const id = this.visiblePending(c, nsView);
    if (id >= MAX_IRQ) return id;
    const s = this.slot(c, id);
    const g = this.group[s];
    const prio = this.groupPriority(c, g, this.priority[s]);
    if (prio >= this.running[c]) return SPURIOUS;
    // Set the active-priority bit of the preemption level and raise the running priority.
    const levelIndex = prio >> (MIN_BPR + 1);
    const k = c * 4 + (levelIndex >> 5);
    if (g === 1) this.nsapr[k] |= 1 << (levelIndex & 31);
    else this.apr[k] |= 1 << (levelIndex & 31);
    this.running[c] = prio;
    this.active[s] = 1;
    let result = id;
    if (id < 16) {
      const sk = c * 16 + id;
      const src = this.sgiSources[sk] === 0 ? 0 : ctz32(this.sgiSources[sk]);
      this.sgiSources[sk] &= ~(1 << src);
      if (this.sgiSources[sk] === 0) this.latch[s] = 0;
      result = id | (src << 10);
    } else {
      // A level-sensitive interrupt whose line is still high stays pending (active and pending).
      this.latch[s] = 0;
    }
    this.updateAll();
    return result;
  }

  /** Whether EOI only drops priority (deactivation by GICC_DIR): EOImodeNS for Non-secure/aliased accesses. */
  eoiSplit(i: number, nsView: boolean): boolean {
    const bit = this.security && nsView && i < this.cpus ? CTLR_EOIMODE_NS : CTLR_EOIMODE;
    return (this.cctlr[i] & bit) !== 0;
  }

  /** GICC_EOIR/AEOIR: priority drop, and deactivation unless EOImode splits them. */
  endOfInterrupt(c: number, value: number, nsView: boolean): void {
    const id = value & 0x3ff;
    if (id >= this.numIrq) return; // spurious IDs are ignored; unknown ones are UNPREDICTABLE: ignored
    if (this.running[c] === IDLE_PRIORITY) return; // nothing active
    const s = this.slot(c, id);
    const g = this.group[s];
    if (nsView && g === 0) return; // Group 0 cannot be completed through the Group 1 view
    // Drop the highest active priority of that group (the lowest set APR bit).
    const aprs = g === 1 ? this.nsapr : this.apr;
    for (let n = 0; n < 4; n++) {
      const k = c * 4 + n;
      if (aprs[k] !== 0) {
        aprs[k] &= aprs[k] - 1;
        break;
      }
    }
    this.running[c] = this.runningFromApr(c);
    if (!this.eoiSplit(c, nsView)) this.active[s] = 0;
    this.updateAll();
  }

  /** GICC_DIR: deactivates an interrupt (only with EOImode set; otherwise ignored as QEMU does). */
  deactivate(c: number, value: number, ns: boolean): void {
    const id = value & 0x3ff;
    if (id >= this.numIrq || !this.eoiSplit(c, ns)) return;
    const s = this.slot(c, id);
    if (ns && this.group[s] === 0) return;
    this.active[s] = 0;
    this.updateAll();
  }

  // ---- physical CPU interface registers with Security Extensions views ------------------------

  readCtlr(i: number, ns: boolean): number {
    const v = this.cctlr[i];
    return ns ? (v & (CTLR_ENABLE_GRP1 | CTLR_EOIMODE_NS)) >>> 1 : v;
  }

  writeCtlr(i: number, value: number, ns: boolean): void {
    if (ns) {
      const mask = CTLR_ENABLE_GRP1 | CTLR_EOIMODE_NS;
      this.cctlr[i] = (this.cctlr[i] & ~mask) | ((value << 1) & mask);
    } else {
      this.cctlr[i] = value & (this.security && i < this.cpus ? CTLR_MASK_SECURE : CTLR_MASK);
    }
  }

  /** Non-secure views shift priorities: the Non-secure half 0x80..0xff appears as 0x00..0xfe. */
  readPmr(i: number, ns: boolean): number {
    const v = this.pmr[i];
    if (!ns) return v;
    return (v & 0x80) !== 0 ? (v << 1) & 0xff : 0;
  }

  writePmr(i: number, value: number, ns: boolean): void {
    let v = value & 0xff;
    if (ns) {
      if ((this.pmr[i] & 0x80) === 0) return; // a Secure value cannot be changed from Non-secure
      v = 0x80 | (v >> 1);
    }
    this.pmr[i] = v & (i < this.cpus ? this.priorityMask : VIRT_PRIORITY_MASK);
  }

  readBpr(i: number, ns: boolean): number {
    if (!ns) return this.bpr[i];
    return (this.cctlr[i] & CTLR_CBPR) !== 0 ? Math.min(this.bpr[i] + 1, 7) : this.abpr[i];
  }

  writeBpr(i: number, value: number, ns: boolean): void {
    const virtual = i >= this.cpus;
    if (ns) {
      if ((this.cctlr[i] & CTLR_CBPR) === 0) this.abpr[i] = Math.max(value & 7, MIN_BPR + 1);
      return;
    }
    this.bpr[i] = Math.max(value & 7, virtual ? VIRT_MIN_BPR : MIN_BPR);
  }

  writeAbpr(i: number, value: number): void {
    this.abpr[i] = Math.max(value & 7, (i >= this.cpus ? VIRT_MIN_BPR : MIN_BPR) + 1);
  }

  readRpr(i: number, ns: boolean): number {
    const r = this.running[i];
    if (r > 0xff) return 0xff;
    if (!ns) return r;
    return (r & 0x80) !== 0 ? (r << 1) & 0xff : 0;
  }

  /** GICC_APRn. The Non-secure view is the upper half of the NSAPRs (Non-secure priorities ≥ 0x80). */
  readApr(c: number, n: number, ns: boolean): number {
    if (ns) return n < 2 ? this.nsapr[c * 4 + n + 2] : 0;
    return this.apr[c * 4 + n];
  }

  writeApr(c: number, n: number, value: number, ns: boolean): void {
    if (ns) {
      if (n < 2) this.nsapr[c * 4 + n + 2] = value >>> 0;
    } else this.apr[c * 4 + n] = value >>> 0;
    this.running[c] = this.runningFromApr(c);
  }

  // ---- distributor operations used by the register window -------------------------------------

  /** GICD_SGIR write from CPU `c`. */
  sendSgi(c: number, value: number, ns: boolean): void {
    const sgi = value & 0xf;
    let targets: number;
    switch ((value >>> 24) & 3) {
      case 0:
        targets = (value >>> 16) & 0xff;
        break;
      case 1:
        targets = 0xff & ~(1 << c);
        break;
      case 2:
        targets = 1 << c;
        break;
      default:
        targets = 0xff; // reserved filter: QEMU sends to every CPU
    }
    targets &= this.cpuMask; // absent CPUs are ignored (Linux targets 0xfe when waking CPU 1)
    const nsatt = (value >>> 15) & 1;
    for (let t = 0; t < this.cpus; t++) {
      if ((targets & (1 << t)) === 0) continue;
      const s = t * 32 + sgi;
      if (this.security) {
        // Non-secure writes reach only Group 1 SGIs; Secure writes the group NSATT names.
        const wanted = ns ? 1 : nsatt;
        if (this.group[s] !== wanted) continue;
      }
      this.sgiSources[t * 16 + sgi] |= 1 << c;
      this.latch[s] = 1;
    }
    this.updateAll();
  }

  /** SPENDSGIR (set) / CPENDSGIR (clear) byte for SGI `sgi` of CPU `c`. */
  writeSgiPending(c: number, sgi: number, sources: number, set: boolean): void {
    const k = c * 16 + sgi;
    if (set) this.sgiSources[k] |= sources & this.cpuMask;
    else this.sgiSources[k] &= ~sources;
    this.latch[c * 32 + sgi] = this.sgiSources[k] !== 0 ? 1 : 0;
  }

  /** Writes an IPRIORITYR byte (Non-secure: Group 0 ignored, value in the Non-secure half). */
  writePriority(s: number, value: number, ns: boolean): void {
    let v = value & 0xff;
    if (ns) {
      if (this.group[s] === 0) return;
      v = 0x80 | (v >> 1);
    }
    this.priority[s] = v & this.priorityMask;
  }

  readPriority(s: number, ns: boolean): number {
    const p = this.priority[s];
    if (!ns) return p;
    return this.group[s] === 0 ? 0 : (p << 1) & 0xff;
  }

  // ---- virtualization: list registers and the virtual CPU interface ---------------------------

  /** Virtual interface number of CPU `c`. */
  vif(c: number): number {
    return this.cpus + c;
  }

  /**
   * Recomputes CPU `c`'s virtual highest pending interrupt, its VIRQ/VFIQ lines and the
   * maintenance interrupt (which the GIC-400 delivers on PPI 9, ID 25, of the same CPU).
   */
  updateVirtual(c: number): void {
    const i = this.vif(c);
    const vctlr = this.cctlr[i];
    const hcr = this.hcr[c];
    const groups = (hcr & HCR_EN) !== 0 ? vctlr & (CTLR_ENABLE_GRP0 | CTLR_ENABLE_GRP1) : 0;
    let best = SPURIOUS;
    let bestPrio = IDLE_PRIORITY;
    let bestGroup = 0;
    let bestLr = -1;
    const base = c * this.nLr;
    if (groups !== 0) {
      for (let n = 0; n < this.nLr; n++) {
        const e = this.lr[base + n];
        if (((e >>> LR_STATE_SHIFT) & 3) !== LR_PENDING) continue;
        const prio = ((e >>> 23) & 0x1f) << 3;
        const g = (e >>> 30) & 1;
        if (prio < bestPrio && ((groups >> g) & 1) !== 0) {
          best = e & 0x3ff;
          bestPrio = prio;
          bestGroup = g;
          bestLr = n;
        }
      }
    }
    let virq = false;
    let vfiq = false;
    this.hppi[i] = SPURIOUS;
    this.hppiLr[i] = -1;
    if (best !== SPURIOUS && bestPrio < this.pmr[i]) {
      this.hppi[i] = best;
      this.hppiGroup[i] = bestGroup;
      this.hppiLr[i] = bestLr;
      if (this.groupPriority(i, bestGroup, bestPrio) < this.running[i]) {
        if (bestGroup === 0 && (vctlr & CTLR_FIQ_EN) !== 0) vfiq = true;
        else virq = true;
      }
    }
    this.drive(c, 2, virq);
    this.drive(c, 3, vfiq);
    const maintenance = (hcr & HCR_EN) !== 0 && this.misr(c) !== 0;
    this.drive(c, 4, maintenance);
    this.setInput(c * 32 + 25, maintenance, c);
  }

  /** GICH_MISR: which maintenance conditions hold. */
  misr(c: number): number {
    const hcr = this.hcr[c];
    const vctlr = this.cctlr[this.vif(c)];
    let eoi = false;
    let valid = 0;
    let pending = 0;
    const base = c * this.nLr;
    for (let n = 0; n < this.nLr; n++) {
      const e = this.lr[base + n];
      const state = (e >>> LR_STATE_SHIFT) & 3;
      if (state === 0 && (e & LR_HW) === 0 && (e & LR_EOI) !== 0) eoi = true;
      if (state !== 0) valid++;
      if (state === LR_PENDING) pending++;
    }
    let m = 0;
    if (eoi) m |= MISR_EOI;
    if ((hcr & HCR_UIE) !== 0 && valid < 2) m |= MISR_U;
    if ((hcr & HCR_LRENPIE) !== 0 && hcr >>> HCR_EOICOUNT_SHIFT !== 0) m |= MISR_LRENP;
    if ((hcr & HCR_NPIE) !== 0 && pending === 0) m |= MISR_NP;
    if ((hcr & HCR_VGRP0EIE) !== 0 && (vctlr & CTLR_ENABLE_GRP0) !== 0) m |= MISR_VGRP0E;
    if ((hcr & HCR_VGRP0DIE) !== 0 && (vctlr & CTLR_ENABLE_GRP0) === 0) m |= MISR_VGRP0D;
    if ((hcr & HCR_VGRP1EIE) !== 0 && (vctlr & CTLR_ENABLE_GRP1) !== 0) m |= MISR_VGRP1E;
    if ((hcr & HCR_VGRP1DIE) !== 0 && (vctlr & CTLR_ENABLE_GRP1) === 0) m |= MISR_VGRP1D;
    return m;
  }

  /** GICH_EISRn: list registers that are invalid, not HW, with EOI set (an EOI maintenance request). */
  eisr(c: number, word: number): number {
    let v = 0;
    for (let n = word * 32; n < Math.min(this.nLr, word * 32 + 32); n++) {
      const e = this.lr[c * this.nLr + n];
      if (((e >>> LR_STATE_SHIFT) & 3) === 0 && (e & LR_HW) === 0 && (e & LR_EOI) !== 0) v |= 1 << (n & 31);
    }
    return v >>> 0;
  }

  /** GICH_ELRSRn: list registers free for a new interrupt (invalid and no EOI maintenance pending). */
  elrsr(c: number, word: number): number {
    let v = 0;
    for (let n = word * 32; n < Math.min(this.nLr, word * 32 + 32); n++) {
      const e = this.lr[c * this.nLr + n];
      if (((e >>> LR_STATE_SHIFT) & 3) === 0 && ((e & LR_HW) !== 0 || (e & LR_EOI) === 0)) v |= 1 << (n & 31);
    }
    return v >>> 0;
  }

  readVmcr(c: number): number {
    const i = this.vif(c);
    return ((this.cctlr[i] & 0x3ff) | (this.abpr[i] << 18) | (this.bpr[i] << 21) | ((this.pmr[i] >> 3) << 27)) >>> 0;
  }

  writeVmcr(c: number, value: number): void {
    const i = this.vif(c);
    this.cctlr[i] = value & CTLR_MASK;
    this.abpr[i] = Math.max((value >>> 18) & 7, VIRT_MIN_BPR + 1);
    this.bpr[i] = Math.max((value >>> 21) & 7, VIRT_MIN_BPR);
    this.pmr[i] = ((value >>> 27) & 0x1f) << 3;
  }

  /** GICV_IAR/AIAR: acknowledges the best pending list register (pending → active). */
  virtualAcknowledge(c: number, nsView: boolean): number {
    const i = this.vif(c);
    const id = this.visiblePending(i, nsView);
    if (id >= MAX_IRQ) return id;
    const n = this.hppiLr[i];
    const k = c * this.nLr + n;
    const e = this.lr[k];
    const prio = this.groupPriority(i, (e >>> 30) & 1, ((e >>> 23) & 0x1f) << 3);
    if (prio >= this.running[i]) return SPURIOUS;
    this.vapr[c] |= 1 << (prio >> (VIRT_MIN_BPR + 1));
    this.running[i] = prio;
    this.lr[k] = ((e & ~(3 << LR_STATE_SHIFT)) | (LR_ACTIVE << LR_STATE_SHIFT)) >>> 0;
    this.updateVirtual(c);
    // A virtual SGI reports its source CPU from the list register's CPUID field.
    return id < 16 && (e & LR_HW) === 0 ? id | (((e >>> 10) & 7) << 10) : id;
  }

  /** The list register holding virtual interrupt `id` in the active (or active and pending) state, or −1. */
  private activeLr(c: number, id: number): number {
    const base = c * this.nLr;
    for (let n = 0; n < this.nLr; n++) {
      const e = this.lr[base + n];
      if ((e & 0x3ff) === id && ((e >>> LR_STATE_SHIFT) & LR_ACTIVE) !== 0) return n;
    }
    return -1;
  }

  /** Clears the active state of a list register; with HW set, deactivates the physical interrupt too. */
  private deactivateLr(c: number, n: number): void {
    const k = c * this.nLr + n;
    const e = (this.lr[k] & ~(LR_ACTIVE << LR_STATE_SHIFT)) >>> 0;
    this.lr[k] = e;
    if ((e & LR_HW) === 0) return;
    const phys = (e >>> 10) & 0x3ff;
    if (phys < 16 || phys >= this.numIrq) return; // UNPREDICTABLE: ignored (QEMU)
    const s = this.slot(c, phys);
    // As a Non-secure GICC_DIR write: a Group 0 interrupt is not deactivated on a secure GIC.
    if (this.security && this.group[s] === 0) return;
    this.active[s] = 0;
    if (phys < 32) this.updateCpu(c);
    else this.updateAll();
  }

  private bumpEoiCount(c: number): void {
    this.hcr[c] = (this.hcr[c] + (1 << HCR_EOICOUNT_SHIFT)) >>> 0;
  }

  /** GICV_EOIR/AEOIR: virtual priority drop, and deactivation unless the guest set EOImode. */
  virtualEndOfInterrupt(c: number, value: number): void {
    const id = value & 0x3ff;
    if (id >= MAX_IRQ) return;
    const i = this.vif(c);
    const dropped = this.running[i] < IDLE_PRIORITY;
    if (this.vapr[c] !== 0) this.vapr[c] &= this.vapr[c] - 1;
    this.running[i] = this.runningFromVapr(c);
    if (!this.eoiSplit(i, false)) {
      const n = this.activeLr(c, id);
      if (n >= 0) this.deactivateLr(c, n);
      else if (dropped) this.bumpEoiCount(c); // no list register for it: counted in EOICount
    }
    this.updateVirtual(c);
  }

  /** GICV_DIR: deactivates a virtual interrupt (with EOImode set). */
  virtualDeactivate(c: number, value: number): void {
    const id = value & 0x3ff;
    if (id >= MAX_IRQ || !this.eoiSplit(this.vif(c), false)) return;
    const n = this.activeLr(c, id);
    if (n >= 0) this.deactivateLr(c, n);
    else this.bumpEoiCount(c);
    this.updateVirtual(c);
  }
}

const OUTPUT_INDEX: Readonly<Record<GicOutputName, number>> = { irq: 0, fiq: 1, virq: 2, vfiq: 3, maintenance: 4 };
