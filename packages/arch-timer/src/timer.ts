// The ARMv7 generic timer (ARM ARM B8): one system counter shared by every CPU, and per CPU the
// Non-secure physical, virtual, Hyp and Secure physical timers, the CNTKCTL/CNTHCTL controls and
// their event streams. The CPU reaches it through CP15 c14; each timer drives a level line (a GIC
// PPI). Nothing polls: each comparator arms one scheduler timer at the exact virtual time its
// condition changes, re-armed whenever a register write moves that time.

import { type Clock, type ClockTimer, type IrqLine, NO_IRQ } from "@xena/machine";
import { add64, CounterScale, ge64, hiOf, loOf, out64, sub64, toSafe } from "./counter.js";

/** 32-bit CP15 c14 registers (MRC/MCR), named as in the ARM ARM. */
export type TimerReg32 =
  | "CNTFRQ"
  | "CNTKCTL"
  | "CNTP_TVAL"
  | "CNTP_CTL"
  | "CNTV_TVAL"
  | "CNTV_CTL"
  | "CNTHCTL"
  | "CNTHP_TVAL"
  | "CNTHP_CTL";

/** 64-bit CP15 c14 registers (MRRC/MCRR). */
export type TimerReg64 = "CNTPCT" | "CNTVCT" | "CNTP_CVAL" | "CNTV_CVAL" | "CNTVOFF" | "CNTHP_CVAL";

/** The four timers of a CPU. */
export type TimerName = "physical" | "virtual" | "hyp" | "securePhysical";

/** Why the last refused access was refused: an UNDEFINED instruction, or a trap to Hyp mode (CNTHCTL). */
export type TimerRefusal = "undefined" | "hyp-trap";

/** PPI number (DT cell; interrupt ID − 16) of each timer on the Cortex-A15 and in QEMU's machines. */
export const TIMER_PPI: Readonly<Record<TimerName, number>> = {
  securePhysical: 13,
  physical: 14,
  virtual: 11,
  hyp: 10,
};

/** GIC interrupt ID of each timer on the Cortex-A15 (PPI + 16). */
export const TIMER_INTID: Readonly<Record<TimerName, number>> = {
  securePhysical: 29,
  physical: 30,
  virtual: 27,
  hyp: 26,
};

/** The counter frequency QEMU's machines use (1 GHz / 16): 62.5 MHz. */
export const DEFAULT_FREQUENCY = 62_500_000;

/** Output lines of one CPU's timers (absent ones are left unconnected). */
export type TimerOutputs = Partial<Readonly<Record<TimerName, IrqLine>>>;

export interface GenericTimerOptions {
  /** The machine clock; the counter is derived from its nanoseconds. */
  readonly clock: Clock;
  /** Number of CPUs (default: `outputs.length`, or 1). */
  readonly cpus?: number;
  /** Per CPU, the lines the timers drive (normally GIC PPI inputs, see `TIMER_PPI`). */
  readonly outputs?: readonly TimerOutputs[];
  /** Counter frequency in Hz, also CNTFRQ's reset value (default 62.5 MHz). */
  readonly frequency?: number;
  /** Called for each event of a CPU's event streams (CNTKCTL/CNTHCTL.EVNTEN): the machine wakes WFE with it. */
  readonly onEvent?: (cpu: number) => void;
  /**
   * Whether the processor has the Security Extensions (default true, as the Cortex-A15). CNTFRQ is
   * then writable only from Secure PL1; without them, from Hyp mode (the highest privilege level).
   */
  readonly securityExtensions?: boolean;
}

// CNTKCTL bits.
const PL0PCTEN = 1 << 0;
const PL0VCTEN = 1 << 1;
const EVNTEN = 1 << 2;
const EVNTDIR = 1 << 3;
const PL0VTEN = 1 << 8;
const PL0PTEN = 1 << 9;
// CNTHCTL bits (EVNTEN/EVNTDIR/EVNTI as in CNTKCTL).
const PL1PCTEN = 1 << 0;
const PL1PCEN = 1 << 1;
/** ARMv7 requires CNTHCTL.PL1PCEN and PL1PCTEN to reset to 1 (QEMU resets CNTHCTL to 3 too). */
const CNTHCTL_RESET = PL1PCTEN | PL1PCEN;
// CNTx_CTL bits.
const ENABLE = 1 << 0;
const IMASK = 1 << 1;
const ISTATUS = 1 << 2;

/** Saved state of one timer. */
export interface ComparatorState {
  readonly ctl: number;
  readonly cvalHi: number;
  readonly cvalLo: number;
}

/** Saved state of one CPU's timer registers. */
export interface TimerCpuState {
  readonly cntfrq: number;
  readonly cntkctl: number;
  readonly cnthctl: number;
  readonly cntvoffHi: number;
  readonly cntvoffLo: number;
  readonly secure: boolean;
  readonly timers: Readonly<Record<TimerName, ComparatorState>>;
}

/** Saved state of the generic timer (plain JSON-safe data). The counter itself is the clock. */
export interface GenericTimerState {
  readonly version: 1;
  readonly cpus: readonly TimerCpuState[];
}

/** One compare-value timer: CTL and CVAL, its output level and its scheduler timer. */
class Comparator {
  ctl = 0;
  cvalHi = 0;
  cvalLo = 0;
  level = false;
  readonly deadline: ClockTimer;

  constructor(
    private readonly owner: TimerCpu,
    /** Counts against the virtual counter (CNTPCT − CNTVOFF) rather than the physical one. */
    readonly virtual: boolean,
    private readonly output: IrqLine,
    name: string,
    clock: Clock,
  ) {
    this.deadline = clock.createTimer(name, () => this.update());
  }

  /** Loads the current count of this timer's counter into `out64`. */
  private loadCount(): number {
    const p = this.owner.physicalCount();
    if (this.virtual) sub64(hiOf(p), loOf(p), this.owner.voffHi, this.owner.voffLo);
    else {
      out64.hi = hiOf(p);
      out64.lo = loOf(p);
    }
    return p;
  }

  /** ISTATUS: the timer condition (count ≥ CVAL, unsigned 64-bit) while enabled; 0 when disabled, as QEMU. */
  conditionMet(): boolean {
    if ((this.ctl & ENABLE) === 0) return false;
    this.loadCount();
    return ge64(out64.hi, out64.lo, this.cvalHi, this.cvalLo);
  }

  readCtl(): number {
    return this.ctl | (this.conditionMet() ? ISTATUS : 0);
  }

  writeCtl(value: number): void {
    this.ctl = value & (ENABLE | IMASK);
    this.update();
  }

  /** TVAL reads CVAL − count, truncated to 32 bits. */
  readTval(): number {
    this.loadCount();
    return (this.cvalLo - out64.lo) >>> 0;
  }

  /** TVAL writes set CVAL = count + SignExtend(value). */
  writeTval(value: number): void {
    this.loadCount();
    const v = value >>> 0;
    add64(out64.hi, out64.lo, v >= 0x8000_0000 ? 0xffff_ffff : 0, v);
    this.cvalHi = out64.hi;
    this.cvalLo = out64.lo;
    this.update();
  }

  writeCval(lo: number, hi: number): void {
    this.cvalLo = lo >>> 0;
    this.cvalHi = hi >>> 0;
    this.update();
  }

  /** Recomputes the output level and arms the scheduler timer at the next time it can change. */
  update(): void {
    const active = (this.ctl & (ENABLE | IMASK)) === ENABLE;
    if (!active) {
      this.setLevel(false);
      this.deadline.cancel();
      return;
    }
    const p = this.loadCount();
    const vHi = out64.hi;
    const vLo = out64.lo;
    const met = ge64(vHi, vLo, this.cvalHi, this.cvalLo);
    this.setLevel(met);
    // Not met: it will be when the count reaches CVAL. Met: it stays met until the 64-bit count
    // wraps to zero (reachable only for a virtual count just below 2^64, i.e. CNTVOFF > CNTPCT).
    if (met) sub64(0, 0, vHi, vLo);
    else sub64(this.cvalHi, this.cvalLo, vHi, vLo);
    const distance = toSafe(out64.hi, out64.lo);
    const target = p + distance;
    if (distance === 0 || target >= 2 ** 53) this.deadline.cancel();
    else this.deadline.arm(this.owner.timeOfCount(target));
  }

  private setLevel(level: boolean): void {
    if (level === this.level) return;
    this.level = level;
    this.output.set(level);
  }

  save(): ComparatorState {
    return { ctl: this.ctl, cvalHi: this.cvalHi, cvalLo: this.cvalLo };
  }

  load(s: ComparatorState): void {
    this.ctl = s.ctl & (ENABLE | IMASK);
    this.cvalHi = s.cvalHi >>> 0;
    this.cvalLo = s.cvalLo >>> 0;
    this.update();
  }
}

/**
 * One CPU's view of the generic timer: what the core forwards CP15 c14 accesses to
 * (structurally the `GenericTimerPort` of `@xena/cpu-armv7ve`). `pl` is the privilege level of the
 * access (0 user, 1 kernel, 2 Hyp); a refused access returns undefined/false and records why in
 * `refusal` ("undefined", or "hyp-trap" when CNTHCTL traps a Non-secure PL0/PL1 access to Hyp).
 */
export class TimerCpu {
  /** CNTFRQ as software sees it (the counting rate itself is fixed by the platform). */
  cntfrq: number;
  cntkctl = 0;
  cnthctl = CNTHCTL_RESET;
  voffHi = 0;
  voffLo = 0;
  /**
   * Whether the core is in Secure state (default false: xena's core runs Non-secure). In Secure
   * state CNTP_* reach the Secure physical timer and the CNTHCTL traps do not apply.
   */
  secure = false;
  /** Why the most recent refused access was refused. */
  refusal: TimerRefusal = "undefined";

  readonly physical: Comparator;
  readonly virtual: Comparator;
  readonly hyp: Comparator;
  readonly securePhysical: Comparator;
  private readonly kernelEvents: ClockTimer;
  private readonly hypEvents: ClockTimer;

  constructor(
    private readonly timer: GenericTimer,
    readonly index: number,
    outputs: TimerOutputs,
    clock: Clock,
    private readonly onEvent: ((cpu: number) => void) | undefined,
  ) {
    this.cntfrq = timer.frequency;
    const name = `arch-timer.cpu${index}`;
    this.physical = new Comparator(this, false, outputs.physical ?? NO_IRQ, `${name}.physical`, clock);
    this.virtual = new Comparator(this, true, outputs.virtual ?? NO_IRQ, `${name}.virtual`, clock);
    this.hyp = new Comparator(this, false, outputs.hyp ?? NO_IRQ, `${name}.hyp`, clock);
    this.securePhysical = new Comparator(
      this,
      false,
      outputs.securePhysical ?? NO_IRQ,
      `${name}.secure-physical`,
      clock,
    );
    this.kernelEvents = clock.createTimer(`${name}.cntkctl-events`, () => this.fireEvent(true));
    this.hypEvents = clock.createTimer(`${name}.cnthctl-events`, () => this.fireEvent(false));
  }

  /** CNTPCT now (below 2^53). */
  physicalCount(): number {
    return this.timer.count();
  }

  /** @internal */
  timeOfCount(count: number): number {
    return this.timer.timeOfCount(count);
  }

  /** The output level of one timer (what its line was last set to). */
  level(name: TimerName): boolean {
    return this[name].level;
  }

  // ---- access checks -------------------------------------------------------------------------

  private refuse(why: TimerRefusal): false {
    this.refusal = why;
    return false;
  }

  /** CNTP_*: PL0 needs CNTKCTL.PL0PTEN; Non-secure PL0/PL1 trap to Hyp unless CNTHCTL.PL1PCEN. */
  private physicalTimerAccess(pl: number): boolean {
    if (pl === 0 && (this.cntkctl & PL0PTEN) === 0) return this.refuse("undefined");
    if (!this.secure && pl < 2 && (this.cnthctl & PL1PCEN) === 0) return this.refuse("hyp-trap");
    return true;
  }

  private virtualTimerAccess(pl: number): boolean {
    return pl !== 0 || (this.cntkctl & PL0VTEN) !== 0 || this.refuse("undefined");
  }

  /** CNTVOFF, CNTHCTL, CNTHP_*: Hyp mode only (UNDEFINED at PL1 and PL0). */
  private hypAccess(pl: number): boolean {
    return (pl === 2 && !this.secure) || this.refuse("undefined");
  }

  private get physicalTimer(): Comparator {
    return this.secure ? this.securePhysical : this.physical;
  }

  // ---- GenericTimerPort ----------------------------------------------------------------------

  read32(reg: TimerReg32, pl: number): number | undefined {
    switch (reg) {
      case "CNTFRQ":
        if (pl === 0 && (this.cntkctl & (PL0PCTEN | PL0VCTEN)) === 0) return this.undef();
        return this.cntfrq;
      case "CNTKCTL":
        return pl === 0 ? this.undef() : this.cntkctl;
      case "CNTP_TVAL":
        return this.physicalTimerAccess(pl) ? this.physicalTimer.readTval() : undefined;
      case "CNTP_CTL":
        return this.physicalTimerAccess(pl) ? this.physicalTimer.readCtl() : undefined;
      case "CNTV_TVAL":
        return this.virtualTimerAccess(pl) ? this.virtual.readTval() : undefined;
      case "CNTV_CTL":
        return this.virtualTimerAccess(pl) ? this.virtual.readCtl() : undefined;
      case "CNTHCTL":
        return this.hypAccess(pl) ? this.cnthctl : undefined;
      case "CNTHP_TVAL":
        return this.hypAccess(pl) ? this.hyp.readTval() : undefined;
      case "CNTHP_CTL":
        return this.hypAccess(pl) ? this.hyp.readCtl() : undefined;
      default:
        return this.undef();
    }
  }

  write32(reg: TimerReg32, value: number, pl: number): boolean {
    switch (reg) {
      case "CNTFRQ":
        // Writable only at the highest privilege level: Secure PL1 with the Security Extensions.
        if (pl === 0 || !(this.secure || (!this.timer.securityExtensions && pl === 2))) return this.refuse("undefined");
        this.cntfrq = value >>> 0;
        return true;
      case "CNTKCTL":
        if (pl === 0) return this.refuse("undefined");
        this.cntkctl = value >>> 0; // bits [31:10] are UNK/SBZP: kept, as QEMU does
        this.armEvents(true);
        return true;
      case "CNTP_TVAL":
        if (!this.physicalTimerAccess(pl)) return false;
        this.physicalTimer.writeTval(value);
        return true;
      case "CNTP_CTL":
        if (!this.physicalTimerAccess(pl)) return false;
        this.physicalTimer.writeCtl(value);
        return true;
      case "CNTV_TVAL":
        if (!this.virtualTimerAccess(pl)) return false;
        this.virtual.writeTval(value);
        return true;
      case "CNTV_CTL":
        if (!this.virtualTimerAccess(pl)) return false;
        this.virtual.writeCtl(value);
        return true;
      case "CNTHCTL":
        if (!this.hypAccess(pl)) return false;
        this.cnthctl = value >>> 0; // bits [31:8] are UNK/SBZP: kept, as QEMU does
        this.armEvents(false);
        return true;
      case "CNTHP_TVAL":
        if (!this.hypAccess(pl)) return false;
        this.hyp.writeTval(value);
        return true;
      case "CNTHP_CTL":
        if (!this.hypAccess(pl)) return false;
        this.hyp.writeCtl(value);
        return true;
      default:
        return this.refuse("undefined");
    }
  }

  read64(reg: TimerReg64, pl: number, out: Uint32Array): boolean {
    switch (reg) {
      case "CNTPCT": {
        if (pl === 0 && (this.cntkctl & PL0PCTEN) === 0) return this.refuse("undefined");
        if (!this.secure && pl < 2 && (this.cnthctl & PL1PCTEN) === 0) return this.refuse("hyp-trap");
        const p = this.physicalCount();
        out[0] = loOf(p);
        out[1] = hiOf(p);
        return true;
      }
      case "CNTVCT": {
        if (pl === 0 && (this.cntkctl & PL0VCTEN) === 0) return this.refuse("undefined");
        const p = this.physicalCount();
        sub64(hiOf(p), loOf(p), this.voffHi, this.voffLo);
        out[0] = out64.lo;
        out[1] = out64.hi;
        return true;
      }
      case "CNTP_CVAL":
        return this.physicalTimerAccess(pl) && readCval(this.physicalTimer, out);
      case "CNTV_CVAL":
        return this.virtualTimerAccess(pl) && readCval(this.virtual, out);
      case "CNTVOFF":
        if (!this.hypAccess(pl)) return false;
        out[0] = this.voffLo;
        out[1] = this.voffHi;
        return true;
      case "CNTHP_CVAL":
        return this.hypAccess(pl) && readCval(this.hyp, out);
      default:
        return this.refuse("undefined");
    }
  }

  write64(reg: TimerReg64, lo: number, hi: number, pl: number): boolean {
    switch (reg) {
      case "CNTP_CVAL":
        if (!this.physicalTimerAccess(pl)) return false;
        this.physicalTimer.writeCval(lo, hi);
        return true;
      case "CNTV_CVAL":
        if (!this.virtualTimerAccess(pl)) return false;
        this.virtual.writeCval(lo, hi);
        return true;
      case "CNTVOFF":
        if (!this.hypAccess(pl)) return false;
        this.voffLo = lo >>> 0;
        this.voffHi = hi >>> 0;
        this.virtual.update();
        this.armEvents(true);
        return true;
      case "CNTHP_CVAL":
        if (!this.hypAccess(pl)) return false;
        this.hyp.writeCval(lo, hi);
        return true;
      default:
        // CNTPCT and CNTVCT are read-only: MCRR to them is UNDEFINED.
        return this.refuse("undefined");
    }
  }

  private undef(): undefined {
    this.refusal = "undefined";
    return undefined;
  }

  // ---- event streams -------------------------------------------------------------------------

  /**
   * Arms the next event of one stream: CNTKCTL's watches bit EVNTI of the virtual counter, CNTHCTL's
   * the same bit of the physical counter; an event fires when it goes 0→1 (EVNTDIR 0) or 1→0.
   */
  private armEvents(kernel: boolean): void {
    const ctl = kernel ? this.cntkctl : this.cnthctl;
    const t = kernel ? this.kernelEvents : this.hypEvents;
    if ((ctl & EVNTEN) === 0 || this.onEvent === undefined) {
      t.cancel();
      return;
    }
    const bit = (ctl >>> 4) & 0xf;
    const period = 2 << bit; // the watched bit repeats every 2^(bit+1) counts
    const wanted = (ctl & EVNTDIR) === 0 ? 1 << bit : 0; // low bits right after the transition
    const p = this.physicalCount();
    const low = ((kernel ? loOf(p) - this.voffLo : loOf(p)) >>> 0) & (period - 1);
    const ahead = (wanted - low) & (period - 1);
    t.arm(this.timeOfCount(p + (ahead === 0 ? period : ahead)));
  }

  private fireEvent(kernel: boolean): void {
    this.armEvents(kernel);
    this.onEvent?.(this.index);
  }

  // ---- reset and state -----------------------------------------------------------------------

  reset(): void {
    this.cntfrq = this.timer.frequency;
    this.cntkctl = 0;
    this.cnthctl = CNTHCTL_RESET;
    this.voffHi = 0;
    this.voffLo = 0;
    this.refusal = "undefined";
    for (const c of [this.physical, this.virtual, this.hyp, this.securePhysical]) {
      c.ctl = 0;
      c.cvalHi = 0;
      c.cvalLo = 0;
      c.update();
    }
    this.armEvents(true);
    this.armEvents(false);
  }

  saveState(): TimerCpuState {
    return {
      cntfrq: this.cntfrq,
      cntkctl: this.cntkctl,
      cnthctl: this.cnthctl,
      cntvoffHi: this.voffHi,
      cntvoffLo: this.voffLo,
      secure: this.secure,
      timers: {
        physical: this.physical.save(),
        virtual: this.virtual.save(),
        hyp: this.hyp.save(),
        securePhysical: this.securePhysical.save(),
      },
    };
  }

  restoreState(s: TimerCpuState): void {
    this.cntfrq = s.cntfrq >>> 0;
    this.cntkctl = s.cntkctl >>> 0;
    this.cnthctl = s.cnthctl >>> 0;
    this.voffHi = s.cntvoffHi >>> 0;
    this.voffLo = s.cntvoffLo >>> 0;
    this.secure = s.secure;
    this.physical.load(s.timers.physical);
    this.virtual.load(s.timers.virtual);
    this.hyp.load(s.timers.hyp);
    this.securePhysical.load(s.timers.securePhysical);
    this.armEvents(true);
    this.armEvents(false);
  }
}

function readCval(c: Comparator, out: Uint32Array): true {
  out[0] = c.cvalLo;
  out[1] = c.cvalHi;
  return true;
}

/**
 * The generic timer of a cluster: the system counter plus one `TimerCpu` per core. The counter is
 * floor(now · frequency / 1e9) of the injected clock, exact for counts below 2^53.
 */
export class GenericTimer {
  readonly frequency: number;
  readonly securityExtensions: boolean;
  private readonly scale: CounterScale;
  private readonly clock: Clock;
  private readonly ports: TimerCpu[] = [];

  constructor(options: GenericTimerOptions) {
    const cpus = options.cpus ?? options.outputs?.length ?? 1;
    if (!Number.isInteger(cpus) || cpus < 1 || cpus > 8) throw new RangeError(`cpus must be 1..8, got ${cpus}`);
    if ((options.outputs?.length ?? 0) > cpus) {
      throw new RangeError(`outputs given for ${options.outputs?.length} CPUs, but cpus is ${cpus}`);
    }
    this.frequency = options.frequency ?? DEFAULT_FREQUENCY;
    this.scale = new CounterScale(this.frequency);
    this.securityExtensions = options.securityExtensions ?? true;
    this.clock = options.clock;
    for (let i = 0; i < cpus; i++) {
      this.ports.push(new TimerCpu(this, i, options.outputs?.[i] ?? {}, options.clock, options.onEvent));
    }
  }

  /** Number of CPUs. */
  get cpus(): number {
    return this.ports.length;
  }

  /** The register interface of CPU `index`: hand it to that core as its `timer`. */
  cpu(index: number): TimerCpu {
    const p = this.ports[index];
    if (p === undefined) throw new RangeError(`the generic timer has no CPU ${index}`);
    return p;
  }

  /** The system counter (CNTPCT) now. */
  count(): number {
    return this.scale.countAt(this.clock.now());
  }

  /** The first virtual time (ns) at which the counter reaches `count`. */
  timeOfCount(count: number): number {
    return this.scale.timeOf(count);
  }

  /** Resets every CPU's timer registers (the counter keeps following the clock). */
  reset(): void {
    for (const p of this.ports) p.reset();
  }

  saveState(): GenericTimerState {
    return { version: 1, cpus: this.ports.map((p) => p.saveState()) };
  }

  /** Restores registers saved by `saveState` (same number of CPUs) and re-arms every deadline. */
  restoreState(state: GenericTimerState): void {
    if (state.version !== 1) throw new Error(`unsupported generic timer state version ${state.version}`);
    if (state.cpus.length !== this.ports.length) {
      throw new Error(`state has ${state.cpus.length} CPUs, this timer ${this.ports.length}`);
    }
    for (let i = 0; i < state.cpus.length; i++) this.ports[i].restoreState(state.cpus[i]);
  }
}
