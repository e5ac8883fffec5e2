import assert from "node:assert/strict";
import { FdtError, FdtWriter, parseDtb, serializeDtb, toDts } from "@xena/fdt";

// Write a tiny machine description the way a platform does...
const w = new FdtWriter();
const root = w.beginNode("");
w.propertyU32("#address-cells", 2);
w.propertyU32("#size-cells", 2);
w.propertyString("compatible", "linux,dummy-virt");
const memory = w.beginNode("memory@40000000");
w.propertyString("device_type", "memory");
w.propertyCells("reg", [0x4000_0000, 0x1000_0000], [2, 2]); // 2 address cells, 2 size cells
w.endNode(memory);
const chosen = w.beginNode("chosen");
w.propertyString("bootargs", "console=ttyAMA0");
w.endNode(chosen);
w.endNode(root);
const dtb = w.finish();

// ...and read it back the way a loader or test does.
const fdt = parseDtb(dtb);
assert.deepEqual(fdt.find("/memory")?.reg(), [{ address: 0x4000_0000, size: 0x1000_0000 }]);
assert.equal(fdt.find("/chosen")?.string("bootargs"), "console=ttyAMA0");
assert.deepEqual(serializeDtb(fdt), dtb); // byte-identical round trip
assert.match(toDts(fdt), /reg = <0x00 0x40000000 0x00 0x10000000>;/); // as `dtc -O dts` prints it

// Bad input is a typed error, never a crash.
try {
  parseDtb(dtb.subarray(0, 30));
  assert.fail("a truncated blob must not parse");
} catch (e) {
  assert.ok(e instanceof FdtError && e.code === "truncated");
}
