// `pnpm guests:fetch`: downloads Debian's armhf armmp-lpae kernel (zImage, DTBs, modules) and
// static busybox into the git-ignored cache and records what it got in manifest.json. Re-running
// with a complete cache touches no network.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { extractDeb, GuestFetchError, PrivateApt } from "./apt.js";
import { cacheDir, type GuestManifest, manifestPath } from "./cache.js";

const KERNEL_META = "linux-image-armmp-lpae";
const BUSYBOX = "busybox-static";

export function log(line: string): void {
  process.stderr.write(`guests: ${line}\n`);
}

function manifestComplete(): boolean {
  if (!existsSync(manifestPath())) return false;
  try {
    const m = JSON.parse(readFileSync(manifestPath(), "utf8")) as GuestManifest;
    return [m.vmlinuz, m.dtbDir, m.modulesDir, m.config, m.busybox].every((p) => p !== undefined && existsSync(p));
  } catch {
    return false;
  }
}

export function fetchGuests(options: { force?: boolean } = {}): GuestManifest {
  const dir = cacheDir();
  if (!options.force && manifestComplete()) {
    log(`using cached guests in ${dir}`);
    return JSON.parse(readFileSync(manifestPath(), "utf8")) as GuestManifest;
  }
  if (!PrivateApt.available()) {
    throw new GuestFetchError(
      "apt-get is not available: xena downloads its guest kernel from Debian's registry with `apt-get download`. " +
        "Run on a Debian-based host (or container), or copy a filled .cache/guests from one.",
    );
  }
  const apt = new PrivateApt({
    dir: join(dir, "apt"),
    arch: "armhf",
    suite: process.env.XENA_DEBIAN_SUITE ?? "bookworm",
    mirror: process.env.XENA_DEBIAN_MIRROR ?? "http://deb.debian.org/debian",
    securityMirror: process.env.XENA_DEBIAN_SECURITY_MIRROR ?? "http://deb.debian.org/debian-security",
    log,
  });
  log("updating the private armhf package lists");
  apt.update();
  const kernelPackage = apt.depends(KERNEL_META).find((d) => d.startsWith("linux-image-"));
  if (kernelPackage === undefined) {
    throw new GuestFetchError(`cannot resolve ${KERNEL_META} to a kernel package: the package lists lack it`);
  }
  const kernelRelease = kernelPackage.slice("linux-image-".length);
  const deb = apt.download(kernelPackage, join(dir, "debs"));
  const kernelDebVersion = basename(deb).split("_")[1].replace(/%3a/g, ":");
  const root = join(dir, kernelPackage);
  const marker = join(root, ".extracted");
  if (!existsSync(marker)) {
    log(`unpacking ${basename(deb)}`);
    rmSync(root, { recursive: true, force: true });
    extractDeb(deb, root);
    writeFileSync(marker, `${basename(deb)}\n`);
  }
  const bbDeb = apt.download(BUSYBOX, join(dir, "debs"));
  const busyboxDebVersion = basename(bbDeb).split("_")[1].replace(/%3a/g, ":");
  const bbRoot = join(dir, BUSYBOX);
  const bbMarker = join(bbRoot, ".extracted");
  if (!existsSync(bbMarker) || readFileSync(bbMarker, "utf8") !== `${basename(bbDeb)}\n`) {
    log(`unpacking ${basename(bbDeb)}`);
    rmSync(bbRoot, { recursive: true, force: true });
    extractDeb(bbDeb, bbRoot);
    writeFileSync(bbMarker, `${basename(bbDeb)}\n`);
  }
  const manifest: GuestManifest = {
    kernelPackage,
    kernelDebVersion,
    kernelRelease,
    vmlinuz: join(root, "boot", `vmlinuz-${kernelRelease}`),
    dtbDir: join(root, "usr", "lib", `linux-image-${kernelRelease}`),
    modulesDir: join(root, "lib", "modules", kernelRelease),
    config: join(root, "boot", `config-${kernelRelease}`),
    busybox: join(bbRoot, "bin", "busybox"),
    busyboxDebVersion,
  };
  for (const [what, path] of Object.entries(manifest)) {
    const notPath = ["kernelPackage", "kernelDebVersion", "kernelRelease", "busyboxDebVersion"];
    if (!notPath.includes(what) && !existsSync(path)) {
      throw new GuestFetchError(
        `${what === "busybox" ? BUSYBOX : kernelPackage} did not contain the expected ${what} at ${path}`,
      );
    }
  }
  log(
    `kernel ${kernelRelease} (${kernelDebVersion}), ${readdirSync(manifest.dtbDir).length} DTBs, busybox ${busyboxDebVersion}`,
  );
  writeFileSync(manifestPath(), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
