// The initramfs xena boots: Debian's static busybox as every command, the kernel modules a
// platform needs (with their dependencies, loaded in order by /init), and an
// /init that mounts proc/sys/dev, loads the modules and starts a shell on the console.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type CpioEntry, writeCpio } from "./cpio.js";

export interface InitramfsOptions {
  /** Debian's busybox-static binary. */
  readonly busybox: Uint8Array;
  /** /lib/modules/<release> of the kernel package. */
  readonly modulesDir: string;
  readonly kernelRelease: string;
  /** Module names (without .ko) to load at boot, e.g. ["virtio_mmio", "virtio_blk"]. */
  readonly modules: readonly string[];
}

/** The `depends=` list of a kernel module's .modinfo section (Debian ships no modules.dep: depmod makes it at install). */
export function moduleDepends(ko: Uint8Array): string[] {
  const view = new DataView(ko.buffer, ko.byteOffset, ko.byteLength);
  if (ko.length < 52 || view.getUint32(0, false) !== 0x7f454c46 || ko[4] !== 1) {
    throw new Error("not a 32-bit ELF kernel module");
  }
  const shoff = view.getUint32(32, true);
  const shentsize = view.getUint16(46, true);
  const shnum = view.getUint16(48, true);
  const shstrndx = view.getUint16(50, true);
  const section = (i: number) => {
    const h = shoff + i * shentsize;
    return { name: view.getUint32(h, true), offset: view.getUint32(h + 16, true), size: view.getUint32(h + 20, true) };
  };
  const names = section(shstrndx);
  const text = (off: number, end: number) => new TextDecoder("latin1").decode(ko.subarray(off, end));
  for (let i = 0; i < shnum; i++) {
    const s = section(i);
    const nameEnd = ko.indexOf(0, names.offset + s.name);
    if (text(names.offset + s.name, nameEnd) !== ".modinfo") continue;
    for (const entry of text(s.offset, s.offset + s.size).split("\0")) {
      if (entry.startsWith("depends="))
        return entry
          .slice(8)
          .split(",")
          .filter((d) => d.length > 0);
    }
    return [];
  }
  return [];
}

/** Every module of a kernel's /lib/modules/<release>/kernel tree, by name ("-" and "_" alike). */
function moduleIndex(modulesDir: string): Map<string, string> {
  const index = new Map<string, string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(join(modulesDir, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (e.name.endsWith(".ko")) index.set(e.name.slice(0, -3).replace(/-/g, "_"), rel);
    }
  };
  walk("kernel");
  return index;
}

/** Resolves modules and their dependencies (from each module's .modinfo), dependencies first. */
export function resolveModules(modulesDir: string, names: readonly string[]): string[] {
  const index = moduleIndex(modulesDir);
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (name: string) => {
    const key = name.replace(/-/g, "_");
    const path = index.get(key);
    if (path === undefined) throw new Error(`kernel module ${name} is not in ${join(modulesDir, "kernel")}`);
    if (ordered.includes(path)) return;
    if (visiting.has(key)) throw new Error(`kernel modules depend on each other in a cycle through ${name}`);
    visiting.add(key);
    for (const d of moduleDepends(new Uint8Array(readFileSync(join(modulesDir, path))))) visit(d);
    visiting.delete(key);
    ordered.push(path);
  };
  for (const name of names) visit(name);
  return ordered;
}

/**
 * /init: mounts the pseudo filesystems, installs busybox's applets, loads the modules, prints a
 * marker the tests wait for, then either runs `xena.run=<command>` from the kernel command line
 * and powers off, or gives the console a shell (and powers off when it exits).
 */
export function initScript(modulePaths: readonly string[]): string {
  // Xen's frontends only probe under Xen: load them only when the DT has a hypervisor node.
  const load = (p: string) => {
    const file = p.slice(p.lastIndexOf("/") + 1);
    return /\/xen-|\/xen_/.test(p)
      ? `[ -d /sys/firmware/devicetree/base/hypervisor ] && insmod /lib/modules/${file}`
      : `insmod /lib/modules/${file}`;
  };
  return `#!/bin/busybox sh
/bin/busybox mkdir -p /proc /sys /dev /tmp /usr/bin /usr/sbin /sbin
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null || mdev -s
${modulePaths.map(load).join("\n")}
echo "xena: initramfs up ($(uname -r), $(cat /proc/cpuinfo | grep -c ^processor) cpu)"
run=$(sed -n 's/.*xena\\.run=\\([^ ]*\\).*/\\1/p' /proc/cmdline | tr '+' ' ')
if [ -n "$run" ]; then
  echo "xena: running: $run"
  sh -c "$run"
  echo "xena: exit status $?"
else
  echo "xena: shell on the console (exit or Ctrl-D powers off)"
  setsid cttyhack sh
fi
poweroff -f
`;
}

/** Builds the initramfs (an uncompressed newc cpio: nothing for the guest to decompress). */
export function buildInitramfs(o: InitramfsOptions): Uint8Array {
  const modules = resolveModules(o.modulesDir, o.modules);
  const entries: CpioEntry[] = [
    { type: "dir", path: "bin" },
    { type: "dir", path: "dev" },
    { type: "dir", path: "lib" },
    { type: "dir", path: "lib/modules" },
    { type: "char", path: "dev/console", major: 5, minor: 1 },
    { type: "char", path: "dev/null", major: 1, minor: 3, mode: 0o666 },
    { type: "file", path: "bin/busybox", data: o.busybox, mode: 0o755 },
    { type: "symlink", path: "bin/sh", target: "busybox" },
    { type: "file", path: "init", data: new TextEncoder().encode(initScript(modules)), mode: 0o755 },
  ];
  for (const m of modules) {
    entries.push({
      type: "file",
      path: `lib/modules/${m.slice(m.lastIndexOf("/") + 1)}`,
      data: new Uint8Array(readFileSync(join(o.modulesDir, m))),
    });
  }
  return writeCpio(entries);
}
