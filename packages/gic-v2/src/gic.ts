// The GICv2 device: options, named input lines, the register windows and state snapshots.

import type { IrqLine, MmioWindow } from "@xena/machine";
import { GicCore, type GicCpuOutputs, type GicOutputName } from "./core.js";
import { CpuInterfaceWindow, DistributorWindow, HypInterfaceWindow, VirtualCpuInterfaceWindow } from "./windows.js";

export interface GicOptions {
  /** Number of CPU interfaces, 1..8. */
  readonly cpus: number;
  /** Shared peripheral interrupts (IDs 32..), a multiple of 32 up to 960; default 128 (QEMU's A15: 160 IDs). The Cortex-A15 allows up to 480. */
  readonly spis?: number;
  /** Per CPU, the lines the GIC drives: the core's IRQ and FIQ inputs, VIRQ/VFIQ, and optionally an observer of the maintenance interrupt. */
  readonly outputs?: readonly GicCpuOutputs[];
  /** Implement the Security Extensions (Group 0 Secure, Group 1 Non-secure, banked views). Default false, as QEMU's virt machine without `secure=on`. */
  readonly securityExtensions?: boolean;
  /**
   * With the Security Extensions: reset as QEMU does when it boots a kernel directly in Non-secure
   * state (standing in for Secure firmware): every interrupt Group 1, priorities and PMR 0x80.
   */
  readonly nonSecureBoot?: boolean;
  /** Whether an access from `requester` is Secure (default: none is; xena's core runs Non-secure). */
  readonly isSecure?: (requester: number) => boolean;
  /** Implement the virtualization extension (GICH, GICV, list registers, maintenance interrupt). Default true. */
  readonly virtualization?: boolean;
  /** Implemented priority bits, 4..8 (5..8 with virtualization). Default 8, as QEMU; a real GIC-400 has 5. */
  readonly priorityBits?: number;
  /** List registers per CPU, 1..64. Default 4, as the A15's GIC-400 and QEMU. */
  readonly listRegisters?: number;
}

/** GIC interrupt ID of the virtual interface maintenance interrupt on the GIC-400 (PPI 9). */
export const MAINTENANCE_INTID = 25;

/** Saved GIC state: plain, JSON-safe data. */
export interface GicState {
  readonly version: 1;
  readonly cpus: number;
  readonly spis: number;
  readonly listRegisters: number;
  readonly ctlr: number;
  readonly arrays: Readonly<Record<StateArray, readonly number[]>>;
}

const STATE_ARRAYS = [
  "enabled",
  "latch",
  "active",
  "level",
  "edge",
  "group",
  "priority",
  "target",
  "sgiSources",
  "cctlr",
  "pmr",
  "bpr",
  "abpr",
  "running",
  "apr",
  "nsapr",
  "hcr",
  "vapr",
  "lr",
] as const;
type StateArray = (typeof STATE_ARRAYS)[number];

/**
 * A GICv2 as in the Cortex-A15 MPCore (GIC-400): distributor, banked CPU interfaces, and the
 * virtualization extension. Map the windows (`distributor`, `cpuInterface`, `hypInterface`,
 * `hypInterfaceOf(n)`, `virtualCpuInterface`) where the platform wants them; connect devices to
 * `spi(n)` and `ppi(cpu, n)`; the GIC drives the `outputs` lines given to the constructor.
 */
export class Gic {
  readonly cpus: number;
  readonly spis: number;
  /** GICD, 4 KiB; byte, halfword and word accesses. */
  readonly distributor: MmioWindow;
  /** GICC of the accessing CPU, 8 KiB (GICC_DIR at 0x1000); word accesses. */
  readonly cpuInterface: MmioWindow;
  /** GICH of the accessing CPU, 4 KiB; word accesses. */
  readonly hypInterface: MmioWindow;
  /** GICV of the accessing CPU, 8 KiB (GICV_DIR at 0x1000); word accesses. */
  readonly virtualCpuInterface: MmioWindow;
  private readonly core: GicCore;
  private readonly hypWindows: MmioWindow[] = [];
  private readonly spiLines: IrqLine[] = [];
  private readonly ppiLines: IrqLine[] = [];

  constructor(options: GicOptions) {
    const cpus = options.cpus;
    const spis = options.spis ?? 128;
    const virtualization = options.virtualization ?? true;
    const priorityBits = options.priorityBits ?? 8;
    const listRegisters = options.listRegisters ?? 4;
    if (!Number.isInteger(cpus) || cpus < 1 || cpus > 8) throw new RangeError(`cpus must be 1..8, got ${cpus}`);
    if (!Number.isInteger(spis) || spis < 0 || spis > 960 || spis % 32 !== 0) {
      throw new RangeError(`spis must be a multiple of 32 in 0..960, got ${spis}`);
    }
    if (!Number.isInteger(priorityBits) || priorityBits < (virtualization ? 5 : 4) || priorityBits > 8) {
      throw new RangeError(`priorityBits must be ${virtualization ? 5 : 4}..8, got ${priorityBits}`);
    }
    if (!Number.isInteger(listRegisters) || listRegisters < 1 || listRegisters > 64) {
      throw new RangeError(`listRegisters must be 1..64, got ${listRegisters}`);
    }
    if ((options.outputs?.length ?? 0) > cpus) {
      throw new RangeError(`outputs given for ${options.outputs?.length} CPUs, but cpus is ${cpus}`);
    }
    this.cpus = cpus;
    this.spis = spis;
    this.core = new GicCore({
      cpus,
      spis,
      securityExtensions: options.securityExtensions ?? false,
      virtualization,
      priorityBits,
      listRegisters,
      nonSecureBoot: options.nonSecureBoot ?? false,
      isSecure: options.isSecure ?? (() => false),
      outputs: options.outputs ?? [],
    });
    const core = this.core;
    this.distributor = new DistributorWindow(core);
    this.cpuInterface = new CpuInterfaceWindow(core);
    this.hypInterface = new HypInterfaceWindow(core, undefined);
    this.virtualCpuInterface = new VirtualCpuInterfaceWindow(core);
    for (let c = 0; c < cpus; c++) {
      this.hypWindows.push(new HypInterfaceWindow(core, c));
      for (let n = 0; n < 16; n++) {
        const slot = c * 32 + 16 + n;
        this.ppiLines.push({ set: (level: boolean) => core.setInput(slot, level, c) });
      }
    }
    for (let n = 0; n < spis; n++) {
      const slot = core.slot(0, 32 + n);
      this.spiLines.push({ set: (level: boolean) => core.setInput(slot, level, -1) });
    }
  }

  /** Input line of shared peripheral interrupt `n` (interrupt ID 32 + n). */
  spi(n: number): IrqLine {
    const line = this.spiLines[n];
    if (line === undefined) throw new RangeError(`the GIC has ${this.spis} SPIs; there is no SPI ${n}`);
    return line;
  }

  /** Input line of CPU `cpu`'s private peripheral interrupt `n` (0..15, interrupt ID 16 + n). */
  ppi(cpu: number, n: number): IrqLine {
    if (!Number.isInteger(n) || n < 0 || n > 15) throw new RangeError(`PPI numbers are 0..15, got ${n}`);
    if (this.core.virt && n === MAINTENANCE_INTID - 16) {
      throw new RangeError(`PPI ${n} (ID ${MAINTENANCE_INTID}) is driven by the GIC's own maintenance interrupt`);
    }
    const line = this.ppiLines[cpu * 16 + n];
    if (line === undefined || cpu < 0) throw new RangeError(`the GIC has no CPU ${cpu}`);
    return line;
  }

  /** The GICH registers of CPU `cpu` whatever CPU accesses them (0x200 bytes; the A15 maps them at 0x5000 + 0x200·n). */
  hypInterfaceOf(cpu: number): MmioWindow {
    const w = this.hypWindows[cpu];
    if (w === undefined) throw new RangeError(`the GIC has no CPU ${cpu}`);
    return w;
  }

  /** The level the GIC currently drives on one of CPU `cpu`'s outputs. */
  outputLevel(cpu: number, output: GicOutputName): boolean {
    return this.core.outputLevel(cpu, output);
  }

  /** Resets every register (as at power-on; input lines keep their levels) and recomputes the outputs. */
  reset(): void {
    this.core.reset();
    if (this.core.virt) for (let c = 0; c < this.cpus; c++) this.core.updateVirtual(c);
  }

  saveState(): GicState {
    const core = this.core;
    const arrays = {} as Record<StateArray, number[]>;
    for (const name of STATE_ARRAYS) arrays[name] = Array.from(core[name]);
    return {
      version: 1,
      cpus: this.cpus,
      spis: this.spis,
      listRegisters: core.nLr,
      ctlr: core.ctlr,
      arrays,
    };
  }

  /** Restores a snapshot taken from a GIC of the same shape, and drives the outputs accordingly. */
  restoreState(state: GicState): void {
    const core = this.core;
    if (state.version !== 1) throw new Error(`unsupported GIC state version ${state.version}`);
    if (state.cpus !== this.cpus || state.spis !== this.spis || state.listRegisters !== core.nLr) {
      throw new Error(
        `GIC state is for ${state.cpus} CPUs/${state.spis} SPIs/${state.listRegisters} LRs, this GIC has ${this.cpus}/${this.spis}/${core.nLr}`,
      );
    }
    for (const name of STATE_ARRAYS) {
      const src = state.arrays[name];
      if (src.length !== core[name].length) throw new Error(`GIC state array ${name} has the wrong length`);
      core[name].set(src);
    }
    core.ctlr = state.ctlr & 3;
    core.updateAll();
    if (core.virt) for (let c = 0; c < this.cpus; c++) core.updateVirtual(c);
  }
}
