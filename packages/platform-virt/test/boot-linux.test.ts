// Boots Debian's unmodified armmp-lpae kernel on the virt machine. Without a root filesystem the
// kernel runs its whole initialization and then panics at the mount of /: a deterministic end
// point that exercises the CPU, MMU, GIC, timer, UART, RTC and PSCI together.
import { readFileSync } from "node:fs";
import { loadManifest } from "@xena/guests";
import { describe, expect, it } from "vitest";
import { VirtMachine } from "../src/index.js";

describe("Debian Linux on virt", () => {
  it("boots through kernel initialization to the root-mount panic", () => {
    const kernel = new Uint8Array(readFileSync(loadManifest().vmlinuz));
    let console = "";
    const psci: string[] = [];
    const m = new VirtMachine({
      ramSize: 256 * 2 ** 20,
      kernel,
      bootargs: "console=ttyAMA0",
      serialOut: (b) => {
        console += String.fromCharCode(b);
      },
      trace: (category, message) => {
        if (category === "psci") psci.push(message);
      },
    });
    const limit = 5_000_000_000;
    while (m.instructions < limit && !console.includes("end Kernel panic")) {
      if (m.run(50_000_000).reason === "deadlock") break;
    }
    expect(console).toContain("Booting Linux on physical CPU 0x0");
    expect(console).toContain("CPU: ARMv7 Processor [412fc0f1] revision 1 (ARMv7)");
    expect(console).toContain("OF: fdt: Machine model: linux,dummy-virt");
    expect(console).toContain("psci: PSCIv1.1 detected in firmware.");
    expect(console).toContain("arch_timer: cp15 timer(s) running at 62.50MHz (virt).");
    expect(console).toMatch(/9000000\.pl011: ttyAMA0 at MMIO 0x9000000 \(irq = \d+, base_baud = 0\) is a PL011 rev1/);
    expect(console).toMatch(/rtc-pl031 9010000\.pl031: registered as rtc0/);
    expect(console).toContain("VFS: Unable to mount root fs on unknown-block(0,0)");
    expect(console).not.toMatch(/Internal error|Unable to handle kernel|BUG:|undefined instruction/);
    expect(psci[0]).toBe("cpu0 0x84000000 -> 65537");
  }, 600_000);
});
