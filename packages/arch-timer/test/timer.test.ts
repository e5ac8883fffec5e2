import { EventScheduler } from "@xena/machine";
import { RecordingLine } from "@xena/machine/testing";
import { describe, expect, it } from "vitest";
import { GenericTimer, type GenericTimerOptions, TIMER_INTID, TIMER_PPI, type TimerCpu } from "../src/index.js";

const PL0 = 0;
const PL1 = 1;
const HYP = 2;
const NS_PER_COUNT = 16; // 62.5 MHz

function setup(options: Partial<GenericTimerOptions> = {}) {
  const clock = new EventScheduler();
  const lines = [0, 1].map(() => ({
    physical: new RecordingLine(),
    virtual: new RecordingLine(),
    hyp: new RecordingLine(),
    securePhysical: new RecordingLine(),
  }));
  const events: [number, number][] = [];
  const timer = new GenericTimer({
    clock,
    outputs: lines,
    onEvent: (cpu) => events.push([cpu, clock.now()]),
    ...options,
  });
  return { clock, lines, events, timer, t0: timer.cpu(0), t1: timer.cpu(1) };
}

const out = new Uint32Array(2);
function r64(t: TimerCpu, reg: Parameters<TimerCpu["read64"]>[0], pl = HYP): [number, number] | undefined {
  return t.read64(reg, pl, out) ? [out[0], out[1]] : undefined;
}

describe("counter and reset values", () => {
  it("CNTPCT follows the clock at the configured frequency; CNTFRQ reports it", () => {
    const { clock, t0 } = setup();
    expect(t0.read32("CNTFRQ", PL1)).toBe(62_500_000);
    expect(r64(t0, "CNTPCT")).toEqual([0, 0]);
    clock.advanceTo(1600);
    expect(r64(t0, "CNTPCT")).toEqual([100, 0]);
    clock.advanceTo(2 ** 32 * NS_PER_COUNT + 5 * NS_PER_COUNT);
    expect(r64(t0, "CNTPCT")).toEqual([5, 1]);
    const { t0: other } = setup({ frequency: 24_000_000 });
    expect(other.read32("CNTFRQ", PL1)).toBe(24_000_000);
  });

  it("resets as QEMU and the ARM ARM say: CNTHCTL = 3 (PL1 access allowed), the rest 0", () => {
    const { t0 } = setup();
    expect(t0.read32("CNTHCTL", HYP)).toBe(3);
    expect(t0.read32("CNTKCTL", PL1)).toBe(0);
    for (const reg of ["CNTP_CTL", "CNTV_CTL"] as const) expect(t0.read32(reg, PL1)).toBe(0);
    expect(t0.read32("CNTHP_CTL", HYP)).toBe(0);
    expect(r64(t0, "CNTVOFF")).toEqual([0, 0]);
    for (const reg of ["CNTP_CVAL", "CNTV_CVAL", "CNTHP_CVAL"] as const) expect(r64(t0, reg)).toEqual([0, 0]);
  });

  it("CNTVCT = CNTPCT − CNTVOFF modulo 2^64", () => {
    const { clock, t0 } = setup();
    clock.advanceTo(1000 * NS_PER_COUNT);
    expect(t0.write64("CNTVOFF", 400, 0, HYP)).toBe(true);
    expect(r64(t0, "CNTVCT", PL1)).toEqual([600, 0]);
    t0.write64("CNTVOFF", 1001, 0, HYP);
    expect(r64(t0, "CNTVCT", PL1)).toEqual([0xffff_ffff, 0xffff_ffff]);
    t0.write64("CNTVOFF", 0, 1, HYP);
    expect(r64(t0, "CNTVCT", PL1)).toEqual([1000, 0xffff_ffff]);
  });

  it("wires the A15 interrupt numbers", () => {
    expect(TIMER_PPI).toEqual({ securePhysical: 13, physical: 14, virtual: 11, hyp: 10 });
    expect(TIMER_INTID).toEqual({ securePhysical: 29, physical: 30, virtual: 27, hyp: 26 });
  });
});

describe("compare-value timers", () => {
  it("the physical timer's line rises exactly at CVAL, with ISTATUS/IMASK semantics", () => {
    const { clock, t0, lines } = setup();
    const line = lines[0].physical;
    t0.write64("CNTP_CVAL", 1000, 0, PL1);
    t0.write32("CNTP_CTL", 1, PL1);
    expect(clock.nextDeadline()).toBe(1000 * NS_PER_COUNT); // one scheduler event, no polling
    clock.advanceTo(1000 * NS_PER_COUNT - 1);
    expect(line.level).toBe(false);
    expect(t0.read32("CNTP_CTL", PL1)).toBe(1);
    clock.advanceTo(1000 * NS_PER_COUNT);
    expect(line.level).toBe(true);
    expect(t0.read32("CNTP_CTL", PL1)).toBe(0b101); // ISTATUS | ENABLE
    t0.write32("CNTP_CTL", 0b11, PL1); // IMASK: line drops, ISTATUS stays
    expect(line.level).toBe(false);
    expect(t0.read32("CNTP_CTL", PL1)).toBe(0b111);
    t0.write32("CNTP_CTL", 0b01, PL1);
    expect(line.level).toBe(true);
    t0.write32("CNTP_CTL", 0, PL1); // disabled: ISTATUS reads 0 (QEMU), line low
    expect(line.level).toBe(false);
    expect(t0.read32("CNTP_CTL", PL1)).toBe(0);
    expect(line.history).toEqual([true, false, true, false]); // only transitions are driven
    expect(clock.pending).toBe(0);
  });

  it("moving CVAL re-arms: later, earlier, past (fires at once) and out of reach (never)", () => {
    const { clock, t0, lines } = setup();
    const line = lines[0].virtual;
    t0.write32("CNTV_CTL", 1, PL1);
    t0.write64("CNTV_CVAL", 500, 0, PL1);
    expect(clock.nextDeadline()).toBe(500 * NS_PER_COUNT);
    t0.write64("CNTV_CVAL", 200, 0, PL1);
    expect(clock.nextDeadline()).toBe(200 * NS_PER_COUNT);
    clock.advanceTo(100 * NS_PER_COUNT);
    t0.write64("CNTV_CVAL", 50, 0, PL1); // already passed
    expect(line.level).toBe(true);
    t0.write64("CNTV_CVAL", 0, 0xffff_ffff, PL1); // ~2^64: never within exact time
    expect(line.level).toBe(false);
    expect(clock.pending).toBe(0);
  });

  it("TVAL reads CVAL − count (32-bit) and writes CVAL = count + SignExtend(TVAL)", () => {
    const { clock, t0, lines } = setup();
    clock.advanceTo(50 * NS_PER_COUNT);
    t0.write32("CNTP_TVAL", 100, PL1);
    expect(r64(t0, "CNTP_CVAL", PL1)).toEqual([150, 0]);
    clock.advanceTo(60 * NS_PER_COUNT);
    expect(t0.read32("CNTP_TVAL", PL1)).toBe(90);
    clock.advanceTo(160 * NS_PER_COUNT);
    expect(t0.read32("CNTP_TVAL", PL1)).toBe(0xffff_fff6); // −10: the deadline has passed
    t0.write32("CNTP_TVAL", -200 >>> 0, PL1); // negative TVAL: CVAL below the count
    expect(r64(t0, "CNTP_CVAL", PL1)).toEqual([0xffff_ffff - 39, 0xffff_ffff]); // 160 − 200 mod 2^64
    t0.write32("CNTP_CTL", 1, PL1);
    // count 160 ≥ CVAL 2^64 − 40 is false in unsigned 64-bit compare (as QEMU): not fired.
    expect(lines[0].physical.level).toBe(false);
    t0.write32("CNTP_TVAL", 0, PL1); // CVAL = count: fires at once
    expect(lines[0].physical.level).toBe(true);
  });

  it("the virtual timer counts against CNTPCT − CNTVOFF; writing CNTVOFF moves its deadline", () => {
    const { clock, t0, lines } = setup();
    t0.write64("CNTV_CVAL", 1000, 0, PL1);
    t0.write32("CNTV_CTL", 1, PL1);
    expect(clock.nextDeadline()).toBe(1000 * NS_PER_COUNT);
    clock.advanceTo(600 * NS_PER_COUNT);
    t0.write64("CNTVOFF", 500, 0, HYP); // virtual count 100
    expect(lines[0].virtual.level).toBe(false);
    expect(clock.nextDeadline()).toBe(1500 * NS_PER_COUNT);
    clock.advanceTo(1499 * NS_PER_COUNT);
    expect(lines[0].virtual.level).toBe(false);
    clock.advanceTo(1500 * NS_PER_COUNT);
    expect(lines[0].virtual.level).toBe(true);
    expect(t0.read32("CNTV_TVAL", PL1)).toBe(0);
    t0.write64("CNTVOFF", 600, 0, HYP); // virtual count back to 900: condition no longer met
    expect(lines[0].virtual.level).toBe(false);
    expect(lines[0].physical.level).toBe(false); // the physical timer ignores CNTVOFF
  });

  it("a virtual count just below 2^64 meets CVAL until it wraps, then meets it again", () => {
    const { clock, t0, lines } = setup();
    clock.advanceTo(100 * NS_PER_COUNT);
    t0.write64("CNTVOFF", 110, 0, HYP); // virtual count = −10
    t0.write64("CNTV_CVAL", 5, 0, PL1);
    t0.write32("CNTV_CTL", 1, PL1);
    expect(lines[0].virtual.level).toBe(true); // 2^64 − 10 ≥ 5
    clock.advanceTo(110 * NS_PER_COUNT - 1);
    expect(lines[0].virtual.level).toBe(true);
    clock.advanceTo(110 * NS_PER_COUNT); // wraps to 0
    expect(lines[0].virtual.level).toBe(false);
    clock.advanceTo(115 * NS_PER_COUNT);
    expect(lines[0].virtual.level).toBe(true);
  });

  it("the Hyp timer is separate and Hyp-only; a Secure core's CNTP_* is the Secure physical timer", () => {
    const { clock, t0, t1, lines } = setup();
    t0.write64("CNTHP_CVAL", 10, 0, HYP);
    t0.write32("CNTHP_CTL", 1, HYP);
    t0.secure = true;
    t0.write64("CNTP_CVAL", 20, 0, PL1);
    t0.write32("CNTP_CTL", 1, PL1);
    t0.secure = false;
    expect(t0.read32("CNTP_CTL", PL1)).toBe(0); // the Non-secure one is untouched
    clock.advanceTo(10 * NS_PER_COUNT);
    expect(lines[0].hyp.level).toBe(true);
    expect(lines[0].securePhysical.level).toBe(false);
    clock.advanceTo(20 * NS_PER_COUNT);
    expect(lines[0].securePhysical.level).toBe(true);
    expect(lines[0].physical.level).toBe(false);
    expect(t0.level("securePhysical")).toBe(true);
    // CPU 1's timers are its own.
    expect(t1.read32("CNTHP_CTL", HYP)).toBe(0);
    expect(lines[1].hyp.history).toEqual([]);
  });

  it("reset drops the lines and cancels the deadlines", () => {
    const { clock, timer, t0, lines } = setup();
    t0.write32("CNTV_CTL", 1, PL1);
    t0.write64("CNTV_CVAL", 100, 0, PL1);
    t0.write64("CNTP_CVAL", 0, 0, PL1);
    t0.write32("CNTP_CTL", 1, PL1);
    expect(lines[0].physical.level).toBe(true);
    timer.reset();
    expect(lines[0].physical.level).toBe(false);
    expect(clock.pending).toBe(0);
  });
});

describe("access checks", () => {
  it("PL0 access is governed by CNTKCTL", () => {
    const { t0 } = setup();
    const cases: [number, () => unknown][] = [
      [1 << 0, () => r64(t0, "CNTPCT", PL0)], // PL0PCTEN
      [1 << 1, () => r64(t0, "CNTVCT", PL0)], // PL0VCTEN
      [1 << 8, () => t0.read32("CNTV_CTL", PL0)], // PL0VTEN
      [1 << 9, () => t0.read32("CNTP_CTL", PL0)], // PL0PTEN
      [1 << 0, () => t0.read32("CNTFRQ", PL0)], // either counter bit opens CNTFRQ
      [1 << 1, () => t0.read32("CNTFRQ", PL0)],
    ];
    for (const [bit, access] of cases) {
      t0.write32("CNTKCTL", 0, PL1);
      expect(access()).toBeUndefined();
      expect(t0.refusal).toBe("undefined");
      t0.write32("CNTKCTL", bit, PL1);
      expect(access()).not.toBeUndefined();
    }
    expect(t0.read32("CNTKCTL", PL0)).toBeUndefined();
    expect(t0.write32("CNTKCTL", 0x3ff, PL0)).toBe(false);
    t0.write32("CNTKCTL", 0xffff_ffff, PL1);
    expect(t0.read32("CNTKCTL", PL1)).toBe(0xffff_ffff); // bits [31:10] UNK/SBZP: kept, as QEMU
    expect(t0.write32("CNTV_TVAL", 5, PL0)).toBe(true);
    expect(t0.write32("CNTFRQ", 5, PL0)).toBe(false);
  });

  it("CNTHCTL.PL1PCTEN/PL1PCEN trap Non-secure PL0/PL1 counter and timer accesses to Hyp", () => {
    const { t0 } = setup();
    t0.write32("CNTKCTL", 0x3ff, PL1);
    t0.write32("CNTHCTL", 0, HYP);
    for (const pl of [PL0, PL1]) {
      expect(r64(t0, "CNTPCT", pl)).toBeUndefined();
      expect(t0.refusal).toBe("hyp-trap");
      expect(t0.read32("CNTP_CTL", pl)).toBeUndefined();
      expect(t0.refusal).toBe("hyp-trap");
      expect(t0.write32("CNTP_TVAL", 1, pl)).toBe(false);
      expect(t0.write64("CNTP_CVAL", 1, 0, pl)).toBe(false);
      expect(r64(t0, "CNTP_CVAL", pl)).toBeUndefined();
      expect(r64(t0, "CNTVCT", pl)).not.toBeUndefined(); // the virtual side is never trapped
      expect(t0.read32("CNTV_CTL", pl)).toBe(0);
    }
    expect(r64(t0, "CNTPCT", HYP)).not.toBeUndefined(); // Hyp itself is not trapped
    expect(t0.read32("CNTP_CTL", HYP)).toBe(0);
    t0.secure = true; // nor is Secure state
    expect(r64(t0, "CNTPCT", PL1)).not.toBeUndefined();
    t0.secure = false;
    // UNDEFINED at PL0 takes priority over the Hyp trap.
    t0.write32("CNTKCTL", 0, PL1);
    expect(r64(t0, "CNTPCT", PL0)).toBeUndefined();
    expect(t0.refusal).toBe("undefined");
    t0.write32("CNTHCTL", 0xffff_ffff, HYP);
    expect(t0.read32("CNTHCTL", HYP)).toBe(0xffff_ffff);
  });

  it("CNTVOFF, CNTHCTL and CNTHP_* are UNDEFINED below Hyp mode", () => {
    const { t0 } = setup();
    for (const pl of [PL0, PL1]) {
      expect(r64(t0, "CNTVOFF", pl)).toBeUndefined();
      expect(t0.write64("CNTVOFF", 1, 0, pl)).toBe(false);
      expect(t0.read32("CNTHCTL", pl)).toBeUndefined();
      expect(t0.write32("CNTHCTL", 0, pl)).toBe(false);
      expect(t0.read32("CNTHP_CTL", pl)).toBeUndefined();
      expect(t0.read32("CNTHP_TVAL", pl)).toBeUndefined();
      expect(t0.write32("CNTHP_TVAL", 1, pl)).toBe(false);
      expect(r64(t0, "CNTHP_CVAL", pl)).toBeUndefined();
      expect(t0.write64("CNTHP_CVAL", 1, 0, pl)).toBe(false);
      expect(t0.refusal).toBe("undefined");
    }
    expect(r64(t0, "CNTVOFF", PL1)).toBeUndefined(); // unchanged by the refused writes
    expect(r64(t0, "CNTVOFF", HYP)).toEqual([0, 0]);
  });

  it("the counters are read-only and CNTFRQ is writable only at the highest privilege level", () => {
    const { t0, clock } = setup();
    expect(t0.write64("CNTPCT", 1, 0, HYP)).toBe(false);
    expect(t0.write64("CNTVCT", 1, 0, HYP)).toBe(false);
    expect(t0.write32("CNTFRQ", 1, PL1)).toBe(false); // Non-secure PL1 (A15 has the Security Extensions)
    expect(t0.write32("CNTFRQ", 1, HYP)).toBe(false);
    t0.secure = true;
    expect(t0.write32("CNTFRQ", 24_000_000, PL1)).toBe(true);
    expect(t0.read32("CNTFRQ", PL1)).toBe(24_000_000);
    clock.advanceTo(160);
    expect(r64(t0, "CNTPCT")).toEqual([10, 0]); // the counting rate is the platform's, not CNTFRQ's
    const { t0: noSec } = setup({ securityExtensions: false });
    expect(noSec.write32("CNTFRQ", 1, PL1)).toBe(false);
    expect(noSec.write32("CNTFRQ", 1, HYP)).toBe(true);
  });
});

describe("event streams", () => {
  it("CNTKCTL.EVNTEN signals each 0→1 (EVNTDIR 0) or 1→0 (EVNTDIR 1) of virtual-counter bit EVNTI", () => {
    const { clock, t0, events } = setup();
    t0.write32("CNTKCTL", (2 << 4) | (1 << 2), PL1); // bit 2 rising: counts 4, 12, 20…
    clock.advanceTo(25 * NS_PER_COUNT);
    expect(events).toEqual([4, 12, 20].map((c) => [0, c * NS_PER_COUNT]));
    events.length = 0;
    t0.write32("CNTKCTL", (2 << 4) | (1 << 3) | (1 << 2), PL1); // falling: counts 32, 40…
    clock.advanceTo(41 * NS_PER_COUNT);
    expect(events).toEqual([32, 40].map((c) => [0, c * NS_PER_COUNT]));
    events.length = 0;
    t0.write64("CNTVOFF", 3, 0, HYP); // the kernel stream follows the virtual count
    clock.advanceTo(60 * NS_PER_COUNT);
    expect(events).toEqual([43, 51, 59].map((c) => [0, c * NS_PER_COUNT]));
    events.length = 0;
    t0.write32("CNTKCTL", 0, PL1);
    clock.advanceTo(200 * NS_PER_COUNT);
    expect(events).toEqual([]);
    expect(clock.pending).toBe(0);
  });

  it("CNTHCTL's stream watches the physical counter and is per CPU", () => {
    const { clock, t0, t1, events } = setup();
    t0.write64("CNTVOFF", 3, 0, HYP);
    t1.write32("CNTHCTL", 3 | (0 << 4) | (1 << 2), HYP); // bit 0 rising: every odd count
    clock.advanceTo(6 * NS_PER_COUNT);
    expect(events).toEqual([1, 3, 5].map((c) => [1, c * NS_PER_COUNT]));
    expect(t0.read32("CNTHCTL", HYP)).toBe(3);
  });
});

describe("state", () => {
  it("saveState/restoreState round-trips registers and re-arms deadlines", () => {
    const a = setup();
    a.t0.write64("CNTV_CVAL", 300, 0, PL1);
    a.t0.write32("CNTV_CTL", 1, PL1);
    a.t1.write64("CNTVOFF", 7, 1, HYP);
    a.t1.write32("CNTKCTL", 0x301, PL1);
    const saved = a.timer.saveState();
    expect(JSON.parse(JSON.stringify(saved))).toEqual(saved);
    const b = setup();
    b.timer.restoreState(saved);
    expect(b.timer.saveState()).toEqual(saved);
    expect(b.clock.nextDeadline()).toBe(300 * NS_PER_COUNT);
    b.clock.advanceTo(300 * NS_PER_COUNT);
    expect(b.lines[0].virtual.level).toBe(true);
    expect(() => b.timer.restoreState({ ...saved, cpus: saved.cpus.slice(1) })).toThrow();
  });

  it("rejects impossible configurations", () => {
    const clock = new EventScheduler();
    expect(() => new GenericTimer({ clock, cpus: 0 })).toThrow(RangeError);
    expect(() => new GenericTimer({ clock, cpus: 9 })).toThrow(RangeError);
    expect(() => new GenericTimer({ clock, cpus: 1, outputs: [{}, {}] })).toThrow(RangeError);
    expect(() => new GenericTimer({ clock, frequency: 0 })).toThrow(RangeError);
    expect(() => new GenericTimer({ clock }).cpu(1)).toThrow(RangeError);
  });
});
