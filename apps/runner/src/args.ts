// Command-line options of `xena` for system emulation, in QEMU's spelling (single dash, as
// qemu-system-arm takes them) and the GNU spelling (`--kernel`, `--kernel=…`).

export class UsageError extends Error {
  override readonly name = "UsageError";
}

export interface DriveOption {
  readonly file: string;
  readonly readOnly: boolean;
}

export interface NetdevOption {
  readonly id: string;
  /** "udp": frames as datagrams between two runners; "none": a NIC with no link. */
  readonly kind: "udp" | "none";
  readonly local?: { readonly host: string; readonly port: number };
  readonly remote?: { readonly host: string; readonly port: number };
  readonly mac?: string;
  /** Write every frame to this pcap file. */
  readonly pcap?: string;
}

export interface SystemOptions {
  readonly machine: "virt" | "vexpress";
  /** `-M virt,virtualization=on`: the guest kernel owns Hyp mode (it is entered in Hyp mode). */
  readonly virtualization: boolean;
  readonly kernel?: string;
  readonly initrd?: string;
  readonly dtb?: string;
  readonly append?: string;
  /** RAM in bytes. */
  readonly memory: number;
  readonly cpus: number;
  readonly drives: readonly DriveOption[];
  readonly netdevs: readonly NetdevOption[];
  readonly clock: "icount" | "realtime";
  readonly trace: ReadonlySet<"cpu" | "mmio" | "irq" | "psci">;
  readonly dumpDtb?: string;
  readonly noReboot: boolean;
  /** Boot Debian's kernel and xena's initramfs (fetched and built if needed) when no kernel is given. */
  readonly defaultGuest: boolean;
  /** Stop after this many instructions (tests, benchmarks). */
  readonly maxInstructions?: number;
  readonly jit: boolean;
}

const FLAGS_WITH_VALUE = new Set([
  "M",
  "machine",
  "kernel",
  "initrd",
  "dtb",
  "append",
  "m",
  "smp",
  "drive",
  "netdev",
  "nic",
  "device",
  "trace",
  "dumpdtb",
  "serial",
  "display",
  "max-instructions",
  "cpu",
]);
const FLAGS_WITHOUT_VALUE = new Set(["nographic", "realtime", "no-reboot", "no-jit", "icount"]);

/** Splits "a=1,b=2" into a map; the first item may be a bare value (its key is `first`). */
function keyValues(text: string, first: string): Map<string, string> {
  const out = new Map<string, string>();
  text.split(",").forEach((part, i) => {
    const eq = part.indexOf("=");
    if (eq < 0) out.set(i === 0 ? first : part, i === 0 ? part : "on");
    else out.set(part.slice(0, eq), part.slice(eq + 1));
  });
  return out;
}

function hostPort(text: string, what: string): { host: string; port: number } {
  const m = /^(.*):(\d+)$/.exec(text);
  if (m === null) throw new UsageError(`${what}: expected HOST:PORT, got "${text}"`);
  const port = Number(m[2]);
  if (port < 1 || port > 65535) throw new UsageError(`${what}: bad port ${m[2]}`);
  return { host: m[1] === "" ? "127.0.0.1" : m[1], port };
}

/** Parses a memory size as QEMU does: a number of MiB, or with a K/M/G suffix. */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmMgG]?)[bB]?$/.exec(text.trim());
  if (m === null) throw new UsageError(`-m: bad size "${text}"`);
  const n = Number(m[1]);
  const unit = m[2].toUpperCase();
  const bytes = unit === "K" ? n * 1024 : unit === "G" ? n * 2 ** 30 : n * 2 ** 20;
  return Math.round(bytes / 4096) * 4096;
}

function parseNetdev(text: string, index: number): NetdevOption {
  const kv = keyValues(text, "type");
  const type = kv.get("type");
  const id = kv.get("id") ?? `net${index}`;
  const common = { id, mac: kv.get("mac"), pcap: kv.get("pcap") };
  if (type === "udp") {
    const local = kv.get("local");
    const remote = kv.get("remote");
    if (local === undefined || remote === undefined)
      throw new UsageError("--netdev udp needs local=HOST:PORT and remote=HOST:PORT");
    return { kind: "udp", local: hostPort(local, "local"), remote: hostPort(remote, "remote"), ...common };
  }
  if (type === "socket") {
    // QEMU: -netdev socket,id=n0,udp=REMOTE:PORT,localaddr=LOCAL:PORT
    const remote = kv.get("udp");
    const local = kv.get("localaddr");
    if (remote === undefined || local === undefined) {
      throw new UsageError("-netdev socket: only the udp= / localaddr= form (a UDP link) is supported");
    }
    return { kind: "udp", local: hostPort(local, "localaddr"), remote: hostPort(remote, "udp"), ...common };
  }
  if (type === "none") return { kind: "none", ...common };
  throw new UsageError(`--netdev ${type}: supported kinds are udp (a link between two xena processes) and none`);
}

function parseDrive(text: string): DriveOption {
  const kv = keyValues(text, "file");
  const file = kv.get("file");
  if (file === undefined || file === "") throw new UsageError("--drive needs file=PATH");
  const iface = kv.get("if") ?? "virtio";
  if (iface !== "virtio") throw new UsageError(`--drive if=${iface}: only if=virtio is supported`);
  const format = kv.get("format") ?? "raw";
  if (format !== "raw") throw new UsageError(`--drive format=${format}: only raw images are supported`);
  const ro = kv.get("readonly");
  return { file, readOnly: ro === "on" || ro === "true" || ro === "1" };
}

/** Parses the system-emulation command line. Throws UsageError with a message for the user. */
export function parseSystemArgs(argv: readonly string[]): SystemOptions {
  let machine: "virt" | "vexpress" = "virt";
  let virtualization = false;
  let kernel: string | undefined;
  let initrd: string | undefined;
  let dtb: string | undefined;
  let append: string | undefined;
  let memory = 512 * 2 ** 20;
  let cpus = 1;
  let clock: "icount" | "realtime" = "icount";
  let dumpDtb: string | undefined;
  let noReboot = false;
  let maxInstructions: number | undefined;
  let jit = true;
  const drives: DriveOption[] = [];
  const netdevs: NetdevOption[] = [];
  const trace = new Set<"cpu" | "mmio" | "irq" | "psci">();

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const m = /^--?([A-Za-z][A-Za-z-]*)(?:=(.*))?$/.exec(arg);
    if (m === null) throw new UsageError(`unexpected argument "${arg}" (try --help)`);
    const name = m[1];
    let value = m[2];
    if (!FLAGS_WITH_VALUE.has(name) && !FLAGS_WITHOUT_VALUE.has(name))
      throw new UsageError(`unknown option ${arg} (try --help)`);
    if (value === undefined && FLAGS_WITH_VALUE.has(name)) {
      value = argv[++i];
      if (value === undefined) throw new UsageError(`${arg} needs a value`);
    } else if (name === "icount" && value === undefined && argv[i + 1] !== undefined && !argv[i + 1].startsWith("-")) {
      i++; // QEMU's -icount shift=0,…: accepted; time always follows instructions in this mode
    }
    switch (name) {
      case "M":
      case "machine": {
        const kv = keyValues(value as string, "type");
        const v = kv.get("type") as string;
        if (v !== "virt" && v !== "vexpress" && v !== "vexpress-a15")
          throw new UsageError(`unknown machine "${v}" (virt, vexpress)`);
        machine = v === "virt" ? "virt" : "vexpress";
        for (const [key, setting] of kv) {
          if (key === "type") continue;
          if (key !== "virtualization") throw new UsageError(`-M ${v}: unknown property "${key}" (virtualization)`);
          if (!["on", "off", "true", "false", "yes", "no"].includes(setting))
            throw new UsageError(`-M ${v}: virtualization=${setting}: expected on or off`);
          virtualization = setting === "on" || setting === "true" || setting === "yes";
        }
        break;
      }
      case "kernel":
        kernel = value;
        break;
      case "initrd":
        initrd = value;
        break;
      case "dtb":
        dtb = value;
        break;
      case "append":
        append = value;
        break;
      case "m":
        memory = parseSize((value as string).split(",")[0].replace(/^size=/, ""));
        break;
      case "smp": {
        const kv = keyValues(value as string, "cpus");
        cpus = Number(kv.get("cpus"));
        if (!Number.isInteger(cpus) || cpus < 1 || cpus > 8) throw new UsageError(`-smp: 1 to 8 CPUs, got "${value}"`);
        break;
      }
      case "drive":
        drives.push(parseDrive(value as string));
        break;
      case "netdev":
        netdevs.push(parseNetdev(value as string, netdevs.length));
        break;
      case "nic":
        if (value !== "none") throw new UsageError("-nic: only -nic none is supported (use --netdev)");
        break;
      case "device":
        // QEMU needs -device virtio-net-device,netdev=… / virtio-blk-device,drive=…; xena attaches a
        // device to every --netdev and --drive itself, so these are accepted and ignored.
        if (!/^virtio-(net|blk)(-device)?\b/.test(value as string))
          throw new UsageError(`-device ${value}: not supported`);
        break;
      case "trace":
        for (const t of (value as string).split(",")) {
          if (t !== "cpu" && t !== "mmio" && t !== "irq" && t !== "psci")
            throw new UsageError(`--trace ${t}: categories are cpu, mmio, irq, psci`);
          trace.add(t);
        }
        break;
      case "dumpdtb":
        dumpDtb = value;
        break;
      case "serial":
        if (value !== "stdio" && value !== "mon:stdio") throw new UsageError("-serial: only stdio");
        break;
      case "display":
        if (value !== "none") throw new UsageError("-display: only none");
        break;
      case "cpu":
        if (value !== "cortex-a15") throw new UsageError(`-cpu ${value}: xena models cortex-a15`);
        break;
      case "nographic":
        break;
      case "icount":
        clock = "icount";
        break;
      case "realtime":
        clock = "realtime";
        break;
      case "no-reboot":
        noReboot = true;
        break;
      case "no-jit":
        jit = false;
        break;
      case "max-instructions":
        maxInstructions = Number(value);
        if (!(maxInstructions > 0)) throw new UsageError(`--max-instructions: bad number "${value}"`);
        break;
      default:
        throw new UsageError(`unknown option ${arg} (try --help)`);
    }
  }
  return {
    machine,
    virtualization,
    kernel,
    initrd,
    dtb,
    append,
    memory,
    cpus,
    drives,
    netdevs,
    clock,
    trace,
    dumpDtb,
    noReboot,
    defaultGuest: kernel === undefined,
    maxInstructions,
    jit,
  };
}
