// Where fetched guests live, and the manifest that tells tests what is there.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** What `pnpm guests:fetch` produced. Paths are absolute. */
export interface GuestManifest {
  /** Debian package the kernel came from, e.g. linux-image-6.1.0-50-armmp-lpae. */
  readonly kernelPackage: string;
  /** Its Debian version, e.g. 6.1.176-1. */
  readonly kernelDebVersion: string;
  /** The kernel release (uname -r), e.g. 6.1.0-50-armmp-lpae. */
  readonly kernelRelease: string;
  /** The compressed kernel (zImage). */
  readonly vmlinuz: string;
  /** Directory holding the kernel package's DTBs. */
  readonly dtbDir: string;
  /** /lib/modules/<release> of the kernel package. */
  readonly modulesDir: string;
  /** The kernel's build configuration. */
  readonly config: string;
  /**
   * Debian's static busybox (armhf, package busybox-static), for the CPU's Linux user-mode tests.
   * Absent in manifests written before busybox was fetched (re-run `pnpm guests:fetch`).
   */
  readonly busybox?: string;
  /** Debian version of busybox-static, e.g. 1:1.35.0-4+deb12u1+b1. */
  readonly busyboxDebVersion?: string;
}

export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "pnpm-workspace.yaml"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error("cannot find the repository root (pnpm-workspace.yaml)");
    dir = up;
  }
  return dir;
}

/** The git-ignored cache folder (override with XENA_GUEST_CACHE). */
export function cacheDir(): string {
  return resolve(process.env.XENA_GUEST_CACHE ?? join(repoRoot(), ".cache", "guests"));
}

export function manifestPath(): string {
  return join(cacheDir(), "manifest.json");
}

/** The manifest, or an error that says how to create it. */
export function loadManifest(): GuestManifest {
  const path = manifestPath();
  if (!existsSync(path)) {
    throw new Error(
      `no fetched guests at ${path}: run "pnpm guests:fetch" (needs apt-get and network access to Debian)`,
    );
  }
  return JSON.parse(readFileSync(path, "utf8")) as GuestManifest;
}

/** Path of Debian's static armhf busybox, or an error that says how to fetch it. */
export function busyboxPath(): string {
  const m = loadManifest();
  if (m.busybox === undefined || !existsSync(m.busybox)) {
    throw new Error(
      `no busybox in the guest cache (${manifestPath()}): run "pnpm guests:fetch" (needs apt-get and network access to Debian)`,
    );
  }
  return m.busybox;
}

/** Path of a DTB shipped with the fetched kernel, e.g. "vexpress-v2p-ca15-tc1.dtb". */
export function kernelDtb(name: string): string {
  const path = join(loadManifest().dtbDir, name);
  if (!existsSync(path)) throw new Error(`the fetched kernel has no ${name} (looked in ${path})`);
  return path;
}
