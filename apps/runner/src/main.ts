import { parseSystemArgs, UsageError } from "./args.js";
import { PLATFORMS } from "./platforms.js";
import { runSystem, SystemError, type SystemIo } from "./system.js";
import { type GuestIo, runUser } from "./user.js";

const HELP = `xena: Xen on ARM, in TypeScript — a Cortex-A15 class machine and a Xen-style hypervisor

usage: xena [options]                        boot a machine (no options: Debian's kernel and an
                                             initramfs with busybox, fetched on first use)
       xena user [--trace] <program> [args…]   run a static ARM Linux program (like qemu-arm)

Machine (QEMU's spellings work too: -kernel, -initrd, -append, -m, -smp, -drive, -netdev, -M):
  -M, --machine NAME          platform: virt (default); "help" lists them
                              virt,virtualization=on: the kernel owns Hyp mode (entered in Hyp mode,
                              GIC virtualization extension mapped, PSCI over SMC)
  --kernel FILE               kernel image (zImage, uImage or ELF)
  --initrd FILE               initial ramdisk
  --dtb FILE                  boot with this device tree (memory and /chosen are set from the options)
  --append "ARGS"             kernel command line (default: console=ttyAMA0)
  -m SIZE                     RAM, MiB or with K/M/G (default 512)
  --smp N                     CPUs, 1 to 8 (default 1)
  --drive file=F[,if=virtio][,format=raw][,readonly=on]   a virtio-blk disk backed by a raw image
  --netdev udp,id=ID,local=H:P,remote=H:P[,mac=M][,pcap=F] a virtio-net NIC linked to another xena by UDP
  --netdev none,id=ID[,pcap=F]                             a virtio-net NIC with no link
  --icount                    time follows instructions: deterministic runs (the default)
  --realtime                  time follows the host clock
  --trace cpu,mmio,irq,psci   debugging output on stderr
  --dumpdtb FILE              write the generated device tree and exit
  --no-reboot                 exit when the guest resets instead of rebooting
  --no-jit                    interpret only (no compiled blocks)
  --max-instructions N        stop (exit status 3) after N instructions
  -nographic, -serial stdio   accepted: the serial console is always on stdio

Console: the guest's serial port is on stdin/stdout. On a terminal, Ctrl-A x quits, Ctrl-A Ctrl-A
sends Ctrl-A. Exit status: 0 when the guest powers off, 1 on errors, 2 on bad options.

  -h, --help                  this text
  --version                   print the version

Platforms:
`;

function platformList(): string {
  return PLATFORMS.map(
    (p) => `  ${p.name.padEnd(10)} ${p.description}${p.unavailable ? `\n  ${"".padEnd(10)} (${p.unavailable})` : ""}`,
  ).join("\n");
}

/**
 * Runs the command line; returns (a promise of) the process exit status. `io` carries the guest's
 * byte streams for `xena user`; `system` connects a booted machine's console.
 */
export function runCli(
  argv: readonly string[],
  out: (s: string) => void,
  err: (s: string) => void,
  io?: GuestIo,
  system?: SystemIo,
): number | Promise<number> {
  if (argv[0] === "user") return runUser(argv.slice(1), out, err, io);
  if (argv.includes("-h") || argv.includes("--help")) {
    out(`${HELP}${platformList()}\n`);
    return 0;
  }
  if (argv.includes("--version")) {
    out("xena 0.0.0\n");
    return 0;
  }
  const mi = argv.findIndex((a) => a === "-M" || a === "--machine" || a === "-machine");
  const mname = mi >= 0 ? argv[mi + 1]?.split(",")[0] : undefined;
  if (mname === "help" || mname === "?") {
    out(`${platformList()}\n`);
    return 0;
  }
  if (mi >= 0 && mname !== undefined) {
    const p = PLATFORMS.find((x) => x.name === mname || (mname === "vexpress-a15" && x.name === "vexpress"));
    if (p === undefined) {
      err(`xena: unknown platform "${mname}"; available:\n${platformList()}\n`);
      return 2;
    }
    if (p.unavailable) {
      err(`xena: platform "${mname}" is ${p.unavailable}\n`);
      return 2;
    }
  }
  let options: ReturnType<typeof parseSystemArgs>;
  try {
    options = parseSystemArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`xena: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const sys: SystemIo = system ?? {
    serialOut: (b) => out(new TextDecoder("latin1").decode(b)),
    message: (line) => err(`${line}\n`),
    connectInput: () => false,
    inputOpen: () => false,
  };
  return runSystem(options, sys).catch((e) => {
    if (e instanceof SystemError) {
      err(`xena: ${e.message}\n`);
      return 1;
    }
    err(`xena: ${(e as Error).stack ?? e}\n`);
    return 1;
  });
}
