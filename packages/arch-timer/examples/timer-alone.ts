import assert from "node:assert/strict";
import { GenericTimer } from "@xena/arch-timer";
import { EventScheduler } from "@xena/machine";
import { RecordingLine } from "@xena/machine/testing";

// The machine's clock drives the counter; the virtual timer's output would be GIC PPI 11 (ID 27).
const clock = new EventScheduler();
const virtualTimerLine = new RecordingLine();
const events: number[] = [];
const timer = new GenericTimer({
  clock,
  frequency: 62_500_000, // 16 ns per count, as QEMU
  outputs: [{ virtual: virtualTimerLine }],
  onEvent: () => events.push(clock.now()), // the event stream: the machine wakes WFE with it
});

// What the core does for MCR/MRC/MCRR/MRRC p15 c14, here from a kernel (PL1).
const cpu0 = timer.cpu(0); // give it to the core: new ArmCpu({ timer: cpu0, ... })
const PL0 = 0;
const PL1 = 1;
cpu0.write32("CNTV_TVAL", 625, PL1); // 625 counts = 10 µs from now
cpu0.write32("CNTV_CTL", 1, PL1); // ENABLE
assert.equal(clock.nextDeadline(), 10_000); // one scheduler event at the deadline, no polling

clock.advanceTo(9_999);
assert.equal(virtualTimerLine.level, false);
clock.advanceTo(10_000);
assert.equal(virtualTimerLine.level, true);
assert.equal(cpu0.read32("CNTV_CTL", PL1), 0b101); // ISTATUS | ENABLE
cpu0.write32("CNTV_CTL", 0b11, PL1); // IMASK: the line drops, ISTATUS stays
assert.equal(virtualTimerLine.level, false);

const count = new Uint32Array(2); // [lo, hi]
assert.equal(cpu0.read64("CNTVCT", PL1, count), true);
assert.deepEqual([...count], [625, 0]);

// User mode may read the virtual counter only if the kernel allows it in CNTKCTL.
assert.equal(cpu0.read64("CNTVCT", PL0, count), false); // UNDEFINED
assert.equal(cpu0.refusal, "undefined");
cpu0.write32("CNTKCTL", 1 << 1, PL1); // PL0VCTEN
assert.equal(cpu0.read64("CNTVCT", PL0, count), true);

// CNTVOFF belongs to the hypervisor (PL2): UNDEFINED for the kernel.
assert.equal(cpu0.write64("CNTVOFF", 0, 0, PL1), false);

// The event stream Linux enables: an event each time bit 4 of the virtual count rises.
cpu0.write32("CNTKCTL", (1 << 1) | (4 << 4) | (1 << 2), PL1); // PL0VCTEN, EVNTI 4, EVNTEN
clock.advanceTo(11_024); // count 689
assert.deepEqual(events, [656 * 16, 688 * 16]); // bit 4 rises every 32 counts: at 656 and 688
