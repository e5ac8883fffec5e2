// Register offsets of the GICv2 windows (GIC architecture specification v2, chapter 4), for
// platforms, hypervisors and tests that program the GIC.

/** Distributor (GICD) offsets; the per-interrupt arrays are the offsets of their first register. */
export const GICD = {
  CTLR: 0x000,
  TYPER: 0x004,
  IIDR: 0x008,
  IGROUPR: 0x080,
  ISENABLER: 0x100,
  ICENABLER: 0x180,
  ISPENDR: 0x200,
  ICPENDR: 0x280,
  ISACTIVER: 0x300,
  ICACTIVER: 0x380,
  IPRIORITYR: 0x400,
  ITARGETSR: 0x800,
  ICFGR: 0xc00,
  SGIR: 0xf00,
  CPENDSGIR: 0xf10,
  SPENDSGIR: 0xf20,
  PIDR4: 0xfd0,
  PIDR0: 0xfe0,
  PIDR2: 0xfe8,
  CIDR0: 0xff0,
} as const;

/** CPU interface (GICC) offsets; the virtual CPU interface (GICV) has the same layout. */
export const GICC = {
  CTLR: 0x00,
  PMR: 0x04,
  BPR: 0x08,
  IAR: 0x0c,
  EOIR: 0x10,
  RPR: 0x14,
  HPPIR: 0x18,
  ABPR: 0x1c,
  AIAR: 0x20,
  AEOIR: 0x24,
  AHPPIR: 0x28,
  APR: 0xd0,
  NSAPR: 0xe0,
  IIDR: 0xfc,
  DIR: 0x1000,
} as const;

/** Virtual interface control (GICH) offsets. */
export const GICH = {
  HCR: 0x00,
  VTR: 0x04,
  VMCR: 0x08,
  MISR: 0x10,
  EISR0: 0x20,
  EISR1: 0x24,
  ELRSR0: 0x30,
  ELRSR1: 0x34,
  APR: 0xf0,
  LR: 0x100,
} as const;

/** GICD_SGIR TargetListFilter values (bits [25:24]). */
export const SGI_FILTER = { LIST: 0, OTHERS: 1, SELF: 2 } as const;

/** Builds a GICD_SGIR value: SGI `id` to the CPUs in `targets` (filter LIST), or per `filter`. */
export function sgir(id: number, targets: number, filter: number = SGI_FILTER.LIST, nsatt = false): number {
  return ((filter << 24) | ((targets & 0xff) << 16) | (nsatt ? 1 << 15 : 0) | (id & 0xf)) >>> 0;
}

/** List register states (GICH_LRn bits [29:28]). */
export const LR_STATE = { INVALID: 0, PENDING: 1, ACTIVE: 2, PENDING_ACTIVE: 3 } as const;

export interface ListRegisterFields {
  readonly virtualId: number;
  /** Priority, 0..0xf8 (the top 5 bits are kept). */
  readonly priority?: number;
  readonly state?: number;
  readonly group1?: boolean;
  /** Links the virtual interrupt to physical interrupt `physicalId`: deactivating one deactivates the other. */
  readonly physicalId?: number;
  /** Without `physicalId`: ask for a maintenance interrupt when the guest EOIs it. */
  readonly eoi?: boolean;
  /** Without `physicalId`: the source CPU a virtual SGI reports. */
  readonly cpuId?: number;
}

/** Builds a GICH_LRn value. */
export function listRegister(f: ListRegisterFields): number {
  let v = (f.virtualId & 0x3ff) | (((f.priority ?? 0) >> 3) << 23) | ((f.state ?? LR_STATE.PENDING) << 28);
  if (f.group1) v |= 1 << 30;
  if (f.physicalId !== undefined) v |= (1 << 31) | ((f.physicalId & 0x3ff) << 10);
  else {
    if (f.eoi) v |= 1 << 19;
    v |= ((f.cpuId ?? 0) & 7) << 10;
  }
  return v >>> 0;
}
