// Test doubles for device packages: drive a device without a machine.
import type { AccessSize, MmioWindow } from "../bus.js";
import type { IrqLine } from "../irq.js";

/** An IRQ line that records every level it is set to (repeats included) and its current level. */
export class RecordingLine implements IrqLine {
  level = false;
  readonly history: boolean[] = [];

  set(level: boolean): void {
    this.level = level;
    this.history.push(level);
  }

  /** Number of low-to-high transitions seen. */
  get risingEdges(): number {
    let n = 0;
    let prev = false;
    for (const l of this.history) {
      if (l && !prev) n++;
      prev = l;
    }
    return n;
  }
}

export interface RecordedAccess {
  readonly write: boolean;
  readonly offset: number;
  readonly size: AccessSize;
  readonly value: number;
}

/** An MMIO window backed by plain memory that records every access: for bus and CPU tests. */
export class RecordingWindow implements MmioWindow {
  readonly accesses: RecordedAccess[] = [];
  private readonly bytes: Uint8Array;

  constructor(
    readonly name: string,
    readonly size: number,
    readonly access: MmioWindow["access"] = undefined,
  ) {
    this.bytes = new Uint8Array(size);
  }

  read(offset: number, size: AccessSize): number {
    let v = 0;
    for (let i = size - 1; i >= 0; i--) v = v * 256 + this.bytes[offset + i];
    this.accesses.push({ write: false, offset, size, value: v });
    return v;
  }

  write(offset: number, size: AccessSize, value: number): void {
    this.accesses.push({ write: true, offset, size, value });
    let v = value >>> 0;
    for (let i = 0; i < size; i++) {
      this.bytes[offset + i] = v & 0xff;
      v >>>= 8;
    }
  }
}
