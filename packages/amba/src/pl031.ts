// ARM PrimeCell PL031 real-time clock (DDI 0224): a 32-bit seconds counter with a match
// interrupt. Time comes from the machine clock (virtual nanoseconds) plus an epoch, so a
// deterministic machine reads the same date on every run.
import type { AccessSize, Clock, ClockTimer, IrqLine, MmioWindow } from "@xena/machine";

const ID = [0x31, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1];
const NS_PER_S = 1_000_000_000;

export interface Pl031Options {
  readonly irq: IrqLine;
  readonly clock: Clock;
  /** Seconds since 1970 that the RTC reads at virtual time 0. */
  readonly epochSeconds: number;
}

export class Pl031 implements MmioWindow {
  readonly name = "pl031";
  readonly size = 0x1000;
  readonly access = { min: 4, max: 4 } as const;

  /** Added to epoch + elapsed seconds (changed by writes to RTCLR). */
  private offset = 0;
  private match = 0;
  private control = 1;
  private mask = 0;
  private raw = 0;
  private irqLevel = false;
  private readonly matchTimer: ClockTimer;

  constructor(private readonly options: Pl031Options) {
    this.matchTimer = options.clock.createTimer("pl031-match", () => {
      this.raw = 1;
      this.update();
    });
  }

  /** The counter value now (RTCDR). */
  get seconds(): number {
    return (this.options.epochSeconds + Math.floor(this.options.clock.now() / NS_PER_S) + this.offset) >>> 0;
  }

  read(offset: number, _size: AccessSize): number {
    if (offset >= 0xfe0 && offset < 0x1000) return ID[(offset - 0xfe0) >> 2];
    switch (offset) {
      case 0x00:
        return this.seconds;
      case 0x04:
        return this.match;
      case 0x08:
        return this.seconds;
      case 0x0c:
        return this.control;
      case 0x10:
        return this.mask;
      case 0x14:
        return this.raw;
      case 0x18:
        return this.raw & this.mask;
      default:
        return 0;
    }
  }

  write(offset: number, _size: AccessSize, value: number): void {
    switch (offset) {
      case 0x04:
        this.match = value >>> 0;
        this.armMatch();
        return;
      case 0x08:
        this.offset += ((value >>> 0) - this.seconds) | 0;
        this.armMatch();
        return;
      case 0x0c:
        this.control = value & 1;
        return;
      case 0x10:
        this.mask = value & 1;
        this.update();
        return;
      case 0x1c:
        this.raw &= ~value;
        this.update();
        return;
      default:
        return;
    }
  }

  /** Schedules the match interrupt for the moment the counter next equals RTCMR. */
  private armMatch(): void {
    const now = this.options.clock.now();
    const secondsLeft = (this.match - this.seconds) >>> 0; // 0 means "now"; wraps modulo 2^32
    if (secondsLeft === 0) {
      this.matchTimer.arm(now);
      return;
    }
    const nextSecond = (Math.floor(now / NS_PER_S) + 1) * NS_PER_S;
    this.matchTimer.arm(nextSecond + (secondsLeft - 1) * NS_PER_S);
  }

  private update(): void {
    const level = (this.raw & this.mask) !== 0;
    if (level !== this.irqLevel) {
      this.irqLevel = level;
      this.options.irq.set(level);
    }
  }
}
