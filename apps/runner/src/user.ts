// `xena user [options] <program> [args…]`: runs a static ARM Linux executable on the core through
// the Linux user-mode front end, like qemu-arm. The guest's stdout/stderr are the command's, its
// exit status is the command's (128 + signal when a signal ends it).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { disassembleA32, Mode } from "@xena/cpu-armv7ve";
import { ElfError, signalName, UserProcess, UserProcessError } from "@xena/cpu-armv7ve/user";

/** Byte-level I/O of the guest (the CLI wires the process's file descriptors here). */
export interface GuestIo {
  readonly stdout: (data: Uint8Array) => void;
  readonly stderr: (data: Uint8Array) => void;
  /** Up to `max` bytes of input, or null at end of file. */
  readonly stdin?: (max: number) => Uint8Array | null;
}

export const USER_HELP = `usage: xena user [options] <program> [args…]

Runs a static ARM (armhf/armel EABI) Linux executable on the Cortex-A15 core, with Linux system
calls implemented by xena (like qemu-arm). The program sees the directory given by --root as "/".

  --root DIR            host directory the guest sees as "/" (default: the current directory)
  --writable            let the guest create, change and delete files below the root
  --cwd DIR             the guest's working directory (default "/")
  -E NAME=VALUE         add to the guest's environment (repeatable)
  --clear-env           start from an empty environment instead of xena's
  --host-time           use the host's clocks (default: virtual time, 1 ns per instruction)
  --seed N              seed of getrandom() and AT_RANDOM (default fixed)
  --max-instructions N  stop after N instructions (exit status 124)
  --trace               log system calls and unimplemented features to stderr
  --trace-insn          also log every instruction (slow)
  -h, --help            this text
`;

interface UserArgs {
  program: string;
  args: string[];
  root: string;
  writable: boolean;
  cwd: string;
  env: string[];
  clearEnv: boolean;
  hostTime: boolean;
  seed: number | undefined;
  maxInstructions: number;
  trace: boolean;
  traceInsn: boolean;
}

const HELP = "\0help";

function parseArgs(argv: readonly string[]): UserArgs | string {
  const a: UserArgs = {
    program: "",
    args: [],
    root: invocationDir(),
    writable: false,
    cwd: "/",
    env: [],
    clearEnv: false,
    hostTime: false,
    seed: undefined,
    maxInstructions: Number.POSITIVE_INFINITY,
    trace: false,
    traceInsn: false,
  };
  let i = 0;
  const value = (name: string): string => {
    const v = argv[++i];
    if (v === undefined) throw new Error(`${name} needs a value`);
    return v;
  };
  try {
    for (; i < argv.length; i++) {
      const arg = argv[i];
      if (!arg.startsWith("-") || arg === "-") break;
      if (arg === "--") {
        i++;
        break;
      }
      if (arg === "--root") a.root = value(arg);
      else if (arg === "--writable") a.writable = true;
      else if (arg === "--cwd") a.cwd = value(arg);
      else if (arg === "-E") a.env.push(value(arg));
      else if (arg === "--clear-env") a.clearEnv = true;
      else if (arg === "--host-time") a.hostTime = true;
      else if (arg === "--seed") a.seed = Number(value(arg));
      else if (arg === "--max-instructions") a.maxInstructions = Number(value(arg));
      else if (arg === "--trace") a.trace = true;
      else if (arg === "-h" || arg === "--help") return HELP;
      else if (arg === "--trace-insn") {
        a.trace = true;
        a.traceInsn = true;
      } else return `unknown option ${arg}`;
    }
  } catch (e) {
    return (e as Error).message;
  }
  if (i >= argv.length) return "no program given";
  a.program = argv[i];
  a.args = argv.slice(i + 1);
  if (a.seed !== undefined && !Number.isFinite(a.seed)) return "--seed needs a number";
  if (!(a.maxInstructions > 0)) return "--max-instructions needs a positive number";
  return a;
}

/**
 * The directory the user ran the command in: relative paths are taken from there. `pnpm start`
 * runs the CLI in apps/runner but says where it was invoked in INIT_CWD.
 */
function invocationDir(): string {
  return process.env.INIT_CWD ?? process.cwd();
}

/** The environment a guest starts with (unless --clear-env): xena's own, like qemu-arm passes its own. */
function defaultEnv(): string[] {
  return Object.entries(process.env)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v}`);
}

/** Runs `xena user …`; returns the exit status. */
export function runUser(
  argv: readonly string[],
  out: (s: string) => void,
  err: (s: string) => void,
  io: GuestIo | undefined,
): number {
  const parsed = parseArgs(argv);
  if (parsed === HELP) {
    out(USER_HELP);
    return 0;
  }
  if (typeof parsed === "string") {
    err(`xena user: ${parsed} (try xena user --help)\n`);
    return 2;
  }
  const a = parsed;
  const programPath = resolve(invocationDir(), a.program);
  a.root = resolve(invocationDir(), a.root);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(programPath));
  } catch (e) {
    err(`xena user: cannot read ${a.program}: ${(e as Error).message}\n`);
    return 127;
  }
  const decoders = [new TextDecoder(), new TextDecoder()];
  const stdout = io?.stdout ?? ((b: Uint8Array) => out(decoders[0].decode(b, { stream: true })));
  const stderr = io?.stderr ?? ((b: Uint8Array) => err(decoders[1].decode(b, { stream: true })));
  let proc: UserProcess;
  try {
    proc = new UserProcess({
      root: a.root,
      writable: a.writable,
      cwd: a.cwd,
      stdin: io?.stdin,
      stdout,
      stderr,
      hostTime: a.hostTime,
      seed: a.seed,
      exePath: programPath,
      jit: !a.traceInsn,
      log: a.trace ? (m) => err(`xena: ${m}\n`) : undefined,
      strace: a.trace ? (line) => err(`xena: ${line}\n`) : undefined,
    });
    proc.load(bytes, [a.program, ...a.args], [...(a.clearEnv ? [] : defaultEnv()), ...a.env]);
  } catch (e) {
    if (e instanceof ElfError || e instanceof UserProcessError) {
      err(`xena user: ${a.program}: ${e.message}\n`);
      return 126;
    }
    if (e instanceof Error && /sandbox root/.test(e.message)) {
      err(`xena user: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  let result: ReturnType<UserProcess["run"]>;
  if (a.traceInsn) {
    const cpu = proc.cpu;
    let left = a.maxInstructions;
    let r: ReturnType<UserProcess["step"]>;
    do {
      if (cpu.mode === Mode.USR) {
        const pc = cpu.pc;
        const what = cpu.thumb ? "(Thumb)" : disassembleA32(readWord(proc, pc), pc);
        err(`xena: ${pc.toString(16).padStart(8, "0")}: ${what}\n`);
      }
      r = proc.step();
      left--;
    } while (r === undefined && left > 0);
    result = r ?? { kind: "limit", instructions: cpu.instructions };
  } else result = proc.run(a.maxInstructions);
  for (const d of decoders) {
    const rest = d.decode();
    if (rest) (d === decoders[0] ? out : err)(rest);
  }
  switch (result.kind) {
    case "exit":
      if (a.trace) err(`xena: exit status ${result.status} after ${result.instructions} instructions\n`);
      return result.status;
    case "signal":
      err(`xena user: ${a.program}: killed by ${signalName(result.signal)}: ${result.message}\n`);
      return result.status;
    default:
      err(`xena user: ${a.program}: stopped after ${result.instructions} instructions (--max-instructions)\n`);
      return 124;
  }
}

function readWord(proc: UserProcess, pc: number): number {
  const b = proc.memory.read(pc, 4);
  return b === undefined ? 0 : new DataView(b.buffer).getUint32(0, true);
}
