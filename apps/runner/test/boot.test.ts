// Issue 5's acceptance, through the `xena` command: Debian's kernel boots to the initramfs on the
// virt machine (1 and 2 CPUs), commands run through the serial console, a raw disk image we
// wrote is mounted and read, the virtio NIC shows up, and the guest powers off cleanly. And the
// same kernel entered in Hyp mode (virtualization=on).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Console, PROMPT } from "./console.js";

function diskImage(): string {
  const dir = mkdtempSync(join(tmpdir(), "xena-disk-"));
  mkdirSync(join(dir, "files"));
  writeFileSync(join(dir, "files", "hello.txt"), "written by the host test\n");
  const image = join(dir, "disk.img");
  // Debian's mke2fs fills the filesystem from a directory (-d): an image we did not hand-craft.
  const r = spawnSync("mke2fs", ["-q", "-t", "ext2", "-d", join(dir, "files"), image, "4M"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`mke2fs failed (apt-get install e2fsprogs): ${r.stderr}`);
  return image;
}

const BOOT_MS = 400_000;

describe("xena boots Debian on virt", () => {
  for (const cpus of [1, 2]) {
    it(
      `with ${cpus} CPU${cpus > 1 ? "s" : ""}: shell, disk, NIC, power-off`,
      async () => {
        const image = diskImage();
        const con = new Console([
          "-M",
          "virt",
          "-smp",
          `${cpus}`,
          "-m",
          "256",
          "-drive",
          `file=${image},if=virtio,format=raw`,
          "-netdev",
          "none,id=n0",
        ]);
        try {
          await con.expect("xena: shell on the console", BOOT_MS);
          await con.expect(PROMPT, 60_000);
          expect(await con.run("uname -a")).toMatch(
            /Linux \(none\) 6\.1\.\d+-\d+-armmp-lpae #1 SMP Debian .* armv7l GNU\/Linux/,
          );
          expect((await con.run("grep -c ^processor /proc/cpuinfo")).trim().split("\n").at(-1)).toBe(`${cpus}`);
          expect(await con.run("grep -m1 'CPU part' /proc/cpuinfo")).toContain("0xc0f"); // Cortex-A15
          expect(await con.run("mkdir -p /mnt && mount -t ext4 /dev/vda /mnt && cat /mnt/hello.txt")).toContain(
            "written by the host test",
          );
          expect(await con.run("ip link show eth0")).toMatch(/eth0: [^\n]*\n\s+link\/ether 52:54:00:12:34:56/);
          con.type("poweroff -f\n");
          expect(await con.exited).toBe(0);
          expect(con.stderr).toContain("xena: the guest powered off");
          expect(con.output).not.toMatch(/Internal error|Unable to handle kernel|BUG:|Oops/);
        } finally {
          con.kill();
        }
      },
      BOOT_MS + 200_000,
    );
  }

  // Issue 6: with virtualization=on the kernel is entered in Hyp mode on every core (PSCI CPU_ON
  // starts the secondary there too); Linux installs its Hyp stub through HVBAR, checks the
  // extensions, and drops to SVC with an exception return before it goes on booting.
  it(
    "with virtualization=on: the kernel starts in Hyp mode on both CPUs and boots on",
    async () => {
      const con = new Console(["-M", "virt,virtualization=on", "-smp", "2", "-m", "256"]);
      try {
        await con.expect("xena: shell on the console", BOOT_MS);
        await con.expect(PROMPT, 60_000);
        const dmesg = await con.run("dmesg | grep -a -E 'HYP mode|Virtualization extensions|processors activated'");
        expect(dmesg).toContain("CPU: All CPU(s) started in HYP mode.");
        expect(dmesg).toContain("CPU: Virtualization extensions available.");
        expect(dmesg).toContain("Total of 2 processors activated");
        expect(await con.run("tr -d '\\000' < /proc/device-tree/psci/method; echo")).toContain("smc");
        con.type("poweroff -f\n");
        expect(await con.exited).toBe(0);
        expect(con.output).not.toMatch(/Internal error|Unable to handle kernel|BUG:|Oops/);
      } finally {
        con.kill();
      }
    },
    BOOT_MS + 200_000,
  );
});
