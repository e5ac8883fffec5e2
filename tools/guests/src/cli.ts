// Command line of `pnpm guests:fetch`.
import { fetchGuests, log } from "./fetch.js";

function main(argv: string[]): number {
  const known = new Set(["--dtb-only", "--force", "--help"]);
  for (const a of argv) {
    if (!known.has(a)) {
      log(`unknown option ${a}`);
      return 2;
    }
  }
  if (argv.includes("--help")) {
    process.stdout.write(
      "usage: pnpm guests:fetch [--dtb-only] [--force]\n" +
        "  Downloads Debian's armhf armmp-lpae kernel (zImage, DTBs, modules) and static busybox into .cache/guests.\n" +
        "  --dtb-only  only what the device-tree tests need (today: the same kernel package)\n" +
        "  --force     download and unpack again even if the cache is complete\n" +
        "Environment: XENA_GUEST_CACHE, XENA_DEBIAN_SUITE (bookworm), XENA_DEBIAN_MIRROR, XENA_DEBIAN_SECURITY_MIRROR\n",
    );
    return 0;
  }
  try {
    fetchGuests({ force: argv.includes("--force") });
    return 0;
  } catch (e) {
    log(e instanceof Error ? e.message : String(e));
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
