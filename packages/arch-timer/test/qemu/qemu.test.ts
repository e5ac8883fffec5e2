// Differential test against QEMU 7.2's generic timer: the access script of script.ts, whose
// results on QEMU record.sh stored in qemu-7.2-virt.txt, runs on our timer configured like
// QEMU's virt CPU (62.5 MHz, no EL3); every result must match.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runOnModel } from "./model.js";
import { SCRIPT } from "./script.js";

const here = dirname(fileURLToPath(import.meta.url));
const recorded = readFileSync(join(here, "qemu-7.2-virt.txt"), "utf8")
  .split("\n")
  .filter((l) => l !== "" && !l.startsWith("#"))
  .map((l) => Number.parseInt(l, 16));

describe("generic timer against QEMU 7.2", () => {
  it("every access result (done, UNDEFINED, Hyp trap with its class) and value matches QEMU's", () => {
    const ours = runOnModel(SCRIPT);
    expect(recorded.length).toBe(ours.length);
    const mismatches = ours.flatMap(({ label, value }, i) =>
      value === recorded[i] ? [] : [`${label}: QEMU 0x${recorded[i]?.toString(16)}, ours 0x${value.toString(16)}`],
    );
    expect(mismatches).toEqual([]);
  });
});
