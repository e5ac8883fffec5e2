// `pnpm bench` (in packages/cpu-armv7ve): runs the workloads in bench/workloads/bin on our core
// and, when qemu-system-arm is installed, on QEMU TCG (-M virt -cpu cortex-a15) side by side;
// prints guest MIPS, the time ratio against QEMU, and checks both printed the same checksum.
// Each workload also runs as a guest under stage 2 (a native hypervisor identity-maps its RAM
// with 2 MiB blocks and handles its PSCI call), and the table shows what stage 2 costs.
// Options: --interpreter (no block compiler), --runs N (best of N, default 3), names to select.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { AddressSpace } from "@xena/machine";
import { ArmCpu, EC, HCR, type NativeHypervisor } from "../src/index.js";

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

/** Stage-2 tables at `root` mapping [base, base + size) to itself in 2 MiB blocks, and the UART page as Device. */
function identityStage2(bus: AddressSpace, root: number, base: number, size: number): void {
  const w64 = (addr: number, lo: number) => {
    bus.write(addr, 4, lo >>> 0);
    bus.write(addr + 4, 4, 0);
  };
  // VTCR.T0SZ = 0 and SL0 = 1: a 4-entry level-1 table, then one level-2 table per GiB.
  const l2ram = root + 0x1000;
  const l2io = root + 0x2000;
  for (let i = 0; i < 4; i++) w64(root + i * 8, 0);
  for (let i = 0; i < 512; i++) {
    w64(l2ram + i * 8, 0);
    w64(l2io + i * 8, 0);
  }
  w64(root + 1 * 8, l2ram | 3);
  w64(root + 0 * 8, l2io | 3);
  const NORMAL_RW = (1 << 10) | (3 << 6) | (0xf << 2) | 1;
  for (let a = base; a < base + size; a += 0x200000) w64(l2ram + ((a >>> 21) & 0x1ff) * 8, a | NORMAL_RW);
  w64(l2io + (0x0900_0000 >>> 21) * 8, 0x0900_0000 | (1 << 10) | (3 << 6) | (1 << 2) | 1);
}

/** Our core on a minimal virt-like machine: RAM, a write-only UART data register, PSCI SYSTEM_OFF. */
function runOurs(image: Uint8Array, stage2 = false): Result {
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
  const systemOff = (c: ArmCpu) => {
    if (c.r[0] >>> 0 !== 0x84000008) return false;
    off = true;
    c.powerOff();
    return true;
  };
  // Under stage 2 the hypervisor keeps the top 2 MiB of RAM (its tables) out of the guest's map.
  const hypervisor: NativeHypervisor = {
    trap(c, t) {
      if (t.ec !== EC.HVC || !systemOff(c)) throw new Error(`unexpected trap to Hyp mode, HSR 0x${t.hsr.toString(16)}`);
    },
  };
  const cpu = new ArmCpu({
    bus,
    jit: !interpreter,
    firmware: { hvc: systemOff },
    hypervisor: stage2 ? hypervisor : undefined,
  });
  cpu.reset(loadElf(bus, image));
  if (stage2) {
    const root = RAM_BASE + RAM_SIZE - 0x200000;
    identityStage2(bus, root, RAM_BASE, RAM_SIZE - 0x200000);
    cpu.vtcr = 0x80000040;
    cpu.vttbrLo = root;
    cpu.vttbrHi = 1 << 16;
    cpu.hcr = HCR.VM | HCR.IMO | HCR.FMO | HCR.AMO;
    cpu.regimeChanged();
  }
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
  runOurs(image, true);
  const guest = best(() => runOurs(image, true));
  if (guest === undefined) continue;
  if (guest.output !== ours.output) mismatch = true;
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
    guest.seconds.toFixed(3),
    `${guest.seconds >= ours.seconds ? "+" : ""}${((guest.seconds / ours.seconds - 1) * 100).toFixed(1)}%`,
    ours.output,
    guest.output === ours.output ? same : `NO (stage 2: ${guest.output})`,
  ]);
}
const header = [
  "workload",
  "M insns",
  "xena s",
  "xena MIPS",
  "qemu s",
  "qemu MIPS",
  "xena/qemu",
  "stage-2 s",
  "stage-2 cost",
  "checksum",
  "same",
];
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
process.stdout.write(
  "stage-2 s: the same workload as a guest at PL1 under stage 2 (identity map, 2 MiB blocks, a native hypervisor).\n",
);
if (mismatch) {
  process.stdout.write("CHECKSUM MISMATCH: our core and QEMU computed different results\n");
  process.exitCode = 1;
}
