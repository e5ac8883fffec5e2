import { describe, expect, it } from "vitest";
import { EventScheduler, HostClock, InstructionClock } from "../src/index.js";

describe("EventScheduler", () => {
  it("fires timers in deadline order, with now() equal to each deadline", () => {
    const s = new EventScheduler();
    const log: string[] = [];
    const a = s.createTimer("a", (t) => log.push(`a@${t}`));
    const b = s.createTimer("b", (t) => log.push(`b@${t}`));
    const c = s.createTimer("c", (t) => log.push(`c@${t}`));
    c.arm(300);
    a.arm(100);
    b.arm(200);
    expect(s.nextDeadline()).toBe(100);
    expect(s.advanceTo(250)).toBe(2);
    expect(log).toEqual(["a@100", "b@200"]);
    expect(s.now()).toBe(250);
    expect(c.armed).toBe(true);
    expect(a.armed).toBe(false);
  });

  it("breaks ties by arm order, moves re-armed timers and forgets cancelled ones", () => {
    const s = new EventScheduler();
    const log: string[] = [];
    const timers = ["x", "y", "z"].map((n) => s.createTimer(n, () => log.push(n)));
    for (const t of timers) t.arm(50);
    timers[0].arm(50); // re-arming puts x after y and z
    timers[1].cancel();
    expect(s.pending).toBe(2);
    s.advanceTo(50);
    expect(log).toEqual(["z", "x"]);
    expect(timers[1].deadline).toBe(Number.POSITIVE_INFINITY);
  });

  it("lets a callback re-arm its own timer (periodic) and never moves time backwards", () => {
    const s = new EventScheduler();
    const ticks: number[] = [];
    const t = s.createTimer("tick", (now) => {
      ticks.push(now);
      if (ticks.length < 5) t.arm(now + 10);
    });
    t.arm(10);
    s.advanceTo(1000);
    expect(ticks).toEqual([10, 20, 30, 40, 50]);
    s.advanceTo(500);
    expect(s.now()).toBe(1000);
    t.arm(5); // in the past: fires on the next advance
    s.advanceTo(1000);
    expect(ticks.at(-1)).toBe(1000);
  });

  it("keeps heap order under many random operations", () => {
    const s = new EventScheduler();
    let seed = 12345;
    const rand = () => {
      // xorshift32: the low bits of an LCG cycle too fast for "% n".
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return seed >>> 0;
    };
    const fired: number[] = [];
    const timers = Array.from({ length: 64 }, (_, i) => s.createTimer(`t${i}`, (now) => fired.push(now)));
    for (let i = 0; i < 2000; i++) {
      const t = timers[rand() % timers.length];
      if (rand() % 4 === 0) t.cancel();
      else t.arm(s.now() + (rand() % 1000));
      if (rand() % 8 === 0) s.advanceTo(s.now() + (rand() % 200));
    }
    s.advanceTo(Number.MAX_SAFE_INTEGER);
    expect(fired.length).toBeGreaterThan(100);
    for (let i = 1; i < fired.length; i++) expect(fired[i]).toBeGreaterThanOrEqual(fired[i - 1]);
    expect(s.pending).toBe(0);
  });
});

describe("TimeDriver", () => {
  it("icount: time follows retired instructions and budgets stop at the next deadline", () => {
    const s = new EventScheduler();
    const clock = new InstructionClock(s, 2);
    const seen: number[] = [];
    s.createTimer("t", (now) => seen.push(now)).arm(1000);
    expect(clock.budget(10_000)).toBe(500);
    clock.retire(499);
    expect(seen).toEqual([]);
    clock.retire(1);
    expect(seen).toEqual([1000]);
    expect(clock.instructions).toBe(500);
    expect(clock.budget(10_000)).toBe(10_000);
  });

  it("icount: idle jumps to the next deadline, and reports a machine nothing can wake", () => {
    const s = new EventScheduler();
    const clock = new InstructionClock(s);
    let woke = -1;
    s.createTimer("wake", (now) => {
      woke = now;
    }).arm(5_000_000);
    expect(clock.idle()).toBe(0);
    expect(woke).toBe(5_000_000);
    expect(s.now()).toBe(5_000_000);
    expect(clock.idle()).toBe(Number.POSITIVE_INFINITY);
  });

  it("icount: two runs of the same program produce the same event times", () => {
    const run = () => {
      const s = new EventScheduler();
      const clock = new InstructionClock(s);
      const times: number[] = [];
      const t = s.createTimer("p", (now) => {
        times.push(now);
        t.arm(now + 333);
      });
      t.arm(100);
      for (let i = 0; i < 50; i++) clock.retire(clock.budget(97));
      return times;
    };
    expect(run()).toEqual(run());
  });

  it("realtime: time follows the host clock and idle returns the host wait", () => {
    let host = 1_000_000;
    const s = new EventScheduler();
    const clock = new HostClock(s, () => host);
    const seen: number[] = [];
    s.createTimer("t", (now) => seen.push(now)).arm(500);
    host += 200;
    expect(clock.idle()).toBe(300);
    host += 400;
    clock.retire(12345);
    expect(seen).toEqual([500]);
    expect(s.now()).toBe(600);
    expect(clock.budget(1_000_000)).toBe(100_000);
  });

  it("rejects nonsense configuration", () => {
    expect(() => new InstructionClock(new EventScheduler(), 0)).toThrow(RangeError);
    expect(() => new EventScheduler().createTimer("n", () => {}).arm(Number.NaN)).toThrow(RangeError);
  });
});
