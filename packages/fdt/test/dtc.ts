// Runs Debian's dtc, the reference we check our reader, writer and printer against.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface DtcResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number | null;
}

export function dtc(args: string[], input?: Uint8Array | string): DtcResult {
  const r = spawnSync("dtc", args, { input, encoding: "latin1", maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`cannot run dtc (apt-get install device-tree-compiler): ${r.error.message}`);
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** `dtc -I dtb -O dts` of a blob. */
export function dtbToDts(blob: Uint8Array): DtcResult {
  return dtc(["-I", "dtb", "-O", "dts", "-q", "-"], blob);
}

/** `dtc -I dtb -O dts` with all warnings on (no -q). */
export function dtbToDtsWarnings(blob: Uint8Array): DtcResult {
  return dtc(["-I", "dtb", "-O", "dts", "-"], blob);
}

/** `dtc -I dts -O dtb` of source text. */
export function dtsToDtb(source: string): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), "xena-dtc-"));
  writeFileSync(join(dir, "in.dts"), source);
  const r = spawnSync("dtc", ["-I", "dts", "-O", "dtb", "-q", "-o", join(dir, "out.dtb"), join(dir, "in.dts")], {
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`dtc could not compile our DTS: ${r.stderr}`);
  return new Uint8Array(readFileSync(join(dir, "out.dtb")));
}
