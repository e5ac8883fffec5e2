// Numbers from the virtio 1.x specification: device status bits (§2.1), reserved feature bits
// (§6), device IDs (§5), virtio-mmio register offsets (§4.2.2) and split-ring flags (§2.7).

/** "virt" little-endian: what MagicValue reads. */
export const VIRTIO_MMIO_MAGIC = 0x74726976;
/** The modern (non-legacy) virtio-mmio register layout. */
export const VIRTIO_MMIO_VERSION = 2;
/** VendorID QEMU reports ("QEMU" little-endian); Linux does not look at it. */
export const VIRTIO_VENDOR_QEMU = 0x554d4551;

/** Device status bits (the Status register). */
export const VirtioStatus = {
  ACKNOWLEDGE: 1,
  DRIVER: 2,
  DRIVER_OK: 4,
  FEATURES_OK: 8,
  DEVICE_NEEDS_RESET: 0x40,
  FAILED: 0x80,
} as const;

/** Device-independent feature bit numbers. */
export const VirtioFeature = {
  INDIRECT_DESC: 28,
  EVENT_IDX: 29,
  VERSION_1: 32,
  ACCESS_PLATFORM: 33,
  RING_PACKED: 34,
} as const;

/** Device IDs (the DeviceID register). 0 is an empty slot. */
export const VirtioDeviceId = {
  NONE: 0,
  NET: 1,
  BLOCK: 2,
  CONSOLE: 3,
  ENTROPY: 4,
} as const;

/** InterruptStatus / InterruptACK bits. */
export const VirtioInterrupt = {
  USED_BUFFER: 1,
  CONFIG_CHANGE: 2,
} as const;

/** virtio-mmio version 2 register offsets. */
export const VirtioMmioReg = {
  MAGIC_VALUE: 0x000,
  VERSION: 0x004,
  DEVICE_ID: 0x008,
  VENDOR_ID: 0x00c,
  DEVICE_FEATURES: 0x010,
  DEVICE_FEATURES_SEL: 0x014,
  DRIVER_FEATURES: 0x020,
  DRIVER_FEATURES_SEL: 0x024,
  QUEUE_SEL: 0x030,
  QUEUE_NUM_MAX: 0x034,
  QUEUE_NUM: 0x038,
  QUEUE_READY: 0x044,
  QUEUE_NOTIFY: 0x050,
  INTERRUPT_STATUS: 0x060,
  INTERRUPT_ACK: 0x064,
  STATUS: 0x070,
  QUEUE_DESC_LOW: 0x080,
  QUEUE_DESC_HIGH: 0x084,
  QUEUE_DRIVER_LOW: 0x090,
  QUEUE_DRIVER_HIGH: 0x094,
  QUEUE_DEVICE_LOW: 0x0a0,
  QUEUE_DEVICE_HIGH: 0x0a4,
  SHM_SEL: 0x0ac,
  SHM_LEN_LOW: 0x0b0,
  SHM_LEN_HIGH: 0x0b4,
  SHM_BASE_LOW: 0x0b8,
  SHM_BASE_HIGH: 0x0bc,
  CONFIG_GENERATION: 0x0fc,
  CONFIG: 0x100,
} as const;

/** Split-ring descriptor flags. */
export const VirtqDesc = {
  NEXT: 1,
  WRITE: 2,
  INDIRECT: 4,
} as const;

/** Available-ring flag: the driver does not want used-buffer interrupts (without EVENT_IDX). */
export const VIRTQ_AVAIL_F_NO_INTERRUPT = 1;
/** Used-ring flag: the device does not want available-buffer notifications (without EVENT_IDX). */
export const VIRTQ_USED_F_NO_NOTIFY = 1;

/** Largest split-queue size the specification allows. */
export const VIRTQ_MAX_SIZE = 32768;

/** A 64-bit feature set as two 32-bit halves: `[bits 0..31, bits 32..63]`. */
export type FeatureBits = readonly [low: number, high: number];

/** The feature set with exactly the given bit numbers (0..63). */
export function featureBits(...bits: readonly number[]): FeatureBits {
  let low = 0;
  let high = 0;
  for (const b of bits) {
    if (!Number.isInteger(b) || b < 0 || b > 63) throw new RangeError(`feature bit ${b} is not in 0..63`);
    if (b < 32) low |= 1 << b;
    else high |= 1 << (b - 32);
  }
  return [low >>> 0, high >>> 0];
}

/** Whether `bit` (0..63) is set in `features`. */
export function hasFeatureBit(features: FeatureBits, bit: number): boolean {
  if (bit < 0 || bit > 63) return false;
  return bit < 32 ? ((features[0] >>> bit) & 1) === 1 : ((features[1] >>> (bit - 32)) & 1) === 1;
}

/** The union of feature sets. */
export function unionFeatures(...sets: readonly FeatureBits[]): FeatureBits {
  let low = 0;
  let high = 0;
  for (const s of sets) {
    low |= s[0];
    high |= s[1];
  }
  return [low >>> 0, high >>> 0];
}
