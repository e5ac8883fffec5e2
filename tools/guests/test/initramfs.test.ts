import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { writeCpio } from "../src/cpio.js";
import { busyboxPath, loadManifest } from "../src/index.js";
import { buildInitramfs, initScript, resolveModules } from "../src/initramfs.js";

/** GNU cpio's listing of an archive (we check our writer against a tool we did not write). */
function gnuCpioList(archive: Uint8Array): string[] {
  const r = spawnSync("cpio", ["-tv", "--quiet"], { input: archive, encoding: "utf8" });
  if (r.error) throw new Error(`cannot run cpio (apt-get install cpio): ${r.error.message}`);
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim().split("\n");
}

describe("cpio newc writer", () => {
  it("writes what GNU cpio reads back: files, directories, symlinks, device nodes", () => {
    const archive = writeCpio([
      { type: "dir", path: "bin" },
      { type: "file", path: "bin/hello", data: new TextEncoder().encode("hi\n"), mode: 0o755 },
      { type: "symlink", path: "bin/sh", target: "hello" },
      { type: "char", path: "dev/console", major: 5, minor: 1 },
    ]);
    const list = gnuCpioList(archive);
    expect(list).toHaveLength(4);
    expect(list[0]).toMatch(/^drwxr-xr-x .* bin$/);
    expect(list[1]).toMatch(/^-rwxr-xr-x .* 3 .* bin\/hello$/);
    expect(list[2]).toMatch(/^lrwxrwxrwx .* bin\/sh -> hello$/);
    expect(list[3]).toMatch(/^crw------- .* 5,\s+1 .* dev\/console$/);
    expect(archive.length % 4).toBe(0);
  });

  it("is deterministic", () => {
    const make = () => writeCpio([{ type: "file", path: "a", data: new Uint8Array([1, 2, 3]) }]);
    expect(Buffer.from(make()).equals(Buffer.from(make()))).toBe(true);
  });
});

describe("initramfs", () => {
  it("resolves module dependencies from the modules' own .modinfo, dependencies first", () => {
    const m = loadManifest();
    const mods = resolveModules(m.modulesDir, ["virtio_net"]);
    expect(mods).toEqual([
      "kernel/net/core/failover.ko",
      "kernel/drivers/net/net_failover.ko",
      "kernel/drivers/net/virtio_net.ko",
    ]);
    expect(() => resolveModules(m.modulesDir, ["no_such_module"])).toThrow(/not in/);
  });

  it("holds busybox, the modules and an /init that loads them in order", () => {
    const m = loadManifest();
    const image = buildInitramfs({
      busybox: new Uint8Array(readFileSync(busyboxPath())),
      modulesDir: m.modulesDir,
      kernelRelease: m.kernelRelease,
      modules: ["virtio_mmio", "virtio_blk"],
    });
    const list = gnuCpioList(image).join("\n");
    expect(list).toMatch(/ init$/m);
    expect(list).toMatch(/ bin\/busybox$/m);
    expect(list).toMatch(/ lib\/modules\/virtio_blk\.ko$/m);
    expect(list).toMatch(/ dev\/console$/m);
    const init = initScript(["kernel/drivers/virtio/virtio_mmio.ko", "kernel/drivers/block/virtio_blk.ko"]);
    expect(init.indexOf("insmod /lib/modules/virtio_mmio.ko")).toBeLessThan(
      init.indexOf("insmod /lib/modules/virtio_blk.ko"),
    );
  });
});
