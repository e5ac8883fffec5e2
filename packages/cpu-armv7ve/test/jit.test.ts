// The block compiler against the interpreter (itself checked against QEMU), and its invalidation.
import { AddressSpace } from "@xena/machine";
import { describe, expect, it } from "vitest";
import { A32_COMPILED } from "../src/a32/decoder.js";
import { type CompiledRow, extractFields, randomEncoding } from "../src/decode/pattern.js";
import { ArmCpu, type CpuOptions, Mode } from "../src/index.js";
import { assemble } from "./asm.js";

function xorshift(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
}

const SCRATCH = 0x8000;
const CODE = 0x1000;
// Registers the random instructions may not write: r10/r11 hold scratch addresses, r12 a small offset.
const RESERVED = new Set([10, 11, 12, 13, 15]);

/** Rows the random sequences draw from: what the block compiler emits inline, plus some it calls. */
const ROWS = A32_COMPILED.filter(
  (r) =>
    r.jit !== undefined && r.jit !== "b" && r.jit !== "bl" && !r.privileged && !r.name.includes("register-shifted"),
).concat(A32_COMPILED.filter((r) => ["MUL", "MLA", "UMULL", "CLZ", "SXTB", "UXTH", "REV"].includes(r.name)));

function randomInstruction(rand: () => number): number {
  for (;;) {
    const row: CompiledRow<unknown> = ROWS[rand() % ROWS.length];
    let w = randomEncoding(row, rand);
    w = ((w & 0x0fffffff) | ((rand() % 15) << 28)) >>> 0; // any condition but NV
    const f = extractFields(w, row);
    if (row.unpredictable?.(f)) continue;
    if ([f.d, f.t, f.h, f.l].some((x) => x !== undefined && RESERVED.has(x))) continue;
    if (row.jit === "lsx") {
      if (f.n !== 10 && f.n !== 11) continue;
      if (f.m !== undefined && f.m !== 12) continue;
    }
    if (row.jit === "ldm-stm") {
      if (f.n !== 10 && f.n !== 11) continue;
      if ((f.r & 0x8000) !== 0 || (f.r & ((1 << 10) | (1 << 11) | (1 << 12) | (1 << 13))) !== 0) continue;
    }
    if (row.jit === "ls") {
      // Base r10/r11, register offset r12 with a small shift, immediate offsets below 256.
      if (f.n !== 10 && f.n !== 11) continue;
      if (f.m !== undefined && (f.m !== 12 || f.v > 3)) continue;
      if (f.i !== undefined && f.i > 255) continue;
      if ((f.p === 0 || f.w === 1) && f.p !== 0) {
        // pre-indexed with write-back moves the base: keep it inside the scratch area by using r10 only
      }
    }
    if (f.n === 15 || f.m === 15 || f.s === 15) continue;
    return w;
  }
}

function machine(options: Partial<CpuOptions>) {
  const bus = new AddressSpace();
  bus.addRam("ram", 0, 0x20000);
  const cpu = new ArmCpu({ bus, ...options });
  return { bus, cpu };
}

function runSequence(
  words: number[],
  init: Int32Array,
  flags: number,
  memory: Uint8Array,
  options: Partial<CpuOptions>,
) {
  const { bus, cpu } = machine(options);
  const code = new Uint32Array([...words, 0xeafffffe]); // b .
  bus.writeBytes(CODE, new Uint8Array(code.buffer));
  bus.writeBytes(SCRATCH, memory);
  cpu.reset(CODE);
  cpu.setMode(Mode.SYS);
  cpu.r.set(init.subarray(0, 15));
  cpu.setNZCV(flags);
  // Run the block twice from the same state so the JIT configuration executes compiled code.
  cpu.run(words.length);
  const out = new Uint8Array(memory.length);
  bus.readBytes(SCRATCH, out);
  return {
    regs: Array.from(cpu.r.subarray(0, 15)),
    cpsr: cpu.cpsr >>> 0,
    mem: Buffer.from(out).toString("hex"),
    pc: cpu.pc,
  };
}

describe("block compiler", () => {
  it("computes exactly what the interpreter computes on random instruction sequences", () => {
    const rand = xorshift(2026);
    let instructions = 0;
    for (let k = 0; k < 1500; k++) {
      const words = Array.from({ length: 1 + (rand() % 12) }, () => randomInstruction(rand));
      const init = new Int32Array(16).map(() => rand() | 0);
      init[10] = SCRATCH + 0x400;
      init[11] = SCRATCH + 0x800;
      init[12] = rand() % 64;
      const flags = (rand() & 0xf0000000) >>> 0;
      const memory = Uint8Array.from({ length: 0x1000 }, () => rand() & 0xff);
      const a = runSequence(words, init, flags, memory, { jit: false });
      const b = runSequence(words, init, flags, memory, { jitThreshold: 1 });
      instructions += words.length;
      if (JSON.stringify(a) !== JSON.stringify(b)) {
        expect({ words: words.map((w) => w.toString(16)), interpreter: a, jit: b }).toBe("identical");
      }
    }
    expect(instructions).toBeGreaterThan(5000);
  });

  it("notices self-modifying code, both CPU stores and DMA writes", () => {
    const { bus, cpu } = machine({ jitThreshold: 1 });
    // A loop whose body increments r0; then the program patches the body to add 100 instead.
    bus.writeBytes(
      0,
      assemble(`
        mov r0, #0
        mov r1, #3
        mov r5, #0
      loop:
        add r0, r0, #1
        subs r1, r1, #1
        bne loop
        cmp r5, #0
        bne done
        mov r5, #1
        ldr r2, =0xe2800064   @ add r0, r0, #100
        adr r3, loop
        str r2, [r3]
        mov r1, #2
        b loop
      done:
        b done
        .ltorg
      `),
    );
    cpu.reset(0);
    cpu.run(60);
    // 3 iterations of +1, then the patched loop runs twice: +100 each.
    expect(cpu.r[0]).toBe(203);
    // DMA rewrites the loop body again.
    bus.writeBytes(0x0c, new Uint8Array(new Uint32Array([0xe2800a01]).buffer)); // add r0, r0, #4096
    cpu.r[1] = 1;
    cpu.pc = 0x0c;
    cpu.run(3);
    expect(cpu.r[0]).toBe(203 + 4096);
  });

  it("counts retired instructions exactly when an abort unwinds a compiled loop", () => {
    const run = (options: Partial<CpuOptions>) => {
      const { bus, cpu } = machine(options);
      bus.writeBytes(
        0,
        assemble(`
          b start
          b .
          b .
          b .
          b abort
          b .
          b .
          b .
        start:
          ldr r4, =0x7000
          mov r5, #4096
          mov r1, #0
        loop:
          add r1, r1, #1
          ldr r2, [r4], r5       @ walks off the end of RAM after a few iterations
          b loop
        abort:
          b abort
          .ltorg
        `),
      );
      cpu.reset(0);
      const n = cpu.run(1000);
      return { n, r1: cpu.r[1], pc: cpu.pc, lr: cpu.r[14] >>> 0, instructions: cpu.instructions };
    };
    const interp = run({ jit: false });
    expect(run({ jitThreshold: 1 })).toEqual(interp);
    expect(interp.r1).toBe(26); // 0x7000 + 25 * 4096 is the first address past 128 KiB
  });
});
