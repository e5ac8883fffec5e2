// Debian's static busybox (armhf, mostly Thumb-2 code, glibc) under the user-mode front end.
// The binary comes from the guest cache (`pnpm guests:fetch`; `pnpm test` fetches it first).
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { busyboxPath } from "@xena/guests";
import { afterAll, describe, expect, it } from "vitest";
import { decodeT16 } from "../../src/t32/decoder.js";
import { type InputSource, type RunResult, UserProcess } from "../../src/user/index.js";

// Busybox is Thumb-2 code: until the Thumb tables exist these tests are expected to fail (and
// then must pass: this switches itself over when the decoder knows BX LR).
const THUMB_READY = decodeT16(0x4770) !== 0;
const itThumb = THUMB_READY ? it : it.fails;

const root = mkdtempSync(join(tmpdir(), "xena-busybox-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function busybox(args: string[], stdin?: InputSource): { result: RunResult; stdout: string; stderr: string } {
  const path = busyboxPath();
  let stdout = "";
  let stderr = "";
  const dec = [new TextDecoder(), new TextDecoder()];
  const proc = new UserProcess({
    root,
    stdin,
    exePath: path,
    stdout: (b) => {
      stdout += dec[0].decode(b, { stream: true });
    },
    stderr: (b) => {
      stderr += dec[1].decode(b, { stream: true });
    },
  });
  proc.load(new Uint8Array(readFileSync(path)), ["busybox", ...args], ["PATH=/bin:/usr/bin", "HOME=/"]);
  const result = proc.run(500_000_000);
  return { result, stdout, stderr };
}

describe("Debian's static busybox", () => {
  itThumb("echo hello prints hello and exits 0", () => {
    const r = busybox(["echo", "hello"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("hello\n");
    expect(r.result).toMatchObject({ kind: "exit", status: 0 });
  });

  itThumb("true and false exit 0 and 1", () => {
    expect(busybox(["true"]).result).toMatchObject({ kind: "exit", status: 0 });
    expect(busybox(["false"]).result).toMatchObject({ kind: "exit", status: 1 });
  });

  itThumb("sha256sum of a file prints the digest Node computes", () => {
    const data = randomBytes(100_000);
    writeFileSync(join(root, "data.bin"), data);
    const r = busybox(["sha256sum", "/data.bin"]);
    expect(r.stdout).toBe(`${createHash("sha256").update(data).digest("hex")}  /data.bin\n`);
    expect(r.result).toMatchObject({ kind: "exit", status: 0 });
  });

  itThumb("sha256sum of stdin prints the digest Node computes", () => {
    const data = randomBytes(5000);
    const r = busybox(["sha256sum"], data);
    expect(r.stdout).toBe(`${createHash("sha256").update(data).digest("hex")}  -\n`);
  });

  const qemu = spawnSync("qemu-arm", ["-version"], { stdio: "ignore" }).status === 0;
  (qemu ? itThumb : it.skip)("prints what it prints under qemu-arm for a few applets", () => {
    writeFileSync(join(root, "words.txt"), "pear\napple\nfig\napple\n");
    const cases = [
      ["seq", "3", "12"],
      ["expr", "6", "*", "7"],
      ["printf", "%05d|%x|%s\\n", "42", "255", "text"],
      ["sort", "-u", "/words.txt"],
      ["wc", "/words.txt"],
      ["awk", 'BEGIN { printf "%.3f\\n", 2 / 3 }'],
      ["basename", "/a/b/c.txt", ".txt"],
      ["uname", "-m"],
    ];
    for (const args of cases) {
      // The guest's "/" is the sandbox root; qemu-arm sees the host's.
      const hostArgs = args.map((a) => (a === "/words.txt" ? join(root, a) : a));
      const q = spawnSync("qemu-arm", ["-cpu", "cortex-a15", busyboxPath(), ...hostArgs], { encoding: "utf8" });
      const ours = busybox(args);
      expect(`${args.join(" ")}: ${ours.stdout}`).toBe(`${args.join(" ")}: ${q.stdout.replaceAll(root, "")}`);
      expect(ours.result).toMatchObject({ kind: "exit", status: q.status });
    }
  });
});
