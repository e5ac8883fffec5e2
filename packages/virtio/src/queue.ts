// Split virtqueues (virtio 1.x, "Split Virtqueues"), device side: the descriptor table, the
// available ring (driver area) and the used ring (device area) live in guest memory and every
// value read from them is untrusted. A malformed ring or chain is a device error (the transport
// sets DEVICE_NEEDS_RESET), never a host exception, and every walk is bounded by the queue size.
import { VIRTQ_AVAIL_F_NO_INTERRUPT, VirtioFeature, VirtqDesc } from "./constants.js";
import type { GuestMemory } from "./device.js";

/** Guest addresses at or above 2^53 are not exact in a JS number: a buffer reaching them is malformed. */
export const ADDRESS_LIMIT = 2 ** 53;

/** Default cap on the bytes one descriptor chain may describe (the spec allows a device a reasonable limit). */
export const DEFAULT_MAX_CHAIN_BYTES = 32 * 1024 * 1024;

/** What a queue needs from its transport. */
export interface QueueHost {
  readonly memory: GuestMemory;
  /** DRIVER_OK set and no device error: the queue may be used. */
  readonly active: boolean;
  hasFeature(bit: number): boolean;
  usedBuffer(): void;
  deviceError(message: string): void;
}

/** A guest-physical buffer of a descriptor chain. */
export interface Segment {
  readonly address: number;
  readonly length: number;
}

/**
 * One request: the device-readable buffers followed by the device-writable ones, flattened from
 * direct and indirect descriptors. Offsets address each side as one byte stream (the device must
 * not assume a particular split into descriptors).
 */
export class DescriptorChain {
  constructor(
    readonly queue: Virtqueue,
    /** Index of the head descriptor: the id the used ring reports. */
    readonly head: number,
    readonly readable: readonly Segment[],
    readonly writable: readonly Segment[],
    readonly readableLength: number,
    readonly writableLength: number,
  ) {}

  /**
   * Copies device-readable bytes `[offset, offset + dest.length)` into `dest`. Returns false if the
   * range is outside the readable bytes, or if guest memory cannot be read (then the queue has
   * reported a device error).
   */
  read(offset: number, dest: Uint8Array): boolean {
    return this.copy(this.readable, this.readableLength, offset, dest, false);
  }

  /** Copies `src` into the device-writable bytes at `offset`; false as for `read`. */
  write(offset: number, src: Uint8Array): boolean {
    return this.copy(this.writable, this.writableLength, offset, src, true);
  }

  private copy(segments: readonly Segment[], total: number, offset: number, data: Uint8Array, write: boolean): boolean {
    if (!(offset >= 0) || offset + data.length > total) return false;
    const memory = this.queue.memory;
    let skip = offset;
    let done = 0;
    for (let i = 0; i < segments.length && done < data.length; i++) {
      const s = segments[i];
      if (skip >= s.length) {
        skip -= s.length;
        continue;
      }
      const n = Math.min(s.length - skip, data.length - done);
      const part = data.subarray(done, done + n);
      const ok = write ? memory.writeBytes(s.address + skip, part) : memory.readBytes(s.address + skip, part);
      if (!ok) {
        this.queue.fail(
          `descriptor buffer at 0x${(s.address + skip).toString(16)} (+${n}) is not guest ${write ? "writable " : ""}RAM`,
        );
        return false;
      }
      done += n;
      skip = 0;
    }
    return true;
  }
}

/** `vring_need_event`: whether moving the index from `old` to `next` passes `event`. */
export function needEvent(event: number, next: number, old: number): boolean {
  return ((next - event - 1) & 0xffff) < ((next - old) & 0xffff);
}

/** One split virtqueue. The transport programs it; the device pops chains and pushes used entries. */
export class Virtqueue {
  /** QueueNum as written by the driver (reset to the maximum). */
  size: number;
  /** Halves of the three ring addresses as written by the driver. */
  descLow = 0;
  descHigh = 0;
  driverLow = 0;
  driverHigh = 0;
  deviceLow = 0;
  deviceHigh = 0;

  private enabled = false;
  private desc = 0;
  private avail = 0;
  private used = 0;
  private lastAvail = 0;
  private usedIdx = 0;
  private signalledUsed = 0;
  private signalledValid = false;
  private unsignalled = false;
  private readonly scratch = new Uint8Array(16);
  private readonly view = new DataView(this.scratch.buffer);
  private readonly s2 = this.scratch.subarray(0, 2);
  private readonly s8 = this.scratch.subarray(0, 8);

  constructor(
    readonly index: number,
    readonly maxSize: number,
    private readonly host: QueueHost,
    readonly maxChainBytes = DEFAULT_MAX_CHAIN_BYTES,
  ) {
    this.size = maxSize;
  }

  get memory(): GuestMemory {
    return this.host.memory;
  }

  /** QueueReady: the driver enabled the queue and its configuration was valid. */
  get ready(): boolean {
    return this.enabled;
  }

  /** Driver-area, device-area and descriptor-table addresses in use (valid while ready). */
  get addresses(): { readonly desc: number; readonly driver: number; readonly device: number } {
    return { desc: this.desc, driver: this.avail, device: this.used };
  }

  /** Back to the reset state: not ready, maximum size, zero addresses. */
  reset(): void {
    this.size = this.maxSize;
    this.descLow = this.descHigh = this.driverLow = this.driverHigh = this.deviceLow = this.deviceHigh = 0;
    this.disable();
  }

  /** QueueReady = 1. Returns why the configuration is invalid (the queue stays disabled), or undefined. */
  enable(): string | undefined {
    const n = this.size;
    if (!(n >= 1 && n <= this.maxSize && (n & (n - 1)) === 0)) {
      return `queue ${this.index}: size ${n} is not a power of two in 1..${this.maxSize}`;
    }
    const desc = this.descHigh * 2 ** 32 + this.descLow;
    const avail = this.driverHigh * 2 ** 32 + this.driverLow;
    const used = this.deviceHigh * 2 ** 32 + this.deviceLow;
    if (desc % 16 !== 0 || avail % 2 !== 0 || used % 4 !== 0) {
      return `queue ${this.index}: misaligned ring (descriptors 0x${desc.toString(16)}, driver 0x${avail.toString(16)}, device 0x${used.toString(16)})`;
    }
    if (desc + 16 * n > ADDRESS_LIMIT || avail + 6 + 2 * n > ADDRESS_LIMIT || used + 6 + 8 * n > ADDRESS_LIMIT) {
      return `queue ${this.index}: ring beyond the addressable range`;
    }
    this.desc = desc;
    this.avail = avail;
    this.used = used;
    this.lastAvail = 0;
    this.usedIdx = 0;
    this.signalledUsed = 0;
    this.signalledValid = false;
    this.unsignalled = false;
    this.enabled = true;
    return undefined;
  }

  /** QueueReady = 0 (or reset): the device stops touching the rings. */
  disable(): void {
    this.enabled = false;
    this.lastAvail = 0;
    this.usedIdx = 0;
    this.signalledValid = false;
    this.unsignalled = false;
  }

  /** Reports a device error for this queue (the transport sets DEVICE_NEEDS_RESET). Returns undefined for `return this.fail(...)`. */
  fail(message: string): undefined {
    this.host.deviceError(`queue ${this.index}: ${message}`);
    return undefined;
  }

  /**
   * Takes the next available descriptor chain, or undefined when the ring is empty, the queue is
   * not usable, or the ring is malformed (then a device error has been reported).
   */
  pop(): DescriptorChain | undefined {
    if (!this.enabled || !this.host.active) return undefined;
    const availIdx = this.read16(this.avail + 2);
    if (availIdx < 0) return this.fail("cannot read the available ring index");
    const pending = (availIdx - this.lastAvail) & 0xffff;
    if (pending > this.size) {
      return this.fail(
        `available index ${availIdx} is ${pending} entries ahead of the device (queue size ${this.size})`,
      );
    }
    const eventIdx = this.host.hasFeature(VirtioFeature.EVENT_IDX);
    if (pending === 0) {
      // Ask for a notification when the driver adds the next buffer.
      if (eventIdx) this.writeAvailEvent();
      return undefined;
    }
    const head = this.read16(this.avail + 4 + 2 * (this.lastAvail & (this.size - 1)));
    if (head < 0) return this.fail("cannot read the available ring");
    this.lastAvail = (this.lastAvail + 1) & 0xffff;
    if (eventIdx && !this.writeAvailEvent()) return undefined;
    return this.walk(head);
  }

  /** Gives back the chain `pop` just returned, unused (e.g. a receive buffer too small for a frame). */
  unpop(): void {
    this.lastAvail = (this.lastAvail - 1) & 0xffff;
  }

  /** Returns `chain` to the driver: `written` bytes were written into its device-writable buffers. */
  pushUsed(chain: DescriptorChain, written: number): void {
    if (!this.enabled || !this.host.active) return;
    const len = Math.max(0, Math.min(written, chain.writableLength));
    const v = this.view;
    v.setUint32(0, chain.head, true);
    v.setUint32(4, len, true);
    if (!this.host.memory.writeBytes(this.used + 4 + 8 * (this.usedIdx & (this.size - 1)), this.s8)) {
      this.fail("cannot write the used ring");
      return;
    }
    this.usedIdx = (this.usedIdx + 1) & 0xffff;
    v.setUint16(0, this.usedIdx, true);
    if (!this.host.memory.writeBytes(this.used + 2, this.s2)) {
      this.fail("cannot write the used ring index");
      return;
    }
    this.unsignalled = true;
  }

  /**
   * Sends the used-buffer interrupt for the entries pushed since the last call, unless the driver
   * suppressed it (VIRTQ_AVAIL_F_NO_INTERRUPT, or `used_event` with VIRTIO_F_EVENT_IDX).
   */
  signalUsed(): void {
    if (!this.unsignalled || !this.enabled || !this.host.active) return;
    this.unsignalled = false;
    let notify: boolean;
    if (this.host.hasFeature(VirtioFeature.EVENT_IDX)) {
      const usedEvent = this.read16(this.avail + 4 + 2 * this.size);
      if (usedEvent < 0) {
        this.fail("cannot read used_event");
        return;
      }
      const old = this.signalledUsed;
      const valid = this.signalledValid;
      this.signalledUsed = this.usedIdx;
      this.signalledValid = true;
      notify = !valid || needEvent(usedEvent, this.usedIdx, old);
    } else {
      const flags = this.read16(this.avail);
      if (flags < 0) {
        this.fail("cannot read the available ring flags");
        return;
      }
      notify = (flags & VIRTQ_AVAIL_F_NO_INTERRUPT) === 0;
    }
    if (notify) this.host.usedBuffer();
  }

  private walk(head: number): DescriptorChain | undefined {
    if (head >= this.size) return this.fail(`chain head ${head} is not below the queue size ${this.size}`);
    const readable: Segment[] = [];
    const writable: Segment[] = [];
    let readableLength = 0;
    let writableLength = 0;
    let sawWritable = false;
    let table = this.desc;
    let tableSize = this.size;
    let index = head;
    let indirect = false;
    let count = 0;
    let buffers = 0;
    const v = this.view;
    for (;;) {
      // A chain visits each descriptor of its table at most once: more steps than entries is a loop.
      if (++count > tableSize) {
        return this.fail(
          `descriptor chain from head ${head} is longer than its ${indirect ? "indirect table" : "queue"} (${tableSize} entries): a loop?`,
        );
      }
      if (!this.host.memory.readBytes(table + 16 * index, this.scratch)) {
        return this.fail(`cannot read descriptor ${index}${indirect ? " of an indirect table" : ""}`);
      }
      const address = v.getUint32(4, true) * 2 ** 32 + v.getUint32(0, true);
      const len = v.getUint32(8, true);
      const flags = v.getUint16(12, true);
      const next = v.getUint16(14, true);
      if ((flags & VirtqDesc.INDIRECT) !== 0) {
        if (!this.host.hasFeature(VirtioFeature.INDIRECT_DESC)) {
          return this.fail("indirect descriptor without VIRTIO_F_INDIRECT_DESC");
        }
        if (indirect) return this.fail("indirect descriptor inside an indirect table");
        if ((flags & VirtqDesc.NEXT) !== 0) return this.fail("indirect descriptor with NEXT set");
        if (len === 0 || len % 16 !== 0) return this.fail(`indirect table length ${len} is not a multiple of 16`);
        if (len / 16 > this.size) return this.fail(`indirect table of ${len / 16} entries exceeds the queue size`);
        if (address + len > ADDRESS_LIMIT) return this.fail("indirect table beyond the addressable range");
        table = address;
        tableSize = len / 16;
        index = 0;
        count = 0;
        indirect = true;
        continue;
      }
      // The chain's length counts its buffers, direct and indirect (not the pointer to the table).
      if (++buffers > this.size) return this.fail(`descriptor chain longer than the queue size ${this.size}`);
      if (address + len > ADDRESS_LIMIT) return this.fail(`buffer of ${len} bytes beyond the addressable range`);
      if (readableLength + writableLength + len > this.maxChainBytes) {
        return this.fail(`descriptor chain describes more than ${this.maxChainBytes} bytes`);
      }
      if ((flags & VirtqDesc.WRITE) !== 0) {
        sawWritable = true;
        if (len > 0) writable.push({ address, length: len });
        writableLength += len;
      } else {
        if (sawWritable) return this.fail("device-readable descriptor after a device-writable one");
        if (len > 0) readable.push({ address, length: len });
        readableLength += len;
      }
      if ((flags & VirtqDesc.NEXT) === 0) break;
      if (next >= tableSize) return this.fail(`next index ${next} is outside its table (${tableSize} entries)`);
      index = next;
    }
    return new DescriptorChain(this, head, readable, writable, readableLength, writableLength);
  }

  private read16(address: number): number {
    if (!this.host.memory.readBytes(address, this.s2)) return -1;
    return this.view.getUint16(0, true);
  }

  private writeAvailEvent(): boolean {
    this.view.setUint16(0, this.lastAvail, true);
    if (this.host.memory.writeBytes(this.used + 4 + 8 * this.size, this.s2)) return true;
    this.fail("cannot write avail_event");
    return false;
  }
}
