// Test doubles: a mock virtio-mmio driver that does what Linux's virtio core + virtio_mmio +
// virtio_ring do (reset, ACKNOWLEDGE, DRIVER, feature negotiation, FEATURES_OK re-check, queue
// setup with the vring layout Linux uses, DRIVER_OK), through real register accesses and real
// rings in guest RAM — so device tests drive a device exactly as a guest would.
import type { AccessSize } from "@xena/machine";
import {
  type FeatureBits,
  hasFeatureBit,
  VirtioMmioReg as R,
  VIRTIO_MMIO_MAGIC,
  VIRTQ_USED_F_NO_NOTIFY,
  VirtioFeature,
  VirtioStatus,
  VirtqDesc,
} from "../constants.js";
import { needEvent } from "../queue.js";

/** What the mock driver needs of the machine: register and RAM access (an `AddressSpace`). */
export interface MockBus {
  read(address: number, size: AccessSize): number;
  write(address: number, size: AccessSize, value: number): void;
  readBytes(address: number, dest: Uint8Array): boolean;
  writeBytes(address: number, src: Uint8Array): boolean;
}

/** A first-fit allocator over a range of guest RAM, for rings, indirect tables and buffers. */
export class GuestHeap {
  private readonly holes: { address: number; size: number }[];
  private readonly blocks = new Map<number, number>();

  constructor(
    readonly base: number,
    readonly size: number,
  ) {
    this.holes = [{ address: base, size }];
  }

  /** Bytes currently allocated. */
  get used(): number {
    let n = 0;
    for (const s of this.blocks.values()) n += s;
    return n;
  }

  alloc(size: number, align = 16): number {
    const want = Math.max(1, size);
    for (let i = 0; i < this.holes.length; i++) {
      const h = this.holes[i];
      const start = Math.ceil(h.address / align) * align;
      const end = start + want;
      if (end > h.address + h.size) continue;
      const after = { address: end, size: h.address + h.size - end };
      const parts = [];
      if (start > h.address) parts.push({ address: h.address, size: start - h.address });
      if (after.size > 0) parts.push(after);
      this.holes.splice(i, 1, ...parts);
      this.blocks.set(start, want);
      return start;
    }
    throw new Error(`guest heap exhausted: no ${want} bytes aligned to ${align}`);
  }

  free(address: number): void {
    const size = this.blocks.get(address);
    if (size === undefined) throw new Error(`guest heap: 0x${address.toString(16)} was not allocated`);
    this.blocks.delete(address);
    this.holes.push({ address, size });
    this.holes.sort((a, b) => a.address - b.address);
    for (let i = 0; i + 1 < this.holes.length; ) {
      const a = this.holes[i];
      const b = this.holes[i + 1];
      if (a.address + a.size === b.address) {
        a.size += b.size;
        this.holes.splice(i + 1, 1);
      } else i++;
    }
  }
}

/** One element of a request: bytes the device reads, or room for bytes it writes. */
export type MockBuffer = { readonly readable: Uint8Array } | { readonly writable: number };

/** A request the device returned through the used ring. */
export interface MockUsed {
  /** The head descriptor index (the used element's id). */
  readonly head: number;
  /** The used element's len: bytes the device says it wrote. */
  readonly len: number;
  /** All device-writable bytes of the request, concatenated (read back after completion). */
  readonly data: Uint8Array;
}

/** A raw descriptor, for building malformed chains. */
export interface MockDescriptor {
  readonly addr: number;
  readonly len: number;
  readonly flags: number;
  readonly next: number;
}

export interface MockDriverOptions {
  readonly bus: MockBus;
  /** Base address of the virtio-mmio window. */
  readonly base: number;
  /** Guest RAM the driver may use for rings and buffers. */
  readonly heap: GuestHeap | { readonly base: number; readonly size: number };
}

export interface MockInitOptions {
  /** Features to accept (default: every offered feature), or a function of the offered ones. */
  readonly accept?: FeatureBits | ((offered: FeatureBits) => FeatureBits);
  /** Queues to set up (default: every queue with a non-zero QueueNumMax, from 0). */
  readonly queues?: number;
  /** Size per queue (default: QueueNumMax). */
  readonly queueSizes?: readonly (number | undefined)[];
}

/** The driver side of one virtio-mmio device. */
export class MockDriver {
  readonly bus: MockBus;
  readonly base: number;
  readonly heap: GuestHeap;
  /** Features the device offered (after `readDeviceFeatures`). */
  deviceFeatures: FeatureBits = [0, 0];
  /** Features negotiated (after a successful `negotiate`). */
  features: FeatureBits = [0, 0];
  readonly queues: MockQueue[] = [];

  constructor(options: MockDriverOptions) {
    this.bus = options.bus;
    this.base = options.base;
    this.heap = options.heap instanceof GuestHeap ? options.heap : new GuestHeap(options.heap.base, options.heap.size);
  }

  /** A 32-bit register read. */
  reg(offset: number): number {
    return this.bus.read(this.base + offset, 4);
  }

  /** A 32-bit register write. */
  setReg(offset: number, value: number): void {
    this.bus.write(this.base + offset, 4, value >>> 0);
  }

  get status(): number {
    return this.reg(R.STATUS) & 0xff;
  }

  /** `virtio_add_status`: read, OR, write back. */
  addStatus(bits: number): void {
    this.setReg(R.STATUS, this.status | bits);
  }

  hasFeature(bit: number): boolean {
    return hasFeatureBit(this.features, bit);
  }

  /** virtio_mmio_probe: magic, version, device id (0 = empty slot), vendor. Throws on a bad transport. */
  probe(): { readonly deviceId: number; readonly vendorId: number } {
    const magic = this.reg(R.MAGIC_VALUE);
    if (magic !== VIRTIO_MMIO_MAGIC) throw new Error(`wrong magic value 0x${magic.toString(16)}`);
    const version = this.reg(R.VERSION);
    if (version !== 2) throw new Error(`virtio-mmio version ${version} is not 2`);
    return { deviceId: this.reg(R.DEVICE_ID), vendorId: this.reg(R.VENDOR_ID) };
  }

  /** Status = 0. */
  reset(): void {
    this.setReg(R.STATUS, 0);
    this.queues.length = 0;
    this.features = [0, 0];
  }

  /** vm_get_features: the high word first, then the low word. */
  readDeviceFeatures(): FeatureBits {
    this.setReg(R.DEVICE_FEATURES_SEL, 1);
    const high = this.reg(R.DEVICE_FEATURES);
    this.setReg(R.DEVICE_FEATURES_SEL, 0);
    const low = this.reg(R.DEVICE_FEATURES);
    this.deviceFeatures = [low, high];
    return this.deviceFeatures;
  }

  /** Writes the driver features, sets FEATURES_OK and re-reads it; on refusal sets FAILED and returns false. */
  negotiate(accept: FeatureBits): boolean {
    this.setReg(R.DRIVER_FEATURES_SEL, 1);
    this.setReg(R.DRIVER_FEATURES, accept[1]);
    this.setReg(R.DRIVER_FEATURES_SEL, 0);
    this.setReg(R.DRIVER_FEATURES, accept[0]);
    this.addStatus(VirtioStatus.FEATURES_OK);
    if ((this.status & VirtioStatus.FEATURES_OK) === 0) {
      this.addStatus(VirtioStatus.FAILED);
      return false;
    }
    this.features = [accept[0] >>> 0, accept[1] >>> 0];
    return true;
  }

  /** vm_setup_vq: select, check not ready, read max, allocate the vring, program it, QueueReady = 1. */
  setupQueue(index: number, size?: number): MockQueue {
    this.setReg(R.QUEUE_SEL, index);
    if (this.reg(R.QUEUE_READY) !== 0) throw new Error(`queue ${index} is already set up`);
    const max = this.reg(R.QUEUE_NUM_MAX);
    if (max === 0) throw new Error(`queue ${index} is not available`);
    const q = new MockQueue(this, index, size ?? max);
    this.setReg(R.QUEUE_NUM, q.size);
    this.setReg(R.QUEUE_DESC_LOW, q.desc % 2 ** 32);
    this.setReg(R.QUEUE_DESC_HIGH, Math.floor(q.desc / 2 ** 32));
    this.setReg(R.QUEUE_DRIVER_LOW, q.avail % 2 ** 32);
    this.setReg(R.QUEUE_DRIVER_HIGH, Math.floor(q.avail / 2 ** 32));
    this.setReg(R.QUEUE_DEVICE_LOW, q.used % 2 ** 32);
    this.setReg(R.QUEUE_DEVICE_HIGH, Math.floor(q.used / 2 ** 32));
    this.setReg(R.QUEUE_READY, 1);
    this.queues[index] = q;
    return q;
  }

  driverOk(): void {
    this.addStatus(VirtioStatus.DRIVER_OK);
  }

  /** The whole Linux bring-up: probe, reset, ACKNOWLEDGE, DRIVER, features, FEATURES_OK, queues, DRIVER_OK. */
  init(options: MockInitOptions = {}): this {
    const { deviceId } = this.probe();
    if (deviceId === 0) throw new Error("empty virtio-mmio slot (DeviceID 0)");
    this.reset();
    this.addStatus(VirtioStatus.ACKNOWLEDGE);
    this.addStatus(VirtioStatus.DRIVER);
    const offered = this.readDeviceFeatures();
    const accept = typeof options.accept === "function" ? options.accept(offered) : (options.accept ?? offered);
    if (!this.negotiate(accept)) throw new Error(`device refused features ${hexFeatures(accept)}`);
    const count = options.queues ?? this.queueCount();
    for (let i = 0; i < count; i++) this.setupQueue(i, options.queueSizes?.[i]);
    this.driverOk();
    return this;
  }

  /** Queues with a non-zero QueueNumMax, counted from 0. */
  queueCount(): number {
    let n = 0;
    for (; n < 64; n++) {
      this.setReg(R.QUEUE_SEL, n);
      if (this.reg(R.QUEUE_NUM_MAX) === 0) break;
    }
    return n;
  }

  /** vm_interrupt: read InterruptStatus and acknowledge exactly those bits; returns them. */
  interrupt(): number {
    const s = this.reg(R.INTERRUPT_STATUS);
    if (s !== 0) this.setReg(R.INTERRUPT_ACK, s);
    return s;
  }

  /** A configuration-space read of 8, 16 or 32 bits. */
  config(offset: number, size: AccessSize): number {
    return this.bus.read(this.base + R.CONFIG + offset, size);
  }

  /** A 64-bit field as Linux reads it: two 32-bit reads, retried until ConfigGeneration is stable. */
  config64(offset: number): number {
    for (;;) {
      const before = this.reg(R.CONFIG_GENERATION);
      const value = this.config(offset, 4) + this.config(offset + 4, 4) * 2 ** 32;
      if (this.reg(R.CONFIG_GENERATION) === before) return value;
    }
  }

  /** Guest RAM helpers. */
  readRam(address: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    if (!this.bus.readBytes(address, out)) throw new Error(`mock driver: 0x${address.toString(16)} is not RAM`);
    return out;
  }

  writeRam(address: number, data: Uint8Array): void {
    if (!this.bus.writeBytes(address, data)) throw new Error(`mock driver: 0x${address.toString(16)} is not RAM`);
  }
}

interface Outstanding {
  readonly descriptors: readonly number[];
  readonly blocks: readonly number[];
  readonly writable: readonly { readonly address: number; readonly length: number }[];
}

/** The driver side of one split virtqueue, laid out as Linux's vring_init does (used ring page-aligned). */
export class MockQueue {
  readonly size: number;
  readonly desc: number;
  readonly avail: number;
  readonly used: number;
  private readonly freeList: number[] = [];
  private readonly outstanding = new Map<number, Outstanding>();
  private nextAvail = 0;
  private kickedAvail = 0;
  private lastUsed = 0;
  private readonly b2 = new Uint8Array(2);
  private readonly v2 = new DataView(this.b2.buffer);

  constructor(
    readonly driver: MockDriver,
    readonly index: number,
    size: number,
  ) {
    this.size = size;
    const availBytes = 6 + 2 * size;
    const usedOffset = Math.ceil((16 * size + availBytes) / 4096) * 4096;
    const total = usedOffset + 6 + 8 * size;
    this.desc = driver.heap.alloc(total, 4096);
    this.avail = this.desc + 16 * size;
    this.used = this.desc + usedOffset;
    driver.writeRam(this.desc, new Uint8Array(total));
    for (let i = size - 1; i >= 0; i--) this.freeList.push(i);
  }

  get freeDescriptors(): number {
    return this.freeList.length;
  }

  /** Requests made available and not yet returned. */
  get inFlight(): number {
    return this.outstanding.size;
  }

  /**
   * Puts a request on the ring (device-readable buffers first, then device-writable ones, as the
   * driver must) and publishes it; returns the head index. `indirect` uses one indirect table.
   * Does not notify: call `kick` (or `notify`).
   */
  add(buffers: readonly MockBuffer[], options: { readonly indirect?: boolean } = {}): number {
    if (buffers.length === 0) throw new Error("a request needs at least one buffer");
    const heap = this.driver.heap;
    const blocks: number[] = [];
    const writable: { address: number; length: number }[] = [];
    const elements = buffers.map((b) => {
      if ("readable" in b) {
        const address = heap.alloc(b.readable.length);
        blocks.push(address);
        if (b.readable.length > 0) this.driver.writeRam(address, b.readable);
        return { address, length: b.readable.length, write: false };
      }
      const address = heap.alloc(b.writable);
      blocks.push(address);
      if (b.writable > 0) this.driver.writeRam(address, new Uint8Array(b.writable));
      writable.push({ address, length: b.writable });
      return { address, length: b.writable, write: true };
    });
    let head: number;
    let descriptors: number[];
    if (options.indirect ?? false) {
      const table = heap.alloc(16 * elements.length, 16);
      blocks.push(table);
      elements.forEach((e, i) => {
        const last = i === elements.length - 1;
        this.writeDescriptor(table, i, {
          addr: e.address,
          len: e.length,
          flags: (e.write ? VirtqDesc.WRITE : 0) | (last ? 0 : VirtqDesc.NEXT),
          next: last ? 0 : i + 1,
        });
      });
      head = this.takeDescriptor();
      descriptors = [head];
      this.writeDescriptor(this.desc, head, {
        addr: table,
        len: 16 * elements.length,
        flags: VirtqDesc.INDIRECT,
        next: 0,
      });
    } else {
      if (this.freeList.length < elements.length) {
        throw new Error(`queue ${this.index}: ${elements.length} descriptors wanted, ${this.freeList.length} free`);
      }
      descriptors = elements.map(() => this.takeDescriptor());
      elements.forEach((e, i) => {
        const last = i === elements.length - 1;
        this.writeDescriptor(this.desc, descriptors[i], {
          addr: e.address,
          len: e.length,
          flags: (e.write ? VirtqDesc.WRITE : 0) | (last ? 0 : VirtqDesc.NEXT),
          next: last ? 0 : descriptors[i + 1],
        });
      });
      head = descriptors[0];
    }
    this.outstanding.set(head, { descriptors, blocks, writable });
    this.publish(head);
    return head;
  }

  /** Writes QueueNotify unconditionally. */
  notify(): void {
    this.kickedAvail = this.nextAvail;
    this.driver.setReg(R.QUEUE_NOTIFY, this.index);
  }

  /** virtqueue_kick: notifies unless the device suppressed it (used flags, or avail_event with EVENT_IDX). */
  kick(): boolean {
    const old = this.kickedAvail;
    const now = this.nextAvail;
    const wanted = this.driver.hasFeature(VirtioFeature.EVENT_IDX)
      ? needEvent(this.readU16(this.used + 4 + 8 * this.size), now, old)
      : (this.readU16(this.used) & VIRTQ_USED_F_NO_NOTIFY) === 0;
    this.kickedAvail = now;
    if (wanted) this.driver.setReg(R.QUEUE_NOTIFY, this.index);
    return wanted;
  }

  /**
   * Takes every new used element, frees its descriptors and buffers, and (with EVENT_IDX) asks for
   * an interrupt at the next one, as virtqueue_get_buf + virtqueue_enable_cb do.
   */
  takeUsed(): MockUsed[] {
    const out: MockUsed[] = [];
    const idx = this.usedIdx;
    while (this.lastUsed !== idx) {
      const slot = this.used + 4 + 8 * (this.lastUsed % this.size);
      const elem = new DataView(this.driver.readRam(slot, 8).buffer);
      const head = elem.getUint32(0, true);
      const len = elem.getUint32(4, true);
      const o = this.outstanding.get(head);
      if (o === undefined)
        throw new Error(`queue ${this.index}: device used id ${head}, which is not an outstanding head`);
      const total = o.writable.reduce((n, w) => n + w.length, 0);
      const data = new Uint8Array(total);
      let at = 0;
      for (const w of o.writable) {
        data.set(this.driver.readRam(w.address, w.length), at);
        at += w.length;
      }
      for (const b of o.blocks) this.driver.heap.free(b);
      for (const d of o.descriptors) this.freeList.push(d);
      this.outstanding.delete(head);
      out.push({ head, len, data });
      this.lastUsed = (this.lastUsed + 1) & 0xffff;
    }
    if (this.driver.hasFeature(VirtioFeature.EVENT_IDX)) this.usedEvent = this.lastUsed;
    return out;
  }

  // ---- raw ring access, for malformed-input tests ----

  /** Writes descriptor `index` of the table at `table` (the queue's own table: `desc`). */
  writeDescriptor(table: number, index: number, d: MockDescriptor): void {
    const b = new Uint8Array(16);
    const v = new DataView(b.buffer);
    v.setUint32(0, d.addr % 2 ** 32, true);
    v.setUint32(4, Math.floor(d.addr / 2 ** 32), true);
    v.setUint32(8, d.len >>> 0, true);
    v.setUint16(12, d.flags, true);
    v.setUint16(14, d.next, true);
    this.driver.writeRam(table + 16 * index, b);
  }

  /** Places `head` in the next available-ring slot and bumps the available index. */
  publish(head: number): void {
    this.writeU16(this.avail + 4 + 2 * (this.nextAvail % this.size), head);
    this.nextAvail = (this.nextAvail + 1) & 0xffff;
    this.writeU16(this.avail + 2, this.nextAvail);
  }

  /** The available index as the driver last wrote it; setting it writes the ring (may lie to the device). */
  get availIdx(): number {
    return this.readU16(this.avail + 2);
  }

  set availIdx(value: number) {
    this.writeU16(this.avail + 2, value);
  }

  /** The used index the device last wrote. */
  get usedIdx(): number {
    return this.readU16(this.used + 2);
  }

  /** avail.flags (VIRTQ_AVAIL_F_NO_INTERRUPT). */
  set availFlags(flags: number) {
    this.writeU16(this.avail, flags);
  }

  /** used_event (with EVENT_IDX): interrupt when the used index passes this entry. */
  get usedEvent(): number {
    return this.readU16(this.avail + 4 + 2 * this.size);
  }

  set usedEvent(value: number) {
    this.writeU16(this.avail + 4 + 2 * this.size, value);
  }

  /** avail_event (with EVENT_IDX), as the device wrote it. */
  get availEvent(): number {
    return this.readU16(this.used + 4 + 8 * this.size);
  }

  private takeDescriptor(): number {
    const d = this.freeList.pop();
    if (d === undefined) throw new Error(`queue ${this.index}: no free descriptor`);
    return d;
  }

  private readU16(address: number): number {
    if (!this.driver.bus.readBytes(address, this.b2)) throw new Error(`0x${address.toString(16)} is not RAM`);
    return this.v2.getUint16(0, true);
  }

  private writeU16(address: number, value: number): void {
    this.v2.setUint16(0, value, true);
    this.driver.writeRam(address, this.b2);
  }
}

/** A virtio-blk request header (type, reserved, sector). */
export function blkHeader(type: number, sector = 0): Uint8Array {
  const b = new Uint8Array(16);
  const v = new DataView(b.buffer);
  v.setUint32(0, type, true);
  v.setUint32(8, sector % 2 ** 32, true);
  v.setUint32(12, Math.floor(sector / 2 ** 32), true);
  return b;
}

/** A transmit buffer: a zero virtio_net_hdr (12 bytes) followed by `frame`. */
export function netTxBuffer(frame: Uint8Array, header: Uint8Array = new Uint8Array(12)): Uint8Array {
  const b = new Uint8Array(header.length + frame.length);
  b.set(header);
  b.set(frame, header.length);
  return b;
}

function hexFeatures(f: FeatureBits): string {
  return `0x${f[1].toString(16).padStart(8, "0")}${f[0].toString(16).padStart(8, "0")}`;
}
