// A bare machine for CPU tests: RAM at 0 and a "test device" that stops the run.
import { AddressSpace } from "@xena/machine";
import { ArmCpu, type CpuOptions } from "../src/index.js";
import { assemble } from "./asm.js";

export const RAM_SIZE = 0x100000;
/** Writing here ends the test: the value is the result code. */
export const EXIT_ADDR = 0x1000_0000;

export class TestMachine {
  readonly bus = new AddressSpace();
  readonly cpu: ArmCpu;
  exitCode: number | undefined;
  readonly out: number[] = [];

  constructor(options: Partial<CpuOptions> = {}) {
    this.bus.addRam("ram", 0, RAM_SIZE);
    const m = this;
    this.bus.mapMmio(EXIT_ADDR, {
      name: "test-device",
      size: 0x1000,
      read: () => 0,
      write(offset, _size, value) {
        if (offset === 0) {
          m.exitCode = value;
          m.cpu.exitReq = 1;
        } else if (offset === 4) m.out.push(value);
      },
    });
    this.cpu = new ArmCpu({ bus: this.bus, ...options });
  }

  load(bytes: Uint8Array, at = 0): void {
    this.bus.writeBytes(at, bytes);
  }

  /** Runs until the guest writes EXIT_ADDR, halts, or `limit` instructions. */
  run(limit = 1_000_000): number {
    let total = 0;
    while (this.exitCode === undefined && total < limit) {
      const n = this.cpu.run(Math.min(10_000, limit - total));
      total += n;
      if (this.cpu.halted && n === 0) break;
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

/** Assembler macro text that ends a test with code `rc` (clobbers r11, r12). */
export const EXIT = (rc: number | string) =>
  `movw r12, #0\nmovt r12, #0x1000\nmov r11, ${typeof rc === "number" ? `#${rc}` : rc}\nstr r11, [r12]\n1: b 1b`;
