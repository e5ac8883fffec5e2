// The core's main correctness test: random instruction sequences from the encoding tables, run
// under qemu-arm -cpu cortex-a15 and under our user-mode front end, compared byte for byte.
// XENA_DIFF_INSNS (default 100000), XENA_DIFF_SEED and XENA_DIFF_SETS (arm,thumb) change the run;
// see README.md here for the long campaign script.
import { describe, expect, it } from "vitest";
import { CaseGenerator } from "./generator.js";
import { compareOutcomes, diffRecords, explainMismatch, generateProgram, runCampaign, summarize } from "./harness.js";
import { parseRecord, RECORD_SIZE, TEXT } from "./program.js";
import { eligibleRows, THUMB } from "./rows.js";
import { qemuAvailable, runOurs, runQemu } from "./run.js";

const INSNS = Number(process.env.XENA_DIFF_INSNS ?? 100_000);
const SEED = Number(process.env.XENA_DIFF_SEED ?? 0x7e5a);
const SETS = (process.env.XENA_DIFF_SETS?.split(",") ?? (THUMB !== undefined ? ["arm", "thumb"] : ["arm"])) as (
  | "arm"
  | "thumb"
)[];
const JIT_INSNS = Number(process.env.XENA_DIFF_JIT_INSNS ?? 10_000);
const haveQemu = qemuAvailable();

describe("differential test against qemu-arm", () => {
  it.skipIf(!haveQemu)(
    `runs ${INSNS} random instructions (${SETS.join(" + ")}, seed ${SEED}) with no difference`,
    () => {
      const r = runCampaign({ seed: SEED, instructions: INSNS, sets: SETS });
      const summary = summarize(r);
      console.log(summary);
      expect(r.instructions).toBeGreaterThanOrEqual(INSNS);
      expect(r.mismatch?.report, summary).toBeUndefined();
      // Every candidate our core found UNDEFINED is UNDEFINED in QEMU too.
      expect(
        r.anomalies.filter((a) => a.mismatch).map((a) => a.verdict),
        summary,
      ).toEqual([]);
    },
    300_000,
  );

  it.skipIf(!haveQemu)(
    `runs ${JIT_INSNS} random ARM instructions 30 times each (the block compiler's code) with no difference`,
    () => {
      const r = runCampaign({ seed: SEED + 1, instructions: JIT_INSNS, sets: ["arm"], repeat: 30 });
      const summary = summarize(r);
      console.log(summary);
      expect(r.mismatch?.report, summary).toBeUndefined();
    },
    300_000,
  );

  it("uses every eligible row of each instruction set", () => {
    const g = new CaseGenerator({ seed: 1, sets: SETS });
    const sets = SETS.includes("thumb") ? (["a32", "t16", "t32"] as const) : (["a32"] as const);
    const unused = () =>
      sets.flatMap((s) =>
        eligibleRows(s)
          .filter((row) => !g.stats.perRow.has(`${s} ${row.name}`))
          .map((row) => `${s} ${row.name}`),
      );
    let at = TEXT + 0x1000;
    // Rows with narrow valid encodings (T32 RBIT/CLZ repeat Rm in two fields) need a few thousand cases.
    for (let i = 0; i < 6000 && (i % 200 !== 0 || unused().length > 0); i++) {
      const c = g.generate(at);
      g.setText(c.bytes, at);
      at += (c.bytes.length + 3) & ~3;
    }
    expect(unused()).toEqual([]);
  });

  it("is reproducible from its seed", () => {
    const a = generateProgram({ seed: 42, instructions: 500, sets: SETS }).program;
    const b = generateProgram({ seed: 42, instructions: 500, sets: SETS }).program;
    expect(Buffer.from(a.elf).equals(Buffer.from(b.elf))).toBe(true);
    const c = generateProgram({ seed: 43, instructions: 500, sets: SETS }).program;
    expect(Buffer.from(a.elf).equals(Buffer.from(c.elf))).toBe(false);
  });

  it.skipIf(!haveQemu)("reports a difference with the case, a field diff and the instructions", () => {
    const { program } = generateProgram({ seed: 7, instructions: 300, sets: SETS });
    const qemu = runQemu(program.elf);
    const ours = runOurs(program.elf);
    expect(compareOutcomes(program, qemu, ours)).toBeUndefined();
    // Plant a difference in r3 of case 5 of "our" output.
    const bad = ours.stdout.slice();
    bad[5 * RECORD_SIZE + 12] ^= 0x40;
    const planted = { ...ours, stdout: bad };
    expect(compareOutcomes(program, qemu, planted)).toBe(5);
    expect(diffRecords(parseRecord(qemu.stdout, 5), parseRecord(bad, 5))).toEqual([
      expect.stringMatching(/^r3: qemu 0x[0-9a-f]{8} ours 0x[0-9a-f]{8}$/),
    ]);
    const report = explainMismatch(program, 5, qemu, planted, 7);
    expect(report).toMatch(/seed 7: case 5 of \d+ differs/);
    expect(report).toMatch(/r3: qemu/);
    expect(report).toContain(program.cases[5].insns[0].row);
    // Rerunning the case alone shows the planted difference was not real.
    expect(report).toMatch(/does not reproduce/);
  });
});
