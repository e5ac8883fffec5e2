// Running a test program under qemu-arm (the reference) and under the user-mode front end.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunResult, UserProcess } from "../../src/user/index.js";

export interface Outcome {
  readonly stdout: Uint8Array;
  /** "exit 0", "signal SIGSEGV", ... */
  readonly end: string;
  readonly detail: string;
}

export function qemuAvailable(): boolean {
  return spawnSync("qemu-arm", ["-version"], { stdio: "ignore" }).status === 0;
}

/** Runs `elf` under `qemu-arm -cpu cortex-a15`. */
export function runQemu(elf: Uint8Array): Outcome {
  const dir = mkdtempSync(join(tmpdir(), "xena-diff-"));
  try {
    const path = join(dir, "diff.elf");
    writeFileSync(path, elf, { mode: 0o755 });
    const r = spawnSync("qemu-arm", ["-cpu", "cortex-a15", path], {
      maxBuffer: 1 << 30,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
    });
    if (r.error) throw r.error;
    const end = r.signal !== null ? `signal ${r.signal}` : `exit ${r.status}`;
    return { stdout: new Uint8Array(r.stdout), end, detail: r.stderr.toString().trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const SIGNAL_NAMES: Record<number, string> = { 4: "SIGILL", 5: "SIGTRAP", 6: "SIGABRT", 7: "SIGBUS", 11: "SIGSEGV" };

/** Runs `elf` in-process on the core through the user-mode front end. */
export function runOurs(elf: Uint8Array, maxInstructions = 2e9): Outcome & { readonly result: RunResult } {
  const chunks: Uint8Array[] = [];
  let length = 0;
  const proc = new UserProcess({
    ramSize: 64 * 1024 * 1024,
    stdout: (b) => {
      chunks.push(b);
      length += b.length;
    },
  });
  proc.load(elf, ["diff.elf"], []);
  const result = proc.run(maxInstructions);
  const stdout = new Uint8Array(length);
  let o = 0;
  for (const c of chunks) {
    stdout.set(c, o);
    o += c.length;
  }
  const end =
    result.kind === "exit"
      ? `exit ${result.status}`
      : result.kind === "signal"
        ? `signal ${SIGNAL_NAMES[result.signal] ?? result.signal}`
        : "instruction limit";
  return { stdout, end, detail: result.kind === "signal" ? result.message : "", result };
}
