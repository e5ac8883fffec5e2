// Translation table walks: stage 1 of the PL1&0 regime (short-descriptor, ARM ARM B3.5, and
// long-descriptor / LPAE, B3.6), stage 1 of the Hyp regime (long-descriptor only) and stage 2
// (IPA → PA, B3.6.5), with permissions and fault status codes. Walks fill reusable result objects;
// the CPU caches successful results in its soft TLB.

/** What an access wants to do. */
export const Access = { READ: 0, WRITE: 1, EXEC: 2 } as const;
export type Access = (typeof Access)[keyof typeof Access];

/** Kinds of fault, turned into short- or long-format status codes by `faultStatus`. */
export const Fault = {
  NONE: 0,
  ALIGNMENT: 1,
  TRANSLATION: 2,
  ACCESS_FLAG: 3,
  DOMAIN: 4,
  PERMISSION: 5,
  /** Synchronous external abort on the access itself (bus error). */
  EXTERNAL: 6,
  /** Synchronous external abort on a translation table walk. */
  EXTERNAL_WALK: 7,
  /** Address size fault (LPAE: output address beyond 40 bits, or table base misconfigured). */
  ADDRESS_SIZE: 8,
} as const;
export type Fault = (typeof Fault)[keyof typeof Fault];

/** Permission bits cached with a translation. */
export const Perm = {
  PL1_R: 1,
  PL1_W: 2,
  PL1_X: 4,
  PL0_R: 8,
  PL0_W: 16,
  PL0_X: 32,
} as const;

/** The part of the system-register state a walk reads. */
export interface TranslationRegime {
  readonly sctlr: number;
  readonly ttbcr: number;
  readonly ttbr0Lo: number;
  readonly ttbr0Hi: number;
  readonly ttbr1Lo: number;
  readonly ttbr1Hi: number;
  readonly dacr: number;
  /** The Hyp regime: TTBR0 only (no TTBR1, no ASIDs), AP[1] and PXN ignored, PL1_* bits mean Hyp. */
  readonly hyp?: boolean;
}

/** Reads a descriptor from physical memory; sets `ok` false on a bus error. */
export interface WalkMemory {
  readPhys32(pa: number): number;
  walkOk: boolean;
}

export class WalkResult {
  fault: Fault = Fault.NONE;
  /** 1..3 for the lookup level at which the walk ended (short format: 1 = section, 2 = page). */
  level = 0;
  /** Short format: the domain of the descriptor. */
  domain = 0;
  /** Physical address of the translated byte. */
  pa = 0;
  /** Size of the mapping in bytes (4 KiB .. 16 MiB / 1 GiB). */
  size = 0;
  /** Access rights for PL1 and PL0 (Perm bits); domain "manager" grants everything. */
  perms = 0;
  /** Long-descriptor format was used. */
  lpae = false;
  /** Non-global (ASID-tagged) mapping. */
  nG = false;
  /** Memory attributes for PAR: short format TEX[2:0]:C:B (5 bits) or the LPAE AttrIndx. */
  attrs = 0;
  /** Shareability for PAR. */
  shareable = false;
  /** NS bit of the descriptor, for PAR. */
  ns = false;
}

const SCTLR_M = 1 << 0;
const SCTLR_AFE = 1 << 29;
const SCTLR_WXN = 1 << 19;
const SCTLR_UWXN = 1 << 20;
const TTBCR_EAE = 1 << 31;

/**
 * Translates `va` for an access at PL1 (`privileged`) or PL0. Fills `out`. Permission faults are
 * not decided here: the caller compares the access with `out.perms` (so a TLB hit can too).
 */
export function walk(regime: TranslationRegime, mem: WalkMemory, va: number, out: WalkResult): void {
  out.fault = Fault.NONE;
  out.nG = false;
  out.ns = false;
  out.shareable = false;
  out.attrs = 0;
  if ((regime.sctlr & SCTLR_M) === 0) {
    // MMU off: flat mapping, everything allowed (alignment and Device rules aside).
    out.lpae = (regime.ttbcr & TTBCR_EAE) !== 0;
    out.level = 0;
    out.pa = va >>> 0;
    out.size = 4096;
    out.perms = 0x3f;
    return;
  }
  if ((regime.ttbcr & TTBCR_EAE) !== 0) walkLong(regime, mem, va >>> 0, out);
  else walkShort(regime, mem, va >>> 0, out);
}

function walkShort(regime: TranslationRegime, mem: WalkMemory, va: number, out: WalkResult): void {
  out.lpae = false;
  const n = regime.ttbcr & 7;
  let base: number;
  let index: number;
  if (n === 0 || va >>> (32 - n) === 0) {
    if ((regime.ttbcr & (1 << 4)) !== 0) return fault(out, Fault.TRANSLATION, 1, 0); // PD0
    base = (regime.ttbr0Lo >>> (14 - n)) << (14 - n);
    index = (va << n) >>> (n + 20);
  } else {
    if ((regime.ttbcr & (1 << 5)) !== 0) return fault(out, Fault.TRANSLATION, 1, 0); // PD1
    base = (regime.ttbr1Lo >>> 14) << 14;
    index = va >>> 20;
  }
  const l1Addr = (base >>> 0) + index * 4;
  const d1 = mem.readPhys32(l1Addr) >>> 0;
  if (!mem.walkOk) return fault(out, Fault.EXTERNAL_WALK, 1, 0);
  const afe = (regime.sctlr & SCTLR_AFE) !== 0;
  const type = d1 & 3;
  // The domain field is only meaningful for some faults; like QEMU we report the descriptor's bits.
  if (type === 0) return fault(out, Fault.TRANSLATION, 1, (d1 >>> 5) & 15);
  if (type === 1) {
    // Page table.
    const domain = (d1 >>> 5) & 15;
    const pxnTable = (d1 & 4) !== 0;
    out.ns = (d1 & 8) !== 0;
    const l2Addr = (d1 & 0xfffffc00) >>> 0;
    const d2 = mem.readPhys32(l2Addr + ((va >>> 12) & 0xff) * 4) >>> 0;
    if (!mem.walkOk) return fault(out, Fault.EXTERNAL_WALK, 2, domain);
    const t2 = d2 & 3;
    if (t2 === 0) return fault(out, Fault.TRANSLATION, 2, domain);
    let ap: number;
    let xn: boolean;
    if (t2 === 1) {
      // Large page, 64 KiB.
      out.pa = ((d2 & 0xffff0000) >>> 0) + (va & 0xffff);
      out.size = 0x10000;
      xn = (d2 & (1 << 15)) !== 0;
      out.attrs = (((d2 >>> 12) & 7) << 2) | ((d2 >>> 2) & 3);
    } else {
      out.pa = ((d2 & 0xfffff000) >>> 0) + (va & 0xfff);
      out.size = 0x1000;
      xn = (d2 & 1) !== 0;
      out.attrs = (((d2 >>> 6) & 7) << 2) | ((d2 >>> 2) & 3);
    }
    ap = (((d2 >>> 9) & 1) << 2) | ((d2 >>> 4) & 3);
    out.shareable = (d2 & (1 << 10)) !== 0;
    out.nG = (d2 & (1 << 11)) !== 0;
    out.level = 2;
    out.domain = domain;
    return finishShort(regime, out, ap, xn, pxnTable, afe);
  }
  // Section or supersection; bit 0 is PXN (this core has the PXN extension).
  const pxn = (d1 & 1) !== 0;
  const xn = (d1 & (1 << 4)) !== 0;
  const ap = (((d1 >>> 15) & 1) << 2) | ((d1 >>> 10) & 3);
  out.level = 1;
  out.shareable = (d1 & (1 << 16)) !== 0;
  out.nG = (d1 & (1 << 17)) !== 0;
  out.ns = (d1 & (1 << 19)) !== 0;
  out.attrs = (((d1 >>> 12) & 7) << 2) | ((d1 >>> 2) & 3);
  if ((d1 & (1 << 18)) !== 0) {
    // Supersection, 16 MiB, domain 0; PA[39:32] from bits [8:5] and [23:20].
    const high = ((d1 >>> 5) & 15) * 16 + ((d1 >>> 20) & 15);
    out.pa = high * 2 ** 32 + ((d1 & 0xff000000) >>> 0) + (va & 0xffffff);
    out.size = 0x1000000;
    out.domain = 0;
  } else {
    out.pa = ((d1 & 0xfff00000) >>> 0) + (va & 0xfffff);
    out.size = 0x100000;
    out.domain = (d1 >>> 5) & 15;
  }
  finishShort(regime, out, ap, xn, pxn, afe);
}

function finishShort(
  regime: TranslationRegime,
  out: WalkResult,
  ap: number,
  xn: boolean,
  pxn: boolean,
  afe: boolean,
): void {
  const dom = (regime.dacr >>> (out.domain * 2)) & 3;
  if (dom === 0 || dom === 2) return fault(out, Fault.DOMAIN, out.level, out.domain);
  if (afe && (ap & 1) === 0) return fault(out, Fault.ACCESS_FLAG, out.level, out.domain);
  if (dom === 3) {
    // Manager: no permission checks (XN still applies to instruction fetches).
    out.perms = Perm.PL1_R | Perm.PL1_W | Perm.PL0_R | Perm.PL0_W;
  } else if (afe) {
    // Simplified access permissions: AP[2:1].
    out.perms = SIMPLE_AP[ap >>> 1];
  } else {
    out.perms = SHORT_AP[ap];
  }
  addExecute(regime, out, xn, pxn);
}

// AP[2:1] → permissions in the simplified model (SCTLR.AFE = 1) and in long descriptors.
const SIMPLE_AP = [
  Perm.PL1_R | Perm.PL1_W,
  Perm.PL1_R | Perm.PL1_W | Perm.PL0_R | Perm.PL0_W,
  Perm.PL1_R,
  Perm.PL1_R | Perm.PL0_R,
];

// AP[2:0] → permissions with SCTLR.AFE = 0 (ARM ARM table B3-8).
const SHORT_AP = [
  0,
  Perm.PL1_R | Perm.PL1_W,
  Perm.PL1_R | Perm.PL1_W | Perm.PL0_R,
  Perm.PL1_R | Perm.PL1_W | Perm.PL0_R | Perm.PL0_W,
  0,
  Perm.PL1_R,
  Perm.PL1_R | Perm.PL0_R,
  Perm.PL1_R | Perm.PL0_R,
];

function addExecute(regime: TranslationRegime, out: WalkResult, xn: boolean, pxn: boolean): void {
  let p = out.perms;
  let x = !xn;
  if ((regime.sctlr & SCTLR_WXN) !== 0 && (p & (Perm.PL1_W | Perm.PL0_W)) !== 0) x = false;
  // Executable at a level only where readable at that level.
  if (x && (p & Perm.PL0_R) !== 0) p |= Perm.PL0_X;
  let px = x && !pxn;
  if ((regime.sctlr & SCTLR_UWXN) !== 0 && (p & Perm.PL0_W) !== 0) px = false;
  if (px && (p & Perm.PL1_R) !== 0) p |= Perm.PL1_X;
  out.perms = p;
}

function walkLong(regime: TranslationRegime, mem: WalkMemory, va: number, out: WalkResult): void {
  out.lpae = true;
  out.domain = 0;
  const ttbcr = regime.ttbcr;
  const t0sz = ttbcr & 7;
  const t1sz = (ttbcr >>> 16) & 7;
  let useTtbr1: boolean;
  if (regime.hyp === true) {
    if (t0sz > 0 && va >= 2 ** (32 - t0sz)) return fault(out, Fault.TRANSLATION, 1, 0);
    useTtbr1 = false;
  } else if (t0sz === 0 && t1sz === 0) useTtbr1 = false;
  else if (t0sz > 0 && va < 2 ** (32 - t0sz)) useTtbr1 = false;
  else if (t1sz > 0 && va >= 2 ** 32 - 2 ** (32 - t1sz)) useTtbr1 = true;
  else if (t0sz === 0) useTtbr1 = false;
  else if (t1sz === 0) useTtbr1 = true;
  else return fault(out, Fault.TRANSLATION, 1, 0);
  const tsz = useTtbr1 ? t1sz : t0sz;
  if ((ttbcr & (useTtbr1 ? 1 << 23 : 1 << 7)) !== 0) return fault(out, Fault.TRANSLATION, 1, 0); // EPDn
  const lo = useTtbr1 ? regime.ttbr1Lo : regime.ttbr0Lo;
  const hi = useTtbr1 ? regime.ttbr1Hi : regime.ttbr0Hi;
  let level = tsz > 1 ? 2 : 1;
  // Table base: TTBR[39:x], x = 5 - tsz (level 1 start) or 14 - tsz (level 2 start).
  const x = level === 1 ? 5 - tsz : 14 - tsz;
  let table = (hi & 0xff) * 2 ** 32 + (((lo >>> x) << x) >>> 0);
  let apTable = 0;
  let xnTable = false;
  let pxnTable = false;
  let nsTable = false;
  for (;;) {
    const shift = level === 1 ? 30 : level === 2 ? 21 : 12;
    const bits = level === 1 ? 2 - tsz : 9;
    const index = level === 1 ? (va >>> 30) & ((1 << bits) - 1) : (va >>> shift) & 0x1ff;
    const addr = table + index * 8;
    const dlo = mem.readPhys32(addr) >>> 0;
    const dhi = mem.readPhys32(addr + 4) >>> 0;
    if (!mem.walkOk) return fault(out, Fault.EXTERNAL_WALK, level, 0);
    const type = dlo & 3;
    if ((type & 1) === 0) return fault(out, Fault.TRANSLATION, level, 0);
    if (level < 3 && type === 3) {
      // Next-level table: bits [39:12].
      table = (dhi & 0xff) * 2 ** 32 + ((dlo & 0xfffff000) >>> 0);
      if ((dhi & 0xff00) !== 0) return fault(out, Fault.ADDRESS_SIZE, level, 0);
      pxnTable ||= (dhi & (1 << 27)) !== 0;
      xnTable ||= (dhi & (1 << 28)) !== 0;
      apTable |= (dhi >>> 29) & 3;
      nsTable ||= (dhi & (1 << 31)) !== 0;
      level++;
      continue;
    }
    if (level === 3 && type !== 3) return fault(out, Fault.TRANSLATION, 3, 0);
    // Block (levels 1, 2) or page (level 3); output address bits above 39 are an address size fault.
    if ((dhi & 0xff00) !== 0) return fault(out, Fault.ADDRESS_SIZE, level, 0);
    const size = level === 1 ? 2 ** 30 : level === 2 ? 2 ** 21 : 4096;
    const outHi = dhi & 0xff;
    const outLo = (dlo & ~(size - 1) & 0xfffff000) >>> 0;
    if (level === 1) {
      out.pa = outHi * 2 ** 32 + ((dlo & 0xc0000000) >>> 0) + (va & 0x3fffffff);
    } else {
      out.pa = outHi * 2 ** 32 + outLo + (va & (size - 1));
    }
    out.size = size;
    out.level = level;
    out.attrs = (dlo >>> 2) & 7;
    out.ns = nsTable || (dlo & (1 << 5)) !== 0;
    out.shareable = ((dlo >>> 8) & 3) !== 0;
    out.nG = (dlo & (1 << 11)) !== 0;
    if ((dlo & (1 << 10)) === 0) return fault(out, Fault.ACCESS_FLAG, level, 0);
    let ap = (dlo >>> 6) & 3; // AP[2:1]
    if ((apTable & 1) !== 0) ap &= ~1; // no PL0 access below
    if ((apTable & 2) !== 0) ap |= 2; // read-only below
    const xn = xnTable || (dhi & (1 << 22)) !== 0;
    if (regime.hyp === true) {
      // Hyp: AP[2] alone decides writability; XN and HSCTLR.WXN decide execution.
      out.perms = (ap & 2) !== 0 ? Perm.PL1_R : Perm.PL1_R | Perm.PL1_W;
      if (!xn && !((regime.sctlr & SCTLR_WXN) !== 0 && (out.perms & Perm.PL1_W) !== 0)) out.perms |= Perm.PL1_X;
      return;
    }
    out.perms = SIMPLE_AP[ap];
    const pxn = pxnTable || (dhi & (1 << 21)) !== 0;
    addExecute(regime, out, xn, pxn);
    return;
  }
}

function fault(out: WalkResult, kind: Fault, level: number, domain: number): void {
  out.fault = kind;
  out.level = level;
  out.domain = domain;
}

/**
 * The fault status for DFSR/IFSR: short format FS[4] at bit 10, FS[3:0] at bits 3:0 and the
 * domain at bits 7:4; long format STATUS at bits 5:0 with bit 9 (LPAE) set.
 */
export function faultStatus(kind: Fault, level: number, domain: number, lpae: boolean): number {
  if (lpae) {
    const lv = level & 3;
    let status: number;
    switch (kind) {
      case Fault.ALIGNMENT:
        status = 0x21;
        break;
      case Fault.TRANSLATION:
        status = 0x04 | lv;
        break;
      case Fault.ACCESS_FLAG:
        status = 0x08 | lv;
        break;
      case Fault.PERMISSION:
        status = 0x0c | lv;
        break;
      case Fault.EXTERNAL:
        status = 0x10;
        break;
      case Fault.EXTERNAL_WALK:
        status = 0x14 | lv;
        break;
      case Fault.ADDRESS_SIZE:
        status = 0x00 | lv;
        break;
      default:
        status = 0x10;
    }
    return (1 << 9) | status;
  }
  let fs: number;
  switch (kind) {
    case Fault.ALIGNMENT:
      fs = 0x01;
      break;
    case Fault.TRANSLATION:
      fs = level === 1 ? 0x05 : 0x07;
      break;
    case Fault.ACCESS_FLAG:
      fs = level === 1 ? 0x03 : 0x06;
      break;
    case Fault.DOMAIN:
      fs = level === 1 ? 0x09 : 0x0b;
      break;
    case Fault.PERMISSION:
      fs = level === 1 ? 0x0d : 0x0f;
      break;
    case Fault.EXTERNAL_WALK:
      fs = level === 1 ? 0x0c : 0x0e;
      break;
    default:
      fs = 0x08;
  }
  return ((fs & 0x10) << 6) | (fs & 0xf) | ((domain & 15) << 4);
}

/** The registers a stage-2 walk reads (VTCR, VTTBR). */
export interface Stage2Regime {
  readonly vtcr: number;
  readonly vttbrLo: number;
  readonly vttbrHi: number;
}

export class Stage2Result {
  fault: Fault = Fault.NONE;
  level = 0;
  /** Physical address of the translated byte. */
  pa = 0;
  /** Size of the mapping in bytes. */
  size = 0;
  /** What stage 2 allows, as Perm bits for both PL1 and PL0 (S2AP read/write, XN). */
  perms = 0;
  /** MemAttr[3:2] = 0: Device memory (HCR.PTW faults stage-1 walks that land there). */
  device = false;
}

const S2_READ = Perm.PL1_R | Perm.PL0_R;
const S2_WRITE = Perm.PL1_W | Perm.PL0_W;
const S2_EXEC = Perm.PL1_X | Perm.PL0_X;

/**
 * Stage 2: translates the intermediate physical address `ipa` (up to 40 bits) with the LPAE
 * tables at VTTBR, shaped by VTCR (T0SZ signed, SL0 the starting level). Fills `out`.
 */
export function walkStage2(regime: Stage2Regime, mem: WalkMemory, ipa: number, out: Stage2Result): void {
  out.fault = Fault.NONE;
  out.device = false;
  const vtcr = regime.vtcr;
  const t0sz = ((vtcr & 0xf) << 28) >> 28;
  const inputBits = 32 - t0sz;
  const sl0 = (vtcr >>> 6) & 3;
  let level = sl0 === 0 ? 2 : 1;
  // Index bits at the starting level; up to 16 concatenated tables are allowed there.
  const startBits = inputBits - (level === 1 ? 30 : 21);
  if (sl0 > 1 || startBits < 1 || startBits > 13) return s2fault(out, Fault.TRANSLATION, level);
  if (ipa >= 2 ** inputBits) return s2fault(out, Fault.TRANSLATION, level);
  const align = 2 ** (startBits + 3);
  let table = (regime.vttbrHi & 0xff) * 2 ** 32 + Math.floor((regime.vttbrLo >>> 0) / align) * align;
  for (;;) {
    const shift = level === 1 ? 30 : level === 2 ? 21 : 12;
    const bits = level === (sl0 === 0 ? 2 : 1) ? startBits : 9;
    const index = Math.floor(ipa / 2 ** shift) % 2 ** bits;
    const addr = table + index * 8;
    const dlo = mem.readPhys32(addr) >>> 0;
    const dhi = mem.readPhys32(addr + 4) >>> 0;
    if (!mem.walkOk) return s2fault(out, Fault.EXTERNAL_WALK, level);
    const type = dlo & 3;
    if ((type & 1) === 0 || (level === 3 && type !== 3)) return s2fault(out, Fault.TRANSLATION, level);
    if ((dhi & 0xff00) !== 0) return s2fault(out, Fault.ADDRESS_SIZE, level);
    if (level < 3 && type === 3) {
      table = (dhi & 0xff) * 2 ** 32 + ((dlo & 0xfffff000) >>> 0);
      level++;
      continue;
    }
    const size = 2 ** shift;
    const base = (dhi & 0xff) * 2 ** 32 + ((dlo & 0xfffff000) >>> 0);
    out.pa = Math.floor(base / size) * size + (ipa % size);
    out.size = size;
    out.level = level;
    if ((dlo & (1 << 10)) === 0) return s2fault(out, Fault.ACCESS_FLAG, level);
    const s2ap = (dlo >>> 6) & 3;
    let perms = 0;
    if (s2ap & 1) perms |= S2_READ;
    if (s2ap & 2) perms |= S2_WRITE;
    // Execution needs stage-2 read permission too (as QEMU models an AArch32 EL2).
    if ((dhi & (1 << 22)) === 0 && (s2ap & 1) !== 0) perms |= S2_EXEC;
    out.perms = perms;
    out.device = ((dlo >>> 4) & 3) === 0;
    return;
  }
}

function s2fault(out: Stage2Result, kind: Fault, level: number): void {
  out.fault = kind;
  out.level = level;
}
