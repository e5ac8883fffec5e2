// The soft TLB. A core caches finished translations (stage 1 and stage 2 combined: VA → PA with
// the permissions both allow) in sets, one per translation context: the Hyp regime, the PL1&0
// regime without stage 2, and the PL1&0 regime of each (VMID, ASID). Switching context (a world
// switch to another VM, a process switch with a new ASID) selects another set instead of flushing,
// as a hardware TLB tagged by VMID and ASID does. A set remembers the translation registers it was
// filled under and flushes itself when it is used under different ones, so software that changes
// them without TLB maintenance still sees its new tables.

import type { AddressSpace } from "@xena/machine";

const TLB_BITS = 12;
export const TLB_SIZE = 1 << TLB_BITS;
export const TLB_MASK = TLB_SIZE - 1;

/** One direct-mapped TLB: translations of 4 KiB virtual pages for one privilege level. */
export class Tlb {
  /** Virtual page number of a valid entry, -1 if empty. */
  readonly tag = new Int32Array(TLB_SIZE).fill(-1);
  /** Physical page number. */
  readonly ppage = new Float64Array(TLB_SIZE);
  /** Perm bits (both stages). */
  readonly perm = new Uint8Array(TLB_SIZE);
  /** Fast paths: the virtual page if the page is main RAM and readable / writable / executable here. */
  readonly fastR = new Int32Array(TLB_SIZE).fill(-1);
  readonly fastW = new Int32Array(TLB_SIZE).fill(-1);
  readonly fastX = new Int32Array(TLB_SIZE).fill(-1);
  /** Byte offset of the page in main RAM. */
  readonly hostOff = new Uint32Array(TLB_SIZE);

  flush(): void {
    this.tag.fill(-1);
    this.fastR.fill(-1);
    this.fastW.fill(-1);
    this.fastX.fill(-1);
  }

  flushPage(vpage: number): void {
    const i = vpage & TLB_MASK;
    if (this.tag[i] === vpage) {
      this.tag[i] = -1;
      this.fastR[i] = -1;
      this.fastW[i] = -1;
      this.fastX[i] = -1;
    }
  }

  /** Takes the write fast path away from every entry on main-RAM page `ramPage`. */
  revokeFastWrites(ramPage: number): void {
    for (let i = 0; i < TLB_SIZE; i++)
      if (this.fastW[i] !== -1 && this.hostOff[i] >>> 12 === ramPage) this.fastW[i] = -1;
  }
}

const S2_BITS = 10;
const S2_SIZE = 1 << S2_BITS;
const S2_BLOCKS = 256;

/**
 * Stage-2 translations of 4 KiB IPA pages, for the stage-1 table walks and TLB refills of one
 * PL1&0 context (so a refill under stage 2 costs about what it costs without).
 */
export class Stage2Cache {
  /** IPA page number of a valid entry, -1 if empty. */
  readonly tag = new Int32Array(S2_SIZE).fill(-1);
  readonly ppage = new Float64Array(S2_SIZE);
  /** Perm bits stage 2 gives; bit 6: Device memory. */
  readonly perms = new Uint8Array(S2_SIZE);
  /** The same for 2 MiB IPA blocks that stage 2 maps with blocks (1 GiB or 2 MiB): one entry covers 512 pages. */
  readonly blockTag = new Int32Array(S2_BLOCKS).fill(-1);
  readonly blockPpage = new Float64Array(S2_BLOCKS);
  readonly blockPerms = new Uint8Array(S2_BLOCKS);

  static readonly MASK = S2_SIZE - 1;
  static readonly BLOCK_MASK = S2_BLOCKS - 1;
  static readonly DEVICE = 0x40;

  flush(): void {
    this.tag.fill(-1);
    this.blockTag.fill(-1);
  }
}

/** `TlbSet.vmid` of the Hyp regime's set. */
export const HYP_CONTEXT = -2;
/** `TlbSet.vmid` of the PL1&0 regime with stage 2 off. */
export const NO_VMID = -1;

/** What a set's owner (a core) does when the set it is using is flushed. */
export interface TlbOwner {
  translationsDropped(): void;
}

/** The translations of one context: a PL1 and a PL0 view (the Hyp regime uses `priv` only). */
export class TlbSet {
  readonly priv = new Tlb();
  readonly user = new Tlb();
  /** Stage-2 translations made in this context (VA-based maintenance leaves them alone). */
  readonly stage2 = new Stage2Cache();
  /** VMID (0-255), NO_VMID or HYP_CONTEXT. */
  vmid = NO_VMID;
  /** ASID of the entries (-1 for the Hyp regime). */
  asid = -1;
  /** A native hypervisor's vCPU this set belongs to (0: none). */
  vcpu = 0;
  /** The core using this set as its current one. */
  owner: TlbOwner | undefined;
  /** Translation registers the entries were made under (see ArmCpu.regimeSignature). */
  readonly signature = new Float64Array(SIGNATURE_WORDS);
  /** Monotonic stamp of the last activation (least recently used sets are reused first). */
  lastUse = 0;

  flush(): void {
    this.priv.flush();
    this.user.flush();
    this.stage2.flush();
    this.owner?.translationsDropped();
  }

  flushPage(va: number): void {
    const vpage = va >>> 12;
    this.priv.flushPage(vpage);
    this.user.flushPage(vpage);
    this.owner?.translationsDropped();
  }
}

/** Number of values in a translation regime signature. */
export const SIGNATURE_WORDS = 12;

/**
 * Every TLB set of the cores on one address space, so that maintenance by VMID (a guest's TLB
 * invalidation, a hypervisor changing stage 2) reaches the copies every core holds.
 */
export class TlbRegistry {
  private static readonly byBus = new WeakMap<AddressSpace, TlbRegistry>();

  static of(bus: AddressSpace): TlbRegistry {
    let r = TlbRegistry.byBus.get(bus);
    if (r === undefined) {
      r = new TlbRegistry();
      TlbRegistry.byBus.set(bus, r);
    }
    return r;
  }

  readonly sets: TlbSet[] = [];

  /** Every set of the PL1&0 regime of `vmid` (NO_VMID: stage 2 off), all ASIDs. */
  flushVmid(vmid: number): void {
    for (const s of this.sets) if (s.vmid === vmid) s.flush();
  }

  /** One virtual page in every set of `vmid` (entries of every ASID, global or not). */
  flushVmidPage(vmid: number, va: number): void {
    for (const s of this.sets) if (s.vmid === vmid) s.flushPage(va);
  }

  /** The sets of one ASID of `vmid`. */
  flushAsid(vmid: number, asid: number): void {
    for (const s of this.sets) if (s.vmid === vmid && s.asid === asid) s.flush();
  }

  /** Every PL1&0 set, whatever its VMID (TLBIALLNSNH). */
  flushAllGuests(): void {
    for (const s of this.sets) if (s.vmid !== HYP_CONTEXT) s.flush();
  }

  /** The Hyp regime's sets (TLBIALLH). */
  flushHyp(): void {
    for (const s of this.sets) if (s.vmid === HYP_CONTEXT) s.flush();
  }

  flushHypPage(va: number): void {
    for (const s of this.sets) if (s.vmid === HYP_CONTEXT) s.flushPage(va);
  }
}
