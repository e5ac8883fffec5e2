import assert from "node:assert/strict";
import { GICC, GICD, GICH, Gic, listRegister } from "@xena/gic-v2";
import { AddressSpace } from "@xena/machine";
import { RecordingLine } from "@xena/machine/testing";

// Each CPU's interrupt pins are lines the GIC drives; here they just record their level.
const pins = [0, 1].map(() => ({ irq: new RecordingLine(), virq: new RecordingLine() }));
const gic = new Gic({ cpus: 2, spis: 128, outputs: pins });

// The platform maps the windows; these are the Cortex-A15's (PERIPHBASE 0x2c000000).
const bus = new AddressSpace();
const [D, C, H, V] = [0x2c00_1000, 0x2c00_2000, 0x2c00_4000, 0x2c00_6000];
bus.mapMmio(D, gic.distributor);
bus.mapMmio(C, gic.cpuInterface); // banked: each CPU sees its own (bus.requester)
bus.mapMmio(H, gic.hypInterface);
bus.mapMmio(V, gic.virtualCpuInterface);

// CPU 0 sets up the distributor as Linux does: SPI 5 (ID 37), level-sensitive, to CPU 1.
bus.requester = 0;
bus.write(D + GICD.CTLR, 4, 1);
bus.write(D + GICD.IPRIORITYR + 37, 1, 0xa0); // byte access
bus.write(D + GICD.ITARGETSR + 37, 1, 0b10);
bus.write(D + GICD.ISENABLER + 4, 4, 1 << 5);
bus.requester = 1;
bus.write(C + GICC.PMR, 4, 0xf0);
bus.write(C + GICC.CTLR, 4, 1);

// A device raises its line: CPU 1's IRQ pin goes high until CPU 1 acknowledges.
gic.spi(5).set(true);
assert.equal(pins[1].irq.level, true);
assert.equal(pins[0].irq.level, false);
assert.equal(bus.read(C + GICC.IAR, 4), 37);
assert.equal(pins[1].irq.level, false);
gic.spi(5).set(false); // the driver quietened the device
bus.write(C + GICC.EOIR, 4, 37);
assert.equal(bus.read(C + GICC.IAR, 4), 1023); // spurious: nothing pending

// An SGI from CPU 1 to CPU 0 (CPU 0's interface enabled first); IAR names the sender.
bus.requester = 0;
bus.write(C + GICC.PMR, 4, 0xf0);
bus.write(C + GICC.CTLR, 4, 1);
bus.requester = 1;
bus.write(D + GICD.SGIR, 4, (0b01 << 16) | 3);
bus.requester = 0;
assert.equal(bus.read(C + GICC.IAR, 4), 3 | (1 << 10));
bus.write(C + GICC.EOIR, 4, 3 | (1 << 10));

// A hypervisor on CPU 0 injects virtual interrupt 27 through a list register; its guest takes it
// through GICV, and the guest's EOI frees the list register.
bus.write(H + GICH.HCR, 4, 1);
bus.write(V + GICC.PMR, 4, 0xf8);
bus.write(V + GICC.CTLR, 4, 1);
bus.write(H + GICH.LR, 4, listRegister({ virtualId: 27, priority: 0x50 }));
assert.equal(pins[0].virq.level, true);
assert.equal(bus.read(V + GICC.IAR, 4), 27);
bus.write(V + GICC.EOIR, 4, 27);
assert.equal(bus.read(H + GICH.ELRSR0, 4), 0b1111); // all four list registers free again
assert.equal(pins[0].virq.level, false);
