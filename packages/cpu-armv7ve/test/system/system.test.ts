// Bare-metal guest programs of our own (src/*.S, built by build.sh into bin/) that check the
// core's system behaviour from the inside and report through the test device.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { CpuOptions } from "../../src/index.js";
import { TestMachine } from "../machine.js";

const here = dirname(fileURLToPath(import.meta.url));
const programs = readdirSync(join(here, "src"))
  .filter((f) => f.endsWith(".S"))
  .map((f) => f.slice(0, -2));

/** Runs a program; returns "pass" or a description of where it failed. */
export function runProgram(name: string, options: Partial<CpuOptions> = {}, limit = 5_000_000): string {
  const m = new TestMachine(options);
  m.load(new Uint8Array(readFileSync(join(here, "bin", `${name}.bin`))));
  m.run(limit);
  if (m.exitCode === 0) return "pass";
  if (m.exitCode === 1) return `CHECK failed at ${name}.S line ${m.log.at(-1)}`;
  return `no result (exit ${m.exitCode}, pc 0x${m.cpu.pc.toString(16)}, mode 0x${m.cpu.mode.toString(16)})`;
}

/** Programs that cannot pass yet, with the reason (they must start passing when it is fixed). */
const PENDING: Record<string, string> = {};

// Each program runs on the interpreter alone, with every block compiled at first sight, and with
// the default JIT threshold (a mix of both).
const CONFIGS: [string, Partial<CpuOptions>][] = [
  ["interpreter", { jit: false }],
  ["JIT", { jitThreshold: 1 }],
  ["default", {}],
];

describe("bare-metal system tests", () => {
  for (const name of programs) {
    for (const [config, options] of CONFIGS) {
      const pending = PENDING[name];
      if (pending !== undefined) {
        it.fails(`${name}, ${config} (pending: ${pending})`, () => {
          expect(runProgram(name, options)).toBe("pass");
        });
        continue;
      }
      it(`${name}, ${config}`, () => {
        expect(runProgram(name, options)).toBe("pass");
      });
    }
  }

  it("the committed binaries are what build.sh produces from the sources", () => {
    const out = mkdtempSync(join(tmpdir(), "xena-sys-"));
    const r = spawnSync("sh", [join(here, "build.sh"), out], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    for (const name of programs) {
      const committed = readFileSync(join(here, "bin", `${name}.bin`));
      expect(readFileSync(join(out, `${name}.bin`)).equals(committed), `${name}.bin differs from a rebuild`).toBe(true);
    }
  });
});
