// VFP instructions assembled with GNU as and run on the TestMachine: register routing (S31,
// D16-D31, scalars), the arithmetic's negations and roundings, FPSCR flags and NZCV, conversions,
// every transfer and load/store form, and the access-control rules.
import { describe, expect, it } from "vitest";
import { Mode } from "../src/index.js";
import { EXIT, runArm, type TestMachine } from "./machine.js";

const view = new DataView(new ArrayBuffer(8));
const f32 = (x: number) => {
  view.setFloat32(0, x);
  return view.getUint32(0);
};
/** [low word, high word] of a double. */
const f64 = (x: number): [number, number] => {
  view.setFloat64(0, x);
  return [view.getUint32(4), view.getUint32(0)];
};

const S = (m: TestMachine, n: number) => m.cpu.vreg[n];
const D = (m: TestMachine, n: number): [number, number] => [m.cpu.vreg[2 * n], m.cpu.vreg[2 * n + 1]];
const R = (m: TestMachine, n: number) => m.cpu.r[n] >>> 0;

/** Grants CPACR full access to cp10/cp11 and sets FPEXC.EN, as an OS does. */
const ENABLE = `
    mov r0, #0x00f00000
    mcr p15, 0, r0, c1, c0, 2
    isb
    mov r0, #0x40000000
    vmsr fpexc, r0
`;

/**
 * Vectors whose UNDEFINED and data-abort handlers record LR in r10 and SPSR in r9 and exit with
 * 0xee / 0xda, then (unless `enable` is false) the enabling sequence, `body`, and exit 0.
 */
function vfp(body: string, enable = true, setup?: (m: TestMachine) => void): TestMachine {
  return runArm(
    `
    b start
    b und
    .rept 2
    b .
    .endr
    b dabt
    .rept 3
    b .
    .endr
  und:
    mov r10, lr
    mrs r9, spsr
    ${EXIT(0xee)}
  dabt:
    mov r10, lr
    mrs r9, spsr
    ${EXIT(0xda)}
  start:
    ${enable ? ENABLE : ""}
    ${body}
    ${EXIT(0)}
    .ltorg
    .balign 8
  data:
    .word 0x11111111, 0x22222222, 0x33333333, 0x44444444, 0x55555555, 0x66666666, 0x77777777, 0x88888888
  `,
    setup,
  );
}

/** Expects the program to have taken UNDEFINED at the instruction labelled `bad` (loaded into r8). */
function expectUndefinedAtBad(m: TestMachine): void {
  expect(m.exitCode).toBe(0xee);
  expect(m.cpu.mode).toBe(Mode.UND);
  expect(R(m, 10)).toBe(R(m, 8) + 4);
}

describe("VFP data processing", () => {
  it("routes S0-S31 and D0-D31 operands in both precisions", () => {
    const m = vfp(`
      vmov.f32 s31, #1.5
      vmov.f32 s30, #0.25
      vadd.f32 s29, s31, s30
      vsub.f32 s2, s30, s31
      vmov.f64 d31, #3.0
      vmov.f64 d16, #-0.5
      vmul.f64 d17, d31, d16
      vdiv.f64 d18, d31, d16
      vsub.f64 d19, d31, d16
      vadd.f64 d0, d16, d16
    `);
    expect(m.exitCode).toBe(0);
    expect(S(m, 29)).toBe(f32(1.75));
    expect(S(m, 2)).toBe(f32(-1.25));
    expect(D(m, 17)).toEqual(f64(-1.5));
    expect(D(m, 18)).toEqual(f64(-6));
    expect(D(m, 19)).toEqual(f64(3.5));
    expect(D(m, 0)).toEqual(f64(-1));
    expect(m.cpu.fpscr).toBe(0);
  });

  it("applies the negations of VMLA/VMLS/VNMLA/VNMLS/VNMUL and the fused forms as the ARM ARM does", () => {
    const ops = ["vmla", "vmls", "vnmla", "vnmls", "vnmul", "vfma", "vfms", "vfnma", "vfnms"];
    const expected = [14, -10, -14, 10, -12, 14, -10, -14, 10];
    const body = ops
      .map(
        (op, i) => `
      vmov.f32 s${i}, #2.0
      vmov.f64 d${16 + i}, #2.0
      ${op}.f32 s${i}, s20, s21
      ${op}.f64 d${16 + i}, d13, d14`,
      )
      .join("\n");
    const m = vfp(`
      vmov.f32 s20, #3.0
      vmov.f32 s21, #4.0
      vmov.f64 d13, #3.0
      vmov.f64 d14, #4.0
      ${body}
    `);
    expect(m.exitCode).toBe(0);
    ops.forEach((op, i) => {
      expect(S(m, i), op).toBe(f32(expected[i]));
      expect(D(m, 16 + i), op).toEqual(f64(expected[i]));
    });
  });

  it("rounds the product of VMLA but not of VFMA", () => {
    // n = m = 1 + 2^-12: n*m = 1 + 2^-11 + 2^-24 rounds (ties to even) to 1 + 2^-11 in single.
    const m = vfp(
      `
      vmla.f32 s0, s2, s2
      vmrs r1, fpscr
      vfma.f32 s1, s2, s2
      vmrs r2, fpscr
    `,
      true,
      (m) => {
        m.cpu.vreg[0] = 0xbf801000; // -(1 + 2^-11)
        m.cpu.vreg[1] = 0xbf801000;
        m.cpu.vreg[2] = 0x3f800800;
      },
    );
    expect(m.exitCode).toBe(0);
    expect(S(m, 0)).toBe(0);
    expect(R(m, 1)).toBe(0x10); // IXC from the product
    expect(S(m, 1)).toBe(0x33800000); // 2^-24, exact
    expect(R(m, 2)).toBe(0x10); // unchanged: nothing new raised
  });

  it("accumulates exception flags, keeps NaN signs through VNEG/VABS and honours DN", () => {
    const m = vfp(
      `
      vmov.f32 s0, #1.0
      vsub.f32 s1, s0, s0
      vdiv.f32 s2, s0, s1
      vmov.f32 s3, #-1.0
      vsqrt.f32 s4, s3
      vneg.f32 s5, s4
      vabs.f32 s6, s5
      vmrs r1, fpscr
      mov r0, #0x02000000
      vmsr fpscr, r0
      vmov s7, r2
      vadd.f32 s8, s7, s0
    `,
      true,
      (m) => {
        m.cpu.r[2] = 0x7f812345; // a signalling NaN
      },
    );
    expect(m.exitCode).toBe(0);
    expect(S(m, 2)).toBe(0x7f800000);
    expect(S(m, 4)).toBe(0x7fc00000);
    expect(S(m, 5)).toBe(0xffc00000);
    expect(S(m, 6)).toBe(0x7fc00000);
    expect(R(m, 1)).toBe(0x3); // IOC | DZC
    expect(S(m, 8)).toBe(0x7fc00000); // default NaN
    expect(m.cpu.fpscr).toBe(0x02000001);
  });

  it("compares into FPSCR.NZCV and copies it to the APSR with VMRS APSR_nzcv", () => {
    const m = vfp(
      `
      vmov.f32 s0, #1.0
      vmov.f32 s1, #2.0
      vcmp.f32 s0, s1
      vmrs r1, fpscr
      vmrs APSR_nzcv, fpscr
      movmi r2, #1
      movpl r2, #2
      vsub.f32 s2, s0, s0
      vneg.f32 s2, s2
      vcmp.f32 s2, #0.0
      vmrs r3, fpscr
      vmov.f64 d8, #1.0
      vcmpe.f64 d8, #0.0
      vmrs r4, fpscr
      vmov s3, r7
      vcmp.f32 s3, s0
      vmrs r5, fpscr
      vcmpe.f32 s3, s0
      vmrs r6, fpscr
    `,
      true,
      (m) => {
        m.cpu.r[7] = 0x7fc00001; // a quiet NaN
      },
    );
    expect(m.exitCode).toBe(0);
    expect(R(m, 1)).toBe(0x80000000);
    expect(R(m, 2)).toBe(1);
    expect(R(m, 3)).toBe(0x60000000); // -0 == +0
    expect(R(m, 4)).toBe(0x20000000);
    expect(R(m, 5)).toBe(0x30000000); // unordered, no IOC for a quiet NaN
    expect(R(m, 6)).toBe(0x30000001); // VCMPE: IOC
  });
});

describe("VFP conversions", () => {
  it("converts between floating-point and integers (VCVT towards zero, VCVTR by FPSCR)", () => {
    const m = vfp(`
      vmov.f32 s0, #-2.5
      vcvt.s32.f32 s1, s0
      vmov.f32 s2, #2.5
      vcvtr.s32.f32 s3, s2
      mov r0, #0x00400000
      vmsr fpscr, r0
      vcvtr.s32.f32 s4, s2
      vcvtr.u32.f32 s5, s2
      mov r0, #0
      vmsr fpscr, r0
      mvn r1, #0
      vmov s6, r1
      vcvt.f64.u32 d4, s6
      vcvt.f64.s32 d5, s6
      vmov.f64 d6, #-1.0
      vcvt.u32.f64 s14, d6
      vmrs r2, fpscr
      vcvt.f32.u32 s15, s6
    `);
    expect(m.exitCode).toBe(0);
    expect(S(m, 1)).toBe(-2 >>> 0);
    expect(S(m, 3)).toBe(2);
    expect(S(m, 4)).toBe(3);
    expect(S(m, 5)).toBe(3);
    expect(D(m, 4)).toEqual(f64(4294967295));
    expect(D(m, 5)).toEqual(f64(-1));
    expect(S(m, 14)).toBe(0);
    expect(R(m, 2)).toBe(1); // IOC
    expect(S(m, 15)).toBe(f32(4294967296));
    expect(m.cpu.fpscr).toBe(0x11); // IXC from the single rounding
  });

  it("converts to and from fixed-point in place, extending 16-bit and F64 results", () => {
    const m = vfp(`
      vmov.f32 s0, #1.5
      vcvt.s16.f32 s0, s0, #8
      vmov.f32 s1, #-1.5
      vcvt.s16.f32 s1, s1, #8
      vmov.f32 s2, #-1.5
      vcvt.u16.f32 s2, s2, #8
      ldr r0, =0xffff8000
      vmov s3, r0
      vcvt.f32.u16 s3, s3, #16
      vmov s4, r0
      vcvt.f32.s32 s4, s4, #31
      vmov.f64 d3, #-3.0
      vcvt.s32.f64 d3, d3, #1
      vmov.f64 d4, #3.0
      vcvt.u32.f64 d4, d4, #1
      vmov d5, r0, r0
      vcvt.f64.s16 d5, d5, #1
    `);
    expect(m.exitCode).toBe(0);
    expect(S(m, 0)).toBe(0x180);
    expect(S(m, 1)).toBe(0xfffffe80);
    expect(S(m, 2)).toBe(0); // saturated
    expect(S(m, 3)).toBe(f32(0.5));
    expect(S(m, 4)).toBe(f32(-32768 / 2 ** 31));
    expect(D(m, 3)).toEqual([0xfffffffa, 0xffffffff]);
    expect(D(m, 4)).toEqual([6, 0]);
    expect(D(m, 5)).toEqual(f64(-16384));
  });

  it("converts between precisions and to/from half precision in either half", () => {
    const m = vfp(`
      vmov.f32 s0, #1.5
      vcvt.f64.f32 d8, s0
      vmov.f64 d9, #-0.125
      vcvt.f32.f64 s1, d9
      ldr r0, =0x12345678
      vmov s2, r0
      vmov s3, r0
      vmov.f32 s4, #1.0
      vcvtb.f16.f32 s2, s4
      vcvtt.f16.f32 s3, s4
      ldr r0, =0xc000bc00
      vmov s5, r0
      vcvtb.f32.f16 s6, s5
      vcvtt.f32.f16 s7, s5
    `);
    expect(m.exitCode).toBe(0);
    expect(D(m, 8)).toEqual(f64(1.5));
    expect(S(m, 1)).toBe(f32(-0.125));
    expect(S(m, 2)).toBe(0x12343c00);
    expect(S(m, 3)).toBe(0x3c005678);
    expect(S(m, 6)).toBe(f32(-1));
    expect(S(m, 7)).toBe(f32(-2));
  });
});

describe("VFP transfers", () => {
  it("moves between core registers and S registers, D registers and scalars", () => {
    const m = vfp(`
      ldr r1, =0x01234567
      ldr r2, =0x89abcdef
      vmov s31, r1
      vmov r3, s31
      vmov d17, r1, r2
      vmov r4, r5, d17
      vmov s30, s31, r2, r1
      vmov r6, r7, s30, s31
      vmov.32 d20[1], r1
      vmov.32 d20[0], r2
      vmov.32 r8, d20[1]
      vmov.32 r9, d17[0]
      vmov.f32 s0, #-0.125
      vmov.f64 d30, #31.0
      vmov.f32 s1, s0
      vmov.f64 d29, d30
    `);
    expect(m.exitCode).toBe(0);
    expect(R(m, 3)).toBe(0x01234567);
    expect([R(m, 4), R(m, 5)]).toEqual([0x01234567, 0x89abcdef]);
    expect(D(m, 17)).toEqual([0x01234567, 0x89abcdef]);
    expect([S(m, 30), S(m, 31)]).toEqual([0x89abcdef, 0x01234567]);
    expect([R(m, 6), R(m, 7)]).toEqual([0x89abcdef, 0x01234567]);
    expect(D(m, 20)).toEqual([0x89abcdef, 0x01234567]);
    expect(R(m, 8)).toBe(0x01234567);
    expect(R(m, 9)).toBe(0x01234567);
    expect(S(m, 0)).toBe(0xbe000000);
    expect(D(m, 30)).toEqual(f64(31));
    expect(S(m, 1)).toBe(0xbe000000);
    expect(D(m, 29)).toEqual(f64(31));
  });

  it("reads the ID registers, keeps only the implemented FPSCR and FPEXC bits, ignores FPSID writes", () => {
    const m = vfp(`
      vmrs r1, fpsid
      vmrs r2, mvfr0
      vmrs r3, mvfr1
      mvn r0, #0
      vmsr fpscr, r0
      vmrs r4, fpscr
      vmsr fpexc, r0
      vmrs r5, fpexc
      vmsr fpsid, r0
      vmrs r6, fpsid
      mov r0, #0
      vmsr fpscr, r0
    `);
    expect(m.exitCode).toBe(0);
    const id = m.cpu.identity;
    expect([R(m, 1), R(m, 2), R(m, 3)]).toEqual([id.fpsid, id.mvfr0, id.mvfr1]);
    expect(R(m, 4)).toBe(0xfff7009f);
    expect(R(m, 5)).toBe(0x40000000);
    expect(R(m, 6)).toBe(id.fpsid);
  });
});

describe("VFP loads and stores", () => {
  it("loads and stores singles and doubles with immediate offsets and literals", () => {
    const m = vfp(`
      adr r0, data
      vldr s3, [r0, #4]
      vldr d20, [r0, #8]
      vldr d0, data
      vldr s5, [r0]
      add r1, r0, #0x1000
      vstr d20, [r1, #-8]
      vstr s3, [r1]
      ldr r2, [r1, #-8]
      ldr r3, [r1, #-4]
      ldr r4, [r1]
    `);
    expect(m.exitCode).toBe(0);
    expect(S(m, 3)).toBe(0x22222222);
    expect(D(m, 20)).toEqual([0x33333333, 0x44444444]);
    expect(D(m, 0)).toEqual([0x11111111, 0x22222222]);
    expect(S(m, 5)).toBe(0x11111111);
    expect([R(m, 2), R(m, 3), R(m, 4)]).toEqual([0x33333333, 0x44444444, 0x22222222]);
  });

  it("transfers lists with every addressing mode and write-back", () => {
    const m = vfp(
      `
      adr r0, data
      mov r5, r0
      vldmia r5!, {s21-s25}
      sub r6, r5, r0
      add r7, r0, #32
      vldmdb r7!, {d1-d3}
      sub r7, r7, r0
      add r1, r0, #0x1000
      vstmia r1, {d16-d31}
      mov r2, r1
      vstmdb r2!, {s21-s22}
      add r3, r1, #0x200
      fstmiax r3!, {d1-d2}
      sub r3, r3, r1
      mov r4, sp
      vpush {d1-d3}
      sub r4, r4, sp
      vpop {d4-d6}
    `,
      true,
      (m) => {
        for (let i = 32; i < 64; i++) m.cpu.vreg[i] = 0x1000 + i;
        m.cpu.r[13] = 0x8000;
      },
    );
    expect(m.exitCode).toBe(0);
    expect([21, 22, 23, 24, 25].map((i) => S(m, i))).toEqual([
      0x11111111, 0x22222222, 0x33333333, 0x44444444, 0x55555555,
    ]);
    expect(R(m, 6)).toBe(20);
    expect(R(m, 7)).toBe(8);
    expect(D(m, 1)).toEqual([0x33333333, 0x44444444]);
    expect(D(m, 3)).toEqual([0x77777777, 0x88888888]);
    const base = R(m, 1);
    const mem = (a: number) => m.bus.read(a, 4) >>> 0;
    for (let i = 0; i < 32; i++) expect(mem(base + 4 * i)).toBe(0x1020 + i);
    expect(R(m, 2)).toBe(base - 8);
    expect([mem(base - 8), mem(base - 4)]).toEqual([S(m, 21), S(m, 22)]);
    expect(R(m, 3)).toBe(0x200 + 20); // FSTMIAX: imm8 = 5 words
    expect([mem(base + 0x200), mem(base + 0x20c)]).toEqual([D(m, 1)[0], D(m, 2)[1]]);
    expect(R(m, 4)).toBe(24);
    expect(R(m, 13)).toBe(0x8000);
    expect([D(m, 4), D(m, 5), D(m, 6)]).toEqual([D(m, 1), D(m, 2), D(m, 3)]);
  });

  it("orders the words of a double by the data endianness", () => {
    const m = vfp(`
      adr r0, data
      setend be
      vldr d0, [r0]
      add r1, r0, #0x1000
      vstr d0, [r1]
      setend le
      ldr r2, [r1]
      ldr r3, [r1, #4]
    `);
    expect(m.exitCode).toBe(0);
    // Big-endian: the word at the lower address is the high half, each word byte-reversed.
    expect(D(m, 0)).toEqual([0x22222222, 0x11111111]);
    expect([R(m, 2), R(m, 3)]).toEqual([0x11111111, 0x22222222]);
  });

  it("faults on a misaligned address whatever SCTLR.A says, but needs only word alignment for doubles", () => {
    const ok = vfp(`
      adr r0, data
      vldr d1, [r0, #4]
    `);
    expect(ok.exitCode).toBe(0);
    expect(D(ok, 1)).toEqual([0x22222222, 0x33333333]);
    const m = vfp(`
      adr r0, data
      add r0, r0, #2
      ldr r8, =bad
    bad:
      vldmia r0!, {s0}
    `);
    expect(m.exitCode).toBe(0xda);
    expect(R(m, 10)).toBe(R(m, 8) + 8);
    expect(m.cpu.dfsr).toBe(0x001);
    expect(m.cpu.dfar).toBe(R(m, 0));
  });

  it("makes the UNPREDICTABLE register lists and PC write-back UNDEFINED, as QEMU does", () => {
    for (const word of [
      0xecf0fb04, // vldmia r0!, {d31-d32}
      0xecb00b00, // vldmia r0!, {} (imm8 = 0)
      0xecb00b22, // 17 registers
      0xecf0fa02, // vldmia r0!, {s31-s32}
      0xecbf0b04, // vldmia pc!, {d0-d1}
    ]) {
      const m = vfp(`
        adr r0, data
        ldr r8, =bad
      bad:
        .word ${word}
      `);
      expectUndefinedAtBad(m);
    }
  });
});

describe("VFP access control", () => {
  it("is UNDEFINED out of reset (CPACR grants no access), even for VMRS FPEXC", () => {
    for (const insn of ["vadd.f32 s0, s1, s2", "vmrs r0, fpexc", "vmrs r0, fpscr", "vldr d0, [r0]"]) {
      const m = vfp(
        `
        adr r0, data
        ldr r8, =bad
      bad:
        ${insn}
      `,
        false,
      );
      expectUndefinedAtBad(m);
    }
  });

  it("with FPEXC.EN clear only allows the FPSID/FPEXC/MVFR accesses (at PL1)", () => {
    const ok = vfp(
      `
      mov r0, #0x00f00000
      mcr p15, 0, r0, c1, c0, 2
      vmrs r1, fpexc
      vmrs r2, fpsid
      vmrs r3, mvfr1
      vmsr fpsid, r0
      vmsr fpexc, r1
    `,
      false,
    );
    expect(ok.exitCode).toBe(0);
    expect(R(ok, 1)).toBe(0);
    expect(R(ok, 2)).toBe(ok.cpu.identity.fpsid);
    for (const insn of ["vmrs r0, fpscr", "vmsr fpscr, r0", "vmov s0, r0", "vmov.f32 s0, #1.0", "vpush {d0}"]) {
      const m = vfp(
        `
        mov r0, #0x00f00000
        mcr p15, 0, r0, c1, c0, 2
        ldr r8, =bad
      bad:
        ${insn}
      `,
        false,
      );
      expectUndefinedAtBad(m);
    }
  });

  it("needs CPACR full access at PL0 (privileged-only is enough at PL1) and keeps FPEXC/ID registers privileged", () => {
    const pl1 = vfp(`
      mov r0, #0x00500000
      mcr p15, 0, r0, c1, c0, 2
      vmov.f32 s0, #1.0
    `);
    expect(pl1.exitCode).toBe(0);
    const user = (cpacr: number, insn: string) =>
      vfp(`
        ldr r0, =${cpacr}
        mcr p15, 0, r0, c1, c0, 2
        cps #0x10
        ldr r8, =bad
      bad:
        ${insn}
      `);
    for (const insn of ["vmov.f32 s0, #1.0", "vmrs r0, fpscr"]) {
      expectUndefinedAtBad(user(0x00500000, insn));
      const m = user(0x00f00000, insn);
      expect(m.exitCode, insn).toBe(0);
      expect(m.cpu.mode).toBe(Mode.USR);
    }
    for (const insn of ["vmrs r0, fpexc", "vmrs r0, fpsid", "vmrs r0, mvfr0", "vmsr fpexc, r0", "vmsr fpsid, r0"]) {
      expectUndefinedAtBad(user(0x00f00000, insn));
    }
  });

  it("makes the short-vector data-processing instructions UNDEFINED while FPSCR.LEN/STRIDE are set", () => {
    for (const fpscr of [0x00010000, 0x00300000]) {
      for (const insn of [
        "vadd.f32 s0, s1, s2",
        "vfma.f64 d0, d1, d2",
        "vmov.f32 s0, #1.0",
        "vabs.f64 d0, d1",
        "vmov.f32 s0, s1",
      ]) {
        const m = vfp(`
          ldr r0, =${fpscr}
          vmsr fpscr, r0
          ldr r8, =bad
        bad:
          ${insn}
        `);
        expectUndefinedAtBad(m);
      }
      const m = vfp(`
        ldr r0, =${fpscr}
        vmsr fpscr, r0
        vcmp.f32 s0, s1
        vcvt.f64.f32 d1, s0
        vcvt.s32.f32 s0, s0
        vmov s0, r0
        vldr s1, data
        vmrs r1, fpscr
      `);
      expect(m.exitCode).toBe(0);
      expect(R(m, 1)).toBe((0x60000000 | fpscr) >>> 0);
    }
  });

  it("keeps Advanced SIMD encodings UNDEFINED", () => {
    // (GNU as with .fpu vfpv4 refuses them, hence the words.)
    for (const insn of [
      ".word 0xf2010d02 @ vadd.f32 d0, d1, d2",
      ".word 0xee400b30 @ vmov.8 d0[1], r0",
      ".word 0xee900b70 @ vmov.u16 r0, d0[1]",
      ".word 0xee800b10 @ vdup.32 d0, r0",
      ".word 0xf420078f @ vld1.32 {d0}, [r0]",
    ]) {
      const m = vfp(`
        adr r0, data
        ldr r8, =bad
      bad:
        ${insn}
      `);
      expectUndefinedAtBad(m);
    }
  });
});

describe("VFP in Thumb state", () => {
  it("executes the T32 encodings, conditionally inside IT blocks", () => {
    const m = vfp(`
      mov sp, #0x8000
      adr r0, thumb + 1
      bx r0
      .thumb
    thumb:
      vmov.f32 s0, #1.0
      vmov.f32 s1, #2.0
      vcmp.f32 s0, s1
      vmrs APSR_nzcv, fpscr
      ite mi
      vaddmi.f32 s2, s0, s1
      vsubpl.f32 s2, s0, s1
      itt pl
      vmovpl.f32 s3, #4.0
      vmovpl.f64 d8, #4.0
      vmov r1, r2, d8
      vldr d9, lit
      vpush {d9}
      vpop {d10}
      ${EXIT(0)}
      .balign 4
    lit:
      .word 0xaaaaaaaa, 0xbbbbbbbb
      .arm
    `);
    expect(m.exitCode).toBe(0);
    expect(S(m, 2)).toBe(f32(3));
    expect(S(m, 3)).toBe(0);
    expect([R(m, 1), R(m, 2)]).toEqual([0, 0]);
    expect(D(m, 10)).toEqual([0xaaaaaaaa, 0xbbbbbbbb]);
  });
});
