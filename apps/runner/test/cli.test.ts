import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDtb } from "@xena/fdt";
import { describe, expect, it } from "vitest";
import { parseSystemArgs, UsageError } from "../src/args.js";
import { runCli } from "../src/index.js";

async function run(...argv: string[]) {
  let out = "";
  let err = "";
  const status = await runCli(
    argv,
    (s) => {
      out += s;
    },
    (s) => {
      err += s;
    },
  );
  return { status, out, err };
}

describe("xena CLI", () => {
  it("prints help with the options and the platform list", async () => {
    const r = await run("--help");
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/usage: xena/);
    expect(r.out).toMatch(/--drive file=F/);
    expect(r.out).toMatch(/Ctrl-A x quits/);
    expect(r.out).toMatch(/virt\s+minimal 32-bit virt machine/);
    expect(r.out).toMatch(/vexpress\s+Versatile Express/);
  });

  it("lists platforms for -M help and says which cannot boot yet", async () => {
    expect((await run("-M", "help")).out).toMatch(/virt/);
    const r = await run("-M", "vexpress", "-kernel", "zImage");
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/not implemented yet/);
  });

  it("rejects unknown platforms and options with a clear message", async () => {
    expect((await run("-M", "pc")).err).toMatch(/unknown platform "pc"/);
    const bad = await run("--frobnicate");
    expect(bad.status).toBe(2);
    expect(bad.err).toMatch(/unknown option --frobnicate/);
    expect((await run("-smp", "9")).err).toMatch(/1 to 8 CPUs/);
    expect((await run("--drive", "if=virtio")).err).toMatch(/needs file=/);
  });

  it("reports a missing or corrupt kernel without a crash", async () => {
    const missing = await run("-kernel", "/nonexistent/zImage");
    expect(missing.status).toBe(1);
    expect(missing.err).toMatch(/cannot read the kernel \/nonexistent\/zImage/);
    const junk = await run("-kernel", "/etc/hostname");
    expect(junk.status).toBe(1);
    expect(junk.err).toMatch(/not a zImage/);
  });

  it("dumps the device tree it would boot with (--dumpdtb)", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "xena-dtb-")), "virt.dtb");
    const r = await run("-M", "virt", "-m", "1G", "-smp", "2", "-kernel", "/etc/hostname", "--dumpdtb", file);
    expect(r.status).toBe(0);
    const fdt = parseDtb(new Uint8Array(readFileSync(file)));
    expect(fdt.find("/memory")?.reg()).toEqual([{ address: 0x4000_0000, size: 2 ** 30 }]);
    expect(fdt.find("/cpus")?.children.filter((c) => c.baseName === "cpu")).toHaveLength(2);
  });
});

describe("option parsing", () => {
  it("takes QEMU's single-dash spellings and the GNU ones alike", () => {
    const q = parseSystemArgs([
      "-M",
      "virt",
      "-kernel",
      "zImage",
      "-initrd",
      "initrd.img",
      "-append",
      "console=ttyAMA0 quiet",
      "-m",
      "1G",
      "-smp",
      "cpus=2",
      "-drive",
      "file=disk.img,if=virtio,format=raw,readonly=on",
      "-netdev",
      "socket,id=n0,udp=127.0.0.1:5556,localaddr=127.0.0.1:5555",
      "-device",
      "virtio-net-device,netdev=n0",
      "-nographic",
      "-icount",
      "shift=0",
    ]);
    const g = parseSystemArgs([
      "--machine=virt",
      "--kernel=zImage",
      "--initrd",
      "initrd.img",
      "--append=console=ttyAMA0 quiet",
      "-m",
      "1024",
      "--smp=2",
      "--drive=file=disk.img,readonly=on",
      "--netdev=udp,id=n0,local=127.0.0.1:5555,remote=127.0.0.1:5556",
    ]);
    for (const o of [q, g]) {
      expect(o.kernel).toBe("zImage");
      expect(o.initrd).toBe("initrd.img");
      expect(o.append).toBe("console=ttyAMA0 quiet");
      expect(o.memory).toBe(2 ** 30);
      expect(o.cpus).toBe(2);
      expect(o.drives).toEqual([{ file: "disk.img", readOnly: true }]);
      expect(o.netdevs[0]).toMatchObject({
        kind: "udp",
        local: { host: "127.0.0.1", port: 5555 },
        remote: { host: "127.0.0.1", port: 5556 },
      });
      expect(o.clock).toBe("icount");
      expect(o.defaultGuest).toBe(false);
    }
    expect(parseSystemArgs([]).defaultGuest).toBe(true);
    expect(parseSystemArgs(["--realtime", "--trace", "psci,mmio"]).trace).toEqual(new Set(["psci", "mmio"]));
    expect(() => parseSystemArgs(["-netdev", "user,id=n0"])).toThrow(UsageError);
  });

  it("takes QEMU's machine properties: -M virt,virtualization=on", () => {
    expect(parseSystemArgs([]).virtualization).toBe(false);
    expect(parseSystemArgs(["-M", "virt,virtualization=on"]).virtualization).toBe(true);
    expect(parseSystemArgs(["--machine", "virt,virtualization=off"]).virtualization).toBe(false);
    expect(() => parseSystemArgs(["-M", "virt,virtualization=maybe"])).toThrow(/expected on or off/);
    expect(() => parseSystemArgs(["-M", "virt,secure=on"])).toThrow(/unknown property "secure"/);
  });
});
