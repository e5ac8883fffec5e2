// Builds small static ARM Linux executables for the user-mode tests with Debian's armhf
// binutils (as + ld), like test/asm.ts does for raw code.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const cache = new Map<string, Uint8Array>();

/** Assembles and links `source` (entry `_start`, ARM state unless it says .thumb) into an ELF executable. */
export function buildElf(source: string, ldArgs: readonly string[] = []): Uint8Array {
  const key = `${ldArgs.join(" ")}\n${source}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const dir = mkdtempSync(join(tmpdir(), "xena-elf-"));
  try {
    const src = join(dir, "t.s");
    writeFileSync(src, `.syntax unified\n.arch armv7ve\n.fpu vfpv4\n.arm\n.global _start\n${source}\n`);
    const as = spawnSync("arm-linux-gnueabihf-as", ["-o", join(dir, "t.o"), src], { encoding: "utf8" });
    if (as.status !== 0) throw new Error(`as failed: ${as.stderr}`);
    const ld = spawnSync("arm-linux-gnueabihf-ld", ["-static", ...ldArgs, "-o", join(dir, "t.elf"), join(dir, "t.o")], {
      encoding: "utf8",
    });
    if (ld.status !== 0) throw new Error(`ld failed: ${ld.stderr}`);
    const bytes = new Uint8Array(readFileSync(join(dir, "t.elf")));
    cache.set(key, bytes);
    return bytes;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Assembler macros for system calls (EABI). */
export const SYS = {
  exit: (rc: number | string) => `mov r0, ${typeof rc === "number" ? `#${rc}` : rc}\nmov r7, #1\nsvc #0`,
  write: (fd: number, label: string, len: number) =>
    `mov r0, #${fd}\nldr r1, =${label}\nmov r2, #${len}\nmov r7, #4\nsvc #0`,
};
