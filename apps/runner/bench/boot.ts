// `pnpm bench:boot`: boots the default guest (Debian's kernel + xena's busybox initramfs, which runs
// `true` and powers off) with xena and, when installed, with qemu-system-arm -M virt (TCG), and
// prints both wall times and the ratio. Options: --runs N (best of N, default 1), --smp N.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultGuest } from "../src/guest.js";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const runs = Number(opt("--runs", "1"));
const smp = opt("--smp", "1");
const guest = defaultGuest((l) => process.stderr.write(`${l}\n`));
const append = "console=ttyAMA0 xena.run=true";

interface Timing {
  readonly seconds: number;
  readonly ok: boolean;
}

function time(cmd: string, argv: string[]): Timing {
  const start = performance.now();
  const r = spawnSync(cmd, argv, { encoding: "utf8", timeout: 900_000, maxBuffer: 64 << 20 });
  const seconds = (performance.now() - start) / 1000;
  return { seconds, ok: r.status === 0 && r.stdout.includes("xena: exit status 0") };
}

function best(f: () => Timing): Timing {
  let b: Timing | undefined;
  for (let i = 0; i < runs; i++) {
    const t = f();
    if (!t.ok) return t;
    if (b === undefined || t.seconds < b.seconds) b = t;
  }
  return b as Timing;
}

const common = ["-m", "256", "-smp", smp, "-kernel", guest.kernel, "-initrd", guest.initrd, "-append", append];
const xena = best(() =>
  time(process.execPath, [
    "--conditions=@xena/source",
    "--import",
    "tsx",
    join(here, "..", "src", "cli.ts"),
    "-M",
    "virt",
    ...common,
  ]),
);
const hasQemu = spawnSync("qemu-system-arm", ["--version"]).status === 0;
const qemu = hasQemu
  ? best(() => time("qemu-system-arm", ["-M", "virt", "-cpu", "cortex-a15", "-nographic", "-no-reboot", ...common]))
  : undefined;

process.stdout.write(`boot to the initramfs, run \`true\`, power off (-m 256 -smp ${smp}, best of ${runs})\n`);
process.stdout.write(`  xena:              ${xena.seconds.toFixed(1)} s${xena.ok ? "" : " (FAILED)"}\n`);
if (qemu === undefined) process.stdout.write("  qemu-system-arm:   not installed (apt-get install qemu-system-arm)\n");
else {
  process.stdout.write(`  qemu-system-arm:   ${qemu.seconds.toFixed(1)} s${qemu.ok ? "" : " (FAILED)"}\n`);
  process.stdout.write(`  ratio xena/qemu:   ${(xena.seconds / qemu.seconds).toFixed(1)}\n`);
}
if (!xena.ok || (qemu !== undefined && !qemu.ok)) process.exitCode = 1;
