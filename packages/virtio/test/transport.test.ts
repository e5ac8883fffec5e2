import { describe, expect, it } from "vitest";
import {
  featureBits,
  VirtioMmioReg as R,
  VirtioStatus as S,
  VIRTIO_MMIO_MAGIC,
  VIRTIO_VENDOR_QEMU,
  VirtioFeature,
  VirtioInterrupt,
} from "../src/index.js";
import { EchoDevice, MMIO_BASE, machine } from "./harness.js";

const ALL_RING = featureBits(VirtioFeature.VERSION_1, VirtioFeature.INDIRECT_DESC, VirtioFeature.EVENT_IDX);

describe("virtio-mmio transport: identification", () => {
  it("an empty slot answers magic, version and vendor with DeviceID 0, and ignores everything else", () => {
    const { reg, setReg, irq, bus } = machine(undefined);
    expect(reg(R.MAGIC_VALUE)).toBe(VIRTIO_MMIO_MAGIC);
    expect(reg(R.VERSION)).toBe(2);
    expect(reg(R.DEVICE_ID)).toBe(0);
    expect(reg(R.VENDOR_ID)).toBe(VIRTIO_VENDOR_QEMU);
    setReg(R.STATUS, S.ACKNOWLEDGE);
    setReg(R.QUEUE_NOTIFY, 0);
    expect(reg(R.STATUS)).toBe(0);
    expect(reg(R.QUEUE_NUM_MAX)).toBe(0);
    expect(reg(R.DEVICE_FEATURES)).toBe(0);
    expect(bus.read(MMIO_BASE + R.CONFIG, 4)).toBe(0);
    expect(irq.history).toEqual([]);
  });

  it("a device shows its ID and its features plus VERSION_1, INDIRECT_DESC and EVENT_IDX", () => {
    const dev = new EchoDevice([8], featureBits(3, 40));
    const { driver, reg, setReg } = machine(dev);
    expect(driver.probe()).toEqual({ deviceId: 0x7e, vendorId: VIRTIO_VENDOR_QEMU });
    expect(driver.readDeviceFeatures()).toEqual([(1 << 3) | ALL_RING[0], (1 << 8) | ALL_RING[1]]);
    setReg(R.DEVICE_FEATURES_SEL, 2);
    expect(reg(R.DEVICE_FEATURES)).toBe(0);
  });

  it("can leave out the ring features", () => {
    const { driver } = machine(new EchoDevice(), { indirectDescriptors: false, eventIdx: false });
    expect(driver.readDeviceFeatures()).toEqual([1 << 3, 1]);
  });

  it("reads control registers only with 32-bit accesses, config space with 8/16/32-bit ones", () => {
    const dev = new EchoDevice();
    const { bus } = machine(dev);
    expect(bus.read(MMIO_BASE + R.MAGIC_VALUE, 2)).toBe(0);
    expect(bus.read(MMIO_BASE + R.MAGIC_VALUE, 1)).toBe(0);
    expect(bus.read(MMIO_BASE + R.CONFIG, 4)).toBe(0x11223344);
    expect(bus.read(MMIO_BASE + R.CONFIG + 4, 2)).toBe(0x7788);
    expect(bus.read(MMIO_BASE + R.CONFIG + 7, 1)).toBe(0x55);
    expect(bus.read(MMIO_BASE + R.CONFIG + 8, 4)).toBe(0); // past the device's config space
    expect(bus.read(MMIO_BASE + R.CONFIG + 6, 4)).toBe(0); // straddles its end (the bus rejects it as unaligned)
    bus.write(MMIO_BASE + R.CONFIG + 2, 2, 0xbeef);
    bus.write(MMIO_BASE + R.CONFIG + 8, 1, 0x12); // ignored
    expect(dev.configWrites).toEqual([[2, 2, 0xbeef]]);
  });

  it("has no shared memory regions (length -1)", () => {
    const { reg, setReg } = machine(new EchoDevice());
    setReg(R.SHM_SEL, 0);
    expect(reg(R.SHM_LEN_LOW)).toBe(0xffffffff);
    expect(reg(R.SHM_LEN_HIGH)).toBe(0xffffffff);
  });
});

describe("virtio-mmio transport: status and feature negotiation", () => {
  it("brings a device up the way Linux does and activates it at DRIVER_OK", () => {
    const dev = new EchoDevice();
    const { driver, transport } = machine(dev);
    driver.init();
    expect(driver.status).toBe(S.ACKNOWLEDGE | S.DRIVER | S.FEATURES_OK | S.DRIVER_OK);
    expect(dev.activations).toBe(1);
    expect(transport.active).toBe(true);
    expect(transport.negotiatedFeatures).toEqual(driver.deviceFeatures);
    expect(transport.hasFeature(VirtioFeature.EVENT_IDX)).toBe(true);
  });

  it("refuses FEATURES_OK without VERSION_1", () => {
    const { driver, transport } = machine(new EchoDevice());
    driver.reset();
    driver.addStatus(S.ACKNOWLEDGE | S.DRIVER);
    const [lo] = driver.readDeviceFeatures();
    expect(driver.negotiate([lo, 0])).toBe(false);
    expect(driver.status & S.FEATURES_OK).toBe(0);
    expect(driver.status & S.FAILED).toBe(S.FAILED);
    expect(transport.hasFeature(3)).toBe(false);
  });

  it("refuses FEATURES_OK with a bit the device did not offer", () => {
    const refused: unknown[] = [];
    const { driver } = machine(new EchoDevice(), { events: { featuresRefused: (f) => refused.push(f) } });
    driver.reset();
    driver.addStatus(S.ACKNOWLEDGE | S.DRIVER);
    const [lo, hi] = driver.readDeviceFeatures();
    expect(driver.negotiate([lo | (1 << 5), hi])).toBe(false);
    expect(refused).toEqual([[lo | (1 << 5), hi]]);
    // A reset allows a second attempt with a valid subset.
    driver.reset();
    driver.addStatus(S.ACKNOWLEDGE | S.DRIVER);
    expect(driver.negotiate([0, 1])).toBe(true);
  });

  it("freezes the driver features at FEATURES_OK and exposes them only from then on", () => {
    const { driver, transport, setReg } = machine(new EchoDevice());
    driver.reset();
    driver.addStatus(S.ACKNOWLEDGE | S.DRIVER);
    setReg(R.DRIVER_FEATURES_SEL, 1);
    setReg(R.DRIVER_FEATURES, 1);
    setReg(R.DRIVER_FEATURES_SEL, 0);
    setReg(R.DRIVER_FEATURES, 1 << 3);
    expect(transport.hasFeature(3)).toBe(false); // not before FEATURES_OK
    driver.addStatus(S.FEATURES_OK);
    expect(transport.hasFeature(3)).toBe(true);
    setReg(R.DRIVER_FEATURES, 0);
    expect(transport.hasFeature(3)).toBe(true);
    expect(transport.hasFeature(VirtioFeature.EVENT_IDX)).toBe(false);
  });

  it("treats DRIVER_OK without FEATURES_OK as a device error", () => {
    const dev = new EchoDevice();
    const { driver, irq, errors } = machine(dev);
    driver.reset();
    driver.addStatus(S.ACKNOWLEDGE | S.DRIVER | S.DRIVER_OK);
    expect(driver.status & S.DEVICE_NEEDS_RESET).toBe(S.DEVICE_NEEDS_RESET);
    expect(dev.activations).toBe(0);
    expect(errors).toEqual(["DRIVER_OK set without FEATURES_OK"]);
    expect(irq.level).toBe(true);
    expect(driver.interrupt()).toBe(VirtioInterrupt.CONFIG_CHANGE);
  });

  it("never lets the driver clear a status bit or set DEVICE_NEEDS_RESET", () => {
    const { driver, setReg } = machine(new EchoDevice());
    driver.init();
    setReg(R.STATUS, S.ACKNOWLEDGE | S.DEVICE_NEEDS_RESET);
    expect(driver.status).toBe(S.ACKNOWLEDGE | S.DRIVER | S.FEATURES_OK | S.DRIVER_OK);
  });

  it("resets on Status = 0: status, features, queues, interrupts, and the device", () => {
    const dev = new EchoDevice();
    const { driver, transport, irq, reg, setReg } = machine(dev);
    driver.init();
    const q = driver.queues[0];
    q.add([{ readable: Uint8Array.of(1) }, { writable: 1 }]);
    q.notify();
    expect(irq.level).toBe(true);
    expect(dev.resets).toBe(1); // init starts with a reset, as Linux does
    setReg(R.STATUS, 0);
    expect(reg(R.STATUS)).toBe(0);
    expect(reg(R.INTERRUPT_STATUS)).toBe(0);
    expect(irq.level).toBe(false);
    expect(dev.resets).toBe(2);
    setReg(R.QUEUE_SEL, 0);
    expect(reg(R.QUEUE_READY)).toBe(0);
    expect(transport.active).toBe(false);
    expect(transport.negotiatedFeatures).toEqual([0, 0]);
    // Everything works again after a fresh bring-up.
    driver.init();
    const q2 = driver.queues[0];
    q2.add([{ readable: Uint8Array.of(9) }, { writable: 1 }]);
    q2.notify();
    expect(q2.takeUsed().map((u) => [...u.data])).toEqual([[9]]);
  });
});

describe("virtio-mmio transport: queues and notifications", () => {
  it("reports QueueNumMax per queue and 0 past the last one", () => {
    const { reg, setReg, driver } = machine(new EchoDevice([8, 64]));
    expect(driver.queueCount()).toBe(2);
    setReg(R.QUEUE_SEL, 1);
    expect(reg(R.QUEUE_NUM_MAX)).toBe(64);
    setReg(R.QUEUE_SEL, 2);
    expect(reg(R.QUEUE_NUM_MAX)).toBe(0);
    setReg(R.QUEUE_READY, 1); // no such queue: ignored
    expect(reg(R.QUEUE_READY)).toBe(0);
  });

  it("enables and disables a queue (QueueReady reads back), ignoring configuration writes while ready", () => {
    const dev = new EchoDevice([8]);
    const { driver, transport, reg, setReg } = machine(dev);
    driver.init({ queueSizes: [4] });
    const q = transport.queue(0);
    expect(q.ready).toBe(true);
    expect(q.size).toBe(4);
    setReg(R.QUEUE_SEL, 0);
    setReg(R.QUEUE_NUM, 8);
    setReg(R.QUEUE_DESC_LOW, 0x1000);
    expect(q.size).toBe(4);
    expect(q.addresses.desc).toBe(driver.queues[0].desc);
    setReg(R.QUEUE_READY, 0); // what vm_del_vq does, then reads back 0
    expect(reg(R.QUEUE_READY)).toBe(0);
    driver.queues[0].add([{ readable: Uint8Array.of(1) }, { writable: 1 }]);
    driver.queues[0].notify();
    expect(dev.notifies).toEqual([]); // a disabled queue is not touched
  });

  it.each([
    ["size 0", 0, 0x4010_0000],
    ["a size that is not a power of two", 6, 0x4010_0000],
    ["a size above QueueNumMax", 16, 0x4010_0000],
    ["a misaligned descriptor table", 8, 0x4010_0008],
  ])("refuses to enable a queue with %s (DEVICE_NEEDS_RESET)", (_what, size, desc) => {
    const dev = new EchoDevice([8]);
    const { driver, reg, setReg, errors } = machine(dev);
    driver.reset();
    driver.addStatus(S.ACKNOWLEDGE | S.DRIVER);
    driver.negotiate(driver.readDeviceFeatures());
    setReg(R.QUEUE_SEL, 0);
    setReg(R.QUEUE_NUM, size);
    setReg(R.QUEUE_DESC_LOW, desc);
    setReg(R.QUEUE_DRIVER_LOW, 0x4011_0000);
    setReg(R.QUEUE_DEVICE_LOW, 0x4012_0000);
    setReg(R.QUEUE_READY, 1);
    expect(reg(R.QUEUE_READY)).toBe(0);
    expect(driver.status & S.DEVICE_NEEDS_RESET).toBe(S.DEVICE_NEEDS_RESET);
    expect(errors).toHaveLength(1);
    // At DRIVER_OK the device tells the driver (config change interrupt) instead of starting.
    driver.driverOk();
    expect(dev.activations).toBe(0);
    expect(driver.interrupt()).toBe(VirtioInterrupt.CONFIG_CHANGE);
  });

  it("passes notifications to the device only after DRIVER_OK, for ready queues", () => {
    const dev = new EchoDevice([8, 8]);
    const { driver, setReg } = machine(dev);
    driver.reset();
    driver.addStatus(S.ACKNOWLEDGE | S.DRIVER);
    driver.negotiate(driver.readDeviceFeatures());
    driver.setupQueue(0);
    setReg(R.QUEUE_NOTIFY, 0);
    expect(dev.notifies).toEqual([]);
    driver.driverOk();
    setReg(R.QUEUE_NOTIFY, 0);
    setReg(R.QUEUE_NOTIFY, 1); // not set up
    setReg(R.QUEUE_NOTIFY, 7); // no such queue
    setReg(R.QUEUE_NOTIFY, 0x10000);
    expect(dev.notifies).toEqual([0]);
  });
});

describe("virtio-mmio transport: the interrupt line", () => {
  it("is high exactly while InterruptStatus is non-zero, rising on each 0 → non-zero change", () => {
    const dev = new EchoDevice();
    const { driver, irq, reg, setReg, transport } = machine(dev, { eventIdx: false });
    driver.init();
    const q = driver.queues[0];
    q.add([{ readable: Uint8Array.of(1) }, { writable: 1 }]);
    q.notify();
    expect(reg(R.INTERRUPT_STATUS)).toBe(VirtioInterrupt.USED_BUFFER);
    expect(irq.risingEdges).toBe(1);
    transport.configChanged();
    expect(reg(R.INTERRUPT_STATUS)).toBe(3);
    expect(irq.risingEdges).toBe(1); // already high: no new edge
    setReg(R.INTERRUPT_ACK, VirtioInterrupt.USED_BUFFER);
    expect(irq.level).toBe(true);
    setReg(R.INTERRUPT_ACK, VirtioInterrupt.CONFIG_CHANGE);
    expect(irq.level).toBe(false);
    q.takeUsed();
    q.add([{ readable: Uint8Array.of(2) }, { writable: 1 }]);
    q.notify();
    expect(irq.risingEdges).toBe(2); // an edge-triggered GIC input sees the second event too
    expect(irq.history).toEqual([true, false, true]);
  });

  it("bumps ConfigGeneration on a config change, interrupting only a running driver", () => {
    const dev = new EchoDevice();
    const { driver, irq, reg, transport } = machine(dev);
    const g0 = reg(R.CONFIG_GENERATION);
    transport.configChanged();
    expect(reg(R.CONFIG_GENERATION)).toBe(g0 + 1);
    expect(irq.level).toBe(false);
    driver.init();
    transport.configChanged();
    expect(reg(R.CONFIG_GENERATION)).toBe(g0 + 2);
    expect(driver.interrupt()).toBe(VirtioInterrupt.CONFIG_CHANGE);
    expect(irq.level).toBe(false);
  });
});
