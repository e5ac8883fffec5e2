import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Fdt, type FdtNode, parseDtb } from "@xena/fdt";
import { describe, expect, it } from "vitest";
import { buildVirtDtb } from "../src/dt.js";

const here = dirname(fileURLToPath(import.meta.url));
const fixture = (name: string) => parseDtb(new Uint8Array(readFileSync(join(here, "__fixtures__", name))));

function dtcWarnings(blob: Uint8Array): string {
  const r = spawnSync("dtc", ["-I", "dtb", "-O", "dts", "-o", "/dev/null", "-"], { input: blob, encoding: "utf8" });
  if (r.error) throw r.error;
  return `${r.stderr}`.trim();
}

/** Property values with phandle references replaced by the referenced node's path. */
function normalized(fdt: Fdt, node: FdtNode): Record<string, string> {
  const out: Record<string, string> = {};
  const phandleProps = new Set(["interrupt-parent", "clocks", "cpu"]);
  for (const p of node.props) {
    if (p.name === "phandle") continue;
    if (phandleProps.has(p.name)) {
      out[p.name] = node
        .u32s(p.name)
        .map((ph) => fdt.byPhandle(ph)?.path ?? `?${ph}`)
        .join(",");
    } else out[p.name] = Buffer.from(p.value).toString("hex");
  }
  return out;
}

function compareWithQemu(ours: Fdt, qemu: Fdt): string[] {
  const problems: string[] = [];
  const ignore = new Set(["/chosen"]);
  for (const node of [ours.root, ...ours.root.descendants()]) {
    if (ignore.has(node.path)) continue;
    const theirs = qemu.find(node.path);
    if (theirs === undefined) {
      problems.push(`${node.path}: not in QEMU's tree`);
      continue;
    }
    const a = normalized(ours, node);
    const b = normalized(qemu, theirs);
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (a[k] !== b[k]) problems.push(`${node.path}: ${k} ours=${a[k]} qemu=${b[k]}`);
    }
  }
  return problems;
}

describe("virt device tree", () => {
  it("matches QEMU's virt DT node for node (1 CPU, 512 MiB)", () => {
    const blob = buildVirtDtb({ ramSize: 512 * 2 ** 20, cpus: 1, virtualization: false, psciMethod: "hvc" });
    expect(dtcWarnings(blob)).toBe("");
    expect(compareWithQemu(parseDtb(blob), fixture("qemu-virt-1cpu-512m.dtb"))).toEqual([]);
  });

  it("matches QEMU's virt DT with virtualization=on and 2 CPUs (GICH/GICV, maintenance IRQ, PSCI over SMC)", () => {
    const blob = buildVirtDtb({ ramSize: 2 ** 30, cpus: 2, virtualization: true, psciMethod: "smc" });
    expect(dtcWarnings(blob)).toBe("");
    const qemu = fixture("qemu-virt-virt-2cpu-1g.dtb");
    expect(qemu.find("/psci")?.string("method")).toBe("smc");
    expect(compareWithQemu(parseDtb(blob), qemu)).toEqual([]);
  });

  it("puts boot arguments, the initrd range and a seed in /chosen", () => {
    const fdt = parseDtb(
      buildVirtDtb({
        ramSize: 2 ** 28,
        cpus: 1,
        virtualization: false,
        psciMethod: "hvc",
        bootargs: "console=ttyAMA0",
        initrd: { start: 0x48000000, end: 0x48100000 },
        rngSeed: new Uint8Array(32).fill(7),
      }),
    );
    const chosen = fdt.find("/chosen");
    expect(chosen?.string("bootargs")).toBe("console=ttyAMA0");
    expect(chosen?.u32("linux,initrd-start")).toBe(0x48000000);
    expect(chosen?.u32("linux,initrd-end")).toBe(0x48100000);
    expect(chosen?.string("stdout-path")).toBe("/pl011@9000000");
    expect(chosen?.bytes("rng-seed").length).toBe(32);
  });

  it("refuses CPU counts a GICv2 cannot serve", () => {
    expect(() => buildVirtDtb({ ramSize: 2 ** 28, cpus: 9, virtualization: false, psciMethod: "hvc" })).toThrow(
      RangeError,
    );
  });
});
