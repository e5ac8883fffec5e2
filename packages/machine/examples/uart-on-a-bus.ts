import assert from "node:assert/strict";
import {
  AddressSpace,
  BusStatus,
  type Clock,
  type ClockTimer,
  EventScheduler,
  InstructionClock,
  type IrqLine,
  type MmioWindow,
} from "@xena/machine";
import { RecordingLine } from "@xena/machine/testing";

// A toy device: one data register; writing it raises the IRQ line 100 ns later.
class Doorbell implements MmioWindow {
  readonly name = "doorbell";
  readonly size = 0x1000;
  readonly access = { min: 4, max: 4 } as const;
  private value = 0;
  private readonly ring: ClockTimer;

  constructor(
    private readonly irq: IrqLine,
    private readonly clock: Clock,
  ) {
    this.ring = clock.createTimer("doorbell", () => irq.set(true));
  }

  read(offset: number): number {
    return offset === 0 ? this.value : 0;
  }

  write(offset: number, _size: number, value: number): void {
    if (offset !== 0) return;
    this.value = value;
    this.irq.set(false);
    this.ring.arm(this.clock.now() + 100);
  }
}

const scheduler = new EventScheduler();
const time = new InstructionClock(scheduler); // 1 instruction = 1 ns, deterministic
const bus = new AddressSpace();
const ram = bus.addRam("ram", 0x4000_0000, 0x10_0000);
const irq = new RecordingLine();
bus.mapMmio(0x0900_0000, new Doorbell(irq, scheduler));

bus.write(0x4000_0000, 4, 0xe320f003); // RAM through the slow path...
assert.equal(ram.u32[0], 0xe320f003); // ...is the same typed array the CPU reads directly

bus.write(0x0900_0000, 4, 42);
assert.equal(bus.read(0x0900_0000, 4), 42);
bus.read(0x0900_0001, 1); // the doorbell only takes word accesses
assert.equal(bus.status, BusStatus.BadSize);
bus.read(0x0a00_0000, 4); // nothing there: the CPU would take an external abort
assert.equal(bus.status, BusStatus.Unassigned);

time.retire(99);
assert.equal(irq.level, false);
time.retire(1);
assert.equal(irq.level, true);
