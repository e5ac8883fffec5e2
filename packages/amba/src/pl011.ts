// ARM PrimeCell PL011 UART (DDI 0183), as QEMU models it for Linux's amba-pl011 driver:
// transmission is instantaneous, the receive FIFO holds 16 characters and interrupts at one.
import type { AccessSize, IrqLine, MmioWindow } from "@xena/machine";

const FIFO_DEPTH = 16;

/** Interrupt bits (RIS/MIS/IMSC/ICR). */
export const Pl011Int = {
  RX: 1 << 4,
  TX: 1 << 5,
  RT: 1 << 6,
  OE: 1 << 10,
} as const;

/** Flag register bits. */
export const Pl011Flag = {
  BUSY: 1 << 3,
  RXFE: 1 << 4,
  TXFF: 1 << 5,
  RXFF: 1 << 6,
  TXFE: 1 << 7,
} as const;

// Peripheral and PrimeCell IDs of an ARM PL011 r1p5 (what Linux's AMBA bus matches on).
const ID = [0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1];

export interface Pl011Options {
  /** The combined interrupt output (UARTINTR). */
  readonly irq: IrqLine;
  /** Receives every transmitted byte. */
  readonly transmit: (byte: number) => void;
  /** Told when the receive FIFO has room again after `receive` refused a byte (flow control). */
  readonly rxReady?: () => void;
}

export class Pl011 implements MmioWindow {
  readonly name = "pl011";
  readonly size = 0x1000;
  readonly access = { min: 1, max: 4 } as const;

  private readonly fifo = new Uint16Array(FIFO_DEPTH);
  private readPos = 0;
  private readCount = 0;
  private intLevel = 0;
  private intEnabled = 0;
  private lcr = 0;
  private cr = 0x300;
  private ifls = 0x12;
  private ibrd = 0;
  private fbrd = 0;
  private ilpr = 0;
  private dmacr = 0;
  private rsr = 0;
  private refused = false;
  private irqLevel = false;

  constructor(private readonly options: Pl011Options) {}

  /** Offers one received byte. Returns false when the FIFO is full (the caller keeps it and waits for `rxReady`). */
  receive(byte: number): boolean {
    const depth = (this.lcr & 0x10) !== 0 ? FIFO_DEPTH : 1;
    if (this.readCount >= depth) {
      this.refused = true;
      return false;
    }
    this.fifo[(this.readPos + this.readCount) % FIFO_DEPTH] = byte & 0xff;
    this.readCount++;
    this.intLevel |= Pl011Int.RX;
    this.update();
    return true;
  }

  /**
   * Whether the guest's driver listens: the receive interrupt is enabled. Bytes offered before
   * then are typically flushed when the driver starts, so a console holds input back until this.
   */
  get receiving(): boolean {
    return (this.intEnabled & (Pl011Int.RX | Pl011Int.RT)) !== 0;
  }

  /** Whether `receive` would accept a byte now. */
  get canReceive(): boolean {
    return this.readCount < ((this.lcr & 0x10) !== 0 ? FIFO_DEPTH : 1);
  }

  read(offset: number, _size: AccessSize): number {
    if (offset >= 0xfe0 && offset < 0x1000) return ID[(offset - 0xfe0) >> 2];
    switch (offset >> 2) {
      case 0: {
        // UARTDR
        if (this.readCount === 0) return 0;
        const c = this.fifo[this.readPos];
        this.readPos = (this.readPos + 1) % FIFO_DEPTH;
        this.readCount--;
        if (this.readCount === 0) this.intLevel &= ~Pl011Int.RX;
        this.update();
        if (this.refused) {
          this.refused = false;
          this.options.rxReady?.();
        }
        return c;
      }
      case 1:
        return this.rsr;
      case 6:
        return this.flags();
      case 8:
        return this.ilpr;
      case 9:
        return this.ibrd;
      case 10:
        return this.fbrd;
      case 11:
        return this.lcr;
      case 12:
        return this.cr;
      case 13:
        return this.ifls;
      case 14:
        return this.intEnabled;
      case 15:
        return this.intLevel;
      case 16:
        return this.intLevel & this.intEnabled;
      case 18:
        return this.dmacr;
      default:
        return 0;
    }
  }

  write(offset: number, _size: AccessSize, value: number): void {
    switch (offset >> 2) {
      case 0:
        // Transmission completes at once, so the TX interrupt (FIFO below its level) is raised.
        this.options.transmit(value & 0xff);
        this.intLevel |= Pl011Int.TX;
        this.update();
        return;
      case 1:
        this.rsr = 0; // UARTECR: clear errors
        return;
      case 8:
        this.ilpr = value & 0xff;
        return;
      case 9:
        this.ibrd = value & 0xffff;
        return;
      case 10:
        this.fbrd = value & 0x3f;
        return;
      case 11:
        // Enabling or disabling the FIFOs flushes them.
        if (((this.lcr ^ value) & 0x10) !== 0) {
          this.readCount = 0;
          this.readPos = 0;
          this.intLevel &= ~Pl011Int.RX;
        }
        this.lcr = value & 0xff;
        this.update();
        return;
      case 12:
        this.cr = value & 0xffff;
        return;
      case 13:
        this.ifls = value & 0x3f;
        return;
      case 14:
        this.intEnabled = value & 0x7ff;
        this.update();
        return;
      case 17:
        this.intLevel &= ~value;
        this.update();
        return;
      case 18:
        this.dmacr = value & 7;
        return;
      default:
        return;
    }
  }

  private flags(): number {
    const depth = (this.lcr & 0x10) !== 0 ? FIFO_DEPTH : 1;
    let f = Pl011Flag.TXFE;
    if (this.readCount === 0) f |= Pl011Flag.RXFE;
    if (this.readCount >= depth) f |= Pl011Flag.RXFF;
    return f;
  }

  private update(): void {
    const level = (this.intLevel & this.intEnabled) !== 0;
    if (level !== this.irqLevel) {
      this.irqLevel = level;
      this.options.irq.set(level);
    }
  }
}
