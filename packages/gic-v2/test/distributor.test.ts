// Register-level tests of the distributor (GICD). See qemu/ for the same registers checked value
// by value against QEMU 7.2.
import { describe, expect, it } from "vitest";
import { GICD, GICD_IIDR, sgir } from "../src/index.js";
import { setup } from "./harness.js";

describe("GICD identification and reset state", () => {
  it("TYPER encodes interrupt lines, CPUs and the Security Extensions; IIDR and the ID registers are QEMU's", () => {
    expect(setup({ cpus: 2, spis: 128 }).gicd.r(GICD.TYPER)).toBe(0x24);
    expect(setup({ cpus: 1, spis: 128, securityExtensions: true }).gicd.r(GICD.TYPER)).toBe(0x404);
    expect(setup({ cpus: 8, spis: 480 }).gicd.r(GICD.TYPER)).toBe(0xef);
    expect(setup({ cpus: 1, spis: 0 }).gicd.r(GICD.TYPER)).toBe(0);
    const { gicd } = setup();
    expect(gicd.r(GICD.IIDR)).toBe(GICD_IIDR);
    const ids = [];
    for (let off = 0xfd0; off < 0x1000; off += 4) ids.push(gicd.r(off));
    expect(ids).toEqual([0x04, 0, 0, 0, 0x90, 0xb4, 0x2b, 0, 0x0d, 0xf0, 0x05, 0xb1]);
    expect(gicd.r(GICD.PIDR2 + 1, 0, 1)).toBe(0);
  });

  it("resets with SGIs enabled and edge-triggered on every CPU, everything else off", () => {
    const { gicd } = setup({ cpus: 4 });
    for (let c = 0; c < 4; c++) {
      expect(gicd.r(GICD.ISENABLER, c)).toBe(0x0000ffff); // Linux wakes secondaries relying on this
      expect(gicd.r(GICD.ICFGR, c)).toBe(0xaaaaaaaa);
      expect(gicd.r(GICD.ICFGR + 4, c)).toBe(0);
      expect(gicd.r(GICD.ITARGETSR, c)).toBe((1 << c) * 0x01010101);
    }
    expect(gicd.r(GICD.CTLR)).toBe(0);
    expect(gicd.r(GICD.IGROUPR)).toBe(0);
    expect(gicd.r(GICD.ISPENDR)).toBe(0);
    expect(gicd.r(GICD.ISACTIVER)).toBe(0);
    expect(gicd.r(GICD.IPRIORITYR + 32)).toBe(0);
    expect(gicd.r(GICD.ITARGETSR + 32)).toBe(0);
  });

  it("reserved and out-of-range registers read as zero and ignore writes", () => {
    const { gicd } = setup({ spis: 32 });
    for (const off of [0x00c, 0x040, 0x07c, 0xd00, 0xe00, 0xf04, 0xf30, 0xfc0, GICD.SGIR]) {
      gicd.w(off, 0xffffffff);
      expect(gicd.r(off), `0x${off.toString(16)}`).toBe(0);
    }
    // Registers of interrupts past the last one (64 IDs here).
    for (const off of [GICD.ISENABLER + 8, GICD.IPRIORITYR + 64, GICD.ITARGETSR + 64, GICD.ICFGR + 16]) {
      gicd.w(off, 0xffffffff);
      expect(gicd.r(off)).toBe(0);
    }
  });

  it("accesses from a bus master that is not one of the GIC's CPUs read zero and are ignored", () => {
    const { gicd } = setup({ cpus: 2 });
    gicd.w(GICD.CTLR, 1, 5);
    expect(gicd.r(GICD.CTLR)).toBe(0);
    expect(gicd.r(GICD.TYPER, 5)).toBe(0);
  });
});

describe("GICD per-interrupt registers", () => {
  it("CTLR enables Group 0 and Group 1", () => {
    const { gicd } = setup();
    gicd.w(GICD.CTLR, 0xffffffff);
    expect(gicd.r(GICD.CTLR)).toBe(3);
  });

  it("IGROUPR is banked for SGIs and PPIs", () => {
    const { gicd } = setup();
    gicd.w(GICD.IGROUPR, 0x8000_0001, 1);
    gicd.w(GICD.IGROUPR + 4, 0x5a5a5a5a);
    expect(gicd.r(GICD.IGROUPR, 1)).toBe(0x80000001);
    expect(gicd.r(GICD.IGROUPR, 0)).toBe(0);
    expect(gicd.r(GICD.IGROUPR + 4, 1)).toBe(0x5a5a5a5a);
  });

  it("I[SC]ENABLER are write-1-to-set/clear, banked for PPIs; SGIs cannot be disabled", () => {
    const { gicd } = setup();
    gicd.w(GICD.ICENABLER, 0xffffffff);
    expect(gicd.r(GICD.ISENABLER)).toBe(0x0000ffff);
    gicd.w(GICD.ISENABLER, 0x00040000, 1); // PPI 2 of CPU 1
    expect(gicd.r(GICD.ISENABLER, 1)).toBe(0x0004ffff);
    expect(gicd.r(GICD.ISENABLER, 0)).toBe(0x0000ffff);
    gicd.w(GICD.ISENABLER + 4, 0x81, 0, 1); // byte write
    gicd.w(GICD.ISENABLER + 6, 0x0000, 0, 2); // zeros change nothing
    expect(gicd.r(GICD.ICENABLER + 4)).toBe(0x81);
    gicd.w(GICD.ICENABLER + 4, 0x01);
    expect(gicd.r(GICD.ISENABLER + 4)).toBe(0x80);
    expect(gicd.r(GICD.ISENABLER + 4, 1)).toBe(0x80); // SPIs are shared
  });

  it("I[SC]PENDR set and clear pending state; SGI bits are ignored; level inputs stay pending while high", () => {
    const { gicd, gic } = setup();
    gicd.w(GICD.ISPENDR, 0xffffffff, 1);
    expect(gicd.r(GICD.ISPENDR, 1)).toBe(0xffff0000);
    expect(gicd.r(GICD.ISPENDR, 0)).toBe(0);
    gicd.w(GICD.ICPENDR, 0xffffffff, 1);
    expect(gicd.r(GICD.ISPENDR, 1)).toBe(0);
    gicd.w(GICD.ISPENDR + 4, 0x300);
    expect(gicd.r(GICD.ICPENDR + 4)).toBe(0x300); // pending even with no target CPU yet
    gicd.w(GICD.ICPENDR + 4, 0x300);
    gic.spi(8).set(true); // ID 40, level-sensitive (reset)
    expect(gicd.r(GICD.ISPENDR + 4)).toBe(0x100);
    gicd.w(GICD.ICPENDR + 4, 0x100);
    expect(gicd.r(GICD.ISPENDR + 4)).toBe(0x100); // the line is still high
    gic.spi(8).set(false);
    expect(gicd.r(GICD.ISPENDR + 4)).toBe(0);
  });

  it("I[SC]ACTIVER set and clear active state, banked for private interrupts", () => {
    const { gicd } = setup();
    gicd.w(GICD.ISACTIVER, 0x00010002, 1);
    gicd.w(GICD.ISACTIVER + 4, 0xf000);
    expect(gicd.r(GICD.ICACTIVER, 1)).toBe(0x00010002);
    expect(gicd.r(GICD.ISACTIVER, 0)).toBe(0);
    gicd.w(GICD.ICACTIVER + 4, 0x3000);
    expect(gicd.r(GICD.ISACTIVER + 4)).toBe(0xc000);
  });

  it("IPRIORITYR takes byte, halfword and word accesses, banked for private interrupts", () => {
    const { gicd } = setup();
    gicd.w(GICD.IPRIORITYR, 0x12345678);
    gicd.w(GICD.IPRIORITYR + 1, 0xff, 0, 1);
    expect(gicd.r(GICD.IPRIORITYR)).toBe(0x1234ff78);
    expect(gicd.r(GICD.IPRIORITYR + 2, 0, 1)).toBe(0x34);
    expect(gicd.r(GICD.IPRIORITYR, 1)).toBe(0);
    gicd.w(GICD.IPRIORITYR + 34, 0xbeef, 0, 2);
    expect(gicd.r(GICD.IPRIORITYR + 32, 1)).toBe(0xbeef0000);
  });

  it("IPRIORITYR keeps only the implemented priority bits", () => {
    const { gicd } = setup({ priorityBits: 5 });
    gicd.w(GICD.IPRIORITYR + 32, 0xffffffff);
    expect(gicd.r(GICD.IPRIORITYR + 32)).toBe(0xf8f8f8f8);
  });

  it("ITARGETSR: read-only own-CPU mask for SGIs/PPIs, writable for SPIs without absent CPUs' bits", () => {
    const { gicd } = setup({ cpus: 2 });
    gicd.w(GICD.ITARGETSR, 0xffffffff, 1);
    expect(gicd.r(GICD.ITARGETSR + 28, 1)).toBe(0x02020202);
    gicd.w(GICD.ITARGETSR + 32, 0x0f0f0302);
    expect(gicd.r(GICD.ITARGETSR + 32, 1)).toBe(0x03030302);
    gicd.w(GICD.ITARGETSR + 37, 2, 0, 1);
    expect(gicd.r(GICD.ITARGETSR + 36)).toBe(0x0200);
  });

  it("ITARGETSR is RAZ/WI on a uniprocessor GIC, and every SPI goes to the one CPU", () => {
    const { gicd, gicc, gic, out } = setup({ cpus: 1 });
    gicd.w(GICD.ITARGETSR + 32, 0xffffffff);
    expect(gicd.r(GICD.ITARGETSR)).toBe(0);
    expect(gicd.r(GICD.ITARGETSR + 32)).toBe(0);
    gicd.w(GICD.CTLR, 1);
    gicc.w(0x04, 0xff);
    gicc.w(0x00, 1);
    gicd.w(GICD.ISENABLER + 4, 1);
    gic.spi(0).set(true);
    expect(out[0].irq.level).toBe(true);
  });

  it("ICFGR: SGIs fixed edge, PPIs banked, only Int_config[1] implemented", () => {
    const { gicd } = setup();
    gicd.w(GICD.ICFGR, 0);
    expect(gicd.r(GICD.ICFGR)).toBe(0xaaaaaaaa);
    gicd.w(GICD.ICFGR + 4, 0xffffffff, 1);
    expect(gicd.r(GICD.ICFGR + 4, 1)).toBe(0xaaaaaaaa);
    expect(gicd.r(GICD.ICFGR + 4, 0)).toBe(0);
    gicd.w(GICD.ICFGR + 8, 0x55555555);
    expect(gicd.r(GICD.ICFGR + 8)).toBe(0);
    gicd.w(GICD.ICFGR + 8, 0x00000008);
    expect(gicd.r(GICD.ICFGR + 8)).toBe(0x00000008);
  });

  it("edge-triggered inputs latch on a rising edge; level inputs follow the line", () => {
    const { gicd, gic } = setup();
    gicd.w(GICD.ICFGR + 8, 0x2); // ID 32 edge
    gic.spi(0).set(true);
    gic.spi(0).set(false);
    gic.spi(1).set(true);
    gic.spi(1).set(false);
    expect(gicd.r(GICD.ISPENDR + 4)).toBe(0x1); // 32 latched, 33 (level) gone with its line
    gic.spi(0).set(false); // repeated level: no edge
    gicd.w(GICD.ICPENDR + 4, 0x1);
    expect(gicd.r(GICD.ISPENDR + 4)).toBe(0);
  });
});

describe("SGIs", () => {
  it("GICD_SGIR target filters: list, all but self, self, and QEMU's choice for the reserved one", () => {
    const { gicd } = setup({ cpus: 4 });
    gicd.w(GICD.SGIR, sgir(1, 0b0110), 3);
    gicd.w(GICD.SGIR, sgir(2, 0, 1), 1); // others
    gicd.w(GICD.SGIR, sgir(3, 0, 2), 2); // self
    gicd.w(GICD.SGIR, sgir(4, 0, 3), 0); // reserved: every CPU (QEMU)
    const pend = (c: number) => [0, 4].map((o) => gicd.r(GICD.SPENDSGIR + o, c));
    expect(pend(0)).toEqual([0x00020000, 0x01]);
    expect(pend(1)).toEqual([0x00000800, 0x01]);
    expect(pend(2)).toEqual([0x04020800, 0x01]);
    expect(pend(3)).toEqual([0x00020000, 0x01]);
  });

  it("targets that do not exist are ignored (Linux wakes CPU 1 with list 0xfe)", () => {
    const { gicd } = setup({ cpus: 2 });
    gicd.w(GICD.SGIR, 0x00fe0000);
    expect(gicd.r(GICD.SPENDSGIR, 1)).toBe(0x01);
    expect(gicd.r(GICD.ISPENDR, 1)).toBe(0x1);
    expect(gicd.r(GICD.ISPENDR, 0)).toBe(0);
  });

  it("SGIR is word-only and write-only", () => {
    const { gicd } = setup();
    gicd.w(GICD.SGIR, 0x02000001, 0, 2);
    gicd.w(GICD.SGIR + 1, 0x02, 0, 1);
    expect(gicd.r(GICD.ISPENDR)).toBe(0);
    expect(gicd.r(GICD.SGIR)).toBe(0);
  });

  it("SPENDSGIR/CPENDSGIR set and clear per-source pending bits, banked per target", () => {
    const { gicd } = setup({ cpus: 2 });
    gicd.w(GICD.SPENDSGIR + 5, 0xff, 1, 1); // SGI 5 of CPU 1 from every CPU (absent ones dropped)
    expect(gicd.r(GICD.SPENDSGIR + 4, 1)).toBe(0x0300);
    expect(gicd.r(GICD.ISPENDR, 1)).toBe(0x20);
    gicd.w(GICD.CPENDSGIR + 4, 0x0100, 1);
    expect(gicd.r(GICD.CPENDSGIR + 4, 1)).toBe(0x0200);
    gicd.w(GICD.CPENDSGIR + 4, 0x0200, 1);
    expect(gicd.r(GICD.ISPENDR, 1)).toBe(0);
    expect(gicd.r(GICD.SPENDSGIR + 4, 0)).toBe(0);
  });
});

describe("Security Extensions: the Non-secure view of the distributor", () => {
  function secure() {
    let s = true;
    const h = setup({ securityExtensions: true, isSecure: () => s });
    return { ...h, nonSecure: () => (s = false), secureAgain: () => (s = true) };
  }

  it("CTLR's Non-secure view is EnableGrp1; IGROUPR is Secure-only", () => {
    const h = secure();
    h.gicd.w(GICD.CTLR, 1);
    h.gicd.w(GICD.IGROUPR + 4, 0x0000ffff);
    h.nonSecure();
    expect(h.gicd.r(GICD.CTLR)).toBe(0);
    h.gicd.w(GICD.CTLR, 1);
    expect(h.gicd.r(GICD.IGROUPR + 4)).toBe(0);
    h.gicd.w(GICD.IGROUPR + 4, 0);
    h.secureAgain();
    expect(h.gicd.r(GICD.CTLR)).toBe(3);
    expect(h.gicd.r(GICD.IGROUPR + 4)).toBe(0x0000ffff);
  });

  it("Group 0 interrupts are invisible and untouchable from Non-secure; priorities use the Non-secure half", () => {
    const h = secure();
    h.gicd.w(GICD.IGROUPR + 4, 0x0000ffff); // 32..47 Group 1
    h.gicd.w(GICD.IPRIORITYR + 32, 0x90);
    h.nonSecure();
    h.gicd.w(GICD.ISENABLER + 4, 0xffffffff);
    h.gicd.w(GICD.ISPENDR + 4, 0xffffffff);
    h.gicd.w(GICD.ICFGR + 12, 0xffffffff);
    expect(h.gicd.r(GICD.ISENABLER + 4)).toBe(0x0000ffff);
    expect(h.gicd.r(GICD.ISPENDR + 4)).toBe(0x0000ffff);
    expect(h.gicd.r(GICD.IPRIORITYR + 32)).toBe(0x20); // (0x90 << 1) & 0xff
    h.gicd.w(GICD.IPRIORITYR + 33, 0x40, 0, 1); // stored as 0x80 | 0x40 >> 1
    h.gicd.w(GICD.IPRIORITYR + 48, 0x40, 0, 1); // Group 0: ignored
    h.secureAgain();
    expect(h.gicd.r(GICD.ISENABLER + 4)).toBe(0x0000ffff);
    expect(h.gicd.r(GICD.IPRIORITYR + 32)).toBe(0xa090);
    expect(h.gicd.r(GICD.IPRIORITYR + 48)).toBe(0);
    expect(h.gicd.r(GICD.ICFGR + 12)).toBe(0);
  });

  it("SGIR: Secure writes forward SGIs whose group is NSATT, Non-secure writes only Group 1 SGIs", () => {
    const h = secure();
    h.gicd.w(GICD.IGROUPR, 0x000000f0); // SGIs 4..7 Group 1
    h.gicd.w(GICD.SGIR, sgir(4, 0, 2)); // NSATT 0, SGI 4 is Group 1: not sent
    h.gicd.w(GICD.SGIR, sgir(0, 0, 2)); // NSATT 0, Group 0: sent
    h.gicd.w(GICD.SGIR, sgir(5, 0, 2, true)); // NSATT 1, Group 1: sent
    expect(h.gicd.r(GICD.ISPENDR)).toBe(0x21);
    h.nonSecure();
    h.gicd.w(GICD.SGIR, sgir(1, 0, 2)); // Group 0: not sent
    h.gicd.w(GICD.SGIR, sgir(6, 0, 2)); // Group 1: sent
    h.gicd.w(GICD.SPENDSGIR, 0x01010101); // Group 0 SGIs: ignored
    h.gicd.w(GICD.CPENDSGIR, 0x01010101);
    expect(h.gicd.r(GICD.ISPENDR)).toBe(0x60);
    h.secureAgain();
    expect(h.gicd.r(GICD.ISPENDR)).toBe(0x61);
  });

  it("nonSecureBoot resets as QEMU does for a kernel entered in Non-secure state", () => {
    const { gicd, gicc } = setup({ securityExtensions: true, nonSecureBoot: true });
    expect(gicd.r(GICD.ISENABLER)).toBe(0x0000ffff);
    // Everything Group 1 at priority 0x80 (which Non-secure reads as 0), PMR 0x80.
    expect(gicd.r(GICD.IPRIORITYR + 32)).toBe(0);
    gicd.w(GICD.ISENABLER + 4, 1);
    expect(gicd.r(GICD.ISENABLER + 4)).toBe(1);
    gicc.w(0x04, 0xf0);
    expect(gicc.r(0x04)).toBe(0xf0);
  });
});
