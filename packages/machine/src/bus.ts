// The physical address space: RAM regions backed by typed arrays, MMIO windows of devices,
// and the rules that decide what an access to either does.

/** Width of one device access in bytes. Wider CPU accesses are split by the bus. */
export type AccessSize = 1 | 2 | 4;

/** Highest physical address + 1 (LPAE: 40-bit physical addresses). */
export const PHYS_ADDR_LIMIT = 2 ** 40;

/** What a device may be accessed with; the bus enforces it, so devices need not re-check. */
export interface AccessRules {
  /** Smallest access the device accepts (default 1). Smaller accesses fault. */
  readonly min?: AccessSize;
  /** Largest access the device implements (default 4). */
  readonly max?: AccessSize;
  /** Whether accesses not aligned to their size are accepted (default false: they fault). */
  readonly unaligned?: boolean;
}

/**
 * One register window of a device. Offsets are relative to the window; the device never learns
 * where it is mapped. `read` returns the value zero-extended to 32 bits. `requester` identifies
 * the bus master making the access (the CPU index, as the machine set `AddressSpace.requester`):
 * banked registers such as a GIC's per-CPU interface use it; other devices ignore it.
 */
export interface MmioWindow {
  readonly name: string;
  readonly size: number;
  readonly access?: AccessRules;
  read(offset: number, size: AccessSize, requester: number): number;
  write(offset: number, size: AccessSize, value: number, requester: number): void;
}

/** Why the last slow-path access failed. The CPU turns any non-OK status into an external abort. */
export const BusStatus = {
  Ok: 0,
  /** Nothing is mapped at the address. */
  Unassigned: 1,
  /** The window does not accept an access of this size. */
  BadSize: 2,
  /** The access is not aligned to its size and the window does not accept that. */
  Unaligned: 3,
  /** A write to a read-only RAM region (ROM). */
  ReadOnly: 4,
} as const;
export type BusStatus = (typeof BusStatus)[keyof typeof BusStatus];

/** A failed access, as reported to the optional fault hook (for tracing; the hot path never allocates it). */
export interface BusFault {
  readonly status: BusStatus;
  readonly address: number;
  readonly size: number;
  readonly write: boolean;
  readonly value: number;
}

/** A configuration mistake (overlap, out of range, bad size): thrown while a machine is being built. */
export class BusConfigError extends Error {
  override readonly name = "BusConfigError";
}

/**
 * A region of guest RAM. The CPU's soft TLB caches a reference to `u8`/`u32`/`view` and an offset,
 * so RAM is reached without a call per access.
 * Views are little-endian (the host's order; every supported host is little-endian).
 */
export class RamRegion {
  readonly end: number;
  readonly u8: Uint8Array;
  readonly u16: Uint16Array;
  readonly u32: Uint32Array;
  /** The same words as `u32`, signed: CPUs that keep registers in an Int32Array read this one. */
  readonly i32: Int32Array;
  readonly view: DataView;

  constructor(
    readonly name: string,
    readonly base: number,
    readonly size: number,
    /** False for ROM: the CPU may read it directly, writes go to the slow path and fault. */
    readonly writable = true,
    buffer: ArrayBuffer = new ArrayBuffer(size),
  ) {
    this.end = base + size;
    this.u8 = new Uint8Array(buffer, 0, size);
    this.u16 = new Uint16Array(buffer, 0, size >>> 1);
    this.u32 = new Uint32Array(buffer, 0, size >>> 2);
    this.i32 = new Int32Array(buffer, 0, size >>> 2);
    this.view = new DataView(buffer, 0, size);
  }

  contains(address: number, length = 1): boolean {
    return address >= this.base && address + length <= this.end;
  }
}

interface MappedWindow {
  readonly base: number;
  readonly end: number;
  readonly window: MmioWindow;
  readonly min: number;
  readonly max: number;
  readonly unaligned: boolean;
}

interface Placement {
  readonly name: string;
  readonly base: number;
  readonly end: number;
}

const PAGE_SIZE = 4096;

/**
 * The machine's physical address space. Slow-path accessors (`read`/`write`) serve RAM and MMIO
 * alike and report failures through `status` rather than throwing, so a guest's bad access never
 * unwinds the host. Devices doing DMA use the byte helpers, which also tell RAM-write observers
 * (the CPU's decoded-code cache) which pages changed.
 */
export class AddressSpace {
  /** Status of the most recent `read`/`write`/`readBytes`/`writeBytes`: `BusStatus.Ok` or the reason it failed. */
  status: BusStatus = BusStatus.Ok;
  /** Called on every failed access (optional; for tracing and `--trace mmio`). */
  onFault: ((fault: BusFault) => void) | undefined = undefined;
  /** Who is accessing: the machine sets the running CPU's index here before running it. */
  requester = 0;

  private readonly ram: RamRegion[] = [];
  private readonly mmio: MappedWindow[] = [];
  private readonly placements: Placement[] = [];
  private lastMmio: MappedWindow | undefined;
  private readonly ramWriteObservers: ((address: number, length: number) => void)[] = [];

  /** Adds RAM (or ROM with `writable: false`) at `base`. Size must be a multiple of 4 KiB. */
  addRam(name: string, base: number, size: number, options: { writable?: boolean } = {}): RamRegion {
    this.checkPlacement(name, base, size);
    if (size % PAGE_SIZE !== 0 || base % PAGE_SIZE !== 0) {
      throw new BusConfigError(
        `RAM region "${name}" must be 4 KiB aligned and sized (base ${hex(base)}, size ${hex(size)})`,
      );
    }
    const region = new RamRegion(name, base, size, options.writable ?? true);
    this.ram.push(region);
    this.ram.sort((a, b) => a.base - b.base);
    this.place(name, base, size);
    return region;
  }

  /** Maps a device's register window at `base`. */
  mapMmio(base: number, window: MmioWindow): void {
    this.checkPlacement(window.name, base, window.size);
    const min = window.access?.min ?? 1;
    const max = window.access?.max ?? 4;
    if (min > max) throw new BusConfigError(`window "${window.name}": access.min ${min} > access.max ${max}`);
    this.mmio.push({ base, end: base + window.size, window, min, max, unaligned: window.access?.unaligned ?? false });
    this.mmio.sort((a, b) => a.base - b.base);
    this.place(window.name, base, window.size);
  }

  /** Maps a named region that reads as zero and ignores writes: a placeholder for an unmodelled device. */
  mapRazWi(name: string, base: number, size: number): void {
    this.mapMmio(base, razWiWindow(name, size));
  }

  /** Every mapped region (RAM and MMIO) in address order: for `info mtree`-style listings and DT checks. */
  regions(): readonly Placement[] {
    return this.placements;
  }

  /** The RAM region holding `address`, or undefined. The CPU calls this on a TLB fill, not per access. */
  findRam(address: number): RamRegion | undefined {
    const ram = this.ram;
    for (let i = 0; i < ram.length; i++) {
      const r = ram[i];
      if (address >= r.base && address < r.end) return r;
    }
    return undefined;
  }

  /** The RAM regions in address order. */
  ramRegions(): readonly RamRegion[] {
    return this.ram;
  }

  /** Registers a callback told about writes to RAM that did not come from the CPU's own stores (DMA, loaders). */
  observeRamWrites(observer: (address: number, length: number) => void): () => void {
    this.ramWriteObservers.push(observer);
    return () => {
      const i = this.ramWriteObservers.indexOf(observer);
      if (i >= 0) this.ramWriteObservers.splice(i, 1);
    };
  }

  /** Reads `size` bytes little-endian. On failure returns 0 and sets `status`. */
  read(address: number, size: AccessSize): number {
    const r = this.findRam(address);
    if (r !== undefined && address + size <= r.end) {
      this.status = BusStatus.Ok;
      const off = address - r.base;
      if (size === 4) return r.view.getUint32(off, true);
      if (size === 2) return r.view.getUint16(off, true);
      return r.u8[off];
    }
    const m = this.findMmio(address, size);
    if (m === undefined) return this.fail(BusStatus.Unassigned, address, size, false, 0);
    const check = this.checkAccess(m, address, size);
    if (check !== BusStatus.Ok) return this.fail(check, address, size, false, 0);
    this.status = BusStatus.Ok;
    if (size > m.max) {
      // Split into the widest accesses the device implements, little-endian order.
      let value = 0;
      for (let i = 0; i < size; i += m.max) {
        value += m.window.read(address - m.base + i, m.max as AccessSize, this.requester) * 2 ** (8 * i);
      }
      return value >>> 0;
    }
    return m.window.read(address - m.base, size, this.requester) >>> 0;
  }

  /** Writes the low `size` bytes of `value` little-endian. On failure sets `status`. */
  write(address: number, size: AccessSize, value: number): void {
    const r = this.findRam(address);
    if (r !== undefined && address + size <= r.end) {
      if (!r.writable) {
        this.fail(BusStatus.ReadOnly, address, size, true, value);
        return;
      }
      this.status = BusStatus.Ok;
      const off = address - r.base;
      if (size === 4) r.view.setUint32(off, value, true);
      else if (size === 2) r.view.setUint16(off, value, true);
      else r.u8[off] = value;
      this.notifyRamWrite(address, size);
      return;
    }
    const m = this.findMmio(address, size);
    if (m === undefined) {
      this.fail(BusStatus.Unassigned, address, size, true, value);
      return;
    }
    const check = this.checkAccess(m, address, size);
    if (check !== BusStatus.Ok) {
      this.fail(check, address, size, true, value);
      return;
    }
    this.status = BusStatus.Ok;
    if (size > m.max) {
      const mask = 2 ** (8 * m.max);
      let v = value >>> 0;
      for (let i = 0; i < size; i += m.max) {
        m.window.write(address - m.base + i, m.max as AccessSize, v % mask, this.requester);
        v = Math.floor(v / mask);
      }
      return;
    }
    m.window.write(
      address - m.base,
      size,
      size === 4 ? value >>> 0 : value & (size === 2 ? 0xffff : 0xff),
      this.requester,
    );
  }

  /**
   * Copies guest memory into `dest` (DMA, loaders). Only RAM is read; the copy may straddle
   * adjacent RAM regions. Returns false (and sets `status`) if any byte is not RAM.
   */
  readBytes(address: number, dest: Uint8Array): boolean {
    let done = 0;
    while (done < dest.length) {
      const a = address + done;
      const r = this.findRam(a);
      if (r === undefined) {
        this.fail(BusStatus.Unassigned, a, dest.length - done, false, 0);
        return false;
      }
      const n = Math.min(dest.length - done, r.end - a);
      dest.set(r.u8.subarray(a - r.base, a - r.base + n), done);
      done += n;
    }
    this.status = BusStatus.Ok;
    return true;
  }

  /** Copies `src` into guest RAM, telling RAM-write observers. Returns false (writing nothing) if any byte is not writable RAM. */
  writeBytes(address: number, src: Uint8Array): boolean {
    if (!this.isWritableRam(address, src.length)) return false;
    let done = 0;
    while (done < src.length) {
      const a = address + done;
      const r = this.findRam(a) as RamRegion;
      const n = Math.min(src.length - done, r.end - a);
      r.u8.set(src.subarray(done, done + n), a - r.base);
      done += n;
    }
    this.status = BusStatus.Ok;
    this.notifyRamWrite(address, src.length);
    return true;
  }

  /** Whether every byte of [address, address+length) is writable RAM (sets `status` if not). */
  isWritableRam(address: number, length: number): boolean {
    let a = address;
    const end = address + length;
    while (a < end) {
      const r = this.findRam(a);
      if (r === undefined || !r.writable) {
        this.fail(r === undefined ? BusStatus.Unassigned : BusStatus.ReadOnly, a, end - a, true, 0);
        return false;
      }
      a = r.end;
    }
    return true;
  }

  private notifyRamWrite(address: number, length: number): void {
    const obs = this.ramWriteObservers;
    for (let i = 0; i < obs.length; i++) obs[i](address, length);
  }

  private findMmio(address: number, size: number): MappedWindow | undefined {
    const last = this.lastMmio;
    if (last !== undefined && address >= last.base && address + size <= last.end) return last;
    const list = this.mmio;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const m = list[mid];
      if (address < m.base) hi = mid - 1;
      else if (address >= m.end) lo = mid + 1;
      else {
        if (address + size > m.end) return undefined;
        this.lastMmio = m;
        return m;
      }
    }
    return undefined;
  }

  private checkAccess(m: MappedWindow, address: number, size: number): BusStatus {
    if (size < m.min) return BusStatus.BadSize;
    if (!m.unaligned && (address - m.base) % size !== 0) return BusStatus.Unaligned;
    return BusStatus.Ok;
  }

  private fail(status: BusStatus, address: number, size: number, write: boolean, value: number): 0 {
    this.status = status;
    this.onFault?.({ status, address, size, write, value });
    return 0;
  }

  private checkPlacement(name: string, base: number, size: number): void {
    if (!Number.isSafeInteger(base) || !Number.isSafeInteger(size) || base < 0 || size <= 0) {
      throw new BusConfigError(
        `region "${name}": base ${base} and size ${size} must be non-negative integers, size > 0`,
      );
    }
    if (base + size > PHYS_ADDR_LIMIT) {
      throw new BusConfigError(
        `region "${name}" at ${hex(base)}+${hex(size)} ends beyond the 40-bit physical address space`,
      );
    }
    for (const p of this.placements) {
      if (base < p.end && p.base < base + size) {
        throw new BusConfigError(
          `region "${name}" [${hex(base)}, ${hex(base + size)}) overlaps "${p.name}" [${hex(p.base)}, ${hex(p.end)})`,
        );
      }
    }
  }

  private place(name: string, base: number, size: number): void {
    this.placements.push({ name, base, end: base + size });
    this.placements.sort((a, b) => a.base - b.base);
  }
}

/** A window that reads as zero and ignores writes. */
export function razWiWindow(name: string, size: number): MmioWindow {
  return {
    name,
    size,
    access: { min: 1, max: 4, unaligned: true },
    read: () => 0,
    write: () => {},
  };
}

export function hex(n: number): string {
  return `0x${n.toString(16)}`;
}
