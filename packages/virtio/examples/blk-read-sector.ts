import assert from "node:assert/strict";
import { AddressSpace } from "@xena/machine";
import { RecordingLine } from "@xena/machine/testing";
import { MemoryBlockBackend, VirtioBlk, VirtioBlkRequest, VirtioBlkStatus, VirtioMmio } from "@xena/virtio";
import { blkHeader, MockDriver } from "@xena/virtio/testing";

// A 1 MiB disk whose sector 1 starts with "hello".
const image = new Uint8Array(1 << 20);
image.set(new TextEncoder().encode("hello"), 512);
const disk = new VirtioBlk({ backend: new MemoryBlockBackend(image), serial: "xena-0" });

// A virtio-mmio transport on a bus, where QEMU's virt puts its first one (SPI 47 there).
const bus = new AddressSpace();
bus.addRam("ram", 0x4000_0000, 0x10_0000);
const irq = new RecordingLine();
bus.mapMmio(0x0a00_3e00, new VirtioMmio({ device: disk, memory: bus, irq }));

// The mock driver does what Linux's virtio_mmio + virtio_ring do, through registers and guest RAM:
// reset, ACKNOWLEDGE, DRIVER, features, FEATURES_OK, queue setup, DRIVER_OK.
const driver = new MockDriver({ bus, base: 0x0a00_3e00, heap: { base: 0x4000_0000, size: 0x10_0000 } }).init();
assert.equal(driver.config64(0), 2048); // capacity, in 512-byte sectors

// Read sector 1: header (device-readable), 512 data bytes and a status byte (device-writable).
const q = driver.queues[0];
q.add([{ readable: blkHeader(VirtioBlkRequest.IN, 1) }, { writable: 512 }, { writable: 1 }]);
q.kick();
assert.equal(irq.level, true); // used-buffer interrupt
assert.equal(driver.interrupt(), 1); // the handler reads and acknowledges InterruptStatus...
assert.equal(irq.level, false); // ...and the line drops
const [done] = q.takeUsed();
assert.equal(done.data[512], VirtioBlkStatus.OK);
assert.equal(new TextDecoder().decode(done.data.subarray(0, 5)), "hello");
