// Test harness: a GIC with recording output lines and terse register accessors per window.
import type { AccessSize, MmioWindow } from "@xena/machine";
import { RecordingLine } from "@xena/machine/testing";
import { Gic, type GicOptions } from "../src/index.js";

export interface Port {
  /** Reads `offset` as CPU `cpu` (default 0), `size` bytes (default 4). */
  r(offset: number, cpu?: number, size?: AccessSize): number;
  w(offset: number, value: number, cpu?: number, size?: AccessSize): void;
}

function port(window: MmioWindow): Port {
  return {
    r: (offset, cpu = 0, size = 4) => window.read(offset, size, cpu),
    w: (offset, value, cpu = 0, size = 4) => window.write(offset, size, value >>> 0, cpu),
  };
}

export function lines() {
  return {
    irq: new RecordingLine(),
    fiq: new RecordingLine(),
    virq: new RecordingLine(),
    vfiq: new RecordingLine(),
    maintenance: new RecordingLine(),
  };
}

export function setup(options: Partial<GicOptions> = {}) {
  const cpus = options.cpus ?? 2;
  const out = Array.from({ length: cpus }, lines);
  const gic = new Gic({ cpus, outputs: out, ...options });
  return {
    gic,
    out,
    gicd: port(gic.distributor),
    gicc: port(gic.cpuInterface),
    gich: port(gic.hypInterface),
    gicv: port(gic.virtualCpuInterface),
  };
}

/** The usual Linux bring-up: distributor and CPU interfaces enabled, PMR open, everything at priority 0xa0. */
export function linuxInit(h: ReturnType<typeof setup>, spis = 128): void {
  const { gicd, gicc, gic } = h;
  gicd.w(0x000, 0);
  for (let i = 32; i < 32 + spis; i += 4) gicd.w(0x400 + i, 0xa0a0a0a0);
  for (let c = 0; c < gic.cpus; c++) {
    for (let i = 0; i < 32; i += 4) gicd.w(0x400 + i, 0xa0a0a0a0, c);
    gicc.w(0x04, 0xf0, c);
    gicc.w(0x00, 1, c);
  }
  gicd.w(0x000, 1);
}
