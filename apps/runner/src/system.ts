// Full-system emulation: builds the platform from the options, connects the console, disks and
// network, and runs the machine loop until the guest powers off.
import { readFileSync, writeFileSync } from "node:fs";
import { FdtNode, parseDtb, serializeDtb } from "@xena/fdt";
import { buildVirtDtb, LoaderError, type TraceCategory, VIRT_MAP, VirtMachine } from "@xena/platform-virt";
import { VirtioBlk, type VirtioDevice, VirtioNet } from "@xena/virtio";
import type { SystemOptions } from "./args.js";
import { FileBlockBackend, NullLink, PcapWriter, UdpLink } from "./backends.js";
import { defaultGuest } from "./guest.js";

/** The console and the host's notion of "input may still arrive". */
export interface SystemIo {
  /** Bytes the guest writes to its serial console. */
  readonly serialOut: (bytes: Uint8Array) => void;
  /** Messages for the user (stderr). */
  readonly message: (line: string) => void;
  /** Registers the receiver of console input; returns false when there is no input at all (closed stdin). */
  readonly connectInput: (receive: (bytes: Uint8Array) => void) => boolean;
  /** True while more console input may come. */
  readonly inputOpen: () => boolean;
}

export class SystemError extends Error {
  override readonly name = "SystemError";
}

/** The default kernel command line when the user gives none. */
export const DEFAULT_APPEND = "console=ttyAMA0";

const SLICE = 4_000_000;

const macOf = (i: number) => `52:54:00:12:34:${(0x56 + i).toString(16).padStart(2, "0")}`;

/** Reads a DTB given with --dtb and sets /memory and /chosen the way QEMU does. */
function patchedDtb(
  path: string,
  memory: { base: number; size: number },
  bootargs: string | undefined,
  initrd: { start: number; end: number } | undefined,
): Uint8Array {
  const fdt = parseDtb(new Uint8Array(readFileSync(path)));
  const root = fdt.root;
  // Replace every root-level memory node with one describing the machine's RAM.
  const kept = root.children.filter((c) => c.baseName !== "memory");
  root.children.splice(0, root.children.length, ...kept);
  const ac = root.addressCells;
  const sc = root.sizeCells;
  const cells = (v: number, n: number) => {
    const out: number[] = [];
    for (let i = n - 1; i >= 0; i--) out.push(Math.floor(v / 2 ** (32 * i)) >>> 0);
    return out;
  };
  const u32s = (vals: number[]) => {
    const b = new Uint8Array(vals.length * 4);
    const v = new DataView(b.buffer);
    vals.forEach((x, i) => {
      v.setUint32(i * 4, x, false);
    });
    return b;
  };
  const str = (s: string) => new TextEncoder().encode(`${s}\0`);
  const mem = new FdtNode(`memory@${memory.base.toString(16)}`);
  mem.parent = root;
  mem.props.push({ name: "device_type", value: str("memory") });
  mem.props.push({ name: "reg", value: u32s([...cells(memory.base, ac), ...cells(memory.size, sc)]) });
  root.children.unshift(mem);
  let chosen = root.child("chosen");
  if (chosen === undefined) {
    chosen = new FdtNode("chosen");
    chosen.parent = root;
    root.children.push(chosen);
  }
  const set = (name: string, value: Uint8Array) => {
    const p = chosen?.prop(name);
    if (p) p.value = value;
    else chosen?.props.push({ name, value });
  };
  if (bootargs !== undefined && bootargs !== "") set("bootargs", str(bootargs));
  if (initrd !== undefined) {
    set("linux,initrd-start", u32s([initrd.start]));
    set("linux,initrd-end", u32s([initrd.end]));
  }
  return serializeDtb(fdt);
}

/** Runs a system until the guest powers off; returns the exit status. */
export async function runSystem(options: SystemOptions, io: SystemIo): Promise<number> {
  if (options.machine !== "virt") {
    throw new SystemError(`-M ${options.machine}: not implemented yet (planned after platform-virt); use -M virt`);
  }
  let kernelPath = options.kernel;
  let initrdPath = options.initrd;
  let append = options.append;
  if (options.defaultGuest) {
    const guest = defaultGuest(io.message);
    kernelPath = guest.kernel;
    initrdPath ??= guest.initrd;
    append ??= DEFAULT_APPEND;
  }
  if (kernelPath === undefined)
    throw new SystemError("no kernel: give --kernel FILE (or nothing, for the default guest)");
  const readInput = (path: string, what: string) => {
    try {
      return new Uint8Array(readFileSync(path));
    } catch (e) {
      throw new SystemError(`cannot read the ${what} ${path}: ${(e as Error).message}`);
    }
  };
  const kernel = readInput(kernelPath, "kernel");
  const initrd = initrdPath === undefined ? undefined : readInput(initrdPath, "initrd");

  if (options.dumpDtb !== undefined && options.dtb === undefined) {
    writeFileSync(
      options.dumpDtb,
      buildVirtDtb({
        ramSize: options.memory,
        cpus: options.cpus,
        virtualization: false,
        psciMethod: "hvc",
        bootargs: append,
      }),
    );
    io.message(`xena: device tree written to ${options.dumpDtb}`);
    return 0;
  }

  const closers: (() => void)[] = [];
  const devices: VirtioDevice[] = [];
  for (const d of options.drives) {
    let backend: FileBlockBackend;
    try {
      backend = new FileBlockBackend(d.file, d.readOnly);
    } catch (e) {
      throw new SystemError(`cannot open the disk image ${d.file}: ${(e as Error).message}`);
    }
    closers.push(() => backend.close());
    devices.push(new VirtioBlk({ backend, serial: `xena-disk${devices.length}` }));
  }
  let now = () => 0;
  const links: (UdpLink | NullLink)[] = [];
  const nics: VirtioNet[] = [];
  for (const [i, n] of options.netdevs.entries()) {
    const capture = n.pcap === undefined ? undefined : new PcapWriter(n.pcap, () => now());
    if (capture) closers.push(() => capture.close());
    const link =
      n.kind === "udp" && n.local && n.remote ? new UdpLink(n.local, n.remote, capture) : new NullLink(capture);
    if (link instanceof UdpLink) {
      try {
        await link.bind();
      } catch (e) {
        throw new SystemError(
          `--netdev ${n.id}: cannot bind ${n.local?.host}:${n.local?.port}: ${(e as Error).message}`,
        );
      }
    }
    closers.push(() => link.close());
    const nic = new VirtioNet({ mac: n.mac ?? macOf(i), backend: link });
    links.push(link);
    nics.push(nic);
    devices.push(nic);
  }

  const trace =
    options.trace.size === 0
      ? undefined
      : (c: TraceCategory, m: string) => {
          if (options.trace.has(c)) io.message(`[${c}] ${m}`);
        };
  const build = () =>
    new VirtMachine({
      ramSize: options.memory,
      cpus: options.cpus,
      kernel,
      initrd,
      bootargs: append,
      dtb:
        options.dtb === undefined
          ? undefined
          : (range) =>
              patchedDtb(options.dtb as string, { base: VIRT_MAP.ram.base, size: options.memory }, append, range),
      clock: options.clock,
      serialOut: (b) => io.serialOut(Uint8Array.of(b)),
      virtio: devices,
      jit: options.jit,
      trace,
      virtualization: options.virtualization,
    });
  let machine: VirtMachine;
  try {
    machine = build();
  } catch (e) {
    if (e instanceof LoaderError || e instanceof RangeError) throw new SystemError(e.message);
    throw e;
  }
  now = () => machine.scheduler.now();

  // Console input waits in a queue while the UART's FIFO is full.
  const pending: number[] = [];
  let wake: (() => void) | undefined;
  const hasInput = io.connectInput((bytes) => {
    for (const b of bytes) pending.push(b);
    wake?.();
  });
  for (const l of links) {
    l.onReceive = () => wake?.();
  }
  const feed = () => {
    // Console input waits until the guest's UART driver listens (input before that is lost).
    while (pending.length > 0 && machine.uart.receiving && machine.uart.receive(pending[0])) pending.shift();
    for (let i = 0; i < links.length; i++) {
      const q = links[i].incoming;
      while (q.length > 0 && nics[i].receive(q[0])) q.shift();
    }
  };
  const waitForHost = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = ms === Number.POSITIVE_INFINITY ? undefined : setTimeout(done, ms);
      function done() {
        if (t !== undefined) clearTimeout(t);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  try {
    for (;;) {
      feed();
      const r = machine.run(SLICE);
      if (machine.exit === "poweroff") {
        io.message("xena: the guest powered off");
        return 0;
      }
      if (machine.exit === "reset") {
        if (options.noReboot) {
          io.message("xena: the guest reset the machine (-no-reboot)");
          return 0;
        }
        io.message("xena: the guest reset the machine; rebooting");
        machine = build();
        now = () => machine.scheduler.now();
        continue;
      }
      if (options.maxInstructions !== undefined && machine.instructions >= options.maxInstructions) {
        io.message(`xena: stopped after ${machine.instructions} instructions (--max-instructions)`);
        return 3;
      }
      if (r.reason === "idle") {
        await waitForHost(Math.min(r.waitNs / 1e6, 100));
      } else if (r.reason === "deadlock") {
        // Every core waits for an interrupt and no timer is armed: only the outside can wake it.
        if (!(hasInput && io.inputOpen()) && links.every((l) => l instanceof NullLink) && pending.length === 0) {
          io.message("xena: every CPU waits for an interrupt that nothing can raise; stopping");
          return 1;
        }
        await waitForHost(Number.POSITIVE_INFINITY);
      } else {
        // Let the host deliver console input and network frames between slices.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
  } finally {
    for (const c of closers) c();
  }
}
