// `pnpm bench` (in packages/cpu-armv7ve): runs the workloads in bench/workloads/bin on our core
// and, when qemu-system-arm is installed, on QEMU TCG (-M virt -cpu cortex-a15) side by side;
// prints guest MIPS, the time ratio against QEMU, and checks both printed the same checksum.
// Options: --interpreter (no block compiler), --runs N (best of N, default 3), names to select.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { AddressSpace } from "@xena/machine";
import { ArmCpu } from "../src/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const binDir = join(here, "workloads", "bin");
const RAM_BASE = 0x4000_0000;
const RAM_SIZE = 256 * 2 ** 20;

const args = process.argv.slice(2);
const interpreter = args.includes("--interpreter");
const runsIdx = args.indexOf("--runs");
const runs = runsIdx >= 0 ? Number(args[runsIdx + 1]) : 3;
const selected = args.filter((a, i) => !a.startsWith("--") && args[i - 1] !== "--runs");

interface Result {
  readonly instructions: number;
  readonly seconds: number;
  readonly output: string;
}

function loadElf(bus: AddressSpace, image: Uint8Array): number {
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  const phoff = view.getUint32(28, true);
  const phnum = view.getUint16(44, true);
  for (let i = 0; i < phnum; i++) {
    const ph = phoff + i * 32;
    if (view.getUint32(ph, true) !== 1) continue;
    const offset = view.getUint32(ph + 4, true);
    const paddr = view.getUint32(ph + 12, true);
    const filesz = view.getUint32(ph + 16, true);
    bus.writeBytes(paddr, image.subarray(offset, offset + filesz));
  }
  return view.getUint32(24, true);
}

/** Our core on a minimal virt-like machine: RAM, a write-only UART data register, PSCI SYSTEM_OFF. */
function runOurs(image: Uint8Array): Result {
  const bus = new AddressSpace();
  bus.addRam("ram", RAM_BASE, RAM_SIZE);
  let output = "";
  let off = false;
  bus.mapMmio(0x0900_0000, {
    name: "uart-dr",
    size: 0x1000,
    read: () => 0,
    write: (offset, _size, value) => {
      if (offset === 0) output += String.fromCharCode(value & 0xff);
    },
  });
  const cpu = new ArmCpu({
    bus,
    jit: !interpreter,
    firmware: {
      hvc(c) {
        if (c.r[0] >>> 0 !== 0x84000008) return false;
        off = true;
        c.powerOff();
        return true;
      },
    },
  });
  cpu.reset(loadElf(bus, image));
  const start = performance.now();
  while (!off) {
    cpu.run(1_000_000);
    if (cpu.halted && !off) throw new Error(`the workload stopped without powering off (pc 0x${cpu.pc.toString(16)})`);
  }
  return { instructions: cpu.instructions, seconds: (performance.now() - start) / 1000, output: output.trim() };
}

function runQemu(path: string): Result | undefined {
  const start = performance.now();
  const r = spawnSync(
    "qemu-system-arm",
    ["-M", "virt", "-cpu", "cortex-a15", "-m", "256", "-nographic", "-kernel", path],
    {
      encoding: "utf8",
      timeout: 120_000,
    },
  );
  if (r.error !== undefined || r.status !== 0) return undefined;
  return { instructions: 0, seconds: (performance.now() - start) / 1000, output: r.stdout.trim() };
}

function best<T extends Result>(f: () => T | undefined): T | undefined {
  let b: T | undefined;
  for (let i = 0; i < runs; i++) {
    const r = f();
    if (r === undefined) return undefined;
    if (b === undefined || r.seconds < b.seconds) b = r;
  }
  return b;
}

const names = readdirSync(binDir)
  .filter((f) => f.endsWith(".elf"))
  .map((f) => f.slice(0, -4))
  .filter((n) => selected.length === 0 || selected.includes(n) || n === "empty");
const qemuBaseline = best(() => runQemu(join(binDir, "empty.elf")));
const rows: string[][] = [];
let mismatch = false;
for (const name of names) {
  if (name === "empty") continue;
  const image = new Uint8Array(readFileSync(join(binDir, `${name}.elf`)));
  runOurs(image); // warm-up (V8 optimizes the emulator itself)
  const ours = best(() => runOurs(image));
  if (ours === undefined) continue;
  const mips = ours.instructions / ours.seconds / 1e6;
  const qemu = qemuBaseline === undefined ? undefined : best(() => runQemu(join(binDir, `${name}.elf`)));
  const qemuSeconds =
    qemu === undefined || qemuBaseline === undefined ? undefined : Math.max(qemu.seconds - qemuBaseline.seconds, 1e-3);
  const same = qemu === undefined ? "-" : qemu.output === ours.output ? "yes" : `NO (${qemu.output})`;
  if (qemu !== undefined && qemu.output !== ours.output) mismatch = true;
  rows.push([
    name,
    (ours.instructions / 1e6).toFixed(1),
    ours.seconds.toFixed(3),
    mips.toFixed(1),
    qemuSeconds === undefined ? "-" : qemuSeconds.toFixed(3),
    qemuSeconds === undefined ? "-" : (ours.instructions / qemuSeconds / 1e6).toFixed(0),
    qemuSeconds === undefined ? "-" : (ours.seconds / qemuSeconds).toFixed(2),
    ours.output,
    same,
  ]);
}
const header = ["workload", "M insns", "xena s", "xena MIPS", "qemu s", "qemu MIPS", "xena/qemu", "checksum", "same"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i])).join("  ");
process.stdout.write(
  `cpu-armv7ve benchmark (${interpreter ? "interpreter only" : "interpreter + block compiler"}, best of ${runs})\n`,
);
process.stdout.write(`${line(header)}\n`);
for (const r of rows) process.stdout.write(`${line(r)}\n`);
if (qemuBaseline === undefined)
  process.stdout.write("qemu-system-arm not found: no QEMU column (apt-get install qemu-system-arm)\n");
else
  process.stdout.write(`QEMU times exclude its start-up (${qemuBaseline.seconds.toFixed(3)} s, the empty workload).\n`);
if (mismatch) {
  process.stdout.write("CHECKSUM MISMATCH: our core and QEMU computed different results\n");
  process.exitCode = 1;
}
