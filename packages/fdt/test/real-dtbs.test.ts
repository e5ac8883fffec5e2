// The reader, writer and DTS printer against real DTBs from Debian's armhf kernel package and
// against Debian's dtc.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { kernelDtb, loadManifest } from "@xena/guests";
import { beforeAll, describe, expect, it } from "vitest";
import { type Fdt, parseDtb, serializeDtb, toDts } from "../src/index.js";
import { dtbToDts, dtsToDtb } from "./dtc.js";

let blob: Uint8Array;
let tree: Fdt;

beforeAll(() => {
  blob = new Uint8Array(readFileSync(kernelDtb("vexpress-v2p-ca15-tc1.dtb")));
  tree = parseDtb(blob);
});

describe("vexpress-v2p-ca15-tc1.dtb from Debian's kernel", () => {
  it("prints exactly the DTS that dtc prints", () => {
    const reference = dtbToDts(blob);
    expect(reference.status).toBe(0);
    expect(toDts(tree)).toBe(reference.stdout);
  });

  it("serializes back byte for byte", () => {
    expect(Buffer.from(serializeDtb(tree)).equals(Buffer.from(blob))).toBe(true);
  });

  it("compiles back (via dtc) from our DTS to the same blob", () => {
    expect(Buffer.from(dtsToDtb(toDts(tree))).equals(Buffer.from(blob))).toBe(true);
  });

  it("has the nodes and properties a CA15 TC1 boot depends on", () => {
    expect(tree.root.string("model")).toBe("V2P-CA15");
    expect(tree.root.strings("compatible")).toEqual([
      "arm,vexpress,v2p-ca15,tc1",
      "arm,vexpress,v2p-ca15",
      "arm,vexpress",
    ]);
    expect(tree.root.addressCells).toBe(2);
    const cpus = tree.find("/cpus");
    expect(cpus?.children.filter((c) => c.baseName === "cpu").map((c) => c.string("compatible"))).toEqual([
      "arm,cortex-a15",
      "arm,cortex-a15",
    ]);
    expect(tree.find("/memory@80000000")?.reg()).toEqual([{ address: 0x8000_0000, size: 0x4000_0000 }]);
    const gic = tree.compatible("arm,cortex-a15-gic")[0];
    expect(gic.reg().map((r) => r.address)).toEqual([0x2c001000, 0x2c002000, 0x2c004000, 0x2c006000]);
    // interrupt-parent at the root points at the GIC by phandle.
    expect(tree.byPhandle(tree.root.u32("interrupt-parent"))).toBe(gic);
    const timer = tree.compatible("arm,armv7-timer")[0];
    expect(timer.u32s("interrupts")).toEqual([1, 13, 0xf08, 1, 14, 0xf08, 1, 11, 0xf08, 1, 10, 0xf08]);
    expect(
      tree.find("/bus@8000000/motherboard-bus@8000000/iofpga-bus@300000000/serial@90000")?.strings("compatible"),
    ).toEqual(["arm,pl011", "arm,primecell"]);
  });
});

describe("every DTB in Debian's armmp-lpae kernel package", () => {
  it("parses and serializes back byte for byte", () => {
    const dir = loadManifest().dtbDir;
    const names = readdirSync(dir).filter((f) => f.endsWith(".dtb"));
    expect(names.length).toBeGreaterThan(100);
    const mismatched: string[] = [];
    for (const name of names) {
      const b = new Uint8Array(readFileSync(join(dir, name)));
      if (!Buffer.from(serializeDtb(parseDtb(b))).equals(Buffer.from(b))) mismatched.push(name);
    }
    expect(mismatched).toEqual([]);
  });

  it("prints what dtc prints (every 25th DTB)", () => {
    const dir = loadManifest().dtbDir;
    const names = readdirSync(dir)
      .filter((f) => f.endsWith(".dtb"))
      .sort()
      .filter((_, i) => i % 25 === 0);
    for (const name of names) {
      const b = new Uint8Array(readFileSync(join(dir, name)));
      expect(toDts(parseDtb(b)), name).toBe(dtbToDts(b).stdout);
    }
  });
});
