// virtio-mmio, version 2 ("modern"; virtio 1.x "Virtio Over MMIO"): a 0x200-byte register
// window with the device configuration space at 0x100, and one interrupt line whose level is
// (InterruptStatus != 0) — so an edge-triggered GIC input sees a rising edge whenever
// InterruptStatus goes from 0 to non-zero.
import type { AccessSize, IrqLine, MmioWindow } from "@xena/machine";
import {
  type FeatureBits,
  featureBits,
  hasFeatureBit,
  VirtioMmioReg as R,
  unionFeatures,
  VIRTIO_MMIO_MAGIC,
  VIRTIO_MMIO_VERSION,
  VIRTIO_VENDOR_QEMU,
  VIRTQ_MAX_SIZE,
  VirtioFeature,
  VirtioInterrupt,
  VirtioStatus,
} from "./constants.js";
import type { GuestMemory, VirtioDevice, VirtioTransport } from "./device.js";
import { DEFAULT_MAX_CHAIN_BYTES, type QueueHost, Virtqueue } from "./queue.js";

/** Observability hooks (all optional; the transport never logs). */
export interface VirtioMmioEvents {
  /** The device entered DEVICE_NEEDS_RESET, with the reason (a malformed ring, a bad address...). */
  deviceError?(message: string): void;
  /** The driver wrote FEATURES_OK with features the device refuses (the bit was not set). */
  featuresRefused?(driverFeatures: FeatureBits): void;
}

export interface VirtioMmioOptions {
  /** The device behind the transport; none makes an empty slot (DeviceID 0), which Linux skips. */
  readonly device?: VirtioDevice | undefined;
  /** Guest memory the device reads and writes (an `AddressSpace`). */
  readonly memory: GuestMemory;
  /** The interrupt output: high while InterruptStatus is non-zero. */
  readonly irq: IrqLine;
  readonly name?: string;
  /** VendorID (default 0x554D4551, "QEMU"). */
  readonly vendorId?: number;
  /** Offer VIRTIO_F_INDIRECT_DESC (default true). */
  readonly indirectDescriptors?: boolean;
  /** Offer VIRTIO_F_EVENT_IDX (default true). */
  readonly eventIdx?: boolean;
  /** Cap on the bytes one descriptor chain may describe (default 32 MiB). */
  readonly maxChainBytes?: number;
  readonly events?: VirtioMmioEvents;
}

/** Status bits a driver may set; DEVICE_NEEDS_RESET is the device's alone. */
const DRIVER_STATUS_BITS =
  VirtioStatus.ACKNOWLEDGE |
  VirtioStatus.DRIVER |
  VirtioStatus.DRIVER_OK |
  VirtioStatus.FEATURES_OK |
  VirtioStatus.FAILED;

/** Size of a virtio-mmio register window (QEMU's; the DT `reg` size). */
export const VIRTIO_MMIO_WINDOW_SIZE = 0x200;

/** A virtio-mmio version 2 transport: an `MmioWindow` for the bus, a `VirtioTransport` for its device. */
export class VirtioMmio implements MmioWindow, VirtioTransport, QueueHost {
  readonly name: string;
  readonly size = VIRTIO_MMIO_WINDOW_SIZE;
  readonly access = { min: 1, max: 4 } as const;
  readonly memory: GuestMemory;
  readonly device: VirtioDevice | undefined;
  /** Features offered: the device's plus VERSION_1 and the ring features. */
  readonly offeredFeatures: FeatureBits;
  /** Why the device last entered DEVICE_NEEDS_RESET (cleared by reset). */
  lastError: string | undefined = undefined;

  private readonly irq: IrqLine;
  private readonly vendorId: number;
  private readonly events: VirtioMmioEvents;
  private readonly queues: Virtqueue[];
  private status = 0;
  private interruptStatus = 0;
  private generation = 0;
  private deviceFeaturesSel = 0;
  private driverFeaturesSel = 0;
  private driverFeatures: [number, number] = [0, 0];
  private queueSel = 0;

  constructor(options: VirtioMmioOptions) {
    this.name = options.name ?? "virtio-mmio";
    this.memory = options.memory;
    this.irq = options.irq;
    this.device = options.device;
    this.vendorId = (options.vendorId ?? VIRTIO_VENDOR_QEMU) >>> 0;
    this.events = options.events ?? {};
    const device = options.device;
    if (device === undefined) {
      this.offeredFeatures = [0, 0];
      this.queues = [];
      return;
    }
    if (device.configSize > 0x100)
      throw new RangeError(`virtio-mmio: config space of ${device.configSize} bytes > 256`);
    const ring: number[] = [VirtioFeature.VERSION_1];
    if (options.indirectDescriptors ?? true) ring.push(VirtioFeature.INDIRECT_DESC);
    if (options.eventIdx ?? true) ring.push(VirtioFeature.EVENT_IDX);
    this.offeredFeatures = unionFeatures(device.features, featureBits(...ring));
    const maxChainBytes = options.maxChainBytes ?? DEFAULT_MAX_CHAIN_BYTES;
    this.queues = device.queueSizes.map((max, i) => {
      if (!(Number.isInteger(max) && max >= 1 && max <= VIRTQ_MAX_SIZE && (max & (max - 1)) === 0)) {
        throw new RangeError(`virtio-mmio: queue ${i} maximum size ${max} is not a power of two in 1..32768`);
      }
      return new Virtqueue(i, max, this, maxChainBytes);
    });
    device.attach(this);
  }

  // ---- VirtioTransport (device side) ----

  get active(): boolean {
    return (this.status & (VirtioStatus.DRIVER_OK | VirtioStatus.DEVICE_NEEDS_RESET)) === VirtioStatus.DRIVER_OK;
  }

  /** Device status as the driver reads it. */
  get deviceStatus(): number {
    return this.status;
  }

  /** The features both sides agreed on (zero before FEATURES_OK). */
  get negotiatedFeatures(): FeatureBits {
    return (this.status & VirtioStatus.FEATURES_OK) !== 0 ? [this.driverFeatures[0], this.driverFeatures[1]] : [0, 0];
  }

  queue(index: number): Virtqueue {
    const q = this.queues[index];
    if (q === undefined) throw new RangeError(`virtio-mmio: no queue ${index}`);
    return q;
  }

  hasFeature(bit: number): boolean {
    return (this.status & VirtioStatus.FEATURES_OK) !== 0 && hasFeatureBit(this.driverFeatures, bit);
  }

  usedBuffer(): void {
    this.raise(VirtioInterrupt.USED_BUFFER);
  }

  configChanged(): void {
    this.generation = (this.generation + 1) >>> 0;
    if ((this.status & VirtioStatus.DRIVER_OK) !== 0) this.raise(VirtioInterrupt.CONFIG_CHANGE);
  }

  deviceError(message: string): void {
    if ((this.status & VirtioStatus.DEVICE_NEEDS_RESET) !== 0) return;
    this.status |= VirtioStatus.DEVICE_NEEDS_RESET;
    this.lastError = message;
    this.events.deviceError?.(message);
    if ((this.status & VirtioStatus.DRIVER_OK) !== 0) this.raise(VirtioInterrupt.CONFIG_CHANGE);
  }

  // ---- MmioWindow (driver side) ----

  read(offset: number, size: AccessSize): number {
    if (offset >= R.CONFIG) {
      const d = this.device;
      const off = offset - R.CONFIG;
      if (d === undefined || off + size > d.configSize) return 0;
      return d.readConfig(off, size) >>> 0;
    }
    // Control registers are 32-bit only; other widths read as zero (as QEMU does).
    if (size !== 4) return 0;
    switch (offset) {
      case R.MAGIC_VALUE:
        return VIRTIO_MMIO_MAGIC;
      case R.VERSION:
        return VIRTIO_MMIO_VERSION;
      case R.DEVICE_ID:
        return this.device?.deviceId ?? 0;
      case R.VENDOR_ID:
        return this.vendorId;
    }
    if (this.device === undefined) return 0;
    switch (offset) {
      case R.DEVICE_FEATURES:
        return this.deviceFeaturesSel < 2 ? this.offeredFeatures[this.deviceFeaturesSel] : 0;
      case R.QUEUE_NUM_MAX:
        return this.queues[this.queueSel]?.maxSize ?? 0;
      case R.QUEUE_READY:
        return this.queues[this.queueSel]?.ready ? 1 : 0;
      case R.INTERRUPT_STATUS:
        return this.interruptStatus;
      case R.STATUS:
        return this.status;
      case R.SHM_LEN_LOW:
      case R.SHM_LEN_HIGH:
      case R.SHM_BASE_LOW:
      case R.SHM_BASE_HIGH:
        return 0xffffffff; // no shared memory regions: length (and base) -1
      case R.CONFIG_GENERATION:
        return this.generation;
      default:
        return 0;
    }
  }

  write(offset: number, size: AccessSize, value: number): void {
    const d = this.device;
    if (d === undefined) return;
    if (offset >= R.CONFIG) {
      const off = offset - R.CONFIG;
      if (off + size <= d.configSize) d.writeConfig(off, size, value);
      return;
    }
    if (size !== 4) return;
    const v = value >>> 0;
    switch (offset) {
      case R.DEVICE_FEATURES_SEL:
        this.deviceFeaturesSel = v;
        return;
      case R.DRIVER_FEATURES:
        // Negotiation ends at FEATURES_OK; later writes change nothing.
        if ((this.status & VirtioStatus.FEATURES_OK) === 0 && this.driverFeaturesSel < 2) {
          this.driverFeatures[this.driverFeaturesSel] = v;
        }
        return;
      case R.DRIVER_FEATURES_SEL:
        this.driverFeaturesSel = v;
        return;
      case R.QUEUE_SEL:
        this.queueSel = v;
        return;
      case R.QUEUE_NUM:
        this.withIdleQueue((q) => {
          q.size = v;
        });
        return;
      case R.QUEUE_READY:
        this.writeQueueReady(v);
        return;
      case R.QUEUE_NOTIFY:
        if (this.active && v < this.queues.length && this.queues[v].ready) d.queueNotify(v);
        return;
      case R.INTERRUPT_ACK:
        this.setInterruptStatus(this.interruptStatus & ~v);
        return;
      case R.STATUS:
        this.writeStatus(v & 0xff);
        return;
      case R.QUEUE_DESC_LOW:
        this.withIdleQueue((q) => {
          q.descLow = v;
        });
        return;
      case R.QUEUE_DESC_HIGH:
        this.withIdleQueue((q) => {
          q.descHigh = v;
        });
        return;
      case R.QUEUE_DRIVER_LOW:
        this.withIdleQueue((q) => {
          q.driverLow = v;
        });
        return;
      case R.QUEUE_DRIVER_HIGH:
        this.withIdleQueue((q) => {
          q.driverHigh = v;
        });
        return;
      case R.QUEUE_DEVICE_LOW:
        this.withIdleQueue((q) => {
          q.deviceLow = v;
        });
        return;
      case R.QUEUE_DEVICE_HIGH:
        this.withIdleQueue((q) => {
          q.deviceHigh = v;
        });
        return;
      default:
        return; // read-only, reserved or unimplemented (SHMSel, QueueReset): ignored
    }
  }

  /** Device reset, as a Status write of 0 does it. */
  reset(): void {
    this.device?.reset();
    this.status = 0;
    this.deviceFeaturesSel = 0;
    this.driverFeaturesSel = 0;
    this.driverFeatures = [0, 0];
    this.queueSel = 0;
    this.lastError = undefined;
    for (const q of this.queues) q.reset();
    this.setInterruptStatus(0);
  }

  private writeStatus(value: number): void {
    if (value === 0) {
      this.reset();
      return;
    }
    const old = this.status;
    // The driver never clears a status bit (virtio 1.x §2.1.1), so bits only accumulate until reset.
    let next = old | (value & DRIVER_STATUS_BITS);
    if ((next & VirtioStatus.FEATURES_OK) !== 0 && (old & VirtioStatus.FEATURES_OK) === 0) {
      if (!this.featuresAcceptable()) {
        next &= ~VirtioStatus.FEATURES_OK;
        this.events.featuresRefused?.([this.driverFeatures[0], this.driverFeatures[1]]);
      }
    }
    this.status = next;
    if ((next & VirtioStatus.DRIVER_OK) !== 0 && (old & VirtioStatus.DRIVER_OK) === 0) {
      if ((next & VirtioStatus.FEATURES_OK) === 0) {
        this.deviceError("DRIVER_OK set without FEATURES_OK");
        return;
      }
      if ((next & VirtioStatus.DEVICE_NEEDS_RESET) !== 0) {
        // An error before DRIVER_OK (a bad queue setup): tell the now-running driver.
        this.raise(VirtioInterrupt.CONFIG_CHANGE);
        return;
      }
      this.device?.activate();
    }
  }

  /** FEATURES_OK is refused unless VERSION_1 is accepted and nothing outside the offer is. */
  private featuresAcceptable(): boolean {
    const [lo, hi] = this.driverFeatures;
    const [offLo, offHi] = this.offeredFeatures;
    if ((lo & ~offLo) !== 0 || (hi & ~offHi) !== 0) return false;
    return hasFeatureBit(this.driverFeatures, VirtioFeature.VERSION_1);
  }

  private withIdleQueue(f: (q: Virtqueue) => void): void {
    const q = this.queues[this.queueSel];
    // The driver must not touch a queue's configuration while it is ready; such writes are ignored.
    if (q !== undefined && !q.ready) f(q);
  }

  private writeQueueReady(v: number): void {
    const q = this.queues[this.queueSel];
    if (q === undefined) return;
    if (v === 0) {
      q.disable();
      return;
    }
    if (q.ready) return;
    const error = q.enable();
    if (error !== undefined) this.deviceError(error);
  }

  private raise(bits: number): void {
    this.setInterruptStatus(this.interruptStatus | bits);
  }

  private setInterruptStatus(value: number): void {
    const before = this.interruptStatus !== 0;
    this.interruptStatus = value & (VirtioInterrupt.USED_BUFFER | VirtioInterrupt.CONFIG_CHANGE);
    const after = this.interruptStatus !== 0;
    if (before !== after) this.irq.set(after);
  }
}
