import { AddressSpace, EventScheduler } from "@xena/machine";
import { RecordingLine } from "@xena/machine/testing";
import { describe, expect, it } from "vitest";
import { Pl031 } from "../src/index.js";

function rtc(epochSeconds = 1_700_000_000) {
  const irq = new RecordingLine();
  const clock = new EventScheduler();
  const bus = new AddressSpace();
  bus.mapMmio(0x9010000, new Pl031({ irq, clock, epochSeconds }));
  const r = (o: number) => bus.read(0x9010000 + o, 4);
  const w = (o: number, v: number) => bus.write(0x9010000 + o, 4, v);
  return { irq, clock, r, w, bus };
}

describe("PL031", () => {
  it("counts seconds of virtual time from the epoch, and RTCLR sets the time", () => {
    const { clock, r, w } = rtc();
    expect(r(0)).toBe(1_700_000_000);
    clock.advanceTo(2_500_000_000);
    expect(r(0)).toBe(1_700_000_002);
    w(8, 5);
    expect(r(0)).toBe(5);
    clock.advanceTo(3_000_000_000);
    expect(r(0)).toBe(6);
    expect([0xfe0, 0xfe4].map(r)).toEqual([0x31, 0x10]);
  });

  it("raises the match interrupt exactly when the counter reaches RTCMR", () => {
    const { clock, irq, r, w } = rtc(100);
    w(0x10, 1); // unmask
    w(4, 103);
    clock.advanceTo(2_999_999_999);
    expect(irq.level).toBe(false);
    clock.advanceTo(3_000_000_000);
    expect(irq.level).toBe(true);
    expect(r(0x18)).toBe(1);
    w(0x1c, 1);
    expect(irq.level).toBe(false);
  });

  it("rejects byte accesses (word-only registers)", () => {
    const { bus } = rtc();
    bus.read(0x9010000, 1);
    expect(bus.status).not.toBe(0);
  });
});
