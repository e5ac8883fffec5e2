// The timer access script run on QEMU 7.2 (probe, `-M virt,virtualization=on -cpu cortex-a15`)
// and on ours (qemu.test.ts): CP15 c14 accesses from Hyp mode, Non-secure SVC and User mode, with
// CNTHCTL/CNTKCTL changed between them. For each access the probe prints what happened (0: done,
// 1: UNDEFINED, 0x100 | EC: trapped to Hyp mode with that HSR exception class) and, for reads
// that are not time-dependent, the value (64-bit: low word, then high word).
import type { TimerReg32, TimerReg64 } from "../../src/index.js";

export type Step =
  | { readonly op: "r32"; readonly reg: TimerReg32; readonly timed?: boolean }
  | { readonly op: "w32"; readonly reg: TimerReg32; readonly value: number }
  | { readonly op: "r64"; readonly reg: TimerReg64; readonly timed?: boolean }
  | { readonly op: "w64"; readonly reg: TimerReg64; readonly lo: number; readonly hi: number }
  /** Leave Hyp mode for Non-secure SVC (PL1), or SVC for User mode (PL0). */
  | { readonly op: "mode"; readonly pl: 0 | 1 }
  /** Set CNTHCTL / CNTKCTL from wherever the script is (through HVC and SVC calls). */
  | { readonly op: "cnthctl" | "cntkctl"; readonly value: number };

const steps: Step[] = [];
const r32 = (reg: TimerReg32, timed = false) => steps.push({ op: "r32", reg, timed });
const w32 = (reg: TimerReg32, value: number) => steps.push({ op: "w32", reg, value: value >>> 0 });
const r64 = (reg: TimerReg64, timed = false) => steps.push({ op: "r64", reg, timed });
const w64 = (reg: TimerReg64, lo: number, hi: number) => steps.push({ op: "w64", reg, lo: lo >>> 0, hi: hi >>> 0 });
const hctl = (value: number) => steps.push({ op: "cnthctl", value });
const kctl = (value: number) => steps.push({ op: "cntkctl", value });

// ---- Hyp mode: reset values, masks, ISTATUS ------------------------------------------------------
r32("CNTFRQ");
r32("CNTHCTL");
r32("CNTKCTL");
r64("CNTVOFF");
for (const reg of ["CNTP_CTL", "CNTV_CTL", "CNTHP_CTL"] as const) r32(reg);
for (const reg of ["CNTP_CVAL", "CNTV_CVAL", "CNTHP_CVAL"] as const) r64(reg);
r64("CNTPCT", true);
r64("CNTVCT", true);
w32("CNTHCTL", 0xffffffff);
r32("CNTHCTL");
w32("CNTHCTL", 3);
w32("CNTKCTL", 0xffffffff);
r32("CNTKCTL");
w32("CNTKCTL", 0);
w32("CNTFRQ", 24_000_000); // Hyp is the highest privilege level without EL3
r32("CNTFRQ");
w32("CNTFRQ", 62_500_000);
w64("CNTP_CVAL", 0xffffffff, 0xffffffff);
w32("CNTP_CTL", 0xffffffff);
r32("CNTP_CTL");
r64("CNTP_CVAL");
w64("CNTP_CVAL", 0, 0);
r32("CNTP_CTL");
w32("CNTP_CTL", 0);
r32("CNTP_CTL");
w64("CNTVOFF", 0, 0x80000000); // virtual count ≈ 2^63 + CNTPCT
w64("CNTV_CVAL", 5, 0);
w32("CNTV_CTL", 1);
r32("CNTV_CTL");
w64("CNTV_CVAL", 0, 0xffffffff);
r32("CNTV_CTL");
w64("CNTVOFF", 0x12345678, 9);
r64("CNTVOFF");
w64("CNTVOFF", 0, 0);
r32("CNTV_CTL");
w32("CNTV_CTL", 0);
w64("CNTPCT", 1, 2);
w64("CNTVCT", 1, 2);
w64("CNTHP_CVAL", 7, 0);
r64("CNTHP_CVAL");
w32("CNTHP_CTL", 3);
r32("CNTHP_CTL");
w32("CNTHP_CTL", 0);
r32("CNTHP_CTL");
r32("CNTP_TVAL", true);
r32("CNTHP_TVAL", true);

// ---- Non-secure SVC (PL1) --------------------------------------------------------------------------
steps.push({ op: "mode", pl: 1 });
r32("CNTFRQ");
w32("CNTFRQ", 1);
r32("CNTKCTL");
w32("CNTKCTL", 0x303);
r32("CNTKCTL");
r64("CNTVOFF");
w64("CNTVOFF", 1, 0);
r32("CNTHCTL");
w32("CNTHCTL", 0);
r32("CNTHP_CTL");
w32("CNTHP_CTL", 0);
r32("CNTHP_TVAL");
w32("CNTHP_TVAL", 0);
r64("CNTHP_CVAL");
w64("CNTHP_CVAL", 0, 0);
r64("CNTPCT", true);
r32("CNTP_CTL");
r64("CNTVCT", true);
for (const value of [0, 1, 2]) {
  hctl(value);
  r64("CNTPCT", true);
  r32("CNTP_CTL");
  w32("CNTP_CTL", 0);
  r32("CNTP_TVAL", true);
  w32("CNTP_TVAL", 0);
  r64("CNTP_CVAL", true); // CVAL = the count at the TVAL write
  w64("CNTP_CVAL", 0, 0);
  r64("CNTVCT", true);
  r32("CNTV_CTL");
}
hctl(3);
w32("CNTKCTL", 0);

// ---- User mode (PL0) -------------------------------------------------------------------------------
steps.push({ op: "mode", pl: 0 });
function user(): void {
  r32("CNTFRQ");
  r32("CNTKCTL");
  w32("CNTKCTL", 0);
  r64("CNTPCT", true);
  r64("CNTVCT", true);
  r32("CNTP_CTL");
  r32("CNTV_CTL");
  w32("CNTV_TVAL", 0);
  r64("CNTV_CVAL", true);
  r64("CNTP_CVAL");
  r32("CNTHCTL");
  r64("CNTVOFF");
}
user();
for (const value of [0x1, 0x2, 0x100, 0x200, 0x303]) {
  kctl(value);
  user();
}
hctl(0); // UNDEFINED (CNTKCTL) takes priority over the Hyp trap (CNTHCTL)
kctl(0x303);
user();
kctl(0);
user();

export const SCRIPT: readonly Step[] = steps;

/** C statements for one step (gen.ts). */
export const ENCODING: Readonly<Record<TimerReg32 | TimerReg64, string>> = {
  CNTFRQ: "0, %0, c14, c0, 0",
  CNTKCTL: "0, %0, c14, c1, 0",
  CNTP_TVAL: "0, %0, c14, c2, 0",
  CNTP_CTL: "0, %0, c14, c2, 1",
  CNTV_TVAL: "0, %0, c14, c3, 0",
  CNTV_CTL: "0, %0, c14, c3, 1",
  CNTHCTL: "4, %0, c14, c1, 0",
  CNTHP_TVAL: "4, %0, c14, c2, 0",
  CNTHP_CTL: "4, %0, c14, c2, 1",
  CNTPCT: "0, %0, %1, c14",
  CNTVCT: "1, %0, %1, c14",
  CNTP_CVAL: "2, %0, %1, c14",
  CNTV_CVAL: "3, %0, %1, c14",
  CNTVOFF: "4, %0, %1, c14",
  CNTHP_CVAL: "6, %0, %1, c14",
};
