// The default guest: Debian's armmp-lpae kernel and an initramfs of Debian's static busybox with
// the modules the platforms need. Fetched (apt-get download) and built on first use, then cached.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  buildInitramfs,
  busyboxPath,
  cacheDir,
  fetchGuests,
  initScript,
  loadManifest,
  resolveModules,
} from "@xena/guests";

/**
 * Modules the default initramfs loads: virtio transport, disk and NIC; ext4 for disk images (with
 * crc32c_generic, its "softdep pre: crypto-crc32c"); the Xen frontends (loaded only under Xen).
 */
export const DEFAULT_MODULES = [
  "virtio_mmio",
  "virtio_blk",
  "virtio_net",
  "crc32c_generic",
  "ext4",
  "xen-blkfront",
  "xen-netfront",
];

export interface DefaultGuest {
  readonly kernel: string;
  readonly initrd: string;
}

/** Paths of the default kernel and initramfs, fetching and building them if needed. */
export function defaultGuest(log: (line: string) => void): DefaultGuest {
  const manifest = fetchGuests();
  const busybox = busyboxPath();
  const modules = resolveModules(manifest.modulesDir, DEFAULT_MODULES);
  // The file name changes whenever an input does: kernel, busybox, module list or /init.
  const key = createHash("sha256")
    .update(manifest.kernelRelease)
    .update(manifest.busyboxDebVersion ?? "")
    .update(modules.join(","))
    .update(initScript(modules))
    .digest("hex")
    .slice(0, 12);
  const initrd = join(cacheDir(), `initramfs-${manifest.kernelRelease}-${key}.cpio`);
  if (!existsSync(initrd)) {
    log(`building ${initrd}`);
    writeFileSync(
      initrd,
      buildInitramfs({
        busybox: new Uint8Array(readFileSync(busybox)),
        modulesDir: manifest.modulesDir,
        kernelRelease: manifest.kernelRelease,
        modules: DEFAULT_MODULES,
      }),
    );
  }
  return { kernel: loadManifest().vmlinuz, initrd };
}
