// Configuration checks, reset, and state snapshots.
import { describe, expect, it } from "vitest";
import { GICC, GICD, GICH, Gic, listRegister } from "../src/index.js";
import { linuxInit, setup } from "./harness.js";

describe("configuration", () => {
  it("rejects shapes the architecture or the A15 does not have", () => {
    expect(() => new Gic({ cpus: 0 })).toThrow(RangeError);
    expect(() => new Gic({ cpus: 9 })).toThrow(RangeError);
    expect(() => new Gic({ cpus: 1, spis: 100 })).toThrow(RangeError);
    expect(() => new Gic({ cpus: 1, spis: 992 })).toThrow(RangeError);
    expect(() => new Gic({ cpus: 1, priorityBits: 4 })).toThrow(RangeError); // the vGIC needs 5
    expect(() => new Gic({ cpus: 1, priorityBits: 4, virtualization: false })).not.toThrow();
    expect(() => new Gic({ cpus: 1, listRegisters: 0 })).toThrow(RangeError);
    expect(() => new Gic({ cpus: 1, outputs: [{}, {}] })).toThrow(RangeError);
    const gic = new Gic({ cpus: 2, spis: 64 });
    expect(() => gic.spi(64)).toThrow(RangeError);
    expect(() => gic.ppi(2, 0)).toThrow(RangeError);
    expect(gic.spi(63)).toBe(gic.spi(63)); // lines are stable objects
  });

  it("window names and sizes", () => {
    const gic = new Gic({ cpus: 2 });
    expect(
      [gic.distributor, gic.cpuInterface, gic.hypInterface, gic.virtualCpuInterface].map((w) => [w.name, w.size]),
    ).toEqual([
      ["gic.distributor", 0x1000],
      ["gic.cpu-interface", 0x2000],
      ["gic.hyp-interface", 0x1000],
      ["gic.virtual-cpu-interface", 0x2000],
    ]);
    expect(gic.hypInterfaceOf(1).name).toBe("gic.hyp-interface.cpu1");
  });
});

describe("reset and snapshots", () => {
  function busy() {
    const h = setup({ cpus: 2 });
    linuxInit(h, 128);
    h.gicd.w(GICD.ISENABLER + 4, 0xff);
    h.gicd.w(GICD.ITARGETSR + 32, 0x02010201);
    h.gic.spi(1).set(true);
    h.gic.spi(2).set(true);
    h.gicd.w(GICD.SGIR, 0x00030005);
    h.gicc.r(GICC.IAR, 1);
    h.gich.w(GICH.HCR, 1);
    h.gicv.w(GICC.CTLR, 1);
    h.gicv.w(GICC.PMR, 0xf8);
    h.gich.w(GICH.LR, listRegister({ virtualId: 44, priority: 0x30, eoi: true }));
    h.gicv.r(GICC.IAR);
    return h;
  }

  it("saveState/restoreState reproduce every register and drive the outputs", () => {
    const a = busy();
    const saved = a.gic.saveState();
    expect(JSON.parse(JSON.stringify(saved))).toEqual(saved);
    const b = setup({ cpus: 2 });
    b.gic.restoreState(saved);
    expect(b.gic.saveState()).toEqual(saved);
    for (const c of [0, 1]) {
      for (const name of ["irq", "fiq", "virq", "vfiq", "maintenance"] as const) {
        expect(b.gic.outputLevel(c, name), `${name} of CPU ${c}`).toBe(a.gic.outputLevel(c, name));
      }
    }
    // Both continue identically.
    for (const h of [a, b]) h.gicv.w(GICC.EOIR, 44);
    expect(b.gich.r(GICH.MISR)).toBe(1);
    expect(b.gic.saveState()).toEqual(a.gic.saveState());
    expect(() => setup({ cpus: 1 }).gic.restoreState(saved)).toThrow(/2 CPUs/);
  });

  it("reset returns to the power-on state and drops the outputs", () => {
    const h = busy();
    expect(h.out[0].irq.level || h.out[1].irq.level).toBe(true);
    h.gic.reset();
    expect(h.out.map((o) => [o.irq.level, o.virq.level])).toEqual([
      [false, false],
      [false, false],
    ]);
    const fresh = setup({ cpus: 2 });
    fresh.gic.spi(1).set(true); // the input lines keep their levels across reset
    fresh.gic.spi(2).set(true);
    expect(h.gic.saveState()).toEqual(fresh.gic.saveState());
  });
});
