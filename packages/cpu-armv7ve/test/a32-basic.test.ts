import { describe, expect, it } from "vitest";
import { Mode } from "../src/index.js";
import { EXIT, runArm } from "./machine.js";

describe("A32 smoke", () => {
  it("runs arithmetic, a loop and memory accesses", () => {
    const m = runArm(`
      mov r0, #0
      mov r1, #10
    loop:
      add r0, r0, r1
      subs r1, r1, #1
      bne loop
      ldr r2, =0x8000
      str r0, [r2]
      ldr r3, [r2]
      ${EXIT("r3")}
      .ltorg
    `);
    expect(m.exitCode).toBe(55);
    expect(m.cpu.r[0]).toBe(55);
  });

  it("takes an undefined instruction exception to the vector with the right LR and SPSR", () => {
    const m = runArm(`
      b start
      b undef_handler
      .rept 6
      b .
      .endr
    start:
      msr cpsr_c, #0xd3
      mov r0, #7
      .word 0xe7f000f0  @ udf
      mov r1, #1
    undef_handler:
      mrs r4, spsr
      mov r5, lr
      mrs r6, cpsr
      ${EXIT(1)}
    `);
    expect(m.exitCode).toBe(1);
    expect(m.cpu.mode).toBe(Mode.UND);
    const r = m.cpu.r;
    expect(r[5] >>> 0).toBe(0x20 + 0x0c); // address of the UDF + 4
    expect(r[4] & 0x1f).toBe(Mode.SVC);
    expect(r[6] & 0xff).toBe(0xdb); // UND, I and F set, A set (was set)
  });
});
