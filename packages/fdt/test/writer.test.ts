import { describe, expect, it } from "vitest";
import { FdtError, FdtWriter, parseDtb, serializeDtb, toDts } from "../src/index.js";
import { dtbToDts, dtbToDtsWarnings, dtsToDtb } from "./dtc.js";

/** A small virt-like tree exercising every property helper. */
function sampleTree(): Uint8Array {
  const w = new FdtWriter({ memReserve: [{ address: 0x4800_0000n, size: 0x10_0000n }] });
  const root = w.beginNode("");
  w.propertyU32("#address-cells", 2);
  w.propertyU32("#size-cells", 2);
  w.propertyString("compatible", "linux,dummy-virt");
  w.propertyString("model", "xena test");
  const gicPh = w.allocPhandle();
  w.propertyU32("interrupt-parent", gicPh);

  const chosen = w.beginNode("chosen");
  w.propertyString("bootargs", 'console=ttyAMA0 quiet "quoted"\tand tab');
  w.propertyU64("linux,initrd-start", 0x4800_0000);
  w.propertyU64("linux,initrd-end", 0x4810_0000);
  w.propertyString("stdout-path", "/pl011@9000000");
  w.endNode(chosen);

  const mem = w.beginNode("memory@40000000");
  w.propertyString("device_type", "memory");
  w.propertyCells("reg", [0x4000_0000, 0x2_0000_0000], [2, 2]);
  w.endNode(mem);

  const cpus = w.beginNode("cpus");
  w.propertyU32("#address-cells", 1);
  w.propertyU32("#size-cells", 0);
  for (let i = 0; i < 2; i++) {
    const cpu = w.beginNode(`cpu@${i}`);
    w.propertyString("device_type", "cpu");
    w.propertyString("compatible", "arm,cortex-a15");
    w.propertyU32("reg", i);
    w.propertyString("enable-method", "psci");
    w.endNode(cpu);
  }
  w.endNode(cpus);

  const gic = w.beginNode("intc@8000000");
  w.propertyStrings("compatible", ["arm,cortex-a15-gic"]);
  w.propertyU32("#interrupt-cells", 3);
  w.propertyU32("#address-cells", 0);
  w.propertyEmpty("interrupt-controller");
  w.propertyCells("reg", [0x800_0000, 0x1_0000, 0x801_0000, 0x1_0000], [2, 2]);
  w.propertyU32("phandle", gicPh);
  w.endNode(gic);

  const uart = w.beginNode("pl011@9000000");
  w.propertyStrings("compatible", ["arm,pl011", "arm,primecell"]);
  w.propertyCells("reg", [0x900_0000, 0x1000], [2, 2]);
  w.propertyU32s("interrupts", [0, 1, 4]);
  w.property("odd-bytes", new Uint8Array([1, 2, 3]));
  w.endNode(uart);
  w.endNode(root);
  return w.finish();
}

describe("FdtWriter", () => {
  it("writes a DTB that dtc decompiles without warnings, exactly as we print it", () => {
    const blob = sampleTree();
    const loud = dtbToDtsWarnings(blob);
    expect(loud.status).toBe(0);
    expect(loud.stderr).toBe("");
    expect(toDts(parseDtb(blob))).toBe(dtbToDts(blob).stdout);
  });

  it("lays the blob out exactly as dtc does (dtc compiling our DTS gives the same bytes)", () => {
    const blob = sampleTree();
    expect(Buffer.from(dtsToDtb(toDts(parseDtb(blob)))).equals(Buffer.from(blob))).toBe(true);
  });

  it("round-trips through reader and writer byte for byte", () => {
    const blob = sampleTree();
    const tree = parseDtb(blob);
    expect(Buffer.from(serializeDtb(tree)).equals(Buffer.from(blob))).toBe(true);
    expect(tree.memReserve).toEqual([{ address: 0x4800_0000n, size: 0x10_0000n }]);
    expect(tree.find("/chosen")?.u64("linux,initrd-end")).toBe(0x4810_0000);
    expect(tree.find("/memory")?.reg()).toEqual([{ address: 0x4000_0000, size: 0x2_0000_0000 }]);
    expect(tree.find("/chosen")?.string("bootargs")).toBe('console=ttyAMA0 quiet "quoted"\tand tab');
    expect(tree.find("/pl011@9000000")?.path).toBe("/pl011@9000000");
  });

  it("shares property-name strings, including tails of longer names, as dtc does", () => {
    const w = new FdtWriter();
    const r = w.beginNode("");
    w.propertyU32("#size-cells", 1);
    w.propertyU32("size-cells", 1); // a tail of "#size-cells"
    w.propertyU32("cells", 1); // a tail too
    w.endNode(r);
    const blob = w.finish();
    const sizeStrings = new DataView(blob.buffer).getUint32(32, false);
    expect(sizeStrings).toBe("#size-cells\0".length);
  });

  it("refuses misuse with typed errors", () => {
    const err = (f: () => void, code: string) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(FdtError);
        expect((e as FdtError).code).toBe(code);
        return;
      }
      throw new Error(`expected FdtError ${code}`);
    };
    err(() => new FdtWriter().beginNode("notroot"), "bad-name");
    err(() => new FdtWriter().finish(), "writer-order");
    err(() => new FdtWriter().propertyU32("x", 1), "writer-order");
    const w = new FdtWriter();
    const root = w.beginNode("");
    err(() => w.beginNode("bad name"), "bad-name");
    err(() => w.propertyU32("bad=name", 1), "bad-name");
    err(() => w.propertyU32("x", -1), "bad-property");
    err(() => w.propertyU32("phandle", 0), "bad-phandle");
    err(() => w.propertyString("s", "a\0b"), "bad-property");
    err(() => w.propertyCells("reg", [2 ** 33], [1]), "bad-property");
    const a = w.beginNode("a");
    w.propertyU32("phandle", 5);
    err(() => w.propertyU32("phandle", 6), "duplicate");
    const b = w.beginNode("b");
    err(() => w.endNode(a), "writer-order");
    w.endNode(b);
    err(() => w.propertyU32("late", 1), "writer-order");
    w.endNode(a);
    err(() => w.beginNode("a"), "duplicate");
    const c = w.beginNode("c");
    err(() => w.propertyU32("phandle", 5), "bad-phandle");
    expect(w.allocPhandle()).toBe(6);
    w.endNode(c);
    err(() => w.finish(), "writer-order"); // root still open
    w.endNode(root);
    err(() => w.beginNode("x"), "writer-order");
    w.finish();
    err(() => w.finish(), "writer-order");
  });
});
