// The register script run on QEMU's virt GIC without the Security Extensions, from Hyp mode on
// CPU 0 (`-M virt,virtualization=on,gic-version=2 -cpu cortex-a15 -smp 2`): distributor, CPU
// interface and virtualization registers, SGIs, preemption, EOImode, list registers, the HW bit.
import { Script } from "./script.js";

const s = new Script();
const { r, w, isr } = s;
const hex = (n: number) => `0x${n.toString(16)}`;

// ---- reset state ---------------------------------------------------------------------------------
r("d", 0x000, "GICD_CTLR reset");
r("d", 0x004, "GICD_TYPER");
r("d", 0x008, "GICD_IIDR");
r("d", 0x00c, "reserved 0x00c");
r("d", 0x040, "reserved 0x040");
for (let n = 0; n < 3; n++) r("d", 0x080 + 4 * n, `GICD_IGROUPR${n} reset`);
for (let n = 0; n < 3; n++) r("d", 0x100 + 4 * n, `GICD_ISENABLER${n} reset`);
r("d", 0x180, "GICD_ICENABLER0 reset");
r("d", 0x200, "GICD_ISPENDR0 reset");
r("d", 0x300, "GICD_ISACTIVER0 reset");
for (let n = 0; n < 9; n++) r("d", 0x400 + 4 * n, `GICD_IPRIORITYR${n} reset`);
for (let n = 0; n < 10; n++) r("d", 0x800 + 4 * n, `GICD_ITARGETSR${n} reset`);
for (let n = 0; n < 4; n++) r("d", 0xc00 + 4 * n, `GICD_ICFGR${n} reset`);
r("d", 0xd00, "GICD 0xd00 (GIC-400 PPISR, not in QEMU)");
r("d", 0xf00, "GICD_SGIR read");
for (let n = 0; n < 4; n++) r("d", 0xf10 + 4 * n, `GICD_CPENDSGIR${n} reset`);
for (let off = 0xfd0; off < 0x1000; off += 4) r("d", off, `GICD ID ${hex(off)}`);
r("d", 0xfe9, "GICD_PIDR2 byte 1", 1);
r("d", 0xfe8, "GICD_PIDR2 byte 0", 1);
r("d", 0x3fc, "GICD_ISACTIVER past the last interrupt");
r("c", 0x00, "GICC_CTLR reset");
r("c", 0x04, "GICC_PMR reset");
r("c", 0x08, "GICC_BPR reset");
r("c", 0x0c, "GICC_IAR idle");
r("c", 0x14, "GICC_RPR idle");
r("c", 0x18, "GICC_HPPIR idle");
r("c", 0x1c, "GICC_ABPR reset");
for (let n = 0; n < 4; n++) r("c", 0xd0 + 4 * n, `GICC_APR${n} reset`);
for (let n = 0; n < 4; n++) r("c", 0xe0 + 4 * n, `GICC_NSAPR${n} reset`);
r("c", 0xfc, "GICC_IIDR");
r("c", 0x40, "GICC reserved 0x40");
r("h", 0x00, "GICH_HCR reset");
r("h", 0x04, "GICH_VTR");
r("h", 0x08, "GICH_VMCR reset");
r("h", 0x10, "GICH_MISR reset");
r("h", 0x20, "GICH_EISR0 reset");
r("h", 0x24, "GICH_EISR1 reset");
r("h", 0x30, "GICH_ELRSR0 reset");
r("h", 0x34, "GICH_ELRSR1 reset");
r("h", 0xf0, "GICH_APR reset");
for (let n = 0; n < 4; n++) r("h", 0x100 + 4 * n, `GICH_LR${n} reset`);
r("v", 0x00, "GICV_CTLR reset");
r("v", 0x04, "GICV_PMR reset");
r("v", 0x08, "GICV_BPR reset");
r("v", 0x0c, "GICV_IAR idle");
r("v", 0x14, "GICV_RPR idle");
r("v", 0x18, "GICV_HPPIR idle");
r("v", 0x1c, "GICV_ABPR reset");
r("v", 0xd0, "GICV_APR0 reset");
r("v", 0xfc, "GICV_IIDR");
isr("ISR at reset");

// ---- distributor registers -----------------------------------------------------------------------
w("d", 0x000, 0xffffffff);
r("d", 0x000, "GICD_CTLR after writing all ones");
w("d", 0x000, 0);
w("d", 0x080, 0xffffffff);
w("d", 0x084, 0x5a5a5a5a);
r("d", 0x080, "GICD_IGROUPR0 written");
r("d", 0x084, "GICD_IGROUPR1 written");
w("d", 0x080, 0);
w("d", 0x084, 0);
w("d", 0x180, 0xffffffff);
r("d", 0x100, "GICD_ISENABLER0 after ICENABLER0 all ones (SGIs stay enabled)");
w("d", 0x100, 0xffffffff);
r("d", 0x100, "GICD_ISENABLER0 after ISENABLER0 all ones");
w("d", 0x180, 0xffff0000);
r("d", 0x180, "GICD_ICENABLER0 after clearing the PPIs");
w("d", 0x105, 0x81, 1);
r("d", 0x104, "GICD_ISENABLER1 after a byte write");
w("d", 0x106, 0x00ff, 2);
r("d", 0x104, "GICD_ISENABLER1 after a halfword write of zeros (write-1-to-set)");
w("d", 0x185, 0x01, 1);
r("d", 0x104, "GICD_ISENABLER1 after a byte ICENABLER write");
w("d", 0x400, 0x12345678);
r("d", 0x400, "GICD_IPRIORITYR0 word");
w("d", 0x401, 0xff, 1);
r("d", 0x400, "GICD_IPRIORITYR0 after a byte write");
r("d", 0x402, "GICD_IPRIORITYR0 byte 2", 1);
w("d", 0x422, 0xbeef, 2);
r("d", 0x420, "GICD_IPRIORITYR8 after a halfword write");
w("d", 0x800, 0xffffffff);
r("d", 0x800, "GICD_ITARGETSR0 read-only for SGIs");
w("d", 0x81c, 0xffffffff);
r("d", 0x81c, "GICD_ITARGETSR7 read-only for PPIs");
w("d", 0x820, 0x0f0f0302);
r("d", 0x820, "GICD_ITARGETSR8 written (targets of absent CPUs)");
w("d", 0x825, 0x02, 1);
r("d", 0x824, "GICD_ITARGETSR9 after a byte write");
w("d", 0xc00, 0);
r("d", 0xc00, "GICD_ICFGR0 read-only (SGIs edge)");
w("d", 0xc04, 0xffffffff);
r("d", 0xc04, "GICD_ICFGR1 all ones (PPIs)");
w("d", 0xc04, 0);
w("d", 0xc08, 0x55555555);
r("d", 0xc08, "GICD_ICFGR2 model bits are reserved");
w("d", 0xc08, 0xaaaaaaaa);
r("d", 0xc08, "GICD_ICFGR2 edge");
w("d", 0x200, 0xffffffff);
r("d", 0x200, "GICD_ISPENDR0 cannot set SGIs (PPIs can)");
w("d", 0x280, 0xffffffff);
r("d", 0x200, "GICD_ISPENDR0 after ICPENDR0");
w("d", 0x204, 0x00000300);
r("d", 0x204, "GICD_ISPENDR1 two SPIs set");
r("d", 0x284, "GICD_ICPENDR1 reads the same");
w("d", 0x284, 0x00000100);
r("d", 0x204, "GICD_ISPENDR1 after clearing one");
w("d", 0x284, 0xffffffff);
w("d", 0x304, 0x0000f000);
r("d", 0x304, "GICD_ISACTIVER1 set");
w("d", 0x384, 0x00003000);
r("d", 0x384, "GICD_ICACTIVER1 after clearing two");
w("d", 0x384, 0xffffffff);
w("d", 0x300, 0x00010002);
r("d", 0x300, "GICD_ISACTIVER0 (SGI 1, PPI 0)");
w("d", 0x380, 0xffffffff);
r("d", 0xf30, "GICD 0xf30 reserved");
w("d", 0xf30, 0xffffffff);

// ---- SGIs and the CPU interface state machine ----------------------------------------------------
w("d", 0x400, 0); // SGI 0..3 priority 0
w("d", 0x404, 0x80808080); // SGI 4..7 priority 0x80
w("d", 0xf00, 0x02000003); // SGI 3 to self
r("d", 0x200, "GICD_ISPENDR0 after SGI 3 to self");
r("d", 0xf20, "GICD_SPENDSGIR0 (source CPU 0 for SGI 3)");
r("d", 0xf10, "GICD_CPENDSGIR0");
r("c", 0x18, "GICC_HPPIR with everything disabled");
isr("ISR, distributor disabled");
w("d", 0x000, 1);
w("c", 0x04, 0xf0);
w("c", 0x00, 1);
r("c", 0x04, "GICC_PMR 0xf0");
r("c", 0x00, "GICC_CTLR 1");
r("c", 0x18, "GICC_HPPIR SGI 3");
isr("ISR, SGI 3 pending");
r("c", 0x0c, "GICC_IAR SGI 3 from CPU 0");
isr("ISR after acknowledging");
r("c", 0x14, "GICC_RPR while SGI 3 active");
r("c", 0xd0, "GICC_APR0 while SGI 3 active");
r("d", 0x300, "GICD_ISACTIVER0 while SGI 3 active");
r("d", 0x200, "GICD_ISPENDR0 while SGI 3 active");
w("d", 0xf00, 0x02000005); // SGI 5 (priority 0x80): does not preempt priority 0
isr("ISR, lower-priority SGI 5 pending");
r("c", 0x18, "GICC_HPPIR SGI 5 pending under SGI 3");
r("c", 0x0c, "GICC_IAR cannot take SGI 5 (priority too low)");
w("c", 0x10, 3);
r("c", 0x14, "GICC_RPR after EOI");
r("c", 0xd0, "GICC_APR0 after EOI");
isr("ISR, SGI 5 now deliverable");
r("c", 0x0c, "GICC_IAR SGI 5");
w("d", 0xf00, 0x02000001); // SGI 1 (priority 0) preempts SGI 5
isr("ISR, SGI 1 preempts");
r("c", 0x0c, "GICC_IAR SGI 1 (nested)");
r("c", 0x14, "GICC_RPR nested");
r("c", 0xd0, "GICC_APR0 nested");
r("c", 0xd8, "GICC_APR2 nested (0x80 is preemption level 64)");
w("c", 0x10, 1);
r("c", 0x14, "GICC_RPR back to SGI 5's priority");
w("c", 0x10, 5);
r("c", 0x14, "GICC_RPR idle again");
w("c", 0x10, 0x3ff); // spurious EOI is ignored
w("c", 0x10, 7); // EOI with nothing active is ignored
r("c", 0x0c, "GICC_IAR nothing pending");
// Multiple sources of one SGI; filters.
w("d", 0xf20, 0x03, 1); // SGI 0 pending from CPUs 0 and 1 (SPENDSGIR byte)
r("d", 0xf20, "GICD_SPENDSGIR0 after setting sources 0 and 1");
r("c", 0x0c, "GICC_IAR SGI 0 from CPU 0");
w("c", 0x10, 0);
r("c", 0x0c, "GICC_IAR SGI 0 from CPU 1");
w("c", 0x10, 0x400);
r("d", 0xf20, "GICD_SPENDSGIR0 drained");
w("d", 0xf00, 0x01000002); // others: CPU 1 only
r("d", 0xf20, "GICD_SPENDSGIR0 after SGI 2 to others (not us)");
w("d", 0xf00, 0x00fe0002); // list 0xfe: CPU 1 plus absent CPUs
r("d", 0xf20, "GICD_SPENDSGIR0 after SGI 2 to list 0xfe");
w("d", 0xf00, 0x00010002); // list: CPU 0
r("d", 0xf20, "GICD_SPENDSGIR0 after SGI 2 to list 0x01");
w("d", 0xf10, 0xff00ffff); // clear SGI 2's sources (and nothing else pending)
r("d", 0xf20, "GICD_SPENDSGIR0 after CPENDSGIR");
r("d", 0x200, "GICD_ISPENDR0 after CPENDSGIR");
w("d", 0xf00, 0x03000004); // reserved filter
r("d", 0xf20 + 4, "GICD_SPENDSGIR1 after the reserved filter");
w("d", 0xf14, 0xffffffff);
w("d", 0xf01, 0x02, 1); // SGIR byte writes are ignored
r("d", 0x200, "GICD_ISPENDR0 after byte writes to SGIR");

// ---- SPIs: edge, level via ISPENDR, binary point, EOImode --------------------------------------
w("d", 0x820, 0x01010101); // SPIs 32..35 to CPU 0
w("d", 0x104, 0x0000000f);
w("d", 0x420, 0x60504030); // SPI 32: 0x30, 33: 0x40, 34: 0x50, 35: 0x60
w("d", 0x204, 0x00000002); // SPI 33 pending (level-triggered, latched by software)
r("c", 0x0c, "GICC_IAR SPI 33");
r("d", 0x204, "GICD_ISPENDR1 while SPI 33 active");
w("d", 0x204, 0x00000001); // SPI 32 (0x30) preempts 0x40 with BPR 0...
isr("ISR, SPI 32 preempting with BPR 0");
w("c", 0x08, 0x5); // ...but not when both are in one priority group (BPR 5: [7:6])
r("c", 0x08, "GICC_BPR 5");
isr("ISR, SPI 32 grouped with SPI 33 by BPR 5");
r("c", 0x0c, "GICC_IAR under BPR 5");
w("c", 0x08, 0);
r("c", 0x0c, "GICC_IAR SPI 32 nested");
w("c", 0x10, 32);
w("c", 0x10, 33);
r("c", 0x14, "GICC_RPR after both EOIs");
// EOImode: EOIR drops priority only, DIR deactivates.
w("c", 0x00, 0x201);
r("c", 0x00, "GICC_CTLR EOImode");
w("d", 0x204, 0x00000004); // SPI 34
r("c", 0x0c, "GICC_IAR SPI 34");
w("c", 0x10, 34);
r("c", 0x14, "GICC_RPR after EOImode EOI");
r("d", 0x304, "GICD_ISACTIVER1 still active after priority drop");
w("c", 0x1000, 34);
r("d", 0x304, "GICD_ISACTIVER1 after GICC_DIR");
w("c", 0x00, 1);
w("d", 0x304, 0x00000008); // make SPI 35 active by hand...
w("c", 0x1000, 35); // ...DIR without EOImode is ignored (QEMU)
r("d", 0x304, "GICD_ISACTIVER1 after DIR without EOImode");
w("d", 0x384, 0xffffffff);
// Group 1 without the Security Extensions: IAR gives 1022 unless AckCtl, FIQ for Group 0.
w("d", 0x084, 0x00000001); // SPI 32 in Group 1
w("c", 0x00, 0x3);
w("d", 0x000, 3);
w("d", 0x204, 0x00000001);
r("c", 0x18, "GICC_HPPIR Group 1 without AckCtl");
r("c", 0x0c, "GICC_IAR Group 1 without AckCtl");
w("c", 0x00, 0x7);
r("c", 0x0c, "GICC_IAR Group 1 with AckCtl");
r("c", 0xe0, "GICC_NSAPR0 with a Group 1 interrupt active");
r("c", 0xd0, "GICC_APR0 with a Group 1 interrupt active");
r("c", 0x14, "GICC_RPR Group 1 active");
w("c", 0x10, 32);
r("c", 0xe0, "GICC_NSAPR0 after EOI");
w("c", 0x00, 0xb); // FIQEn, Group 0 and 1
w("d", 0x204, 0x00000002); // SPI 33, Group 0
isr("ISR, Group 0 with FIQEn");
r("c", 0x0c, "GICC_IAR Group 0 as FIQ");
isr("ISR after acknowledging the FIQ");
w("c", 0x10, 33);
w("c", 0x00, 0x1f);
r("c", 0x00, "GICC_CTLR after 0x1f");
w("c", 0x00, 0xffffffff);
r("c", 0x00, "GICC_CTLR after all ones");
w("c", 0x00, 1);
w("d", 0x084, 0);
w("d", 0x000, 1);
w("c", 0x1c, 0);
r("c", 0x1c, "GICC_ABPR minimum");
w("c", 0x1c, 4);
r("c", 0x1c, "GICC_ABPR 4");
w("c", 0x08, 0xff);
r("c", 0x08, "GICC_BPR after 0xff");
w("c", 0x08, 0);
w("c", 0x04, 0x123);
r("c", 0x04, "GICC_PMR after 0x123");
w("c", 0xd4, 0x00000010);
r("c", 0x14, "GICC_RPR from an APR1 write");
r("c", 0xd4, "GICC_APR1 written");
w("c", 0xd4, 0);
r("c", 0x14, "GICC_RPR after clearing APR1");
w("c", 0xe8, 0x1);
r("c", 0x14, "GICC_RPR from an NSAPR2 write");
w("c", 0xe8, 0);
w("c", 0x04, 0xf0);

// ---- virtualization: list registers, GICV, maintenance -------------------------------------------
w("h", 0x08, 0xf0000001); // VMCR: PMR 0xf0, EnableGrp0
r("h", 0x08, "GICH_VMCR written");
r("v", 0x00, "GICV_CTLR from VMCR");
r("v", 0x04, "GICV_PMR from VMCR");
r("v", 0x08, "GICV_BPR from VMCR");
w("h", 0x100, 0x12345678 | 0xff8fffff);
r("h", 0x100, "GICH_LR0 reserved bits");
w("h", 0x100, 0);
w("h", 0x00, 1); // En
r("h", 0x10, "GICH_MISR enabled, no conditions");
w("h", 0x100, (1 << 28) | ((0x50 >> 3) << 23) | 27); // pending, priority 0x50, vID 27
r("h", 0x30, "GICH_ELRSR0 with LR0 in use");
r("v", 0x18, "GICV_HPPIR 27");
r("v", 0x0c, "GICV_IAR 27");
r("h", 0x100, "GICH_LR0 active");
r("h", 0xf0, "GICH_APR with 0x50 active");
r("v", 0xd0, "GICV_APR0");
r("v", 0x14, "GICV_RPR");
r("h", 0x08, "GICH_VMCR unchanged by activity");
w("v", 0x10, 27);
r("h", 0x100, "GICH_LR0 after EOI");
r("h", 0x30, "GICH_ELRSR0 after EOI");
r("v", 0x14, "GICV_RPR after EOI");
// EOI maintenance: an LR with the EOI bit.
w("h", 0x104, (1 << 28) | (1 << 19) | ((0x20 >> 3) << 23) | 40);
r("v", 0x0c, "GICV_IAR 40");
w("v", 0x10, 40);
r("h", 0x104, "GICH_LR1 after EOI with the EOI bit");
r("h", 0x20, "GICH_EISR0");
r("h", 0x30, "GICH_ELRSR0 (LR1 not free while EOI maintenance pends)");
r("h", 0x10, "GICH_MISR EOI");
r("d", 0x200, "GICD_ISPENDR0: maintenance interrupt (ID 25) pending");
w("h", 0x104, 0);
r("h", 0x10, "GICH_MISR after clearing LR1");
r("d", 0x200, "GICD_ISPENDR0: maintenance interrupt gone");
// Underflow, no-pending, LRENP and the group enable/disable conditions.
w("h", 0x00, 0x3); // UIE
r("h", 0x10, "GICH_MISR underflow");
w("h", 0x00, 0x9); // NPIE
r("h", 0x10, "GICH_MISR no pending");
w("h", 0x00, 0xf1); // VGrp0E/D, VGrp1E/D
r("h", 0x10, "GICH_MISR group conditions (Grp0 enabled, Grp1 disabled)");
w("h", 0x00, 0x5); // LRENPIE
r("v", 0x0c, "GICV_IAR nothing");
w("v", 0xd0, 0x4); // pretend priority 0x10 active
r("v", 0x14, "GICV_RPR from GICV_APR0");
w("v", 0x10, 99); // EOI of an interrupt in no list register
r("h", 0x00, "GICH_HCR EOICount");
r("h", 0x10, "GICH_MISR LRENP");
w("h", 0x00, 0x1);
r("h", 0x00, "GICH_HCR after clearing EOICount");
// EOImode in the guest, DIR, and the HW bit deactivating a physical interrupt.
w("v", 0x00, 0x201);
r("v", 0x00, "GICV_CTLR EOImode");
w("c", 0x00, 0x201); // the hypervisor splits EOI too
w("d", 0x824, 0x00000001); // SPI 36 to CPU 0
w("d", 0x104, 0x00000010);
w("d", 0x424, 0x00000010);
w("d", 0x204, 0x00000010);
r("c", 0x0c, "GICC_IAR SPI 36 (taken by the hypervisor)");
w("c", 0x10, 36); // priority drop only: SPI 36 stays active
r("d", 0x304, "GICD_ISACTIVER1 SPI 36 active, handed to the guest");
w("h", 0x108, (1 << 31) | (36 << 10) | (1 << 28) | ((0x30 >> 3) << 23) | 68);
r("v", 0x0c, "GICV_IAR 68 (hardware interrupt 36)");
w("v", 0x10, 68);
r("h", 0x108, "GICH_LR2 after priority drop (EOImode)");
r("d", 0x304, "GICD_ISACTIVER1 still active before GICV_DIR");
w("v", 0x1000, 68);
r("h", 0x108, "GICH_LR2 after GICV_DIR");
r("d", 0x304, "GICD_ISACTIVER1 after GICV_DIR: deactivated through the HW bit");
w("v", 0x1000, 77); // DIR of an unknown vIRQ counts in EOICount
r("h", 0x00, "GICH_HCR EOICount after an unmatched DIR");
w("h", 0x00, 0x1);
w("v", 0x00, 0x1);
w("c", 0x00, 0x1);
// Pending+active list registers and virtual SGIs.
w("h", 0x10c, (3 << 28) | ((0x40 >> 3) << 23) | 50);
r("v", 0x18, "GICV_HPPIR with only a pending+active LR");
r("v", 0x0c, "GICV_IAR with only a pending+active LR");
w("v", 0x10, 50);
r("h", 0x10c, "GICH_LR3 after EOI of pending+active");
r("v", 0x0c, "GICV_IAR 50 again");
w("v", 0x10, 50);
w("h", 0x10c, (1 << 28) | (2 << 10) | ((0x40 >> 3) << 23) | 5);
r("v", 0x0c, "GICV_IAR virtual SGI 5 from CPU 2");
w("v", 0x10, 5);
w("h", 0x10c, (1 << 28) | (1 << 30) | ((0x40 >> 3) << 23) | 60);
w("v", 0x00, 0x3);
r("v", 0x0c, "GICV_IAR Group 1 without AckCtl");
w("v", 0x00, 0x7);
r("v", 0x0c, "GICV_IAR Group 1 with AckCtl");
w("v", 0x10, 60);
w("v", 0x04, 0xff);
r("v", 0x04, "GICV_PMR 5 bits");
w("v", 0x08, 0);
r("v", 0x08, "GICV_BPR minimum");
w("v", 0x1c, 0);
r("v", 0x1c, "GICV_ABPR after 0");
w("h", 0x110, 0xffffffff);
r("h", 0x110, "GICH_LR4 (not implemented)");
w("h", 0x00, 0);
r("h", 0x10, "GICH_MISR with the interface disabled");
r("d", 0x200, "GICD_ISPENDR0 at the end");
r("d", 0x204, "GICD_ISPENDR1 at the end");
r("d", 0x304, "GICD_ISACTIVER1 at the end");
isr("ISR at the end");

export const VIRT_SCRIPT = s.steps;
