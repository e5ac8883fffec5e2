// Assembles test snippets with Debian's GNU assembler for armhf (binutils-arm-linux-gnueabihf).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const cache = new Map<string, Uint8Array>();

/** Assembles `source` (ARM state unless it says .thumb) at address 0 and returns the raw bytes. */
export function assemble(source: string, options: { thumb?: boolean } = {}): Uint8Array {
  const key = `${options.thumb ? "T" : "A"}${source}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const dir = mkdtempSync(join(tmpdir(), "xena-as-"));
  const src = join(dir, "t.s");
  writeFileSync(src, `.syntax unified\n.arch armv7ve\n.fpu vfpv4\n${options.thumb ? ".thumb" : ".arm"}\n${source}\n`);
  const as = spawnSync("arm-linux-gnueabihf-as", ["-o", join(dir, "t.o"), src], { encoding: "utf8" });
  if (as.status !== 0) throw new Error(`as failed: ${as.stderr}`);
  const ld = spawnSync("arm-linux-gnueabihf-ld", ["-Ttext=0", "-e", "0", "-o", join(dir, "t.elf"), join(dir, "t.o")], {
    encoding: "utf8",
  });
  if (ld.status !== 0) throw new Error(`ld failed: ${ld.stderr}`);
  const oc = spawnSync(
    "arm-linux-gnueabihf-objcopy",
    ["-O", "binary", "-j", ".text", join(dir, "t.elf"), join(dir, "t.bin")],
    {
      encoding: "utf8",
    },
  );
  if (oc.status !== 0) throw new Error(`objcopy failed: ${oc.stderr}`);
  const bytes = new Uint8Array(readFileSync(join(dir, "t.bin")));
  cache.set(key, bytes);
  return bytes;
}
