// Virtual time and the event scheduler. Devices never read the host clock: they read `now()` and
// arm timers in virtual nanoseconds. The machine loop moves time forward, either by retired
// instructions (deterministic: the same run replays exactly) or by the host clock (real time).

/** Virtual time in nanoseconds since machine start. Integral and exact below 2^53 (~104 days). */
export type Nanoseconds = number;

/** What a device sees of time. */
export interface Clock {
  now(): Nanoseconds;
  /** A reusable timer; arming it again moves its deadline. Callbacks run with `now()` equal to the deadline. */
  createTimer(name: string, callback: (now: Nanoseconds) => void): ClockTimer;
}

export interface ClockTimer {
  readonly name: string;
  /** The armed deadline, or Infinity when not armed. */
  readonly deadline: Nanoseconds;
  readonly armed: boolean;
  /** Arms (or re-arms) the timer at an absolute virtual time; a deadline in the past fires at the next `advanceTo`. */
  arm(deadline: Nanoseconds): void;
  cancel(): void;
}

class Timer implements ClockTimer {
  deadline: Nanoseconds = Number.POSITIVE_INFINITY;
  /** Position in the scheduler's heap, -1 when not armed. */
  heapIndex = -1;
  /** Arm order, so timers with equal deadlines fire in the order they were armed (determinism). */
  seq = 0;

  constructor(
    private readonly scheduler: EventScheduler,
    readonly name: string,
    readonly callback: (now: Nanoseconds) => void,
  ) {}

  get armed(): boolean {
    return this.heapIndex >= 0;
  }

  arm(deadline: Nanoseconds): void {
    if (Number.isNaN(deadline)) throw new RangeError(`timer ${this.name}: deadline is NaN`);
    this.scheduler.arm(this, deadline);
  }

  cancel(): void {
    this.scheduler.cancel(this);
  }
}

/**
 * A clock plus a min-heap of timers. Time only moves through `advanceTo`, which fires due timers in
 * deadline order and sets `now()` to each deadline as it fires, so callbacks see exact times.
 */
export class EventScheduler implements Clock {
  private time: Nanoseconds = 0;
  private readonly heap: Timer[] = [];
  private seq = 0;

  now(): Nanoseconds {
    return this.time;
  }

  createTimer(name: string, callback: (now: Nanoseconds) => void): ClockTimer {
    return new Timer(this, name, callback);
  }

  /** The earliest armed deadline, or Infinity. */
  nextDeadline(): Nanoseconds {
    return this.heap.length > 0 ? this.heap[0].deadline : Number.POSITIVE_INFINITY;
  }

  /** Number of armed timers. */
  get pending(): number {
    return this.heap.length;
  }

  /** Moves time to `target` (never backwards), firing every timer due on the way. Returns how many fired. */
  advanceTo(target: Nanoseconds): number {
    let fired = 0;
    const heap = this.heap;
    while (heap.length > 0 && heap[0].deadline <= target) {
      const t = heap[0];
      this.removeAt(0);
      if (t.deadline > this.time) this.time = t.deadline;
      t.deadline = Number.POSITIVE_INFINITY;
      fired++;
      t.callback(this.time);
    }
    if (target > this.time) this.time = target;
    return fired;
  }

  /** @internal */
  arm(t: Timer, deadline: Nanoseconds): void {
    if (t.heapIndex >= 0) this.removeAt(t.heapIndex);
    t.deadline = deadline;
    t.seq = this.seq++;
    t.heapIndex = this.heap.length;
    this.heap.push(t);
    this.siftUp(t.heapIndex);
  }

  /** @internal */
  cancel(t: Timer): void {
    if (t.heapIndex < 0) return;
    this.removeAt(t.heapIndex);
    t.deadline = Number.POSITIVE_INFINITY;
  }

  private before(a: Timer, b: Timer): boolean {
    return a.deadline < b.deadline || (a.deadline === b.deadline && a.seq < b.seq);
  }

  private removeAt(i: number): void {
    const heap = this.heap;
    const t = heap[i];
    const last = heap.pop() as Timer;
    t.heapIndex = -1;
    if (i < heap.length) {
      heap[i] = last;
      last.heapIndex = i;
      this.siftDown(i);
      this.siftUp(last.heapIndex);
    }
  }

  private siftUp(i: number): void {
    const heap = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(heap[i], heap[p])) break;
      this.swap(i, p);
      i = p;
    }
  }

  private siftDown(i: number): void {
    const heap = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && this.before(heap[l], heap[m])) m = l;
      if (r < heap.length && this.before(heap[r], heap[m])) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }

  private swap(i: number, j: number): void {
    const heap = this.heap;
    const a = heap[i];
    const b = heap[j];
    heap[i] = b;
    heap[j] = a;
    a.heapIndex = j;
    b.heapIndex = i;
  }
}

/**
 * How the machine loop turns execution into time. Both modes share one contract:
 * run at most `budget()` instructions, report them with `retire(n)`, and when every CPU is idle
 * (WFI) call `idle()` — it returns how long the host should sleep before calling `retire(0)`.
 */
export interface TimeDriver {
  readonly mode: "icount" | "realtime";
  readonly scheduler: EventScheduler;
  /** Instructions the CPUs may run before the next timer is due (at least 1, at most `max`). */
  budget(max: number): number;
  /** Accounts for `n` retired instructions and fires the timers now due. */
  retire(n: number): void;
  /**
   * All CPUs wait for an interrupt. Deterministic mode jumps time to the next deadline and returns 0;
   * real-time mode returns the host nanoseconds until it. Returns Infinity when no timer is armed
   * (nothing can ever wake the machine from inside).
   */
  idle(): Nanoseconds;
}

/** Deterministic time: each retired instruction is `nsPerInstruction` of virtual time (QEMU's icount). */
export class InstructionClock implements TimeDriver {
  readonly mode = "icount" as const;
  private retired = 0;

  constructor(
    readonly scheduler: EventScheduler,
    readonly nsPerInstruction = 1,
  ) {
    if (!(nsPerInstruction > 0) || !Number.isInteger(nsPerInstruction)) {
      throw new RangeError(`nsPerInstruction must be a positive integer, got ${nsPerInstruction}`);
    }
  }

  /** Instructions retired since start. */
  get instructions(): number {
    return this.retired;
  }

  budget(max: number): number {
    const left = (this.scheduler.nextDeadline() - this.scheduler.now()) / this.nsPerInstruction;
    return Math.max(1, Math.min(max, Math.ceil(left)));
  }

  retire(n: number): void {
    this.retired += n;
    this.scheduler.advanceTo(this.scheduler.now() + n * this.nsPerInstruction);
  }

  idle(): Nanoseconds {
    const next = this.scheduler.nextDeadline();
    if (next === Number.POSITIVE_INFINITY) return next;
    this.scheduler.advanceTo(next);
    return 0;
  }
}

/** Real time: virtual time follows a host clock (nanoseconds, monotonic), read only at `retire`/`idle`. */
export class HostClock implements TimeDriver {
  readonly mode = "realtime" as const;
  private readonly start: number;

  constructor(
    readonly scheduler: EventScheduler,
    private readonly hostNow: () => Nanoseconds = () => Math.round(performance.now() * 1e6),
    /** Instructions per slice when no timer bounds it; keeps host-clock reads rare. */
    private readonly slice = 100_000,
  ) {
    this.start = hostNow();
  }

  budget(max: number): number {
    return Math.max(1, Math.min(max, this.slice));
  }

  retire(_n: number): void {
    this.scheduler.advanceTo(Math.max(this.scheduler.now(), this.hostNow() - this.start));
  }

  idle(): Nanoseconds {
    this.retire(0);
    const next = this.scheduler.nextDeadline();
    if (next === Number.POSITIVE_INFINITY) return next;
    return Math.max(0, next - this.scheduler.now());
  }
}
