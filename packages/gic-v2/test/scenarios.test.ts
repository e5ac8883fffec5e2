// End-to-end scenarios: the GIC between devices (lines in) and CPUs (lines out), driven the way
// Linux and a hypervisor drive it.
import { type Clock, type ClockTimer, EventScheduler, type IrqLine } from "@xena/machine";
import { describe, expect, it } from "vitest";
import { GICC, GICD, GICH, listRegister, SPURIOUS, sgir } from "../src/index.js";
import { linuxInit, setup } from "./harness.js";

/** A level-output one-shot timer, like a generic-timer comparator: high from its deadline until rearmed. */
class FakeTimer {
  private readonly t: ClockTimer;
  constructor(
    private readonly clock: Clock,
    private readonly line: IrqLine,
  ) {
    this.t = clock.createTimer("fake-timer", () => line.set(true));
  }
  /** Lowers the line and fires `ns` from now. */
  rearm(ns: number): void {
    this.line.set(false);
    this.t.arm(this.clock.now() + ns);
  }
}

/** Linux's gic_handle_irq: acknowledge and complete until the interface reports 1023. */
function handle(port: ReturnType<typeof setup>["gicc"], cpu: number, onIrq: (iar: number) => void): number[] {
  const seen: number[] = [];
  for (;;) {
    const iar = port.r(GICC.IAR, cpu);
    if ((iar & 0x3ff) === SPURIOUS) return seen;
    seen.push(iar);
    onIrq(iar);
    port.w(GICC.EOIR, iar, cpu);
  }
}

describe("scenarios", () => {
  it("SGI between CPUs: secondary wake-up relies on the reset state of CPU 1's banked registers", () => {
    const h = setup({ cpus: 2 });
    const { gicc, gicd, out } = h;
    // Firmware parks CPU 1 with its interface on; Linux on CPU 0 sets up the distributor only.
    gicc.w(GICC.PMR, 0xff, 1);
    gicc.w(GICC.CTLR, 1, 1);
    gicd.w(GICD.CTLR, 1);
    gicd.w(GICD.SGIR, 0x00fe0000); // SGI 0 to "every CPU but the boot CPU"
    expect([out[0].irq.level, out[1].irq.level]).toEqual([false, true]);
    expect(handle(gicc, 1, () => {})).toEqual([0]); // SGI 0 from CPU 0
    // CPU 1 answers with a reschedule IPI (SGI 2) to CPU 0.
    gicc.w(GICC.PMR, 0xf0, 0);
    gicc.w(GICC.CTLR, 1, 0);
    gicd.w(GICD.SGIR, sgir(2, 0b01), 1);
    expect(out[0].irq.level).toBe(true);
    expect(handle(gicc, 0, () => {})).toEqual([2 | (1 << 10)]);
    expect([out[0].irq.level, out[1].irq.level]).toEqual([false, false]);
  });

  it("a level PPI from a timer: each expiry is one interrupt, the handler rearms the timer", () => {
    const clock = new EventScheduler();
    const h = setup({ cpus: 2 });
    linuxInit(h);
    const { gic, gicc, gicd, out } = h;
    gicd.w(GICD.ISENABLER, 1 << 30, 1); // the physical timer PPI of CPU 1
    const timer = new FakeTimer(clock, gic.ppi(1, 14));
    timer.rearm(1000);
    clock.advanceTo(999);
    expect(out[1].irq.level).toBe(false);
    clock.advanceTo(1000);
    expect(out[1].irq.level).toBe(true);
    expect(out[0].irq.level).toBe(false); // private to CPU 1
    expect(handle(gicc, 1, () => timer.rearm(1000))).toEqual([30]);
    clock.advanceTo(2000);
    expect(handle(gicc, 1, () => timer.rearm(1000))).toEqual([30]);
    expect(out[1].irq.history).toEqual([true, false, true, false]);
  });

  it("an edge SPI: pulses while the interrupt is active are not lost, but coalesce", () => {
    const h = setup({ cpus: 2 });
    linuxInit(h);
    const { gic, gicc, gicd } = h;
    gicd.w(GICD.ICFGR + 12, 0x2 << 8); // ID 52 edge-triggered
    gicd.w(GICD.ITARGETSR + 52, 0x2, 0, 1); // to CPU 1
    gicd.w(GICD.ISENABLER + 4, 1 << 20);
    const line = gic.spi(20);
    line.set(true);
    line.set(false);
    let nested = 0;
    const seen = handle(gicc, 1, () => {
      if (nested++ === 0) {
        // Two more edges while the first is being handled.
        line.set(true);
        line.set(false);
        line.set(true);
        line.set(false);
      }
    });
    expect(seen).toEqual([52, 52]);
  });

  it("priority preemption: a high-priority interrupt nests inside a low-priority handler", () => {
    const h = setup({ cpus: 1 });
    linuxInit(h, 32);
    const { gic, gicc, gicd, out } = h;
    gicd.w(GICD.ISENABLER + 4, 0x3);
    gicd.w(GICD.IPRIORITYR + 32, 0x20a0); // 32 low (0xa0), 33 high (0x20)
    const order: string[] = [];
    gic.spi(0).set(true);
    const outer = gicc.r(GICC.IAR);
    order.push(`enter ${outer}`);
    gic.spi(1).set(true); // arrives during the handler
    expect(out[0].irq.level).toBe(true); // the CPU would take the nested exception here
    const inner = gicc.r(GICC.IAR);
    order.push(`enter ${inner}`);
    gic.spi(1).set(false);
    gicc.w(GICC.EOIR, inner);
    order.push(`leave ${inner}`);
    expect(gicc.r(GICC.RPR)).toBe(0xa0);
    gic.spi(0).set(false);
    gicc.w(GICC.EOIR, outer);
    order.push(`leave ${outer}`);
    expect(order).toEqual(["enter 32", "enter 33", "leave 33", "leave 32"]);
    expect(gicc.r(GICC.RPR)).toBe(0xff);
  });

  it("a hypervisor forwards a timer interrupt to its guest with the HW bit; the guest's EOI deactivates it", () => {
    const clock = new EventScheduler();
    const h = setup({ cpus: 1 });
    linuxInit(h, 32);
    const { gic, gicc, gich, gicd, gicv, out } = h;
    // Hypervisor: split EOI so that the guest deactivates; list register maintenance off.
    gicc.w(GICC.CTLR, 0x201);
    gicd.w(GICD.ISENABLER, 1 << 27);
    gich.w(GICH.HCR, 1);
    // Guest: a Linux-like virtual CPU interface.
    gicv.w(GICC.PMR, 0xf0);
    gicv.w(GICC.CTLR, 1);
    const vtimer = new FakeTimer(clock, gic.ppi(0, 11));
    let guestTicks = 0;
    const hypervisorEntry = () => {
      const iar = gicc.r(GICC.IAR);
      gicc.w(GICC.EOIR, iar); // priority drop only: the interrupt stays active until the guest is done
      gich.w(GICH.LR, listRegister({ virtualId: 27, priority: 0xa0, physicalId: iar }));
    };
    const guestEntry = () => {
      const iar = gicv.r(GICC.IAR);
      expect(iar).toBe(27);
      guestTicks++;
      vtimer.rearm(500);
      gicv.w(GICC.EOIR, iar);
    };
    vtimer.rearm(500);
    for (let tick = 1; tick <= 3; tick++) {
      clock.advanceTo(tick * 500);
      expect(out[0].irq.level).toBe(true);
      hypervisorEntry();
      expect(out[0].irq.level).toBe(false);
      expect(out[0].virq.level).toBe(true);
      guestEntry();
      expect(out[0].virq.level).toBe(false);
      expect(gicd.r(GICD.ISACTIVER) & (1 << 27)).toBe(0);
      expect(gich.r(GICH.ELRSR0) & 1).toBe(1); // the list register is free again
    }
    expect(guestTicks).toBe(3);
  });
});
