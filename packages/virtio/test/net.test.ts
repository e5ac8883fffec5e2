import { describe, expect, it } from "vitest";
import {
  VirtioNetFeature as F,
  hasFeatureBit,
  MAX_FRAME_BYTES,
  NetPair,
  parseMac,
  VIRTIO_NET_S_LINK_UP,
  VirtioDeviceId,
  VirtioInterrupt,
  VirtioNet,
  VirtioNetConfig,
  type VirtioNetOptions,
} from "../src/index.js";
import { netTxBuffer } from "../src/testing/index.js";
import { machine, pattern } from "./harness.js";

const RX = 0;
const TX = 1;

/** An Ethernet frame: destination, source, EtherType 0x88b5 (local experimental), payload. */
function frame(payloadLength: number, seed = 1): Uint8Array {
  const f = new Uint8Array(14 + payloadLength);
  f.set([0x52, 0x54, 0, 0, 0, 2, 0x52, 0x54, 0, 0, 0, 1, 0x88, 0xb5]);
  f.set(pattern(payloadLength, seed), 14);
  return f;
}

function nic(options: Partial<VirtioNetOptions> = {}, init = true) {
  const net = new VirtioNet({ mac: "52:54:00:12:34:56", queueSize: 16, ...options });
  const m = machine(net);
  if (init) m.driver.init();
  return { ...m, net };
}

/** Posts `n` receive buffers of `size` bytes (Linux's small buffers: 12 + 1518) and kicks. */
function postRx(d: ReturnType<typeof nic>, n: number, size = 12 + 1518): void {
  const q = d.driver.queues[RX];
  for (let i = 0; i < n; i++) q.add([{ writable: size }]);
  q.kick();
}

function received(d: ReturnType<typeof nic>): { header: Uint8Array; frame: Uint8Array; len: number }[] {
  return d.driver.queues[RX].takeUsed().map((u) => ({
    header: u.data.slice(0, 12),
    frame: u.data.slice(12, u.len),
    len: u.len,
  }));
}

function transmit(d: ReturnType<typeof nic>, ...frames: Uint8Array[]): void {
  const q = d.driver.queues[TX];
  for (const f of frames) q.add([{ readable: netTxBuffer(f) }]);
  q.kick();
}

describe("virtio-net: configuration", () => {
  it("offers MAC and STATUS, and shows the MAC and LINK_UP in config space", () => {
    const d = nic();
    expect(d.driver.probe().deviceId).toBe(VirtioDeviceId.NET);
    expect(hasFeatureBit(d.driver.deviceFeatures, F.MAC)).toBe(true);
    expect(hasFeatureBit(d.driver.deviceFeatures, F.STATUS)).toBe(true);
    expect(hasFeatureBit(d.driver.deviceFeatures, F.CSUM)).toBe(false);
    expect(hasFeatureBit(d.driver.deviceFeatures, F.MRG_RXBUF)).toBe(false);
    const mac = [0, 1, 2, 3, 4, 5].map((i) => d.driver.config(VirtioNetConfig.MAC + i, 1));
    expect(mac).toEqual([0x52, 0x54, 0x00, 0x12, 0x34, 0x56]);
    expect(d.driver.config(VirtioNetConfig.STATUS, 2)).toBe(VIRTIO_NET_S_LINK_UP);
    expect(d.driver.queueCount()).toBe(2);
  });

  it("without STATUS the config space is the MAC alone", () => {
    const d = nic({ linkStatus: false });
    expect(hasFeatureBit(d.driver.deviceFeatures, F.STATUS)).toBe(false);
    expect(d.net.configSize).toBe(6);
    expect(d.driver.config(VirtioNetConfig.STATUS, 2)).toBe(0);
  });

  it("parses MAC addresses strictly", () => {
    expect([...parseMac("02:00:5e:10:00:01")]).toEqual([2, 0, 0x5e, 0x10, 0, 1]);
    expect(() => parseMac("02:00:5e:10:00")).toThrow(RangeError);
    expect(() => parseMac("02:00:5e:10:00:zz")).toThrow(RangeError);
    expect(() => parseMac(new Uint8Array(5))).toThrow(RangeError);
  });

  it("reports link changes with a config-change interrupt", () => {
    const d = nic();
    d.net.linkUp = false;
    expect(d.driver.config(VirtioNetConfig.STATUS, 2)).toBe(0);
    expect(d.driver.interrupt()).toBe(VirtioInterrupt.CONFIG_CHANGE);
    expect(d.net.receive(frame(50))).toBe(true); // a pulled cable loses frames
    expect(d.net.stats.rxDropped).toBe(1);
    d.net.linkUp = true;
    expect(d.driver.config(VirtioNetConfig.STATUS, 2)).toBe(VIRTIO_NET_S_LINK_UP);
  });
});

describe("virtio-net: two devices back to back", () => {
  it("carries frames both ways, with a zero header (num_buffers = 1) in front of each received frame", () => {
    const a = nic();
    const b = nic();
    const pair = new NetPair(a.net, b.net);
    postRx(a, 4);
    postRx(b, 4);
    const f1 = frame(100, 1);
    const f2 = frame(1500, 2);
    const f3 = frame(46, 3);
    transmit(a, f1, f2);
    transmit(b, f3);
    const atB = received(b);
    const atA = received(a);
    expect(atB.map((r) => [...r.frame])).toEqual([[...f1], [...f2]]);
    expect(atA.map((r) => [...r.frame])).toEqual([[...f3]]);
    expect(atB[1].len).toBe(12 + 1514);
    for (const r of [...atA, ...atB]) expect([...r.header]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0]);
    expect(a.driver.queues[TX].takeUsed().map((u) => u.len)).toEqual([0, 0]);
    expect(a.net.stats).toMatchObject({ txFrames: 2, rxFrames: 1 });
    expect(b.net.stats).toMatchObject({ txFrames: 1, rxFrames: 2 });
    expect(b.irq.level).toBe(true);
    expect(pair.dropped).toBe(0);
  });

  it("ignores the offload fields of a transmit header and splits nothing wrongly", () => {
    const a = nic();
    const b = nic();
    new NetPair(a.net, b.net);
    postRx(b, 2);
    const f = frame(200, 7);
    // NEEDS_CSUM, GSO_TCPV4, hdr_len, gso_size, csum_start, csum_offset all set: no offload was offered.
    const header = Uint8Array.of(1, 1, 54, 0, 0xb4, 0x05, 34, 0, 16, 0, 0, 0);
    const q = a.driver.queues[TX];
    // Header and frame in separate descriptors, the frame itself split too.
    const buf = netTxBuffer(f, header);
    q.add([{ readable: buf.subarray(0, 12) }, { readable: buf.subarray(12, 40) }, { readable: buf.subarray(40) }]);
    q.kick();
    expect(received(b).map((r) => [...r.frame])).toEqual([[...f]]);
  });

  it("holds frames while the guest has no receive buffer, then delivers them in order", () => {
    const b = nic();
    const frames = [frame(60, 1), frame(61, 2), frame(62, 3)];
    for (const f of frames) expect(b.net.receive(f)).toBe(true);
    expect(b.net.rxPending).toBe(3);
    expect(b.irq.level).toBe(false);
    postRx(b, 2);
    expect(received(b).map((r) => r.frame.length)).toEqual([60, 61].map((n) => n + 14));
    expect(b.net.rxPending).toBe(1);
    postRx(b, 2);
    expect(received(b).map((r) => r.frame.length)).toEqual([62 + 14]);
    expect(b.net.rxPending).toBe(0);
    // The fourth buffer is still posted: the next frame goes straight in.
    expect(b.net.receive(frame(63))).toBe(true);
    expect(received(b).map((r) => r.frame.length)).toEqual([63 + 14]);
  });

  it("refuses frames beyond its bounded queue and calls onRxReady once it has drained", () => {
    const b = nic({ rxQueueLimit: 2 });
    let ready = 0;
    b.net.onRxReady = () => ready++;
    expect(b.net.receive(frame(50, 1))).toBe(true);
    expect(b.net.receive(frame(50, 2))).toBe(true);
    expect(b.net.canReceive).toBe(false);
    expect(b.net.receive(frame(50, 3))).toBe(false);
    expect(ready).toBe(0);
    postRx(b, 1);
    expect(ready).toBe(0); // one frame still held
    postRx(b, 1);
    expect(ready).toBe(1);
    expect(b.net.receive(frame(50, 3))).toBe(true);
    expect(received(b)).toHaveLength(2);
  });

  it("holds frames on the wire of a NetPair while the receiver refuses, and lets them flow on rxReady", () => {
    const a = nic();
    const b = nic({ rxQueueLimit: 1 });
    const pair = new NetPair(a.net, b.net);
    transmit(a, frame(10, 1), frame(11, 2), frame(12, 3));
    expect(b.net.rxPending).toBe(1);
    expect(pair.inFlight.toB).toBe(2);
    postRx(b, 8);
    expect(received(b).map((r) => r.frame.length)).toEqual([24, 25, 26]);
    expect(pair.inFlight.toB).toBe(0);
  });

  it("drops a frame too large for the receive buffer and keeps the buffer for the next one", () => {
    const b = nic();
    postRx(b, 1, 12 + 100);
    expect(b.net.receive(frame(200))).toBe(true);
    expect(b.net.stats.rxDropped).toBe(1);
    expect(b.driver.queues[RX].usedIdx).toBe(0);
    expect(b.net.receive(frame(80))).toBe(true);
    expect(received(b).map((r) => r.len)).toEqual([12 + 94]);
  });

  it("drops transmit buffers that are too short or too long, returning them to the driver", () => {
    const a = nic();
    const sent: Uint8Array[] = [];
    a.net.backend = { send: (f) => sent.push(f) };
    const q = a.driver.queues[TX];
    q.add([{ readable: new Uint8Array(8) }]); // shorter than the header
    q.add([{ readable: netTxBuffer(new Uint8Array(10)) }]); // shorter than an Ethernet header
    q.add([{ readable: netTxBuffer(new Uint8Array(MAX_FRAME_BYTES + 1)) }], { indirect: true });
    q.add([{ readable: netTxBuffer(frame(20)) }]);
    q.kick();
    expect(q.takeUsed()).toHaveLength(4);
    expect(sent.map((f) => f.length)).toEqual([34]);
    expect(a.net.stats).toMatchObject({ txDropped: 3, txFrames: 1 });
    expect(a.errors).toEqual([]);
  });

  it("drops a frame when a receive buffer has too little writable room, ignoring its readable part", () => {
    const b = nic();
    b.driver.queues[RX].add([{ readable: new Uint8Array(64) }, { writable: 1 }]);
    b.driver.queues[RX].kick();
    expect(b.net.receive(frame(20))).toBe(true);
    expect(b.net.stats.rxDropped).toBe(1);
    expect(b.errors).toEqual([]);
  });

  it("drops held frames on reset and when the link goes down", () => {
    const b = nic();
    b.net.receive(frame(20));
    b.net.receive(frame(21));
    b.driver.init();
    expect(b.net.rxPending).toBe(0);
    b.net.receive(frame(22));
    b.net.linkUp = false;
    expect(b.net.rxPending).toBe(0);
    expect(b.net.stats.rxDropped).toBe(3);
  });

  it("holds frames until the driver is up, then delivers them at DRIVER_OK", () => {
    const b = nic({}, false);
    expect(b.net.receive(frame(30))).toBe(true);
    expect(b.net.rxPending).toBe(1);
    // Bring the device up by hand so receive buffers are posted before DRIVER_OK (as Linux may).
    const d = b.driver;
    d.reset();
    expect(b.net.rxPending).toBe(0); // the reset dropped it
    expect(b.net.receive(frame(31))).toBe(true);
    d.addStatus(1 | 2);
    d.negotiate(d.readDeviceFeatures());
    const rx = d.setupQueue(RX);
    d.setupQueue(TX);
    rx.add([{ writable: 1530 }]);
    rx.notify(); // ignored before DRIVER_OK
    expect(b.net.rxPending).toBe(1);
    d.driverOk();
    expect(b.net.rxPending).toBe(0);
    expect(received(b).map((r) => r.frame.length)).toEqual([31 + 14]);
  });

  it("lets the driver suppress receive kicks with EVENT_IDX (the device only asks when it ran dry)", () => {
    const b = nic();
    const rx = b.driver.queues[RX];
    rx.add([{ writable: 1530 }]);
    expect(rx.kick()).toBe(true);
    rx.add([{ writable: 1530 }]);
    expect(rx.kick()).toBe(false); // the device has not looked at the ring since: no kick needed
    b.net.receive(frame(40));
    b.net.receive(frame(41));
    b.net.receive(frame(42)); // finds the ring empty: asks for a kick at the next buffer
    expect(b.net.rxPending).toBe(1);
    rx.add([{ writable: 1530 }]);
    expect(rx.kick()).toBe(true);
    expect(received(b).map((r) => r.frame.length)).toEqual([54, 55, 56]);
  });
});
