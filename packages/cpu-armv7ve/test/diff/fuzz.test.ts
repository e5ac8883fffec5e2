// Random words executed in User mode (the user-mode front end's machine: MMU on, high vectors)
// never crash the host: every outcome is a normal step, an undefined-instruction exception or an
// abort, and exactly one instruction retires.
import { describe, expect, it } from "vitest";
import { Mode } from "../../src/index.js";
import { PROT, UserProcess } from "../../src/user/index.js";
import { Rng } from "./generator.js";
import { assembleRuntime, buildElf } from "./program.js";

const WORDS = Number(process.env.XENA_FUZZ_WORDS ?? 100_000);
const SEED = Number(process.env.XENA_FUZZ_SEED ?? 0xf022);
const CODE = 0x00400000;
const DATA = 0x00500000;

function machine(): UserProcess {
  // Without the block compiler: one instruction per run(1), exactly.
  const proc = new UserProcess({ ramSize: 16 << 20, jit: false });
  const rt = assembleRuntime(false);
  proc.load(buildElf(rt.code, []), ["fuzz"], []);
  proc.memory.map(CODE, 4096, PROT.READ | PROT.WRITE | PROT.EXEC);
  proc.memory.map(DATA, 64 * 1024, PROT.READ | PROT.WRITE);
  return proc;
}

type Outcome = "step" | "undefined" | "abort" | "svc";

function fuzz(thumb: boolean, count: number, seed: number): Record<Outcome, number> {
  const rng = new Rng(seed);
  const proc = machine();
  const cpu = proc.cpu;
  let svc = 0;
  cpu.onSupervisorCall = () => {
    svc++;
    return true; // no system call: only the decode and execute paths are fuzzed here
  };
  const counts: Record<Outcome, number> = { step: 0, undefined: 0, abort: 0, svc: 0 };
  const code = new Uint8Array(4);
  const dv = new DataView(code.buffer);
  for (let i = 0; i < count; i++) {
    const w = rng.u32();
    if (thumb) {
      dv.setUint16(0, w >>> 16, true);
      dv.setUint16(2, w & 0xffff, true);
    } else dv.setUint32(0, w, true);
    proc.memory.write(CODE, code, true);
    // Fresh User-mode state: registers half pointing into mapped data, random flags.
    if (cpu.mode !== Mode.USR) cpu.setMode(Mode.USR);
    cpu.masks = 0;
    cpu.halted = false;
    cpu.itstate = 0;
    cpu.setBigEndian(false);
    for (let r = 0; r < 15; r++) cpu.r[r] = rng.chance(0.5) ? DATA + (rng.u32() & 0xfffc) : rng.u32();
    cpu.setNZCV(rng.u32());
    cpu.thumb = thumb;
    cpu.pc = CODE;
    const before = cpu.instructions;
    const svcBefore = svc;
    cpu.run(1);
    if (cpu.instructions - before !== 1)
      throw new Error(
        `word ${w.toString(16)} thumb ${thumb}: retired ${cpu.instructions - before}, mode ${cpu.mode.toString(16)} pc ${cpu.pc.toString(16)}`,
      );
    let outcome: Outcome;
    if (cpu.mode === Mode.USR) outcome = svc !== svcBefore ? "svc" : "step";
    else if (cpu.mode === Mode.UND) outcome = "undefined";
    else if (cpu.mode === Mode.ABT) outcome = "abort";
    else throw new Error(`word ${w.toString(16)}: ended in mode ${cpu.mode.toString(16)}`);
    counts[outcome]++;
  }
  return counts;
}

describe("fuzzing the decoder and the semantics with random words in User mode", () => {
  it(`executes ${WORDS} random ARM words without a host crash`, () => {
    const c = fuzz(false, WORDS, SEED);
    expect(c.step + c.undefined + c.abort + c.svc).toBe(WORDS);
    expect(c.step).toBeGreaterThan(0);
    expect(c.undefined).toBeGreaterThan(0);
    expect(c.abort).toBeGreaterThan(0);
  });

  it(`executes ${WORDS} random Thumb halfword pairs without a host crash`, () => {
    const c = fuzz(true, WORDS, SEED + 1);
    expect(c.step + c.undefined + c.abort + c.svc).toBe(WORDS);
    expect(c.step).toBeGreaterThan(0);
  });
});
