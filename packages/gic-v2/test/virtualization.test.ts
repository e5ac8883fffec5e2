// The virtualization extension: GICH (list registers, maintenance) and GICV.
import { describe, expect, it } from "vitest";
import { GICC, GICD, GICH, LR_STATE, listRegister, SPURIOUS, SPURIOUS_GROUP1 } from "../src/index.js";
import { linuxInit, setup } from "./harness.js";

const lrState = (lr: number) => (lr >>> 28) & 3;

/** A GIC with CPU 0's virtual interface enabled and open (PMR 0xf8, Group 0 enabled). */
function guest(options: Parameters<typeof setup>[0] = {}) {
  const h = setup(options);
  linuxInit(h);
  h.gich.w(GICH.HCR, 1);
  h.gicv.w(GICC.PMR, 0xf8);
  h.gicv.w(GICC.CTLR, 1);
  return h;
}

describe("GICH registers", () => {
  it("reset values; VTR reports 4 list registers and 5 priority and preemption bits (0x90000003)", () => {
    const { gich } = setup();
    expect(gich.r(GICH.HCR)).toBe(0);
    expect(gich.r(GICH.VTR)).toBe(0x90000003);
    expect(gich.r(GICH.VMCR)).toBe((3 << 18) | (2 << 21)); // ABPR 3, BPR 2
    expect(gich.r(GICH.MISR)).toBe(0);
    expect(gich.r(GICH.EISR0)).toBe(0);
    expect(gich.r(GICH.EISR1)).toBe(0);
    expect(gich.r(GICH.ELRSR0)).toBe(0xf);
    expect(gich.r(GICH.ELRSR1)).toBe(0);
    expect(gich.r(GICH.APR)).toBe(0);
    for (let n = 0; n < 4; n++) expect(gich.r(GICH.LR + 4 * n)).toBe(0);
    expect(setup({ listRegisters: 64 }).gich.r(GICH.VTR)).toBe(0x9000003f);
    expect(setup({ listRegisters: 40 }).gich.r(GICH.ELRSR1)).toBe(0xff);
  });

  it("HCR and the list registers keep their defined bits; unimplemented list registers are RAZ/WI", () => {
    const { gich } = setup();
    gich.w(GICH.HCR, 0xffffffff);
    expect(gich.r(GICH.HCR)).toBe(0xf80000ff);
    gich.w(GICH.LR, 0xffffffff);
    expect(gich.r(GICH.LR)).toBe(0xff8fffff);
    gich.w(GICH.LR + 16, 0xffffffff);
    expect(gich.r(GICH.LR + 16)).toBe(0);
    gich.w(GICH.VTR, 0);
    expect(gich.r(GICH.VTR)).toBe(0x90000003);
  });

  it("VMCR is the GICV_CTLR/PMR/BPR/ABPR state seen from the hypervisor", () => {
    const { gich, gicv } = setup();
    gich.w(GICH.VMCR, (0x1e << 27) | (4 << 21) | (5 << 18) | 0x205);
    expect(gicv.r(GICC.CTLR)).toBe(0x205);
    expect(gicv.r(GICC.PMR)).toBe(0xf0);
    expect(gicv.r(GICC.BPR)).toBe(4);
    expect(gicv.r(GICC.ABPR)).toBe(5);
    gicv.w(GICC.PMR, 0x80);
    gicv.w(GICC.BPR, 0); // clamps to 2
    expect(gich.r(GICH.VMCR)).toBe(((0x10 << 27) | (2 << 21) | (5 << 18) | 0x205) >>> 0);
    gich.w(GICH.VMCR, 0);
    expect([gicv.r(GICC.BPR), gicv.r(GICC.ABPR)]).toEqual([2, 3]);
  });

  it("GICH is banked by requester, and each CPU's GICH is also at its own alias window", () => {
    const { gic, gich } = setup({ cpus: 2 });
    gich.w(GICH.LR, listRegister({ virtualId: 30, priority: 0x40 }), 1);
    expect(gic.hypInterfaceOf(1).read(GICH.LR, 4, 0)).toBe(gich.r(GICH.LR, 1));
    expect(gich.r(GICH.LR, 0)).toBe(0);
    gic.hypInterfaceOf(0).write(GICH.HCR, 4, 1, 1); // CPU 1 writing CPU 0's GICH
    expect(gich.r(GICH.HCR, 0)).toBe(1);
    expect(gich.r(GICH.HCR, 1)).toBe(0);
    expect(gic.hypInterfaceOf(0).size).toBe(0x200);
    expect(() => gic.hypInterfaceOf(2)).toThrow(RangeError);
  });

  it("without the virtualization extension the GICH and GICV windows read zero", () => {
    const { gich, gicv, gic } = setup({ virtualization: false });
    gich.w(GICH.HCR, 1);
    expect(gich.r(GICH.VTR)).toBe(0);
    expect(gicv.r(GICC.IIDR)).toBe(0);
    expect(() => gic.ppi(0, 9)).not.toThrow();
  });
});

describe("list registers and the virtual CPU interface", () => {
  it("pending → active → invalid, with VIRQ, GICV_RPR and GICH_APR following", () => {
    const { gich, gicv, out } = guest();
    gich.w(GICH.LR, listRegister({ virtualId: 27, priority: 0x50 }));
    expect(out[0].virq.level).toBe(true);
    expect(gich.r(GICH.ELRSR0)).toBe(0xe);
    expect(gicv.r(GICC.HPPIR)).toBe(27);
    expect(gicv.r(GICC.IAR)).toBe(27);
    expect(out[0].virq.level).toBe(false);
    expect(lrState(gich.r(GICH.LR))).toBe(LR_STATE.ACTIVE);
    expect(gich.r(GICH.APR)).toBe(1 << (0x50 >> 3));
    expect(gicv.r(GICC.APR)).toBe(1 << (0x50 >> 3));
    expect(gicv.r(GICC.RPR)).toBe(0x50);
    gicv.w(GICC.EOIR, 27);
    expect(gich.r(GICH.LR)).toBe(listRegister({ virtualId: 27, priority: 0x50, state: LR_STATE.INVALID }));
    expect(gich.r(GICH.ELRSR0)).toBe(0xf);
    expect(gicv.r(GICC.RPR)).toBe(0xff);
    expect(out[0].virq.history).toEqual([true, false]);
    expect(out[0].irq.history).toEqual([]); // the physical side is untouched
  });

  it("virtual priorities: PMR masks, a higher priority preempts, pending+active is not deliverable", () => {
    const { gich, gicv, out } = guest();
    gicv.w(GICC.PMR, 0x40);
    gich.w(GICH.LR, listRegister({ virtualId: 40, priority: 0x40 }));
    expect(out[0].virq.level).toBe(false);
    gicv.w(GICC.PMR, 0xf8);
    expect(gicv.r(GICC.IAR)).toBe(40);
    gich.w(GICH.LR + 4, listRegister({ virtualId: 41, priority: 0x48 }));
    expect(out[0].virq.level).toBe(false); // 0x48 does not preempt 0x40
    gich.w(GICH.LR + 8, listRegister({ virtualId: 42, priority: 0x38 }));
    expect(out[0].virq.level).toBe(true);
    expect(gicv.r(GICC.IAR)).toBe(42);
    expect(gich.r(GICH.APR)).toBe((1 << 7) | (1 << 8));
    gicv.w(GICC.EOIR, 42);
    gicv.w(GICC.EOIR, 40);
    // An active and pending entry is deliverable only after its EOI.
    gich.w(GICH.LR, listRegister({ virtualId: 40, priority: 0x30, state: LR_STATE.PENDING_ACTIVE }));
    expect(gicv.r(GICC.IAR)).toBe(41);
    gicv.w(GICC.EOIR, 41);
    gich.w(GICH.LR + 4, 0);
    expect(gicv.r(GICC.HPPIR)).toBe(SPURIOUS);
    gicv.w(GICC.EOIR, 40);
    expect(lrState(gich.r(GICH.LR))).toBe(LR_STATE.PENDING);
    expect(gicv.r(GICC.IAR)).toBe(40);
  });

  it("virtual groups: Group 1 is 1022 without AckCtl and readable through GICV_AIAR; Group 0 can be VFIQ", () => {
    const { gich, gicv, out } = guest();
    gicv.w(GICC.CTLR, 0x3);
    gich.w(GICH.LR, listRegister({ virtualId: 60, priority: 0x40, group1: true }));
    expect(out[0].virq.level).toBe(true);
    expect(gicv.r(GICC.IAR)).toBe(SPURIOUS_GROUP1);
    expect(gicv.r(GICC.AHPPIR)).toBe(60);
    expect(gicv.r(GICC.AIAR)).toBe(60);
    gicv.w(GICC.AEOIR, 60);
    expect(lrState(gich.r(GICH.LR))).toBe(LR_STATE.INVALID);
    gicv.w(GICC.CTLR, 0x9); // Group 0 only, FIQEn
    gich.w(GICH.LR, listRegister({ virtualId: 61, priority: 0x40 }));
    expect([out[0].vfiq.level, out[0].virq.level]).toEqual([true, false]);
    gich.w(GICH.LR + 4, listRegister({ virtualId: 62, priority: 0x10, group1: true }));
    expect(gicv.r(GICC.HPPIR)).toBe(61); // Group 1 is disabled in GICV_CTLR
    gich.w(GICH.HCR, 0);
    expect([out[0].vfiq.level, out[0].virq.level]).toEqual([false, false]);
  });

  it("a virtual SGI reports the CPUID of its list register", () => {
    const { gich, gicv } = guest();
    gich.w(GICH.LR, listRegister({ virtualId: 5, priority: 0x40, cpuId: 3 }));
    expect(gicv.r(GICC.IAR)).toBe(5 | (3 << 10));
    gicv.w(GICC.EOIR, 5 | (3 << 10));
    expect(lrState(gich.r(GICH.LR))).toBe(LR_STATE.INVALID);
  });

  it("guest EOImode: EOIR drops the priority, DIR deactivates; unmatched DIR/EOI count in EOICount", () => {
    const { gich, gicv } = guest();
    gicv.w(GICC.CTLR, 0x201);
    gich.w(GICH.LR, listRegister({ virtualId: 70, priority: 0x40 }));
    expect(gicv.r(GICC.IAR)).toBe(70);
    gicv.w(GICC.EOIR, 70);
    expect(gicv.r(GICC.RPR)).toBe(0xff);
    expect(lrState(gich.r(GICH.LR))).toBe(LR_STATE.ACTIVE);
    gicv.w(GICC.DIR, 70);
    expect(lrState(gich.r(GICH.LR))).toBe(LR_STATE.INVALID);
    gicv.w(GICC.DIR, 71);
    expect(gich.r(GICH.HCR) >>> 27).toBe(1);
    gicv.w(GICC.CTLR, 0x1);
    gicv.w(GICC.APR, 1 << 8); // a priority the hypervisor restored without its list register
    gicv.w(GICC.EOIR, 72);
    expect(gich.r(GICH.HCR) >>> 27).toBe(2);
    gicv.w(GICC.EOIR, 72); // no priority to drop: not counted
    expect(gich.r(GICH.HCR) >>> 27).toBe(2);
  });
});

describe("maintenance interrupt", () => {
  it("an EOI-flagged list register raises it on PPI 9 (ID 25) until the hypervisor rewrites it", () => {
    const { gich, gicv, gicd, gicc, out } = guest();
    gicd.w(GICD.ISENABLER, 1 << 25);
    gich.w(GICH.LR + 4, listRegister({ virtualId: 40, priority: 0x20, eoi: true }));
    expect(gicv.r(GICC.IAR)).toBe(40);
    gicv.w(GICC.EOIR, 40);
    expect(gich.r(GICH.EISR0)).toBe(0x2);
    expect(gich.r(GICH.ELRSR0)).toBe(0xd);
    expect(gich.r(GICH.MISR)).toBe(0x1);
    expect(out[0].maintenance.level).toBe(true);
    expect(gicd.r(GICD.ISPENDR) & (1 << 25)).not.toBe(0);
    expect(out[0].irq.level).toBe(true);
    expect(gicc.r(GICC.IAR)).toBe(25);
    gich.w(GICH.LR + 4, 0);
    expect(out[0].maintenance.level).toBe(false);
    gicc.w(GICC.EOIR, 25);
    expect(gicd.r(GICD.ISPENDR) & (1 << 25)).toBe(0);
    expect(out[0].irq.level).toBe(false);
  });

  it("underflow, no-pending, EOICount and group-enable conditions, only while GICH_HCR.En", () => {
    const { gich, gicv, out } = guest();
    gich.w(GICH.HCR, 0x3); // UIE
    expect(gich.r(GICH.MISR)).toBe(0x2);
    gich.w(GICH.LR, listRegister({ virtualId: 30 }));
    gich.w(GICH.LR + 4, listRegister({ virtualId: 31 }));
    expect(gich.r(GICH.MISR)).toBe(0); // two valid entries
    gich.w(GICH.HCR, 0x9); // NPIE
    expect(gich.r(GICH.MISR)).toBe(0);
    expect(gicv.r(GICC.IAR)).toBe(30);
    expect(gicv.r(GICC.IAR)).toBe(SPURIOUS); // 31 has the same priority: no preemption
    gich.w(GICH.LR + 4, 0);
    expect(gich.r(GICH.MISR)).toBe(0x8); // no pending entry left
    expect(out[0].maintenance.level).toBe(true);
    gich.w(GICH.HCR, 0x5 | (3 << 27)); // LRENPIE with EOICount 3
    expect(gich.r(GICH.MISR)).toBe(0x4);
    gich.w(GICH.HCR, 0xf1);
    expect(gich.r(GICH.MISR)).toBe(0x10 | 0x80); // Group 0 enabled, Group 1 disabled
    gicv.w(GICC.CTLR, 0x2);
    expect(gich.r(GICH.MISR)).toBe(0x20 | 0x40);
    gich.w(GICH.HCR, 0xf0); // En clear: conditions show but no interrupt
    expect(gich.r(GICH.MISR)).toBe(0x20 | 0x40);
    expect(out[0].maintenance.level).toBe(false);
  });

  it("the maintenance PPI is the GIC's own input", () => {
    const { gic } = setup();
    expect(() => gic.ppi(0, 9)).toThrow(/maintenance/);
    expect(() => gic.ppi(0, 16)).toThrow(RangeError);
  });
});

describe("the HW bit", () => {
  it("deactivating the virtual interrupt deactivates the physical one it is linked to", () => {
    const { gic, gich, gicv, gicc, gicd, out } = guest();
    gicc.w(GICC.CTLR, 0x201); // the hypervisor drops priority on EOI, leaves deactivation to the guest
    gicd.w(GICD.ISENABLER, 1 << 27);
    gic.ppi(0, 11).set(true); // a level PPI (the virtual timer, ID 27)
    expect(gicc.r(GICC.IAR)).toBe(27);
    gicc.w(GICC.EOIR, 27);
    expect(gicd.r(GICD.ISACTIVER) & (1 << 27)).not.toBe(0);
    expect(out[0].irq.level).toBe(false); // active and pending: not signalled again
    gich.w(GICH.LR, listRegister({ virtualId: 27, priority: 0x40, physicalId: 27 }));
    expect(gicv.r(GICC.IAR)).toBe(27);
    gic.ppi(0, 11).set(false); // the guest handles its timer
    gicv.w(GICC.EOIR, 27);
    expect(gich.r(GICH.ELRSR0)).toBe(0xf); // HW entries never ask for EOI maintenance
    expect(gich.r(GICH.MISR)).toBe(0);
    expect(gicd.r(GICD.ISACTIVER) & (1 << 27)).toBe(0);
  });

  it("SGI and out-of-range physical IDs are not deactivated (UNPREDICTABLE: ignored)", () => {
    const { gich, gicv, gicd } = guest();
    gicd.w(GICD.ISACTIVER, 0x2);
    gich.w(GICH.LR, listRegister({ virtualId: 50, priority: 0x40, physicalId: 1 }));
    expect(gicv.r(GICC.IAR)).toBe(50);
    gicv.w(GICC.EOIR, 50);
    expect(gicd.r(GICD.ISACTIVER)).toBe(0x2);
  });
});
