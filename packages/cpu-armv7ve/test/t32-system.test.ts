// Thumb state at system level on the bare test machine: exceptions from Thumb code (UDF, SVC,
// BKPT, aborts) and their LR/SPSR, exception return with SUBS PC, LR / ERET / RFE, SRS, CPS,
// banked MRS/MSR, CP15 transfers, HVC/SMC through firmware, SETEND, WFI, interworking loads of
// the PC, a 32-bit instruction straddling a page boundary, and SVC inside an IT block.
import { describe, expect, it } from "vitest";
import { Mode } from "../src/index.js";
import { assemble } from "./asm.js";
import { EXIT, RAM_SIZE, TestMachine } from "./machine.js";

interface Handlers {
  und?: string;
  svc?: string;
  pabt?: string;
  dabt?: string;
}

/**
 * A program with ARM vectors at 0 (each handler defaults to exiting with 0xE0 + vector number),
 * a reset that sets up SVC's stack and enters `main` (Thumb) with `bx`. `prologue` runs in ARM
 * state before that.
 */
function program(main: string, h: Handlers = {}, prologue = ""): string {
  return `
  .arm
  b reset
  b und_handler
  b svc_handler
  b pabt_handler
  b dabt_handler
  b .
  b .
  b .
reset:
  ldr sp, =0x8000
  ${prologue}
  ldr r0, =main
  bx r0
und_handler:
  ${h.und ?? EXIT(0xe1)}
svc_handler:
  ${h.svc ?? EXIT(0xe2)}
pabt_handler:
  ${h.pabt ?? EXIT(0xe3)}
dabt_handler:
  ${h.dabt ?? EXIT(0xe4)}
  .ltorg
  .thumb
  .thumb_func
main:
${main}
  .ltorg
`;
}

function run(src: string, setup?: (m: TestMachine) => void, options = {}): TestMachine {
  const m = new TestMachine(options);
  m.load(assemble(src));
  setup?.(m);
  m.run(100_000);
  return m;
}

const u32 = (v: number) => v >>> 0;

describe("Thumb exceptions", () => {
  for (const [insn, label] of [
    ["udf #5", "UDF T1"],
    ["udf.w #0x1234", "UDF T2"],
    [".hword 0xb700", "an unallocated 16-bit encoding"],
    [".hword 0xfb00, 0x00c0", "an unallocated 32-bit encoding"],
    ["cdp p5, 1, c1, c2, c3, 4", "CDP (no coprocessor)"],
    [".hword 0xf8cf, 0x0000", "STR.W with Rn = PC"],
  ]) {
    it(`${label} takes the undefined instruction exception with LR = address + 2`, () => {
      const m = run(
        program(
          `
  movs r0, #1
insn:
  ${insn}
  movs r0, #2
  ${EXIT(9)}`,
          { und: `mrs r4, spsr\n mov r5, lr\n ldr r7, =insn\n ${EXIT(1)}` },
        ),
      );
      expect(m.exitCode).toBe(1);
      const r = m.cpu.r;
      expect(u32(r[5])).toBe(u32(r[7]) + 2);
      expect(r[4] & 0x3f).toBe(0x20 | Mode.SVC); // T set, from SVC mode
      expect(m.cpu.mode).toBe(Mode.UND);
      expect(m.cpu.thumb).toBe(false);
      expect(r[0]).toBe(1);
    });
  }

  it("BKPT is a prefetch abort (debug event) with LR = address + 4", () => {
    const m = run(
      program(`insn:\n  bkpt #7\n  ${EXIT(9)}`, {
        pabt: `mov r5, lr\n ldr r7, =insn\n mrc p15, 0, r6, c5, c0, 1\n ${EXIT(3)}`,
      }),
    );
    expect(m.exitCode).toBe(3);
    expect(u32(m.cpu.r[5])).toBe(u32(m.cpu.r[7]) + 4);
    expect(m.cpu.r[6] & 0x40f).toBe(2);
  });

  it("a data abort from Thumb code has LR = address + 8", () => {
    const m = run(
      program(`  ldr r1, =0x20000000\ninsn:\n  ldr r0, [r1]\n  ${EXIT(9)}`, {
        dabt: `mov r5, lr\n ldr r7, =insn\n mrc p15, 0, r6, c6, c0, 0\n ${EXIT(4)}`,
      }),
    );
    expect(m.exitCode).toBe(4);
    expect(u32(m.cpu.r[5])).toBe(u32(m.cpu.r[7]) + 8);
    expect(u32(m.cpu.r[6])).toBe(0x20000000);
  });

  it("a 32-bit instruction straddling a 4 KiB page boundary executes", () => {
    const m = run(
      program(`
  b.w straddle
  .org 0xffe
straddle:
  movw r0, #0x1234
  movt r0, #0x5678
  ${EXIT(5)}`),
    );
    expect(m.exitCode).toBe(5);
    expect(u32(m.cpu.r[0])).toBe(0x56781234);
  });

  it("a 32-bit instruction whose second halfword is not fetchable aborts for the instruction", () => {
    const at = RAM_SIZE - 2;
    const m = run(
      program(`  ldr r0, =${at + 1}\n  bx r0`, {
        pabt: `mov r5, lr\n mrc p15, 0, r6, c6, c0, 2\n mrc p15, 0, r7, c5, c0, 1\n ${EXIT(6)}`,
      }),
      (m) => m.load(new Uint8Array([0x40, 0xf2]), at), // movw (first halfword)
    );
    expect(m.exitCode).toBe(6);
    expect(u32(m.cpu.r[5])).toBe(at + 4);
    expect(u32(m.cpu.r[6])).toBe(RAM_SIZE); // IFAR: the faulting halfword
    expect(m.cpu.r[7] & 0x40f).toBe(8); // external abort
  });
});

/** Vectors for exceptions taken to Thumb state (SCTLR.TE = 1): reset stays ARM (taken before TE is set). */
function thumbVectors(main: string, svcHandler: string): string {
  return `
  .arm
  b reset
  .thumb
  b.w .
  b.w svc_t
  b.w .
  b.w .
  b.w .
  b.w .
  b.w .
  .arm
reset:
  ldr sp, =0x8000
  mrc p15, 0, r0, c1, c0, 0
  orr r0, r0, #(1 << 30)
  mcr p15, 0, r0, c1, c0, 0
  ldr r0, =main
  bx r0
  .ltorg
  .thumb
svc_t:
${svcHandler}
  .thumb_func
main:
${main}
  .ltorg
`;
}

describe("Thumb exception return", () => {
  const userMain = (ret: string) =>
    thumbVectors(
      `
  cps #0x10
  movs r0, #7
svc_insn:
  svc #3
  adds r0, #1
  mrs r9, cpsr
  ${EXIT(2)}`,
      `
  mrs r4, spsr
  mov r5, lr
  mrs r6, cpsr
  adds r0, #10
  ${ret}`,
    );

  for (const ret of ["subs pc, lr, #0", "eret", "add lr, lr, #6\n  subs pc, lr, #6", "movs pc, lr"]) {
    it(`SVC from User Thumb code into a Thumb handler, back with ${ret.split("\n").pop()?.trim()}`, () => {
      const m = run(userMain(ret));
      expect(m.exitCode).toBe(2);
      const r = m.cpu.r;
      expect(r[0]).toBe(18);
      expect(r[4] & 0x3f).toBe(0x20 | Mode.USR); // SPSR: Thumb, User
      expect(r[6] & 0x3f).toBe(Mode.SVC); // the handler (Thumb code) runs in SVC mode; MRS reads T as 0
      expect(r[9] & 0x1f).toBe(Mode.USR);
      expect(m.cpu.mode).toBe(Mode.USR);
      expect(m.cpu.thumb).toBe(true);
    });
  }

  it("SVC inside an IT block saves the advanced ITSTATE: the block continues after the return", () => {
    const m = run(
      thumbVectors(
        `
  movs r0, #0
  movs r1, #0
  movs r2, #0
  cmp r0, #0
  itete eq
  svceq #1
  addne r2, r2, #1
  addeq r1, r1, #1
  addne r2, r2, #1
  ${EXIT(3)}`,
        `
  mrs r4, spsr
  subs pc, lr, #0`,
      ),
    );
    expect(m.exitCode).toBe(3);
    expect(m.cpu.r[1]).toBe(1);
    expect(m.cpu.r[2]).toBe(0);
    // SPSR.IT after the SVC: firstcond EQ advanced once; the next instruction is the NE one.
    const spsr = m.cpu.r[4];
    const itstate = ((spsr >>> 25) & 3) | (((spsr >>> 10) & 0x3f) << 2);
    expect(itstate >>> 4).toBe(1); // NE
  });

  it("SRSDB and RFEIA in Thumb state", () => {
    const m = run(
      program(`
  ldr r0, =after
  mov lr, r0
  movs r1, #0x33
  msr spsr_fsxc, r1
  mov r8, sp
  srsdb sp!, #0x13
  ldr r2, [sp]
  ldr r3, [sp, #4]
  mov r9, sp
  rfeia sp!
  movs r0, #99
  .thumb_func
after:
  mov r10, sp
  ${EXIT(7)}`),
    );
    expect(m.exitCode).toBe(7);
    const r = m.cpu.r;
    expect(u32(r[9])).toBe(u32(r[8]) - 8);
    expect(u32(r[10])).toBe(u32(r[8]));
    expect(r[3]).toBe(0x33);
    expect(r[2] & 1).toBe(1);
    expect(r[0]).not.toBe(99);
    expect(m.cpu.thumb).toBe(true);
  });
});

describe("Thumb system instructions", () => {
  it("CPS, MRS/MSR (incl. SPSR and banked registers)", () => {
    const m = run(
      program(`
  movw r0, #0x1234
  msr sp_usr, r0
  mrs r1, sp_usr
  cps #0x1f
  mov r2, sp
  cps #0x13
  mrs r3, cpsr
  movw r4, #0x5d3
  msr spsr_fsxc, r4
  mrs r5, spsr
  msr lr_und, r4
  mrs r6, lr_und
  mrs r7, spsr_svc
  cpsid aif
  mrs r8, cpsr
  cpsie a
  mrs r9, cpsr
  ${EXIT(8)}`),
    );
    expect(m.exitCode).toBe(8);
    const r = m.cpu.r;
    expect(r[1]).toBe(0x1234);
    expect(r[2]).toBe(0x1234);
    expect(r[3] & 0x1f).toBe(Mode.SVC);
    expect(r[5]).toBe(0x5d3);
    expect(r[6]).toBe(0x5d3);
    expect(r[7]).toBe(0x5d3);
    expect(r[8] & 0x1c0).toBe(0x1c0);
    expect(r[9] & 0x1c0).toBe(0x0c0);
  });

  it("MCR/MRC and MCRR/MRRC to CP15", () => {
    const m = run(
      program(`
  mrc p15, 0, r0, c0, c0, 0
  movw r1, #0xbeef
  mcr p15, 0, r1, c13, c0, 3
  mrc p15, 0, r2, c13, c0, 3
  movw r3, #0x4000
  movs r4, #0
  mcrr p15, 0, r3, r4, c2
  mrrc p15, 0, r5, r6, c2
  ${EXIT(9)}`),
    );
    expect(m.exitCode).toBe(9);
    const r = m.cpu.r;
    expect(u32(r[0])).toBe(m.cpu.identity.midr >>> 0);
    expect(r[2]).toBe(0xbeef);
    expect(r[5]).toBe(0x4000);
    expect(r[6]).toBe(0);
  });

  it("HVC and SMC reach the firmware with their immediates", () => {
    const calls: string[] = [];
    const m = run(
      program(`
  hvc #0xabcd
  smc #5
  ${EXIT(10)}`),
      undefined,
      {
        firmware: {
          hvc: (_cpu: unknown, imm: number) => {
            calls.push(`hvc ${imm.toString(16)}`);
            return true;
          },
          smc: (_cpu: unknown, imm: number) => {
            calls.push(`smc ${imm}`);
            return true;
          },
        },
      },
    );
    expect(m.exitCode).toBe(10);
    expect(calls).toEqual(["hvc abcd", "smc 5"]);
  });

  it("SETEND switches data endianness", () => {
    const m = run(
      program(`
  ldr r6, =data
  setend be
  ldr r0, [r6]
  ldrh r1, [r6]
  mrs r2, cpsr
  setend le
  ldr r3, [r6]
  ${EXIT(11)}
  .balign 4
data:
  .word 0x11223344`),
    );
    expect(m.exitCode).toBe(11);
    const r = m.cpu.r;
    expect(u32(r[0])).toBe(0x44332211);
    expect(r[1]).toBe(0x4433);
    expect(r[2] & 0x200).toBe(0x200);
    expect(u32(r[3])).toBe(0x11223344);
  });

  it("WFI halts the core", () => {
    const m = run(program(`  movs r0, #1\n  wfi\n  movs r0, #2\n  b .`));
    expect(m.cpu.halted).toBe(true);
    expect(m.cpu.r[0]).toBe(1);
  });

  it("POP and LDR to the PC interwork (bit 0 clear enters ARM state)", () => {
    const m = run(
      program(`
  ldr r0, =arm_code
  push {r0}
  pop {pc}
  .arm
arm_code:
  mov r1, #1
  ldr r2, =thumb_again
  ldr r3, =slot
  str r2, [r3]
  ldr pc, [r3]
  .ltorg
  .thumb
  .thumb_func
thumb_again:
  movs r4, #4
  ldr r3, =slot
  ldr r5, =arm_end
  str r5, [r3]
  ldr.w pc, [r3]
  .arm
arm_end:
  mov r6, #6
  ${EXIT(12)}
  .ltorg
  .balign 4
slot:
  .word 0`),
    );
    expect(m.exitCode).toBe(12);
    expect([m.cpu.r[1], m.cpu.r[4], m.cpu.r[6]]).toEqual([1, 4, 6]);
    expect(m.cpu.thumb).toBe(false);
  });

  it("BX to an ARM address and MOV PC / ADD PC stay in Thumb", () => {
    const m = run(
      program(`
  adr r0, 1f
  mov pc, r0
  movs r1, #99
  .balign 4
1:
  movs r1, #1
  movs r2, #2
  add pc, r2
  movs r3, #99
  movs r3, #99
  movs r3, #3
  ldr r0, =arm_code
  bx r0
  .arm
arm_code:
  ${EXIT(13)}`),
    );
    expect(m.exitCode).toBe(13);
    expect([m.cpu.r[1], m.cpu.r[3]]).toEqual([1, 3]);
  });
});

describe("random Thumb code", () => {
  it("never throws in the host (exceptions are taken in Thumb state, SCTLR.TE = 1)", () => {
    let seed = 12345;
    const rnd = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed;
    };
    let executed = 0;
    for (let round = 0; round < 40; round++) {
      const m = new TestMachine();
      const code = new Uint8Array(0x10000);
      for (let i = 0; i < code.length; i += 4) {
        const v = rnd();
        code[i] = v;
        code[i + 1] = v >>> 8;
        code[i + 2] = v >>> 16;
        code[i + 3] = v >>> 24;
      }
      m.load(code, 0);
      const cpu = m.cpu;
      cpu.sctlr |= 1 << 30;
      for (let i = 0; i < 13; i++) cpu.r[i] = rnd() & 0xffffe;
      cpu.r[13] = 0x80000;
      cpu.thumb = true;
      cpu.pc = rnd() & 0xfffe;
      // Stop on the test device (a random store may hit it) or after the budget.
      expect(() => {
        executed += m.run(20_000);
      }).not.toThrow();
    }
    expect(executed).toBeGreaterThan(100_000);
  });
});
