#!/usr/bin/env node
// Makes sure the host tools the tests compare against are installed: Debian's dtc (device-tree
// compiler), qemu-arm (the CPU's differential-test oracle) and the armhf cross binutils/gcc (the
// tests rebuild our committed guest binaries and check they are byte-identical). Installs missing Debian packages with apt-get
// when allowed to (root, or passwordless sudo); otherwise says exactly what to install.
import { spawnSync } from "node:child_process";

/** command → Debian package that provides it */
const NEEDED = {
  dtc: "device-tree-compiler",
  "qemu-arm": "qemu-user",
  "arm-linux-gnueabihf-as": "binutils-arm-linux-gnueabihf",
  "arm-linux-gnueabihf-gcc": "gcc-arm-linux-gnueabihf",
  // GNU cpio reads back the initramfs archives our own writer produces.
  cpio: "cpio",
  // mke2fs fills ext2 images from a directory for the boot tests' virtio disks.
  mke2fs: "e2fsprogs",
  // tcpdump reads back the pcap captures of the network tests.
  tcpdump: "tcpdump",
};

const has = (cmd) => spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
const log = (line) => process.stderr.write(`host-deps: ${line}\n`);

const missing = Object.entries(NEEDED).filter(([cmd]) => !has(cmd));
if (missing.length === 0) process.exit(0);

const packages = [...new Set(missing.map(([, pkg]) => pkg))];
if (!has("apt-get")) {
  log(`missing ${missing.map(([c]) => c).join(", ")}; install the Debian/Ubuntu packages: ${packages.join(" ")}`);
  process.exit(1);
}
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const sudo = isRoot ? [] : spawnSync("sudo", ["-n", "true"], { stdio: "ignore" }).status === 0 ? ["sudo", "-n"] : null;
if (sudo === null) {
  log(`missing ${missing.map(([c]) => c).join(", ")}; run: sudo apt-get install -y ${packages.join(" ")}`);
  process.exit(1);
}
const run = (args) => {
  const [cmd, ...rest] = [...sudo, ...args];
  return spawnSync(cmd, rest, {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
};
log(`installing ${packages.join(" ")} with apt-get`);
// A mirror in mid-sync can fail one index; the install below decides whether that mattered.
run(["apt-get", "update", "-qq"]);
const r = run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", ...packages]);
const still = missing.filter(([cmd]) => !has(cmd));
if (r.status !== 0 || still.length > 0) {
  log(
    `apt-get install ${packages.join(" ")} failed (exit ${r.status}); still missing: ${still.map(([c]) => c).join(", ")}`,
  );
  process.exit(1);
}
