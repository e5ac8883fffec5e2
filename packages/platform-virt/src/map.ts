// The 32-bit "virt" machine's memory map and interrupt assignment, as QEMU 7.2's hw/arm/virt.c
// defines them (base_memmap / a15irqmap), so software written for that machine runs unchanged.

export interface Region {
  readonly base: number;
  readonly size: number;
}

export const VIRT_MAP = {
  gicDistributor: { base: 0x0800_0000, size: 0x1_0000 },
  gicCpu: { base: 0x0801_0000, size: 0x1_0000 },
  gicHyp: { base: 0x0803_0000, size: 0x1_0000 },
  gicVcpu: { base: 0x0804_0000, size: 0x1_0000 },
  uart: { base: 0x0900_0000, size: 0x1000 },
  rtc: { base: 0x0901_0000, size: 0x1000 },
  virtio: { base: 0x0a00_0000, size: 0x200 },
  ram: { base: 0x4000_0000, size: 0 },
} as const satisfies Record<string, Region>;

/** Number of virtio-mmio transports (slot i at virtio.base + i * 0x200). */
export const VIRTIO_SLOTS = 32;

/** SPI numbers (GIC interrupt ID = SPI + 32). */
export const VIRT_SPI = {
  uart: 1,
  rtc: 2,
  /** Virtio slot i uses SPI virtioBase + i. */
  virtioBase: 16,
} as const;

/** PPI numbers (interrupt ID = PPI + 16). */
export const VIRT_PPI = {
  gicMaintenance: 9,
  hypTimer: 10,
  virtualTimer: 11,
  secureTimer: 13,
  physicalTimer: 14,
} as const;

/** Largest RAM the 32-bit map allows: RAM from 1 GiB up to the 40-bit LPAE limit's first 255 GiB. */
export const VIRT_MAX_RAM = 255 * 2 ** 30;

/** The generic timer frequency QEMU gives a virt machine (1 GHz / 16). */
export const VIRT_TIMER_HZ = 62_500_000;
