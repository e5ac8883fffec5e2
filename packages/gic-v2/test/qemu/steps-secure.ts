// The register script run on QEMU's virt GIC with the Security Extensions (`-M virt,secure=on,
// virtualization=on,gic-version=2 -cpu cortex-a15 -smp 2`): first as Secure firmware on CPU 0
// (groups, the Secure views, 1022, FIQ for Group 0), then in Non-secure SVC mode (the banked and
// shifted Non-secure views, Group 0 hidden).
import { Script } from "./script.js";

const s = new Script();
const { r, w, isr } = s;

// ---- Secure ----------------------------------------------------------------------------------------
r("d", 0x004, "S GICD_TYPER (SecurityExtn)");
r("d", 0x000, "S GICD_CTLR reset");
r("c", 0x00, "S GICC_CTLR reset");
w("c", 0x00, 0xffffffff);
r("c", 0x00, "S GICC_CTLR after all ones");
w("c", 0x00, 0);
w("d", 0x000, 0xffffffff);
r("d", 0x000, "S GICD_CTLR after all ones");
w("d", 0x080, 0xffff00ff); // SGIs 0..7 and PPIs Group 1, SGIs 8..15 Group 0
w("d", 0x084, 0x0000ffff); // SPIs 32..47 Group 1, 48..63 Group 0
r("d", 0x080, "S GICD_IGROUPR0");
r("d", 0x084, "S GICD_IGROUPR1");
w("d", 0x820, 0x01010101);
w("d", 0x830, 0x01010101);
w("d", 0x104, 0xffffffff);
w("d", 0x420, 0x00a00090); // SPI 32: 0x90 (Group 1), SPI 34: 0xa0
w("d", 0x430, 0x00000040); // SPI 48: 0x40 (Group 0)
w("d", 0x400, 0x0000a000); // SGI 1: 0xa0 (Group 1)
w("d", 0x408, 0x00002000); // SGI 9: 0x20 (Group 0)
r("d", 0x420, "S GICD_IPRIORITYR8");
w("c", 0x04, 0x80);
w("c", 0x00, 0x3);
w("d", 0x204, 0x00000001); // SPI 32 (Group 1) pending
r("c", 0x18, "S GICC_HPPIR Group 1 without AckCtl");
r("c", 0x0c, "S GICC_IAR Group 1 without AckCtl");
isr("S ISR, Group 1 pending (PMR 0x80 masks 0x90)");
w("c", 0x04, 0xf0);
isr("S ISR, Group 1 pending under PMR 0xf0");
w("c", 0x00, 0x7);
r("c", 0x0c, "S GICC_IAR Group 1 with AckCtl");
r("c", 0x14, "S GICC_RPR");
r("c", 0xe0, "S GICC_NSAPR0");
r("c", 0xe8, "S GICC_NSAPR2");
r("c", 0xd0, "S GICC_APR0");
w("c", 0x10, 32);
r("c", 0xe8, "S GICC_NSAPR2 after EOI");
w("c", 0x00, 0xf); // FIQEn
w("d", 0x208, 0x00010000); // SPI 48 (Group 0) pending
isr("S ISR, Group 0 with FIQEn");
r("c", 0x0c, "S GICC_IAR Group 0");
r("c", 0x14, "S GICC_RPR Group 0 active");
w("c", 0x10, 48);
w("d", 0xf00, 0x02000001); // SGI 1 (Group 1) to self, NSATT 0
r("d", 0xf20, "S GICD_SPENDSGIR0 after SGI 1 with NSATT 0");
w("d", 0xf00, 0x02008001); // NSATT 1
r("d", 0xf20, "S GICD_SPENDSGIR0 after SGI 1 with NSATT 1");
w("d", 0xf10, 0xffffffff);
w("c", 0x08, 0x3);
w("c", 0x1c, 0x5);
r("c", 0x08, "S GICC_BPR");
r("c", 0x1c, "S GICC_ABPR");
w("c", 0x00, 0x3);
w("c", 0x04, 0x80);
// ---- Non-secure -------------------------------------------------------------------------------------
s.ns();
r("d", 0x000, "NS GICD_CTLR view");
r("d", 0x004, "NS GICD_TYPER");
r("d", 0x080, "NS GICD_IGROUPR0 (RAZ)");
w("d", 0x080, 0);
r("d", 0x104, "NS GICD_ISENABLER1 (Group 0 hidden)");
w("d", 0x184, 0xffffffff);
r("d", 0x104, "NS GICD_ISENABLER1 after ICENABLER (Group 0 untouched)");
w("d", 0x104, 0xffffffff);
r("d", 0x420, "NS GICD_IPRIORITYR8 view");
r("d", 0x430, "NS GICD_IPRIORITYR12 (Group 0 reads 0)");
w("d", 0x421, 0x40, 1); // SPI 33 := NS 0x40 (0xa0)
w("d", 0x431, 0x40, 1); // SPI 49 (Group 0): ignored
r("d", 0x420, "NS GICD_IPRIORITYR8 after a byte write");
r("d", 0x430, "NS GICD_IPRIORITYR12 after a byte write");
r("d", 0x400, "NS GICD_IPRIORITYR0 view");
r("d", 0xc08, "NS GICD_ICFGR2");
w("d", 0xc0c, 0xffffffff); // SPIs 48..63 are Group 0: ignored
w("d", 0xc08, 0xffffffff);
r("d", 0xc08, "NS GICD_ICFGR2 after writing");
w("d", 0xc08, 0);
r("c", 0x00, "NS GICC_CTLR view");
r("c", 0x04, "NS GICC_PMR view of 0x80");
r("c", 0x08, "NS GICC_BPR (the Non-secure copy)");
r("c", 0x1c, "NS GICC_ABPR (RAZ)");
r("c", 0x14, "NS GICC_RPR idle");
r("c", 0xfc, "NS GICC_IIDR");
w("c", 0x04, 0xf0);
r("c", 0x04, "NS GICC_PMR after writing 0xf0");
w("c", 0x00, 0x201);
r("c", 0x00, "NS GICC_CTLR after 0x201");
w("c", 0x08, 0x2);
r("c", 0x08, "NS GICC_BPR after writing 2");
w("d", 0x204, 0x00000001); // SPI 32 (Group 1, NS 0x20)
w("d", 0x208, 0x00010000); // SPI 48 (Group 0): ignored from Non-secure
r("d", 0x208, "NS GICD_ISPENDR2 (Group 0 hidden)");
r("c", 0x18, "NS GICC_HPPIR");
isr("NS ISR");
r("c", 0x0c, "NS GICC_IAR SPI 32");
r("c", 0x14, "NS GICC_RPR view");
r("c", 0xd0, "NS GICC_APR0 view");
r("c", 0xd4, "NS GICC_APR1 view");
r("c", 0xe0, "NS GICC_NSAPR0 (RAZ)");
w("c", 0x10, 32);
r("c", 0x14, "NS GICC_RPR after EOI (EOImodeNS: priority dropped)");
r("d", 0x304, "NS GICD_ISACTIVER1 before DIR");
w("c", 0x1000, 32);
r("d", 0x304, "NS GICD_ISACTIVER1 after DIR");
w("d", 0xf00, 0x02000009); // SGI 9 is Group 0: not sent by a Non-secure write
w("d", 0xf00, 0x02000001);
r("d", 0xf20, "NS GICD_SPENDSGIR0 (SGI 1 only)");
r("d", 0xf28, "NS GICD_SPENDSGIR2 (SGI 9 hidden)");
r("c", 0x0c, "NS GICC_IAR SGI 1");
w("c", 0x10, 1);
w("c", 0x1000, 1);
w("d", 0x000, 0);
r("d", 0x000, "NS GICD_CTLR after disabling Group 1");
isr("NS ISR at the end");

export const SECURE_SCRIPT = s.steps;
