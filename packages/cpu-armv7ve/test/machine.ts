// A bare machine for CPU tests: RAM at 0 and a test device that ends the run, logs values and
// drives the CPU's IRQ/FIQ lines (directly or after a delay in virtual time).
import { AddressSpace, EventScheduler, InstructionClock } from "@xena/machine";
import { ArmCpu, type CpuOptions } from "../src/index.js";
import { assemble } from "./asm.js";

export const RAM_SIZE = 0x800000;
/** The test device. Offsets: 0 exit code, 4 log a value, 8 IRQ level, 0xc FIQ level, 0x10 raise IRQ after N ns. */
export const TEST_DEVICE = 0x1000_0000;
export const EXIT_ADDR = TEST_DEVICE;

export class TestMachine {
  readonly bus = new AddressSpace();
  readonly scheduler = new EventScheduler();
  readonly clock = new InstructionClock(this.scheduler);
  readonly cpu: ArmCpu;
  exitCode: number | undefined;
  readonly log: number[] = [];
  /** Same as `log` (older name). */
  get out(): number[] {
    return this.log;
  }

  constructor(options: Partial<CpuOptions> = {}) {
    this.bus.addRam("ram", 0, RAM_SIZE);
    const m = this;
    const irqTimer = this.scheduler.createTimer("test-irq", () => m.cpu.irq.set(true));
    this.bus.mapMmio(TEST_DEVICE, {
      name: "test-device",
      size: 0x1000,
      read: (offset) => (offset === 0x14 ? m.scheduler.now() >>> 0 : 0),
      write(offset, _size, value) {
        switch (offset) {
          case 0:
            m.exitCode = value;
            m.cpu.exitReq = 1;
            break;
          case 4:
            m.log.push(value);
            break;
          case 8:
            m.cpu.irq.set(value !== 0);
            break;
          case 0xc:
            m.cpu.fiq.set(value !== 0);
            break;
          case 0x10:
            irqTimer.arm(m.scheduler.now() + value);
            break;
        }
      },
    });
    this.cpu = new ArmCpu({ bus: this.bus, ...options });
  }

  load(bytes: Uint8Array, at = 0): void {
    this.bus.writeBytes(at, bytes);
  }

  /** Runs until the guest writes the exit register, sleeps with nothing to wake it, or `limit` instructions. */
  run(limit = 1_000_000): number {
    let total = 0;
    while (this.exitCode === undefined && total < limit) {
      const n = this.cpu.run(this.clock.budget(Math.min(10_000, limit - total)));
      total += n;
      this.clock.retire(n);
      if (this.cpu.halted && this.clock.idle() === Number.POSITIVE_INFINITY) break;
    }
    return total;
  }
}

/** Assembles `source` (ARM) at 0, runs it to `exit` and returns the machine. */
export function runArm(source: string, setup?: (m: TestMachine) => void, limit?: number): TestMachine {
  const m = new TestMachine();
  m.load(assemble(source));
  setup?.(m);
  m.run(limit);
  return m;
}

/** Assembler text that ends a test with code `rc` (clobbers r11, r12). */
export const EXIT = (rc: number | string) =>
  `movw r12, #0\nmovt r12, #0x1000\nmov r11, ${typeof rc === "number" ? `#${rc}` : rc}\nstr r11, [r12]\n1: b 1b`;
