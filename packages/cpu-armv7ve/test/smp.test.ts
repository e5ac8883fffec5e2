// Several cores on one address space, interleaved deterministically by the machine loop.
import { AddressSpace, EventScheduler, InstructionClock, MachineLoop } from "@xena/machine";
import { describe, expect, it } from "vitest";
import { ArmCpu, connectCluster } from "../src/index.js";
import { assemble } from "./asm.js";

function cluster(n: number, source: string, quantum: number) {
  const bus = new AddressSpace();
  bus.addRam("ram", 0, 0x100000);
  bus.writeBytes(0, assemble(source));
  const cpus = Array.from({ length: n }, (_, i) => new ArmCpu({ bus, index: i, clusterSize: n }));
  connectCluster(cpus);
  const scheduler = new EventScheduler();
  const loop = new MachineLoop(cpus, new InstructionClock(scheduler), bus, quantum);
  return { bus, cpus, loop, scheduler };
}

// Each core adds 1 to a shared counter 1000 times with LDREX/STREX, then counts itself done.
const ATOMIC_COUNTER = `
    mrc p15, 0, r0, c0, c0, 5   @ MPIDR
    and r0, r0, #0xff
    ldr r1, =0x8000             @ counter
    ldr r2, =1000
  loop:
    ldrex r3, [r1]
    add r3, r3, #1
    strex r4, r3, [r1]
    cmp r4, #0
    bne loop
    subs r2, r2, #1
    bne loop
    add r1, r1, #4
  done:
    ldrex r3, [r1]
    add r3, r3, #1
    strex r4, r3, [r1]
    cmp r4, #0
    bne done
    wfi
    b .
    .ltorg
`;

describe("SMP", () => {
  for (const quantum of [1, 3, 7, 100]) {
    it(`keeps LDREX/STREX atomic across cores interleaved every ${quantum} instruction(s)`, () => {
      const { bus, cpus, loop } = cluster(4, ATOMIC_COUNTER, quantum);
      const r = loop.run(1_000_000);
      expect(r.reason).toBe("deadlock"); // every core ended in WFI with nothing to wake it
      expect(bus.read(0x8000, 4)).toBe(4000);
      expect(bus.read(0x8004, 4)).toBe(4);
      expect(cpus.map((c) => c.r[0])).toEqual([0, 1, 2, 3]);
    });
  }

  it("replays exactly: the same program and quantum give the same instruction counts", () => {
    const a = cluster(2, ATOMIC_COUNTER, 5);
    const b = cluster(2, ATOMIC_COUNTER, 5);
    a.loop.run(1_000_000);
    b.loop.run(1_000_000);
    expect(a.cpus.map((c) => c.instructions)).toEqual(b.cpus.map((c) => c.instructions));
    expect(a.scheduler.now()).toBe(b.scheduler.now());
  });

  it("SEV wakes another core from WFE; inner-shareable TLB maintenance reaches every core", () => {
    const { cpus, loop } = cluster(
      2,
      `
      mrc p15, 0, r0, c0, c0, 5
      ands r0, r0, #0xff
      bne second
      mov r5, #1000          @ core 0: spin, then SEV
    1: subs r5, r5, #1
      bne 1b
      sev
      mov r0, #0
      mcr p15, 0, r0, c8, c3, 0   @ TLBIALLIS
      wfi
      b .
    second:
      wfe                     @ core 1 sleeps until core 0's SEV
      mov r6, #42
      wfi
      b .
    `,
      10,
    );
    // Core 1's translations are dropped by core 0's TLBIALLIS (the cores share a TLB registry).
    let flushes = 0;
    const original = cpus[1].translationsDropped.bind(cpus[1]);
    cpus[1].translationsDropped = () => {
      flushes++;
      original();
    };
    loop.run(100_000);
    expect(cpus[1].r[6]).toBe(42);
    expect(flushes).toBe(1);
  });
});
