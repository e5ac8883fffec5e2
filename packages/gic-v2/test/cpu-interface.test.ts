// Register-level and state-machine tests of the physical CPU interface (GICC).
import { describe, expect, it } from "vitest";
import { GICC, GICC_IIDR, GICD, SPURIOUS, SPURIOUS_GROUP1, sgir } from "../src/index.js";
import { linuxInit, setup } from "./harness.js";

/** A GIC with CPU 0 ready: distributor and interface on, PMR open, SPIs 32..63 enabled on CPU 0. */
function ready(options: Parameters<typeof setup>[0] = {}) {
  const h = setup(options);
  linuxInit(h);
  for (let i = 32; i < 64; i += 4) h.gicd.w(GICD.ITARGETSR + i, 0x01010101);
  h.gicd.w(GICD.ISENABLER + 4, 0xffffffff);
  return h;
}

describe("GICC registers", () => {
  it("reset values (QEMU: PMR 0, BPR 0, ABPR 1) and IIDR", () => {
    const { gicc } = setup();
    expect(gicc.r(GICC.CTLR)).toBe(0);
    expect(gicc.r(GICC.PMR)).toBe(0);
    expect(gicc.r(GICC.BPR)).toBe(0);
    expect(gicc.r(GICC.ABPR)).toBe(1);
    expect(gicc.r(GICC.RPR)).toBe(0xff);
    expect(gicc.r(GICC.IAR)).toBe(SPURIOUS);
    expect(gicc.r(GICC.HPPIR)).toBe(SPURIOUS);
    expect(gicc.r(GICC.AIAR)).toBe(SPURIOUS);
    expect(gicc.r(GICC.AHPPIR)).toBe(SPURIOUS);
    for (let n = 0; n < 4; n++) expect(gicc.r(GICC.APR + 4 * n) | gicc.r(GICC.NSAPR + 4 * n)).toBe(0);
    expect(gicc.r(GICC.IIDR)).toBe(GICC_IIDR);
    expect(GICC_IIDR).toBe(0x0002043b);
    expect(gicc.r(0x40)).toBe(0);
    expect(gicc.r(GICC.EOIR)).toBe(0);
  });

  it("CTLR keeps EnableGrp0/1, AckCtl, FIQEn, CBPR and EOImode (and EOImodeNS with the Security Extensions)", () => {
    const { gicc } = setup();
    gicc.w(GICC.CTLR, 0xffffffff);
    expect(gicc.r(GICC.CTLR)).toBe(0x21f);
    const sec = setup({ securityExtensions: true, isSecure: () => true });
    sec.gicc.w(GICC.CTLR, 0xffffffff);
    expect(sec.gicc.r(GICC.CTLR)).toBe(0x61f);
  });

  it("PMR keeps the implemented priority bits; BPR and ABPR clamp to their minimums", () => {
    const { gicc } = setup({ priorityBits: 5 });
    gicc.w(GICC.PMR, 0x1ff);
    expect(gicc.r(GICC.PMR)).toBe(0xf8);
    gicc.w(GICC.BPR, 0xff);
    expect(gicc.r(GICC.BPR)).toBe(7);
    gicc.w(GICC.ABPR, 0);
    expect(gicc.r(GICC.ABPR)).toBe(1);
  });

  it("the interface is banked by requester", () => {
    const { gicc } = setup({ cpus: 2 });
    gicc.w(GICC.PMR, 0xf0, 1);
    expect(gicc.r(GICC.PMR, 1)).toBe(0xf0);
    expect(gicc.r(GICC.PMR, 0)).toBe(0);
    gicc.w(GICC.PMR, 0xf0, 7); // no such CPU: ignored
    expect(gicc.r(GICC.PMR, 7)).toBe(0);
  });

  it("the CPU interface is word-only, 8 KiB with GICC_DIR at 0x1000", () => {
    const { gic } = setup();
    expect(gic.cpuInterface.size).toBe(0x2000);
    expect(gic.cpuInterface.access).toEqual({ min: 4, max: 4 });
    expect(gic.distributor.access).toEqual({ min: 1, max: 4 });
  });
});

describe("the interrupt state machine", () => {
  it("a level SPI: pending → active (and pending while the line is high) → inactive", () => {
    const { gic, gicc, gicd, out } = ready();
    gic.spi(8).set(true);
    expect(out[0].irq.level).toBe(true);
    expect(gicc.r(GICC.HPPIR)).toBe(40);
    expect(gicc.r(GICC.IAR)).toBe(40);
    expect(out[0].irq.level).toBe(false);
    expect(gicd.r(GICD.ISACTIVER + 4)).toBe(0x100);
    expect(gicd.r(GICD.ISPENDR + 4)).toBe(0x100); // active and pending
    expect(gicc.r(GICC.RPR)).toBe(0xa0);
    gicc.w(GICC.EOIR, 40);
    expect(out[0].irq.level).toBe(true); // still asserted: taken again
    gic.spi(8).set(false);
    expect(out[0].irq.level).toBe(false);
    expect(gicc.r(GICC.IAR)).toBe(SPURIOUS);
    expect(out[0].irq.history).toEqual([true, false, true, false]);
  });

  it("an edge SPI is pending once per edge; an edge while active makes it active and pending", () => {
    const { gic, gicc, gicd, out } = ready();
    gicd.w(GICD.ICFGR + 8, 0x2);
    gic.spi(0).set(true);
    gic.spi(0).set(false);
    expect(gicc.r(GICC.IAR)).toBe(32);
    expect(gicd.r(GICD.ISPENDR + 4)).toBe(0);
    gic.spi(0).set(true);
    gic.spi(0).set(false);
    expect(gicd.r(GICD.ISPENDR + 4)).toBe(1);
    expect(out[0].irq.level).toBe(false); // not while active
    gicc.w(GICC.EOIR, 32);
    expect(out[0].irq.level).toBe(true);
    expect(gicc.r(GICC.IAR)).toBe(32);
    gicc.w(GICC.EOIR, 32);
    expect(gicc.r(GICC.IAR)).toBe(SPURIOUS);
  });

  it("priority masking and preemption, with the binary point grouping priorities", () => {
    const { gicc, gicd, out } = ready();
    gicd.w(GICD.IPRIORITYR + 32, 0x60504030);
    gicc.w(GICC.PMR, 0x50);
    gicd.w(GICD.ISPENDR + 4, 0x4); // 34 at 0x50: masked by PMR
    expect(out[0].irq.level).toBe(false);
    expect(gicc.r(GICC.HPPIR)).toBe(SPURIOUS);
    gicc.w(GICC.PMR, 0xf0);
    gicc.w(GICC.BPR, 6); // group priority [7]: 0x40 and 0x50 are one group
    expect(gicc.r(GICC.IAR)).toBe(34);
    expect(gicc.r(GICC.RPR)).toBe(0); // the running priority is the group priority
    gicd.w(GICD.ISPENDR + 4, 0x2); // 33 at 0x40: same group, no preemption
    expect(out[0].irq.level).toBe(false);
    expect(gicc.r(GICC.IAR)).toBe(SPURIOUS);
    gicc.w(GICC.EOIR, 34);
    expect(gicc.r(GICC.IAR)).toBe(33);
    gicc.w(GICC.EOIR, 33);
    gicc.w(GICC.BPR, 0);
    gicd.w(GICD.ISPENDR + 4, 0x4);
    expect(gicc.r(GICC.IAR)).toBe(34);
    gicd.w(GICD.ISPENDR + 4, 0x2); // now 0x40 preempts 0x50
    expect(out[0].irq.level).toBe(true);
    expect(gicc.r(GICC.IAR)).toBe(33);
    expect(gicc.r(GICC.RPR)).toBe(0x40);
    // One active-priority bit per preemption level (priority >> 1): 32 and 40 in APR1.
    expect(gicc.r(GICC.APR + 4)).toBe((1 << 0) | (1 << 8));
    gicc.w(GICC.EOIR, 33);
    expect(gicc.r(GICC.RPR)).toBe(0x50);
    gicc.w(GICC.EOIR, 34);
    expect(gicc.r(GICC.RPR)).toBe(0xff);
    expect(gicc.r(GICC.APR)).toBe(0);
  });

  it("equal priorities go lowest ID first; spurious and unmatched EOIs are ignored", () => {
    const { gicc, gicd } = ready();
    gicd.w(GICD.ISPENDR + 4, 0x6);
    expect(gicc.r(GICC.IAR)).toBe(33);
    gicc.w(GICC.EOIR, 1023);
    gicc.w(GICC.EOIR, 2000); // ID 976: no such interrupt
    expect(gicc.r(GICC.RPR)).toBe(0xa0);
    gicc.w(GICC.EOIR, 33);
    expect(gicc.r(GICC.IAR)).toBe(34);
    gicc.w(GICC.EOIR, 34);
    gicc.w(GICC.EOIR, 34); // nothing active: ignored
    expect(gicc.r(GICC.RPR)).toBe(0xff);
  });

  it("EOImode splits priority drop (EOIR) from deactivation (DIR); DIR is ignored otherwise", () => {
    const { gicc, gicd, out } = ready();
    gicc.w(GICC.CTLR, 0x201);
    gicd.w(GICD.ISPENDR + 4, 0x1);
    expect(gicc.r(GICC.IAR)).toBe(32);
    gicc.w(GICC.EOIR, 32);
    expect(gicc.r(GICC.RPR)).toBe(0xff);
    expect(gicd.r(GICD.ISACTIVER + 4)).toBe(1);
    gicd.w(GICD.ISPENDR + 4, 0x1);
    expect(out[0].irq.level).toBe(false); // active and pending: not signalled
    gicc.w(GICC.DIR, 32);
    expect(out[0].irq.level).toBe(true);
    gicc.w(GICC.CTLR, 0x1);
    expect(gicc.r(GICC.IAR)).toBe(32);
    gicc.w(GICC.DIR, 32); // without EOImode: ignored (QEMU)
    expect(gicd.r(GICD.ISACTIVER + 4)).toBe(1);
    gicc.w(GICC.EOIR, 32);
    expect(gicd.r(GICD.ISACTIVER + 4)).toBe(0);
  });

  it("nothing is signalled while the distributor or the interface is disabled", () => {
    const { gic, gicc, gicd, out } = ready();
    gic.spi(0).set(true);
    gicd.w(GICD.CTLR, 0);
    expect(out[0].irq.level).toBe(false);
    expect(gicc.r(GICC.IAR)).toBe(SPURIOUS);
    gicd.w(GICD.CTLR, 1);
    gicc.w(GICC.CTLR, 0);
    expect(out[0].irq.level).toBe(false);
    gicc.w(GICC.CTLR, 1);
    expect(out[0].irq.level).toBe(true);
    gicd.w(GICD.ICENABLER + 4, 1);
    expect(out[0].irq.level).toBe(false);
  });

  it("an SPI goes to the CPUs in its target list, and is taken by only one of them", () => {
    const h = setup({ cpus: 2 });
    linuxInit(h);
    const { gic, gicc, gicd, out } = h;
    gicd.w(GICD.ISENABLER + 4, 1);
    gicd.w(GICD.ITARGETSR + 32, 0x2);
    gic.spi(0).set(true);
    expect([out[0].irq.level, out[1].irq.level]).toEqual([false, true]);
    gicd.w(GICD.ITARGETSR + 32, 0x3);
    expect([out[0].irq.level, out[1].irq.level]).toEqual([true, true]);
    expect(gicc.r(GICC.IAR, 0)).toBe(32);
    expect([out[0].irq.level, out[1].irq.level]).toEqual([false, false]); // active: no longer forwarded
    expect(gicc.r(GICC.IAR, 1)).toBe(SPURIOUS);
    gicc.w(GICC.EOIR, 32, 0);
    expect([out[0].irq.level, out[1].irq.level]).toEqual([true, true]);
  });

  it("APR writes move the running priority; NSAPR holds Group 1", () => {
    const { gicc, out, gicd } = ready();
    gicc.w(GICC.APR + 4, 0x10); // preemption level 36: priority 0x48
    expect(gicc.r(GICC.RPR)).toBe(0x48);
    gicd.w(GICD.ISPENDR + 4, 1); // priority 0xa0 cannot preempt 0x48
    expect(out[0].irq.level).toBe(false);
    gicc.w(GICC.APR + 4, 0);
    expect(out[0].irq.level).toBe(true);
    gicc.w(GICC.NSAPR + 8, 1);
    expect(gicc.r(GICC.RPR)).toBe(0x80);
    gicc.w(GICC.NSAPR + 8, 0);
    expect(gicc.r(GICC.RPR)).toBe(0xff);
  });
});

describe("groups", () => {
  it("without the Security Extensions: 1022 for Group 1 unless AckCtl; AIAR/AEOIR are the Group 1 view", () => {
    const { gicc, gicd } = ready();
    gicd.w(GICD.CTLR, 3);
    gicc.w(GICC.CTLR, 0x3);
    gicd.w(GICD.IGROUPR + 4, 0x1); // 32 Group 1
    gicd.w(GICD.ISPENDR + 4, 0x1);
    expect(gicc.r(GICC.HPPIR)).toBe(SPURIOUS_GROUP1);
    expect(gicc.r(GICC.IAR)).toBe(SPURIOUS_GROUP1);
    expect(gicc.r(GICC.AHPPIR)).toBe(32);
    expect(gicc.r(GICC.AIAR)).toBe(32);
    expect(gicc.r(GICC.NSAPR + 8)).toBe(1 << 16); // priority 0xa0: preemption level 80
    gicc.w(GICC.AEOIR, 32);
    expect(gicc.r(GICC.NSAPR + 8)).toBe(0);
    expect(gicd.r(GICD.ISACTIVER + 4)).toBe(0);
    // A Group 0 interrupt is invisible to the aliased registers.
    gicd.w(GICD.ISPENDR + 4, 0x2);
    expect(gicc.r(GICC.AIAR)).toBe(SPURIOUS);
    gicc.w(GICC.CTLR, 0x7); // AckCtl: IAR acknowledges either group
    expect(gicc.r(GICC.IAR)).toBe(33);
    gicc.w(GICC.AEOIR, 33); // Group 0 through AEOIR: ignored
    expect(gicc.r(GICC.RPR)).toBe(0xa0);
    gicc.w(GICC.EOIR, 33);
    expect(gicc.r(GICC.RPR)).toBe(0xff);
  });

  it("Group 0 is signalled as FIQ when FIQEn is set, Group 1 always as IRQ", () => {
    const { gicc, gicd, out } = ready();
    gicd.w(GICD.CTLR, 3);
    gicc.w(GICC.CTLR, 0xf);
    gicd.w(GICD.IGROUPR + 4, 0x2); // 33 Group 1
    gicd.w(GICD.ISPENDR + 4, 0x1); // 32 Group 0
    expect([out[0].fiq.level, out[0].irq.level]).toEqual([true, false]);
    expect(gicc.r(GICC.IAR)).toBe(32);
    expect(out[0].fiq.level).toBe(false);
    gicc.w(GICC.EOIR, 32);
    gicd.w(GICD.ISPENDR + 4, 0x2);
    expect([out[0].fiq.level, out[0].irq.level]).toEqual([false, true]);
  });

  it("a group disabled in GICD_CTLR or GICC_CTLR is not forwarded", () => {
    const { gicc, gicd, out } = ready();
    gicd.w(GICD.IGROUPR + 4, 0x1);
    gicc.w(GICC.CTLR, 0x7);
    gicd.w(GICD.ISPENDR + 4, 0x1); // Group 1, but GICD_CTLR has only EnableGrp0
    expect(out[0].irq.level).toBe(false);
    gicd.w(GICD.CTLR, 3);
    expect(out[0].irq.level).toBe(true);
    gicc.w(GICC.CTLR, 0x5);
    expect(out[0].irq.level).toBe(false);
  });

  it("Security Extensions: the Non-secure view of GICC", () => {
    let secureAccess = true;
    const h = setup({ securityExtensions: true, isSecure: () => secureAccess });
    const { gicc, gicd, out } = h;
    gicd.w(GICD.CTLR, 3);
    gicd.w(GICD.IGROUPR + 4, 0x1); // 32 Group 1, 33 Group 0
    gicd.w(GICD.ITARGETSR + 32, 0x0101);
    gicd.w(GICD.ISENABLER + 4, 0x3);
    gicd.w(GICD.IPRIORITYR + 32, 0x4090);
    gicc.w(GICC.PMR, 0x80);
    gicc.w(GICC.CTLR, 0x3);
    gicc.w(GICC.BPR, 3);
    secureAccess = false;
    expect(gicc.r(GICC.CTLR)).toBe(1); // EnableGrp1
    expect(gicc.r(GICC.PMR)).toBe(0);
    gicc.w(GICC.PMR, 0xf0);
    expect(gicc.r(GICC.PMR)).toBe(0xf0);
    gicc.w(GICC.CTLR, 0x201); // EnableGrp1 + EOImodeNS
    expect(gicc.r(GICC.CTLR)).toBe(0x201);
    expect(gicc.r(GICC.BPR)).toBe(1); // the Non-secure copy (ABPR)
    expect(gicc.r(GICC.ABPR)).toBe(0);
    gicd.w(GICD.ISPENDR + 4, 0x1);
    expect(out[0].irq.level).toBe(true);
    expect(gicc.r(GICC.IAR)).toBe(32);
    expect(gicc.r(GICC.RPR)).toBe(0x20); // 0x90 seen from Non-secure
    expect(gicc.r(GICC.APR)).toBe(0x100); // upper half of the NSAPRs
    expect(gicc.r(GICC.NSAPR)).toBe(0);
    gicc.w(GICC.EOIR, 32);
    expect(gicd.r(GICD.ISACTIVER + 4)).toBe(1);
    gicc.w(GICC.DIR, 32);
    expect(gicd.r(GICD.ISACTIVER + 4)).toBe(0);
    secureAccess = true;
    gicd.w(GICD.ISPENDR + 4, 0x2); // Group 0
    secureAccess = false;
    expect(gicc.r(GICC.HPPIR)).toBe(SPURIOUS);
    expect(gicc.r(GICC.IAR)).toBe(SPURIOUS);
    expect(gicc.r(GICC.AIAR)).toBe(0); // Secure-only register
    secureAccess = true;
    expect(gicc.r(GICC.CTLR)).toBe(0x403); // EOImodeNS is bit 10 of the Secure view
    expect(gicc.r(GICC.IAR)).toBe(33);
    secureAccess = false;
    gicc.w(GICC.EOIR, 33); // Non-secure EOI of Group 0: ignored
    secureAccess = true;
    expect(gicc.r(GICC.RPR)).toBe(0x40);
  });
});

describe("SGIs on the CPU interface", () => {
  it("IAR reports the source CPU; each source is a separate pending SGI", () => {
    const h = setup({ cpus: 4 });
    linuxInit(h);
    const { gicc, gicd } = h;
    gicd.w(GICD.SGIR, sgir(6, 0b0001), 3);
    gicd.w(GICD.SGIR, sgir(6, 0b0001), 2);
    expect(gicc.r(GICC.IAR)).toBe(6 | (2 << 10));
    gicc.w(GICC.EOIR, 6 | (2 << 10));
    expect(gicc.r(GICC.IAR)).toBe(6 | (3 << 10));
    gicc.w(GICC.EOIR, 6 | (3 << 10));
    expect(gicc.r(GICC.IAR)).toBe(SPURIOUS);
  });
});
