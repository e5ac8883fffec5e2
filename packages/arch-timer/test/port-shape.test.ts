// The CPU package forwards CP15 c14 accesses through its `GenericTimerPort` interface
// (packages/cpu-armv7ve/src/cpu.ts). A device package may not import the CPU package, so the shape
// is copied here and checked structurally, in both directions and parameter by parameter: if
// either side changes, `tsc` fails on this file.
import { EventScheduler } from "@xena/machine";
import { describe, expect, it } from "vitest";
import { GenericTimer, type TimerCpu, type TimerReg32, type TimerReg64 } from "../src/index.js";

// ---- copied from packages/cpu-armv7ve/src/cpu.ts -------------------------------------------------
interface GenericTimerPort {
  read32(reg: CpuTimerReg32, pl: number): number | undefined;
  write32(reg: CpuTimerReg32, value: number, pl: number): boolean;
  read64(reg: CpuTimerReg64, pl: number, out: Uint32Array): boolean;
  write64(reg: CpuTimerReg64, lo: number, hi: number, pl: number): boolean;
}
type CpuTimerReg32 =
  | "CNTFRQ"
  | "CNTKCTL"
  | "CNTP_TVAL"
  | "CNTP_CTL"
  | "CNTV_TVAL"
  | "CNTV_CTL"
  | "CNTHCTL"
  | "CNTHP_TVAL"
  | "CNTHP_CTL";
type CpuTimerReg64 = "CNTPCT" | "CNTVCT" | "CNTP_CVAL" | "CNTV_CVAL" | "CNTVOFF" | "CNTHP_CVAL";
// --------------------------------------------------------------------------------------------------

/** Exact type equality (not mere assignability). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Method<T, K extends keyof T> = T[K] extends (...args: infer P) => infer R ? [P, R] : never;

const sameReg32: Equal<TimerReg32, CpuTimerReg32> = true;
const sameReg64: Equal<TimerReg64, CpuTimerReg64> = true;
const sameRead32: Equal<Method<TimerCpu, "read32">, Method<GenericTimerPort, "read32">> = true;
const sameWrite32: Equal<Method<TimerCpu, "write32">, Method<GenericTimerPort, "write32">> = true;
const sameRead64: Equal<Method<TimerCpu, "read64">, Method<GenericTimerPort, "read64">> = true;
const sameWrite64: Equal<Method<TimerCpu, "write64">, Method<GenericTimerPort, "write64">> = true;

describe("GenericTimerPort compatibility", () => {
  it("timer.cpu(i) is a GenericTimerPort of the CPU package, method for method", () => {
    const port: GenericTimerPort = new GenericTimer({ clock: new EventScheduler(), cpus: 2 }).cpu(1);
    expect([sameReg32, sameReg64, sameRead32, sameWrite32, sameRead64, sameWrite64]).toEqual(Array(6).fill(true));
    expect(port.read32("CNTFRQ", 1)).toBe(62_500_000);
    const out = new Uint32Array(2);
    expect(port.read64("CNTVOFF", 1, out)).toBe(false);
    expect(port.write64("CNTVOFF", 5, 0, 2)).toBe(true);
    expect(port.read64("CNTVOFF", 2, out)).toBe(true);
    expect([...out]).toEqual([5, 0]);
  });
});
