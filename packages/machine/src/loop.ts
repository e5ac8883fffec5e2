// The machine loop: runs the cores round-robin, a quantum of instructions each, and moves time.
// With an InstructionClock the interleaving and every device event replay exactly.
import type { AddressSpace } from "./bus.js";
import type { Nanoseconds, TimeDriver } from "./clock.js";

/** What the loop needs of a processor core. */
export interface Core {
  /** Runs up to `budget` instructions; returns how many retired (0 when halted). */
  run(budget: number): number;
  /** Waiting for an interrupt or event (WFI/WFE), or powered off. */
  readonly halted: boolean;
}

export type LoopResult =
  /** The instruction budget given to `run` is used up. */
  | { readonly reason: "budget" }
  /** `stop()` was called (a device asked, e.g. on guest power-off). */
  | { readonly reason: "stopped" }
  /** Every core is halted; in real time the host should sleep `waitNs` before calling `run` again. */
  | { readonly reason: "idle"; readonly waitNs: Nanoseconds }
  /** Every core is halted and no timer is armed: nothing can ever wake the machine. */
  | { readonly reason: "deadlock" };

export class MachineLoop {
  /** Instructions retired by all cores together. */
  instructions = 0;
  private stopRequested = false;

  constructor(
    readonly cores: readonly Core[],
    readonly time: TimeDriver,
    private readonly bus: AddressSpace,
    /** Instructions a core runs before the next one gets its turn. */
    readonly quantum = 10_000,
  ) {
    if (!(quantum >= 1)) throw new RangeError(`quantum must be at least 1, got ${quantum}`);
  }

  /** Makes `run` return at the next quantum boundary. */
  stop(): void {
    this.stopRequested = true;
  }

  /** Runs until `maxInstructions` have retired, the loop is stopped, or the machine idles. */
  run(maxInstructions: number): LoopResult {
    this.stopRequested = false;
    const cores = this.cores;
    let left = maxInstructions;
    while (left > 0) {
      if (this.stopRequested) return { reason: "stopped" };
      let retired = 0;
      for (let i = 0; i < cores.length && !this.stopRequested; i++) {
        // A halted core is asked too: an interrupt raised since may have woken it (it returns 0 if not).
        const n = this.runCore(i, cores[i], Math.min(left, this.quantum));
        retired += n;
        left -= n;
        if (left <= 0) break;
      }
      if (retired === 0) {
        if (this.stopRequested) return { reason: "stopped" };
        const wait = this.time.idle();
        if (wait === Number.POSITIVE_INFINITY) return { reason: "deadlock" };
        if (wait > 0) return { reason: "idle", waitNs: wait };
      }
    }
    return { reason: this.stopRequested ? "stopped" : "budget" };
  }

  private runCore(index: number, core: Core, want: number): number {
    this.bus.requester = index;
    const n = core.run(this.time.budget(want));
    this.instructions += n;
    this.time.retire(n);
    return n;
  }
}
