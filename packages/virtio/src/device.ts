// The contract between a virtio transport and a virtio device type. A device knows its queues,
// features and configuration space; the transport owns registers, feature negotiation, the
// interrupt line and the virtqueues' ring state, and lends the device guest memory.
import type { AccessSize } from "@xena/machine";
import type { FeatureBits } from "./constants.js";
import type { Virtqueue } from "./queue.js";

/**
 * Guest physical memory as a DMA-capable device sees it. `AddressSpace` from `@xena/machine`
 * satisfies it. Both calls are all-or-nothing and return false (never throw) when any byte is
 * not RAM.
 */
export interface GuestMemory {
  readBytes(address: number, dest: Uint8Array): boolean;
  writeBytes(address: number, src: Uint8Array): boolean;
}

/** What a device sees of its transport. */
export interface VirtioTransport {
  /** Guest memory, for devices that move data outside virtqueue buffers (none here do). */
  readonly memory: GuestMemory;
  /** DRIVER_OK is set and the device is not in an error state: queues may be processed. */
  readonly active: boolean;
  /** Queue `index` (0 ≤ index < `queueSizes.length` of the device). */
  queue(index: number): Virtqueue;
  /** Whether the driver accepted feature `bit` (false before FEATURES_OK). */
  hasFeature(bit: number): boolean;
  /** Raises the used-buffer interrupt unconditionally (queues call it after notification suppression). */
  usedBuffer(): void;
  /** The configuration space changed: bumps ConfigGeneration and interrupts a running driver. */
  configChanged(): void;
  /**
   * The device met an error only a reset cures (a malformed request, a bad guest address): sets
   * DEVICE_NEEDS_RESET, stops all queues and sends a configuration-change interrupt.
   */
  deviceError(message: string): void;
}

/** One virtio device type (block, network, ...), independent of the transport that carries it. */
export interface VirtioDevice {
  /** DeviceID (VirtioDeviceId). */
  readonly deviceId: number;
  /**
   * Device-type features offered. The transport adds VIRTIO_F_VERSION_1 and the ring features it
   * implements (INDIRECT_DESC, EVENT_IDX).
   */
  readonly features: FeatureBits;
  /** One entry per virtqueue: its maximum size (a power of two, ≤ 32768). */
  readonly queueSizes: readonly number[];
  /** Bytes of device configuration space (at most 0x100 on virtio-mmio). */
  readonly configSize: number;
  /** Reads `size` bytes at `offset` (the transport guarantees `offset + size <= configSize`). */
  readConfig(offset: number, size: AccessSize): number;
  /** Writes to the configuration space (same guarantee); read-only fields ignore it. */
  writeConfig(offset: number, size: AccessSize, value: number): void;
  /** Called once, by the transport's constructor. */
  attach(transport: VirtioTransport): void;
  /** The driver set DRIVER_OK: queues are set up and features final. */
  activate(): void;
  /** The driver notified queue `index` (only while `transport.active` and the queue is ready). */
  queueNotify(index: number): void;
  /** The driver reset the device (Status = 0): drop per-driver state. */
  reset(): void;
}

/** Little-endian bytes of a device configuration space, with typed accessors for device code. */
export class ConfigSpace {
  readonly bytes: Uint8Array;
  private readonly view: DataView;

  constructor(readonly size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }

  /** A guest access: any of 8/16/32 bits at any offset inside the space (little-endian). */
  read(offset: number, size: AccessSize): number {
    if (offset < 0 || offset + size > this.size) return 0;
    if (size === 1) return this.bytes[offset];
    if (size === 2) return this.view.getUint16(offset, true);
    return this.view.getUint32(offset, true);
  }

  set8(offset: number, value: number): void {
    this.view.setUint8(offset, value);
  }

  set16(offset: number, value: number): void {
    this.view.setUint16(offset, value, true);
  }

  set32(offset: number, value: number): void {
    this.view.setUint32(offset, value >>> 0, true);
  }

  /** Stores a non-negative integer below 2^53 as a little-endian 64-bit field. */
  set64(offset: number, value: number): void {
    this.view.setUint32(offset, value % 2 ** 32, true);
    this.view.setUint32(offset + 4, Math.floor(value / 2 ** 32), true);
  }
}
