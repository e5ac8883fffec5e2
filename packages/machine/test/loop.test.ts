import { describe, expect, it } from "vitest";
import { AddressSpace, type Core, EventScheduler, HostClock, InstructionClock, MachineLoop } from "../src/index.js";

/** A core that retires instructions until it reaches `haltAt`, then halts until woken. */
class FakeCore implements Core {
  halted = false;
  retired = 0;
  readonly requesters: number[] = [];
  constructor(
    private readonly bus: AddressSpace,
    public haltAt = Number.POSITIVE_INFINITY,
  ) {}
  run(budget: number): number {
    if (this.halted) return 0;
    this.requesters.push(this.bus.requester);
    const n = Math.min(budget, this.haltAt - this.retired);
    this.retired += n;
    if (this.retired >= this.haltAt) this.halted = true;
    return n;
  }
}

describe("MachineLoop", () => {
  it("runs cores round-robin in quanta, telling the bus who is running", () => {
    const bus = new AddressSpace();
    const s = new EventScheduler();
    const cores = [new FakeCore(bus), new FakeCore(bus)];
    const loop = new MachineLoop(cores, new InstructionClock(s), bus, 100);
    expect(loop.run(1000)).toEqual({ reason: "budget" });
    expect(cores.map((c) => c.retired)).toEqual([500, 500]);
    expect(cores[0].requesters.every((r) => r === 0)).toBe(true);
    expect(cores[1].requesters.every((r) => r === 1)).toBe(true);
    expect(s.now()).toBe(1000); // time follows every core's instructions
    expect(loop.instructions).toBe(1000);
  });

  it("stops quanta at timer deadlines so devices fire on time", () => {
    const bus = new AddressSpace();
    const s = new EventScheduler();
    const fired: number[] = [];
    s.createTimer("t", (now) => fired.push(now)).arm(250);
    const core = new FakeCore(bus);
    const loop = new MachineLoop([core], new InstructionClock(s), bus, 1000);
    loop.run(1000);
    expect(fired).toEqual([250]);
  });

  it("skips idle time to the next event in deterministic mode, and reports a deadlock", () => {
    const bus = new AddressSpace();
    const s = new EventScheduler();
    const core = new FakeCore(bus, 10);
    s.createTimer("wake", () => {
      core.halted = false;
      core.haltAt = core.retired + 5;
    }).arm(1_000_000);
    const loop = new MachineLoop([core], new InstructionClock(s), bus, 100);
    expect(loop.run(100)).toEqual({ reason: "deadlock" });
    expect(core.retired).toBe(15);
    expect(s.now()).toBe(1_000_005);
  });

  it("tells a real-time host how long to sleep when every core waits", () => {
    const bus = new AddressSpace();
    const s = new EventScheduler();
    let host = 0;
    const core = new FakeCore(bus, 0);
    core.halted = true;
    s.createTimer("t", () => {}).arm(5000);
    const loop = new MachineLoop([core], new HostClock(s, () => host), bus);
    expect(loop.run(100)).toEqual({ reason: "idle", waitNs: 5000 });
    host = 5000;
    expect(loop.run(100)).toEqual({ reason: "deadlock" });
  });

  it("returns at the next quantum boundary when stopped", () => {
    const bus = new AddressSpace();
    const s = new EventScheduler();
    let loop: MachineLoop | undefined;
    const core: Core = {
      halted: false,
      run(budget) {
        loop?.stop();
        return budget;
      },
    };
    loop = new MachineLoop([core, core], new InstructionClock(s), bus, 10);
    expect(loop.run(1_000_000)).toEqual({ reason: "stopped" });
    expect(loop.instructions).toBe(10);
  });
});
