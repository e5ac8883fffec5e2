// Register decoding of the four GICv2 windows: distributor (GICD), CPU interface (GICC), virtual
// interface control (GICH) and virtual CPU interface (GICV). Banked registers are selected by the
// bus `requester` (the accessing CPU's index); accesses from a requester that is not one of the
// GIC's CPUs read as zero and are ignored. Reserved registers read as zero and ignore writes, as in
// QEMU.

import type { AccessRules, AccessSize, MmioWindow } from "@xena/machine";
import { type GicCore, HCR_MASK, LR_MASK } from "./core.js";

/** GICD_IIDR of QEMU's GICv2 (ARM, JEP106 0x43B). */
export const GICD_IIDR = 0x0000_043b;
/** GICC_IIDR of QEMU's GICv2 (architecture version 2, ARM): what GICV_IIDR reads too. */
export const GICC_IIDR = 0x0002_043b;
/** GICD_PIDR4..7, PIDR0..3, CIDR0..3 (offsets 0xfd0..0xffc) of QEMU's GICv2 (ArchRev 2 in PIDR2). */
const GICD_ID = [0x04, 0x00, 0x00, 0x00, 0x90, 0xb4, 0x2b, 0x00, 0x0d, 0xf0, 0x05, 0xb1];

const BYTE_ANY: AccessRules = { min: 1, max: 4 };
const WORD_ONLY: AccessRules = { min: 4, max: 4 };

// ---- distributor ---------------------------------------------------------------------------------

export class DistributorWindow implements MmioWindow {
  readonly name = "gic.distributor";
  readonly size = 0x1000;
  readonly access = BYTE_ANY;

  constructor(private readonly core: GicCore) {}

  read(offset: number, size: AccessSize, requester: number): number {
    const core = this.core;
    if (requester >= core.cpus) return 0;
    const ns = core.security && !core.isSecure(requester);
    let v = 0;
    for (let i = 0; i < size; i++) v |= this.readByte(requester, offset + i, ns) << (8 * i);
    return v >>> 0;
  }

  write(offset: number, size: AccessSize, value: number, requester: number): void {
    const core = this.core;
    if (requester >= core.cpus) return;
    const ns = core.security && !core.isSecure(requester);
    if (offset === 0xf00) {
      if (size === 4) core.sendSgi(requester, value, ns); // GICD_SGIR is word-only
      return;
    }
    for (let i = 0; i < size; i++) this.writeByte(requester, offset + i, (value >>> (8 * i)) & 0xff, ns);
    core.updateAll();
  }

  private readByte(c: number, offset: number, ns: boolean): number {
    const core = this.core;
    if (offset < 0x100) {
      if (offset === 0x000) return ns ? (core.ctlr >> 1) & 1 : core.ctlr;
      if (offset === 0x004) return ((core.numIrq >> 5) - 1) | ((core.cpus - 1) << 5); // GICD_TYPER
      if (offset === 0x005) return core.security ? 1 << 2 : 0; // TYPER.SecurityExtn (bit 10)
      if (offset >= 0x008 && offset < 0x00c) return (GICD_IIDR >>> (8 * (offset - 8))) & 0xff;
      if (offset < 0x080) return 0;
      // GICD_IGROUPRn: RAZ/WI to Non-secure accesses.
      const irq = (offset - 0x080) * 8;
      if (ns || irq >= core.numIrq) return 0;
      return this.bits(c, irq, (s) => core.group[s] !== 0, ns);
    }
    if (offset < 0x400) {
      const irq = (offset & 0x7f) * 8;
      if (irq >= core.numIrq) return 0;
      if (offset < 0x200) return this.bits(c, irq, (s) => core.enabled[s] !== 0, ns); // I[SC]ENABLER
      if (offset < 0x300) return this.bits(c, irq, (s) => core.isPending(s), ns); // I[SC]PENDR
      return this.bits(c, irq, (s) => core.active[s] !== 0, ns); // I[SC]ACTIVER
    }
    if (offset < 0x800) {
      const irq = offset - 0x400; // GICD_IPRIORITYRn, one byte per interrupt
      return irq < core.numIrq ? core.readPriority(core.slot(c, irq), ns) : 0;
    }
    if (offset < 0xc00) {
      // GICD_ITARGETSRn: RAZ on a uniprocessor GIC; the private ones read the own CPU's bit.
      const irq = offset - 0x800;
      if (core.cpus === 1 || irq >= core.numIrq) return 0;
      return irq < 32 ? 1 << c : core.target[irq];
    }
    if (offset < 0xd00) {
      // GICD_ICFGRn: Int_config[1] (edge) per interrupt; bit [0] is reserved in GICv2.
      const irq = (offset - 0xc00) * 4;
      if (irq >= core.numIrq) return 0;
      let v = 0;
      for (let i = 0; i < 4; i++) {
        const s = core.slot(c, irq + i);
        if (ns && core.group[s] === 0) continue;
        if (core.edge[s] !== 0) v |= 2 << (2 * i);
      }
      return v;
    }
    if (offset >= 0xf10 && offset < 0xf30) {
      // GICD_CPENDSGIRn / GICD_SPENDSGIRn: one byte per SGI, a bit per source CPU.
      const sgi = offset & 0xf;
      if (ns && core.group[c * 32 + sgi] === 0) return 0;
      return core.sgiSources[c * 16 + sgi];
    }
    if (offset >= 0xfd0) return (offset & 3) === 0 ? GICD_ID[(offset - 0xfd0) >> 2] : 0;
    return 0;
  }

  /** Eight status bits starting at `irq`; Group 0 interrupts read as zero to Non-secure accesses. */
  private bits(c: number, irq: number, test: (slot: number) => boolean, ns: boolean): number {
    const core = this.core;
    let v = 0;
    for (let i = 0; i < 8; i++) {
      const s = core.slot(c, irq + i);
      if (ns && core.group[s] === 0) continue;
      if (test(s)) v |= 1 << i;
    }
    return v;
  }

  private writeByte(c: number, offset: number, value: number, ns: boolean): void {
    const core = this.core;
    if (offset < 0x100) {
      if (offset === 0x000) {
        if (ns) core.ctlr = (core.ctlr & ~2) | ((value & 1) << 1);
        else core.ctlr = value & 3;
        return;
      }
      if (offset < 0x080 || ns) return;
      const irq = (offset - 0x080) * 8;
      if (irq >= core.numIrq) return;
      for (let i = 0; i < 8; i++) core.group[core.slot(c, irq + i)] = (value >> i) & 1;
      return;
    }
    if (offset < 0x400) {
      const irq = (offset & 0x7f) * 8;
      if (irq >= core.numIrq) return;
      const set = (offset & 0x80) === 0;
      const kind = (offset - 0x100) >> 8; // 0 enable, 1 pending, 2 active
      // SGIs: always enabled (RAO/WI), pending only through GICD_SGIR / S/CPENDSGIR.
      if (irq < 16 && kind < 2) return;
      const arr = kind === 0 ? core.enabled : kind === 1 ? core.latch : core.active;
      for (let i = 0; i < 8; i++) {
        if ((value & (1 << i)) === 0) continue;
        const s = core.slot(c, irq + i);
        if (ns && core.group[s] === 0) continue;
        arr[s] = set ? 1 : 0;
      }
      return;
    }
    if (offset < 0x800) {
      const irq = offset - 0x400;
      if (irq < core.numIrq) core.writePriority(core.slot(c, irq), value, ns);
      return;
    }
    if (offset < 0xc00) {
      const irq = offset - 0x800;
      // Read-only for SGIs and PPIs, and WI on a uniprocessor GIC; target bits of absent CPUs are RAZ/WI.
      if (irq >= 32 && irq < core.numIrq && core.cpus > 1) core.target[irq] = value & core.cpuMask;
      return;
    }
    if (offset < 0xd00) {
      const irq = (offset - 0xc00) * 4;
      if (irq < 16 || irq >= core.numIrq) return; // SGIs are always edge-triggered
      for (let i = 0; i < 4; i++) {
        const s = core.slot(c, irq + i);
        if (ns && core.group[s] === 0) continue;
        core.edge[s] = (value >> (2 * i + 1)) & 1;
      }
      return;
    }
    if (offset >= 0xf10 && offset < 0xf30) {
      const sgi = offset & 0xf;
      if (ns && core.group[c * 32 + sgi] === 0) return;
      core.writeSgiPending(c, sgi, value, offset >= 0xf20);
    }
  }
}

// ---- physical CPU interface ----------------------------------------------------------------------

/** GICC, banked by requester. */
export class CpuInterfaceWindow implements MmioWindow {
  readonly name = "gic.cpu-interface";
  readonly size = 0x2000;
  readonly access = WORD_ONLY;

  constructor(private readonly core: GicCore) {}

  read(offset: number, _size: AccessSize, requester: number): number {
    const core = this.core;
    const c = requester;
    if (c >= core.cpus) return 0;
    const ns = core.security && !core.isSecure(c);
    switch (offset) {
      case 0x00:
        return core.readCtlr(c, ns);
      case 0x04:
        return core.readPmr(c, ns);
      case 0x08:
        return core.readBpr(c, ns);
      case 0x0c:
        return core.acknowledge(c, ns);
      case 0x14:
        return core.readRpr(c, ns);
      case 0x18:
        return core.visiblePending(c, ns);
      case 0x1c: // GICC_ABPR: RAZ/WI to Non-secure accesses
        return ns ? 0 : core.abpr[c];
      case 0x20: // GICC_AIAR / AHPPIR: the Group 1 view, for Secure accesses only
        return ns ? 0 : core.acknowledge(c, true);
      case 0x28:
        return ns ? 0 : core.visiblePending(c, true);
      case 0xd0:
      case 0xd4:
      case 0xd8:
      case 0xdc:
        return core.readApr(c, (offset - 0xd0) >> 2, ns);
      case 0xe0:
      case 0xe4:
      case 0xe8:
      case 0xec:
        return ns ? 0 : core.nsapr[c * 4 + ((offset - 0xe0) >> 2)];
      case 0xfc:
        return GICC_IIDR;
      default:
        return 0; // write-only (EOIR, AEOIR, DIR) and reserved registers read as zero
    }
  }

  write(offset: number, _size: AccessSize, value: number, requester: number): void {
    const core = this.core;
    const c = requester;
    if (c >= core.cpus) return;
    const ns = core.security && !core.isSecure(c);
    switch (offset) {
      case 0x00:
        core.writeCtlr(c, value, ns);
        break;
      case 0x04:
        core.writePmr(c, value, ns);
        break;
      case 0x08:
        core.writeBpr(c, value, ns);
        break;
      case 0x10:
        core.endOfInterrupt(c, value, ns);
        return;
      case 0x1c:
        if (ns) return;
        core.writeAbpr(c, value);
        break;
      case 0x24: // GICC_AEOIR
        if (!ns) core.endOfInterrupt(c, value, true);
        return;
      case 0xd0:
      case 0xd4:
      case 0xd8:
      case 0xdc:
        core.writeApr(c, (offset - 0xd0) >> 2, value, ns);
        break;
      case 0xe0:
      case 0xe4:
      case 0xe8:
      case 0xec:
        if (ns) return;
        core.nsapr[c * 4 + ((offset - 0xe0) >> 2)] = value >>> 0;
        core.recomputeRunning(c);
        break;
      case 0x1000: // GICC_DIR
        core.deactivate(c, value, ns);
        return;
      default:
        return;
    }
    core.updateCpu(c);
  }
}

// ---- virtual CPU interface -----------------------------------------------------------------------

/** GICV, banked by requester: the GICC layout seen by a guest, backed by the list registers. */
export class VirtualCpuInterfaceWindow implements MmioWindow {
  readonly name = "gic.virtual-cpu-interface";
  readonly size = 0x2000;
  readonly access = WORD_ONLY;

  constructor(private readonly core: GicCore) {}

  read(offset: number, _size: AccessSize, requester: number): number {
    const core = this.core;
    const c = requester;
    if (c >= core.cpus || !core.virt) return 0;
    const i = core.vif(c);
    switch (offset) {
      case 0x00:
        return core.cctlr[i];
      case 0x04:
        return core.pmr[i];
      case 0x08:
        return core.bpr[i];
      case 0x0c:
        return core.virtualAcknowledge(c, false);
      case 0x14:
        return core.readRpr(i, false);
      case 0x18:
        return core.visiblePending(i, false);
      case 0x1c:
        return core.abpr[i];
      case 0x20:
        return core.virtualAcknowledge(c, true);
      case 0x28:
        return core.visiblePending(i, true);
      case 0xd0: // GICV_APR0 is GICH_APR; 32 preemption levels need no more
        return core.vapr[c];
      case 0xfc:
        return GICC_IIDR;
      default:
        return 0;
    }
  }

  write(offset: number, _size: AccessSize, value: number, requester: number): void {
    const core = this.core;
    const c = requester;
    if (c >= core.cpus || !core.virt) return;
    const i = core.vif(c);
    switch (offset) {
      case 0x00:
        core.writeCtlr(i, value, false);
        break;
      case 0x04:
        core.writePmr(i, value, false);
        break;
      case 0x08:
        core.writeBpr(i, value, false);
        break;
      case 0x10:
      case 0x24: // GICV_AEOIR: the same priority drop for a Group 1 interrupt
        core.virtualEndOfInterrupt(c, value);
        return;
      case 0x1c:
        core.writeAbpr(i, value);
        break;
      case 0xd0:
        core.vapr[c] = value >>> 0;
        core.recomputeRunning(i);
        break;
      case 0x1000: // GICV_DIR
        core.virtualDeactivate(c, value);
        return;
      default:
        return;
    }
    core.updateVirtual(c);
  }
}

// ---- virtual interface control -------------------------------------------------------------------

/** GICH registers of one CPU. `cpu` undefined: banked by requester ("this CPU's GICH"). */
export class HypInterfaceWindow implements MmioWindow {
  readonly name: string;
  readonly size: number;
  readonly access = WORD_ONLY;

  constructor(
    private readonly core: GicCore,
    private readonly cpu: number | undefined,
  ) {
    this.name = cpu === undefined ? "gic.hyp-interface" : `gic.hyp-interface.cpu${cpu}`;
    this.size = cpu === undefined ? 0x1000 : 0x200;
  }

  read(offset: number, _size: AccessSize, requester: number): number {
    const core = this.core;
    const c = this.cpu ?? requester;
    if (c >= core.cpus || !core.virt) return 0;
    switch (offset) {
      case 0x00:
        return core.hcr[c];
      case 0x04: // GICH_VTR: ListRegs, PREbits = PRIbits = 5 (encoded 4): 0x90000003 with 4 LRs
        return ((4 << 29) | (4 << 26) | (core.nLr - 1)) >>> 0;
      case 0x08:
        return core.readVmcr(c);
      case 0x10:
        return core.misr(c);
      case 0x20:
      case 0x24:
        return core.eisr(c, (offset - 0x20) >> 2);
      case 0x30:
      case 0x34:
        return core.elrsr(c, (offset - 0x30) >> 2);
      case 0xf0:
        return core.vapr[c];
      default: {
        const n = (offset - 0x100) >> 2;
        return offset >= 0x100 && n < core.nLr ? core.lr[c * core.nLr + n] : 0;
      }
    }
  }

  write(offset: number, _size: AccessSize, value: number, requester: number): void {
    const core = this.core;
    const c = this.cpu ?? requester;
    if (c >= core.cpus || !core.virt) return;
    switch (offset) {
      case 0x00:
        core.hcr[c] = (value & HCR_MASK) >>> 0;
        break;
      case 0x08:
        core.writeVmcr(c, value);
        break;
      case 0xf0:
        core.vapr[c] = value >>> 0;
        core.recomputeRunning(core.vif(c));
        break;
      default: {
        const n = (offset - 0x100) >> 2;
        if (offset < 0x100 || n >= core.nLr) return; // unimplemented list registers are RAZ/WI
        core.lr[c * core.nLr + n] = (value & LR_MASK) >>> 0;
      }
    }
    core.updateVirtual(c);
  }
}
