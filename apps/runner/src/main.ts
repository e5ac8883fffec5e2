import { PLATFORMS } from "./platforms.js";
import { type GuestIo, runUser } from "./user.js";

const HELP = `xena: Xen on ARM, in TypeScript — a Cortex-A15 class machine and a Xen-style hypervisor

usage: xena [-M|--machine NAME] [options]
       xena user [--trace] <program> [args…]   run a static ARM Linux program (like qemu-arm)

  -M, --machine NAME   platform profile to run; "help" lists them
  -h, --help           this text
  --version            print the version

Platforms:
`;

function platformList(): string {
  return PLATFORMS.map(
    (p) => `  ${p.name.padEnd(10)} ${p.description}${p.unavailable ? `\n  ${"".padEnd(10)} (${p.unavailable})` : ""}`,
  ).join("\n");
}

/**
 * Runs the command line; returns the process exit status. `io` carries the guest's byte streams
 * for `xena user` (without it, guest output goes through `out`/`err` as text and stdin is empty).
 */
export function runCli(
  argv: readonly string[],
  out: (s: string) => void,
  err: (s: string) => void,
  io?: GuestIo,
): number {
  if (argv[0] === "user") return runUser(argv.slice(1), out, err, io);
  if (argv.length === 0 || argv.includes("-h") || argv.includes("--help")) {
    out(`${HELP}${platformList()}\n`);
    return 0;
  }
  if (argv.includes("--version")) {
    out("xena 0.0.0\n");
    return 0;
  }
  const mi = argv.findIndex((a) => a === "-M" || a === "--machine" || a === "-machine");
  if (mi >= 0) {
    const name = argv[mi + 1]?.split(",")[0];
    if (name === undefined) {
      err("xena: -M needs a platform name (try -M help)\n");
      return 2;
    }
    if (name === "help" || name === "?") {
      out(`${platformList()}\n`);
      return 0;
    }
    const p = PLATFORMS.find((x) => x.name === name);
    if (p === undefined) {
      err(`xena: unknown platform "${name}"; available:\n${platformList()}\n`);
      return 2;
    }
    if (p.unavailable) {
      err(`xena: platform "${name}" is ${p.unavailable}\n`);
      return 2;
    }
  }
  err(`xena: unrecognized arguments: ${argv.join(" ")} (try --help)\n`);
  return 2;
}
