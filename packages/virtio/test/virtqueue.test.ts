import { describe, expect, it } from "vitest";
import {
  VirtqDesc as D,
  featureBits,
  needEvent,
  VirtioMmioReg as R,
  VirtioStatus as S,
  VirtioFeature,
  VirtioInterrupt,
} from "../src/index.js";
import type { MockDriver, MockQueue } from "../src/testing/index.js";
import { EchoDevice, machine, pattern, RAM_BASE } from "./harness.js";

/** Scratch RAM below the mock driver's heap, for hand-made buffers and tables. */
const RAW = RAM_BASE + 0x1000;
const TABLE = RAM_BASE + 0x8000;

function echoMachine(options: Parameters<typeof machine>[1] = {}, sizes: readonly number[] = [8]) {
  const dev = new EchoDevice(sizes);
  const m = machine(dev, options);
  m.driver.init();
  return { ...m, dev, q: m.driver.queues[0] };
}

function usedElem(driver: MockDriver, q: MockQueue, i: number): { id: number; len: number } {
  const v = new DataView(driver.readRam(q.used + 4 + 8 * (i % q.size), 8).buffer);
  return { id: v.getUint32(0, true), len: v.getUint32(4, true) };
}

describe("split virtqueue: well-formed chains", () => {
  it("moves one request: readable bytes in, writable bytes out, used len, one interrupt", () => {
    const { q, dev, irq, driver } = echoMachine();
    const head = q.add([{ readable: pattern(5) }, { writable: 8 }]);
    q.notify();
    expect(irq.level).toBe(true);
    expect(driver.interrupt()).toBe(VirtioInterrupt.USED_BUFFER);
    const [u] = q.takeUsed();
    expect(u.head).toBe(head);
    expect(u.len).toBe(5);
    expect([...u.data.subarray(0, 5)]).toEqual([...pattern(5)]);
    expect(dev.chains).toEqual([
      { head, readableLength: 5, writableLength: 8, readableSegments: 1, writableSegments: 1 },
    ]);
  });

  it("gathers and scatters across several descriptors, direct or through an indirect table", () => {
    for (const indirect of [false, true]) {
      const { q, dev } = echoMachine();
      const a = pattern(3, 1);
      const b = pattern(700, 2);
      const c = pattern(17, 3);
      q.add([{ readable: a }, { readable: b }, { readable: c }, { writable: 100 }, { writable: 620 }], { indirect });
      q.notify();
      const [u] = q.takeUsed();
      expect(u.len).toBe(720);
      expect([...u.data]).toEqual([...a, ...b, ...c]);
      expect(dev.chains[0]).toMatchObject({ readableSegments: 3, writableSegments: 2 });
      expect(q.freeDescriptors).toBe(8);
    }
  });

  it("accepts a chain as long as the queue through an indirect table (Linux: seg_max + 2 entries)", () => {
    const { q, dev, errors } = echoMachine();
    const parts = Array.from({ length: 7 }, (_, i) => ({ readable: pattern(3, i) }));
    q.add([...parts, { writable: 21 }], { indirect: true });
    q.notify();
    expect(errors).toEqual([]);
    expect(dev.chains[0]).toMatchObject({ readableSegments: 7, writableSegments: 1 });
  });

  it("accepts direct descriptors followed by one indirect descriptor (spec: the device MUST handle it)", () => {
    const { q, driver, dev, errors } = echoMachine();
    driver.writeRam(RAW, pattern(4));
    driver.writeRam(RAW + 0x100, pattern(6, 9));
    q.writeDescriptor(q.desc, 0, { addr: RAW, len: 4, flags: D.NEXT, next: 5 });
    q.writeDescriptor(q.desc, 5, { addr: TABLE, len: 32, flags: D.INDIRECT, next: 0 });
    q.writeDescriptor(TABLE, 0, { addr: RAW + 0x100, len: 6, flags: D.NEXT, next: 1 });
    q.writeDescriptor(TABLE, 1, { addr: RAW + 0x200, len: 16, flags: D.WRITE, next: 0 });
    q.publish(0);
    q.notify();
    expect(errors).toEqual([]);
    expect(dev.chains[0]).toMatchObject({ head: 0, readableLength: 10, writableLength: 16 });
    expect(usedElem(driver, q, 0)).toEqual({ id: 0, len: 10 });
    expect([...driver.readRam(RAW + 0x200, 10)]).toEqual([...pattern(4), ...pattern(6, 9)]);
  });

  it("processes a batch with one notification and one interrupt", () => {
    const { q, irq, dev } = echoMachine({ eventIdx: false });
    for (let i = 0; i < 8; i++) q.add([{ readable: Uint8Array.of(i) }, { writable: 1 }], { indirect: true });
    q.notify();
    expect(dev.chains).toHaveLength(8);
    expect(irq.risingEdges).toBe(1);
    expect(q.takeUsed().map((u) => u.data[0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("wraps its 16-bit ring indices", () => {
    const { q, driver, errors } = echoMachine({}, [2]);
    for (let i = 0; i < 65_540; i++) {
      q.add([{ readable: Uint8Array.of(i & 0xff) }, { writable: 1 }]);
      q.kick();
      const [u] = q.takeUsed();
      if (u.data[0] !== (i & 0xff)) throw new Error(`request ${i} came back as ${u.data[0]}`);
      driver.interrupt();
    }
    expect(errors).toEqual([]);
    expect(q.usedIdx).toBe(65_540 & 0xffff);
  });
});

describe("split virtqueue: notification suppression", () => {
  it("honours VIRTQ_AVAIL_F_NO_INTERRUPT without EVENT_IDX", () => {
    const { q, irq } = echoMachine({ eventIdx: false });
    q.availFlags = 1;
    q.add([{ readable: Uint8Array.of(1) }, { writable: 1 }]);
    q.notify();
    expect(q.takeUsed()).toHaveLength(1);
    expect(irq.level).toBe(false);
    q.availFlags = 0;
    q.add([{ readable: Uint8Array.of(2) }, { writable: 1 }]);
    q.notify();
    expect(irq.level).toBe(true);
  });

  it("with EVENT_IDX interrupts only when the used index passes used_event", () => {
    const { q, irq, driver } = echoMachine();
    expect(driver.hasFeature(VirtioFeature.EVENT_IDX)).toBe(true);
    const edges: number[] = [];
    q.usedEvent = 2; // "interrupt me once entry 2 is used"
    for (let i = 0; i < 4; i++) {
      q.add([{ readable: Uint8Array.of(i) }, { writable: 1 }]);
      q.notify();
      edges.push(irq.risingEdges);
      driver.interrupt();
    }
    // The first completion always interrupts (nothing signalled yet), then only entry 2's.
    expect(edges).toEqual([1, 1, 2, 2]);
    expect(q.takeUsed()).toHaveLength(4);
    expect(q.usedEvent).toBe(4); // takeUsed re-arms at the next entry, like virtqueue_enable_cb
  });

  it("with EVENT_IDX publishes avail_event so the driver kicks exactly when needed", () => {
    const { q, dev } = echoMachine();
    q.add([{ readable: Uint8Array.of(1) }, { writable: 1 }]);
    expect(q.kick()).toBe(true); // avail_event 0: the first buffer is wanted
    expect(q.availEvent).toBe(1); // the device drained the ring and wants to hear about entry 1
    expect(q.kick()).toBe(false); // nothing new since the last kick
    q.add([{ readable: Uint8Array.of(2) }, { writable: 1 }]);
    expect(q.kick()).toBe(true);
    expect(dev.notifies).toEqual([0, 0]);
  });

  it("computes vring_need_event across the 16-bit wrap", () => {
    expect(needEvent(0xffff, 0x0001, 0xfffe)).toBe(true);
    expect(needEvent(0x0001, 0x0001, 0xfffe)).toBe(false);
    expect(needEvent(5, 6, 5)).toBe(true);
    expect(needEvent(5, 5, 4)).toBe(false);
  });
});

type Setup = (q: MockQueue, driver: MockDriver) => void;

const ok = (q: MockQueue, driver: MockDriver, d: number) => {
  driver.writeRam(RAW, pattern(4));
  q.writeDescriptor(q.desc, d, { addr: RAW, len: 4, flags: D.NEXT, next: d + 1 });
  q.writeDescriptor(q.desc, d + 1, { addr: RAW + 0x100, len: 4, flags: D.WRITE, next: 0 });
};

const malformed: [string, string, Setup, Parameters<typeof machine>[1]?][] = [
  ["a head index past the queue", "chain head 9", (q) => q.publish(9)],
  [
    "a next index past the queue",
    "next index 8",
    (q) => q.writeDescriptor(q.desc, 0, { addr: RAW, len: 4, flags: D.NEXT, next: 8 }),
  ],
  [
    "a loop in the descriptor table",
    "a loop",
    (q) => {
      q.writeDescriptor(q.desc, 0, { addr: RAW, len: 4, flags: D.NEXT, next: 1 });
      q.writeDescriptor(q.desc, 1, { addr: RAW, len: 4, flags: D.NEXT, next: 0 });
    },
  ],
  [
    "a self-loop",
    "a loop",
    (q) => {
      q.writeDescriptor(q.desc, 3, { addr: RAW, len: 4, flags: D.NEXT | D.WRITE, next: 3 });
      q.publish(3);
    },
  ],
  [
    "a buffer outside RAM",
    "is not guest RAM",
    (q) => q.writeDescriptor(q.desc, 0, { addr: 0x1000_0000, len: 4, flags: 0, next: 0 }),
  ],
  [
    "a writable buffer straddling the end of RAM",
    "is not guest writable RAM",
    (q) => {
      q.writeDescriptor(q.desc, 0, { addr: RAW, len: 4, flags: D.NEXT, next: 1 });
      q.writeDescriptor(q.desc, 1, { addr: RAM_BASE + 0x40_0000 - 2, len: 4, flags: D.WRITE, next: 0 });
    },
  ],
  [
    "a 64-bit address beyond 2^53",
    "beyond the addressable range",
    (q) => q.writeDescriptor(q.desc, 0, { addr: 2 ** 60, len: 4, flags: 0, next: 0 }),
  ],
  [
    "a length that wraps the address space",
    "beyond the addressable range",
    (q) => q.writeDescriptor(q.desc, 0, { addr: 2 ** 53 - 16, len: 0xffffffff, flags: 0, next: 0 }),
  ],
  [
    "a readable descriptor after a writable one",
    "device-readable descriptor after a device-writable one",
    (q) => {
      q.writeDescriptor(q.desc, 0, { addr: RAW, len: 4, flags: D.WRITE | D.NEXT, next: 1 });
      q.writeDescriptor(q.desc, 1, { addr: RAW, len: 4, flags: 0, next: 0 });
    },
  ],
  [
    "more bytes than the chain cap",
    "more than 64 bytes",
    (q) => {
      q.writeDescriptor(q.desc, 0, { addr: RAW, len: 40, flags: D.NEXT, next: 1 });
      q.writeDescriptor(q.desc, 1, { addr: RAW, len: 40, flags: D.WRITE, next: 0 });
    },
    { maxChainBytes: 64 },
  ],
  [
    "an indirect descriptor without VIRTIO_F_INDIRECT_DESC",
    "without VIRTIO_F_INDIRECT_DESC",
    (q) => q.writeDescriptor(q.desc, 0, { addr: TABLE, len: 16, flags: D.INDIRECT, next: 0 }),
    { indirectDescriptors: false },
  ],
  [
    "an indirect descriptor with NEXT",
    "with NEXT set",
    (q) => q.writeDescriptor(q.desc, 0, { addr: TABLE, len: 16, flags: D.INDIRECT | D.NEXT, next: 1 }),
  ],
  [
    "an indirect table of 0 bytes",
    "not a multiple of 16",
    (q) => q.writeDescriptor(q.desc, 0, { addr: TABLE, len: 0, flags: D.INDIRECT, next: 0 }),
  ],
  [
    "an indirect table of 24 bytes",
    "not a multiple of 16",
    (q) => q.writeDescriptor(q.desc, 0, { addr: TABLE, len: 24, flags: D.INDIRECT, next: 0 }),
  ],
  [
    "an indirect table longer than the queue",
    "exceeds the queue size",
    (q) => q.writeDescriptor(q.desc, 0, { addr: TABLE, len: 16 * 9, flags: D.INDIRECT, next: 0 }),
  ],
  [
    "direct descriptors plus an indirect table longer than the queue together",
    "longer than the queue size 8",
    (q) => {
      q.writeDescriptor(q.desc, 0, { addr: RAW, len: 4, flags: D.NEXT, next: 1 });
      q.writeDescriptor(q.desc, 1, { addr: RAW, len: 4, flags: D.NEXT, next: 2 });
      q.writeDescriptor(q.desc, 2, { addr: TABLE, len: 16 * 7, flags: D.INDIRECT, next: 0 });
      for (let i = 0; i < 7; i++) {
        q.writeDescriptor(TABLE, i, { addr: RAW, len: 4, flags: i < 6 ? D.NEXT : 0, next: i + 1 });
      }
    },
  ],
  [
    "an indirect table outside RAM",
    "cannot read descriptor 0 of an indirect table",
    (q) => q.writeDescriptor(q.desc, 0, { addr: 0x2000_0000, len: 32, flags: D.INDIRECT, next: 0 }),
  ],
  [
    "a nested indirect table",
    "inside an indirect table",
    (q) => {
      q.writeDescriptor(q.desc, 0, { addr: TABLE, len: 32, flags: D.INDIRECT, next: 0 });
      q.writeDescriptor(TABLE, 0, { addr: TABLE + 0x100, len: 16, flags: D.INDIRECT, next: 0 });
    },
  ],
  [
    "a loop inside an indirect table",
    "longer than its indirect table",
    (q) => {
      q.writeDescriptor(q.desc, 0, { addr: TABLE, len: 48, flags: D.INDIRECT, next: 0 });
      q.writeDescriptor(TABLE, 0, { addr: RAW, len: 4, flags: D.NEXT, next: 1 });
      q.writeDescriptor(TABLE, 1, { addr: RAW, len: 4, flags: D.NEXT, next: 2 });
      q.writeDescriptor(TABLE, 2, { addr: RAW, len: 4, flags: D.NEXT, next: 0 });
    },
  ],
  [
    "an indirect next index past its table",
    "outside its table (2 entries)",
    (q) => {
      q.writeDescriptor(q.desc, 0, { addr: TABLE, len: 32, flags: D.INDIRECT, next: 0 });
      q.writeDescriptor(TABLE, 0, { addr: RAW, len: 4, flags: D.NEXT, next: 2 });
    },
  ],
];

describe("split virtqueue: malformed guest input is a device error, never a host exception", () => {
  it.each(malformed)("%s", (_what, message, setup, options) => {
    const dev = new EchoDevice([8]);
    const m = machine(dev, options);
    m.driver.init();
    const q = m.driver.queues[0];
    setup(q, m.driver);
    if (q.availIdx === 0) q.publish(0);
    expect(() => q.notify()).not.toThrow();
    expect(m.errors).toHaveLength(1);
    expect(m.errors[0]).toContain(message);
    expect(m.driver.status & S.DEVICE_NEEDS_RESET).toBe(S.DEVICE_NEEDS_RESET);
    expect(m.transport.active).toBe(false);
    expect(m.driver.interrupt()).toBe(VirtioInterrupt.CONFIG_CHANGE);
    expect(q.usedIdx).toBe(0);
    // Stopped: a good request is not processed until the driver resets the device.
    const before = dev.chains.length;
    ok(q, m.driver, 4);
    q.publish(4);
    q.notify();
    expect(dev.chains.length).toBe(before);
    // A reset and a new bring-up recover.
    m.driver.init();
    const q2 = m.driver.queues[0];
    q2.add([{ readable: Uint8Array.of(7) }, { writable: 1 }]);
    q2.notify();
    expect(q2.takeUsed().map((u) => u.data[0])).toEqual([7]);
    expect(m.errors).toHaveLength(1);
  });

  it("an available index more than a queue ahead of the device", () => {
    const { q, errors, driver } = echoMachine();
    q.availIdx = 9;
    expect(() => q.notify()).not.toThrow();
    expect(errors[0]).toContain("9 entries ahead");
    expect(driver.status & S.DEVICE_NEEDS_RESET).toBe(S.DEVICE_NEEDS_RESET);
  });

  it.each([
    ["descriptor table", R.QUEUE_DESC_LOW, "cannot read descriptor 0"],
    ["available ring", R.QUEUE_DRIVER_LOW, "cannot read the available ring index"],
  ])("a %s outside RAM", (_what, register, message) => {
    const dev = new EchoDevice([8]);
    const { driver, setReg, errors } = machine(dev);
    driver.reset();
    driver.addStatus(S.ACKNOWLEDGE | S.DRIVER);
    driver.negotiate(driver.readDeviceFeatures());
    const q = driver.setupQueue(0);
    // Re-program the ring while disabled, pointing one part at unmapped space.
    setReg(R.QUEUE_READY, 0);
    setReg(register, 0x2000_0000);
    setReg(R.QUEUE_READY, 1);
    driver.driverOk();
    ok(q, driver, 0);
    q.publish(0);
    expect(() => q.notify()).not.toThrow();
    expect(errors).toEqual([`queue 0: ${message}`]);
  });

  it("a used ring outside RAM", () => {
    const dev = new EchoDevice([8]);
    const { driver, setReg, errors } = machine(dev, { eventIdx: false });
    driver.reset();
    driver.addStatus(S.ACKNOWLEDGE | S.DRIVER);
    driver.negotiate(featureBits(VirtioFeature.VERSION_1));
    const q = driver.setupQueue(0);
    setReg(R.QUEUE_READY, 0);
    setReg(R.QUEUE_DEVICE_LOW, 0x2000_0000);
    setReg(R.QUEUE_READY, 1);
    driver.driverOk();
    ok(q, driver, 0);
    q.publish(0);
    expect(() => q.notify()).not.toThrow();
    expect(errors).toEqual(["queue 0: cannot write the used ring"]);
  });

  it("survives random descriptor tables without throwing or looping", () => {
    let seed = 12345;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    for (let round = 0; round < 120; round++) {
      const dev = new EchoDevice([8]);
      const m = machine(dev, round % 2 === 0 ? {} : { indirectDescriptors: false });
      m.driver.init();
      const q = m.driver.queues[0];
      for (let i = 0; i < 8; i++) {
        const addrChoices = [RAW, TABLE, RAM_BASE + 0x40_0000 - 8, 0x1000_0000, rand() * 2 ** 20];
        q.writeDescriptor(q.desc, i, {
          addr: addrChoices[rand() % addrChoices.length],
          len: [0, 1, 16, 32, 4096, 0xffffffff][rand() % 6],
          flags: rand() & 7,
          next: rand() % 10,
        });
        q.writeDescriptor(TABLE, i, { addr: RAW, len: rand() % 64, flags: rand() & 7, next: rand() % 10 });
      }
      for (let i = 0; i < 8; i++) q.publish(rand() % 10);
      expect(() => q.notify()).not.toThrow();
      expect(m.errors.length + dev.chains.length).toBeGreaterThan(0);
    }
  });
});
