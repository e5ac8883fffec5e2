// A Linux user-mode process on the core, as qemu-arm runs one: a static ARM ELF loaded into its
// own page tables, the initial stack Linux builds for ELF programs, the CPU in User mode, and
// system calls implemented by the front end (syscalls.ts) through the CPU's SVC hook.
//
// Exceptions the process cannot handle itself end it the way the kernel's signals would: the
// vector page holds a WFI at every vector, so taking an exception stops the CPU in the
// exception's mode; the run loop then decodes it (undefined instruction → SIGILL, data or
// prefetch abort → SIGSEGV/SIGBUS, BKPT → SIGTRAP) — or, for the first touch of a lazily
// populated page, maps the page and returns to the faulting instruction.
import { AddressSpace, type RamRegion } from "@xena/machine";
import { decodeA32Row } from "../a32/decoder.js";
import { ArmCpu } from "../cpu.js";
import { CORTEX_A15, type CpuIdentity } from "../ids.js";
import { Mode, PSR, Vector } from "../psr.js";
import { AT, hwcapsOf, IGNORED_BY_DEFAULT, PROT, SIG, signalName } from "./abi.js";
import { ET, PF, PT, parseElf } from "./elf.js";
import { DeviceFile, FileTable, InputFile, type InputSource, OutputFile, type OutputSink, Sandbox } from "./files.js";
import { MemoryFault, PAGE_SIZE, STACK_SIZE, STACK_TOP, UserMemory, VECTOR_PAGE } from "./memory.js";
import { dispatchSyscall } from "./syscalls.js";

export interface UserProcessOptions {
  /** Guest physical RAM in bytes (page tables and every populated page come from it). Default 512 MiB. */
  readonly ramSize?: number;
  /** Host directory the guest sees as "/". Without it the guest has no access to host files. */
  readonly root?: string;
  /** Allow the guest to create, modify and delete files below `root` (default: read-only). */
  readonly writable?: boolean;
  /** Initial working directory of the guest (a guest path, default "/"). */
  readonly cwd?: string;
  readonly stdin?: InputSource;
  readonly stdout?: OutputSink;
  readonly stderr?: OutputSink;
  /** Use the host's clocks instead of virtual time derived from the instruction count. */
  readonly hostTime?: boolean;
  /** Virtual nanoseconds per retired instruction (default 1: a 1 GHz machine). */
  readonly nsPerInstruction?: number;
  /** CLOCK_REALTIME at instruction 0, in seconds since the epoch (default 1_700_000_000). */
  readonly epochSeconds?: number;
  /** Seed of getrandom(), /dev/urandom and AT_RANDOM (deterministic by default). */
  readonly seed?: number;
  /** Reports unimplemented system calls and features, once each. */
  readonly log?: (message: string) => void;
  /** Receives one line per system call (like `qemu-arm -strace`). */
  readonly strace?: (line: string) => void;
  /** Host path of the executable, for readlink("/proc/self/exe"). */
  readonly exePath?: string;
  readonly identity?: CpuIdentity;
  /**
   * Compile hot ARM code (default true). Compiled blocks check the instruction budget only at
   * block ends, so `run(n)` may retire a few more than n; turn it off for exact single steps.
   */
  readonly jit?: boolean;
  /** Process id the guest sees (default 1000). */
  readonly pid?: number;
}

export type RunResult =
  | { readonly kind: "exit"; readonly status: number; readonly instructions: number }
  | {
      readonly kind: "signal";
      readonly signal: number;
      /** 128 + signal, what a shell reports. */
      readonly status: number;
      readonly message: string;
      /** Address of the instruction that raised it (or the last executed). */
      readonly pc: number;
      readonly instructions: number;
    }
  | { readonly kind: "limit"; readonly instructions: number };

/** The process could not be set up (bad arguments, no memory for the stack). */
export class UserProcessError extends Error {
  override readonly name = "UserProcessError";
}

const DEFAULT_RAM = 512 * 1024 * 1024;
/** Where a static-PIE (ET_DYN) executable is loaded. */
const PIE_BASE = 0x00400000;

const WFI = 0xe320f003;
/** The kuser helpers at 0xffff0f60.. (arch/arm/kernel/entry-armv.S), assembled. */
const KUSER: readonly [number, readonly number[]][] = [
  // __kuser_cmpxchg64
  [
    0xf60,
    [
      0xe92d00f0, 0xe1c040d0, 0xe1c160d0, 0xf57ff05b, 0xe1b20f9f, 0xe0303004, 0x00313005, 0x01a23f96, 0x03330001,
      0x0afffff9, 0xf57ff05b, 0xe2730000, 0xe8bd00f0, 0xe12fff1e,
    ],
  ],
  // __kuser_memory_barrier
  [0xfa0, [0xf57ff05b, 0xe12fff1e]],
  // __kuser_cmpxchg
  [0xfc0, [0xf57ff05b, 0xe1923f9f, 0xe0533000, 0x01823f91, 0x03330001, 0x0afffffa, 0xe2730000, 0xeaffffef]],
  // __kuser_get_tls: mrc p15, 0, r0, c13, c0, 3; bx lr
  [0xfe0, [0xee1d0f70, 0xe12fff1e]],
  // __kuser_helper_version: 5 helpers
  [0xffc, [5]],
];

function vectorPage(): Uint8Array {
  const page = new Uint8Array(PAGE_SIZE);
  const dv = new DataView(page.buffer);
  for (let v = 0; v < 0x20; v += 4) dv.setUint32(v, WFI, true);
  for (const [off, words] of KUSER) {
    words.forEach((w, i) => {
      dv.setUint32(off + 4 * i, w, true);
    });
  }
  return page;
}

/** splitmix32: a small seeded generator for getrandom() and AT_RANDOM. */
export class SeededRandom {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x9e3779b9) | 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  }
  fill(buf: Uint8Array): void {
    for (let i = 0; i < buf.length; i++) {
      if ((i & 3) === 0) this.last = this.next();
      buf[i] = (this.last >>> ((i & 3) * 8)) & 0xff;
    }
  }
  private last = 0;
}

export class UserProcess {
  readonly bus: AddressSpace;
  readonly ram: RamRegion;
  readonly cpu: ArmCpu;
  readonly memory: UserMemory;
  readonly files = new FileTable();
  readonly sandbox: Sandbox;
  readonly random: SeededRandom;
  readonly pid: number;
  /** Guest working directory (absolute, normalized). */
  cwd: string;
  /** Program break: start (end of the loaded image) and current value. */
  brkStart = 0;
  brk = 0;
  /** rt_sigaction dispositions: 0 = SIG_DFL, 1 = SIG_IGN, else a handler address. */
  readonly sigHandlers = new Map<number, number>();
  sigMask = [0, 0];
  /** set_tid_address pointer. */
  clearChildTid = 0;
  /** Virtual nanoseconds added by sleeps. */
  sleptNs = 0;
  umask = 0o022;
  /** Path /proc/self/exe reads as. */
  exeGuestPath = "/proc/self/exe";
  /** AT_HWCAP / AT_HWCAP2 given to the program. */
  readonly hwcap: number;
  readonly hwcap2: number;
  /** Address of the auxiliary vector on the initial stack (after load). */
  auxvAddress = 0;
  private readonly reported = new Set<string>();
  private result: RunResult | undefined;
  private loaded = false;

  constructor(readonly options: UserProcessOptions = {}) {
    const ramSize = options.ramSize ?? DEFAULT_RAM;
    if (!Number.isInteger(ramSize) || ramSize < 1 << 20 || ramSize % PAGE_SIZE !== 0 || ramSize > 2 ** 31) {
      throw new UserProcessError(`RAM size must be a multiple of 4 KiB between 1 MiB and 2 GiB (got ${ramSize})`);
    }
    this.bus = new AddressSpace();
    this.ram = this.bus.addRam("ram", 0, ramSize);
    this.cpu = new ArmCpu({ bus: this.bus, identity: options.identity ?? CORTEX_A15, jit: options.jit });
    this.memory = new UserMemory(this.ram, this.cpu, this.bus);
    this.memory.installVectorPage(vectorPage());
    this.sandbox = new Sandbox({ root: options.root, writable: options.writable });
    this.random = new SeededRandom(options.seed ?? 0x5eed);
    this.pid = options.pid ?? 1000;
    this.cwd = options.cwd ?? "/";
    const caps = hwcapsOf(this.cpu.identity);
    this.hwcap = caps.hwcap;
    this.hwcap2 = caps.hwcap2;
    const stdout = options.stdout ?? (() => {});
    const stderr = options.stderr ?? (() => {});
    this.files.setAt(0, new InputFile(options.stdin));
    this.files.setAt(1, new OutputFile(stdout, "/dev/stdout", 11n));
    this.files.setAt(2, new OutputFile(stderr, "/dev/stderr", 12n));
    this.cpu.onUnimplemented = (what) => this.report(`unimplemented: ${what}`);
    this.cpu.onSupervisorCall = (cpu) => {
      dispatchSyscall(this, cpu);
      return true;
    };
  }

  /** Logs `message` through options.log, once. */
  report(message: string): void {
    if (this.reported.has(message)) return;
    this.reported.add(message);
    this.options.log?.(message);
  }

  /** A device file for /dev/null, /dev/zero, /dev/urandom, /dev/random. */
  device(name: string, flags: number): DeviceFile | undefined {
    switch (name) {
      case "/dev/null":
        return new DeviceFile(name, flags, undefined, 0x103n);
      case "/dev/zero":
        return new DeviceFile(name, flags, (b) => b.fill(0), 0x105n);
      case "/dev/random":
      case "/dev/urandom":
        return new DeviceFile(name, flags, (b) => this.random.fill(b), name === "/dev/random" ? 0x108n : 0x109n);
      default:
        return undefined;
    }
  }

  /**
   * Loads a static ELF executable and builds the initial stack with `argv`, `envp` (strings
   * "NAME=value") and the auxiliary vector. Throws ElfError for files it cannot run.
   */
  load(elfBytes: Uint8Array, argv: readonly string[], envp: readonly string[] = []): void {
    if (this.loaded) throw new UserProcessError("a UserProcess loads one program; create a new one");
    const elf = parseElf(elfBytes);
    const mem = this.memory;
    let bias = 0;
    if (elf.type === ET.DYN) {
      const lowest = Math.min(...elf.loads.map((s) => s.vaddr));
      bias = PIE_BASE - (lowest - (lowest % PAGE_SIZE));
    }
    let end = 0;
    for (const s of elf.loads) {
      if (s.memsz === 0) continue;
      const start = bias + s.vaddr;
      const first = Math.floor(start / PAGE_SIZE);
      const last = Math.ceil((start + s.memsz) / PAGE_SIZE);
      let prot = 0;
      if (s.flags & PF.R) prot |= PROT.READ;
      if (s.flags & PF.W) prot |= PROT.WRITE;
      if (s.flags & PF.X) prot |= PROT.EXEC;
      for (let p = first; p < last; p++) {
        const merged = mem.isMapped(p) ? (mem.prot[p] & 7) | prot : prot;
        if (!mem.isMapped(p)) mem.map(p * PAGE_SIZE, PAGE_SIZE, merged);
        else mem.protect(p * PAGE_SIZE, PAGE_SIZE, merged);
      }
      try {
        mem.write(start, elfBytes.subarray(s.offset, s.offset + s.filesz), true);
      } catch (e) {
        if (e instanceof MemoryFault) throw new UserProcessError(`loading the program: ${e.message}`);
        throw e;
      }
      end = Math.max(end, start + s.memsz);
    }
    this.brkStart = Math.ceil(end / PAGE_SIZE) * PAGE_SIZE;
    this.brk = this.brkStart;

    // The stack reservation, populated lazily.
    mem.map(STACK_TOP - STACK_SIZE, STACK_SIZE, PROT.READ | PROT.WRITE | (elf.execStack ? PROT.EXEC : 0));

    // AT_PHDR: PT_PHDR if present, else the load segment that contains the headers.
    let phdr = 0;
    const ptPhdr = elf.segments.find((s) => s.type === PT.PHDR);
    if (ptPhdr !== undefined) phdr = bias + ptPhdr.vaddr;
    else {
      const seg = elf.loads.find((s) => elf.phoff >= s.offset && elf.phoff < s.offset + s.filesz);
      if (seg !== undefined) phdr = bias + seg.vaddr + (elf.phoff - seg.offset);
    }
    const entry = bias + elf.entry;
    if (this.options.exePath !== undefined) {
      this.exeGuestPath = this.sandbox.guestPathOf(this.options.exePath) ?? this.options.exePath;
    }
    const sp = this.buildStack(argv, envp, [
      [AT.HWCAP, this.hwcap],
      [AT.PAGESZ, PAGE_SIZE],
      [AT.CLKTCK, 100],
      [AT.PHDR, phdr],
      [AT.PHENT, elf.phentsize],
      [AT.PHNUM, elf.phnum],
      [AT.BASE, 0],
      [AT.FLAGS, 0],
      [AT.ENTRY, entry],
      [AT.UID, 0],
      [AT.EUID, 0],
      [AT.GID, 0],
      [AT.EGID, 0],
      [AT.SECURE, 0],
      [AT.RANDOM, -1],
      [AT.HWCAP2, this.hwcap2],
      [AT.EXECFN, -2],
      [AT.PLATFORM, -3],
    ]);

    // The CPU: User mode with the MMU on, high vectors, SWP enabled, VFP enabled.
    const cpu = this.cpu;
    cpu.reset();
    cpu.ttbr0Lo = mem.ttbr0;
    cpu.ttbr0Hi = 0;
    cpu.ttbcr = 0;
    cpu.dacr = 0x55555555;
    // M (MMU), SW (SWP/SWPB), V (high vectors); A = 0: unaligned accesses allowed, as Linux sets it.
    cpu.sctlr = (cpu.sctlr | 1 | (1 << 10) | (1 << 13)) & ~2;
    cpu.cpacr |= 0xf00000;
    cpu.fpexc = 0x40000000;
    cpu.flushTlb();
    cpu.setMode(Mode.USR);
    cpu.masks = 0;
    cpu.r.fill(0);
    cpu.r[13] = sp;
    cpu.setThumb((entry & 1) !== 0);
    cpu.pc = (entry & ~1) >>> 0;
    this.loaded = true;
  }

  /**
   * Writes strings, AT_RANDOM bytes, the platform string and argc/argv/envp/auxv below
   * STACK_TOP as fs/binfmt_elf.c does; returns the 16-byte aligned initial sp. Auxv values -1,
   * -2, -3 stand for the addresses of the random bytes, the exec filename and the platform.
   */
  private buildStack(argv: readonly string[], envp: readonly string[], aux: [number, number][]): number {
    const enc = new TextEncoder();
    const mem = this.memory;
    const bottom = STACK_TOP - STACK_SIZE + 64 * 1024;
    let p = STACK_TOP - 4; // a NULL word at the very top
    const push = (bytes: Uint8Array): number => {
      p -= bytes.length;
      if (p < bottom) throw new UserProcessError("arguments and environment do not fit on the stack");
      if (!mem.write(p, bytes)) throw new UserProcessError("cannot write the initial stack");
      return p;
    };
    const cstr = (s: string) => {
      const b = enc.encode(s);
      const out = new Uint8Array(b.length + 1);
      out.set(b);
      return out;
    };
    const execfn = push(cstr(argv[0] ?? ""));
    const envPtrs: number[] = [];
    for (let i = envp.length - 1; i >= 0; i--) envPtrs.unshift(push(cstr(envp[i])));
    const argPtrs: number[] = [];
    for (let i = argv.length - 1; i >= 0; i--) argPtrs.unshift(push(cstr(argv[i])));
    p -= p % 16;
    const platform = push(cstr("v7l"));
    const rand = new Uint8Array(16);
    this.random.fill(rand);
    const random = push(rand);
    const words: number[] = [argv.length, ...argPtrs, 0, ...envPtrs, 0];
    const auxStart = words.length;
    for (const [k, v] of aux) words.push(k, v === -1 ? random : v === -2 ? execfn : v === -3 ? platform : v);
    words.push(AT.NULL, 0);
    let sp = p - words.length * 4;
    sp -= sp % 16;
    if (sp < bottom) throw new UserProcessError("arguments and environment do not fit on the stack");
    const block = new Uint8Array(words.length * 4);
    const dv = new DataView(block.buffer);
    words.forEach((w, i) => {
      dv.setUint32(i * 4, w >>> 0, true);
    });
    if (!mem.write(sp, block)) throw new UserProcessError("cannot write the initial stack");
    this.auxvAddress = sp + auxStart * 4;
    return sp;
  }

  /**
   * Performs system call `nr` with `args` as the guest would (r7 = nr, r0-r6 = args) and returns
   * the result (negative errno for errors). The guest's registers are left as they were.
   */
  syscall(nr: number, ...args: number[]): number {
    const r = this.cpu.r;
    const saved = r.slice(0, 8);
    for (let i = 0; i < 7; i++) r[i] = args[i] ?? 0;
    r[7] = nr;
    dispatchSyscall(this, this.cpu);
    const result = r[0];
    r.set(saved, 0);
    return result;
  }

  /** How the process ended, if it has. */
  get exitResult(): RunResult | undefined {
    return this.result;
  }

  /** Ends the process (exit, exit_group, a fatal signal); stops the CPU. */
  terminate(result: RunResult): void {
    if (this.result !== undefined) return;
    this.result = result;
    this.files.closeAll();
    this.cpu.halted = true;
    this.cpu.exitReq = 1;
  }

  exit(status: number): void {
    this.terminate({ kind: "exit", status: status & 0xff, instructions: this.cpu.instructions });
  }

  /** A signal sent to the process (kill/tgkill to itself, or a fault): default action or ignore. */
  signal(sig: number, message: string, pc: number): void {
    const disposition = this.sigHandlers.get(sig) ?? 0;
    const fault = sig === SIG.SEGV || sig === SIG.BUS || sig === SIG.ILL || sig === SIG.TRAP || sig === SIG.FPE;
    if (!fault && (disposition === 1 || (disposition === 0 && IGNORED_BY_DEFAULT.has(sig)))) return;
    if (disposition > 1) this.report(`${signalName(sig)}: the guest's handler is not called (no signal delivery)`);
    this.terminate({
      kind: "signal",
      signal: sig,
      status: 128 + sig,
      message,
      pc: pc >>> 0,
      instructions: this.cpu.instructions,
    });
  }

  /** Virtual (or host) time in nanoseconds for a clock id. */
  clockNs(clock: number): bigint {
    if (this.options.hostTime) {
      if (clock === 0 || clock === 8 || clock === 11) return BigInt(Date.now()) * 1_000_000n;
      return process.hrtime.bigint();
    }
    const ns = BigInt(Math.floor(this.cpu.instructions * (this.options.nsPerInstruction ?? 1))) + BigInt(this.sleptNs);
    // REALTIME, REALTIME_COARSE, REALTIME_ALARM, TAI count from the epoch; the others from boot.
    if (clock === 0 || clock === 5 || clock === 8 || clock === 11) {
      return BigInt(this.options.epochSeconds ?? 1_700_000_000) * 1_000_000_000n + ns;
    }
    return ns;
  }

  /**
   * Runs until the process exits, is killed by a signal, or has executed `maxInstructions` more
   * instructions (then it can be resumed by calling run again).
   */
  run(maxInstructions = Number.POSITIVE_INFINITY): RunResult {
    if (!this.loaded) throw new UserProcessError("load a program first");
    const cpu = this.cpu;
    const start = cpu.instructions;
    // Short slices keep virtual time (read by the system calls from cpu.instructions, which the
    // core updates when a slice ends) fine-grained.
    const SLICE = 1 << 16;
    while (this.result === undefined) {
      const left = start + maxInstructions - cpu.instructions;
      if (left <= 0) return { kind: "limit", instructions: cpu.instructions };
      cpu.run(Math.min(SLICE, left));
      if (cpu.halted && this.result === undefined) this.trap();
      // The core counts retired instructions when a slice ends: complete the result's count.
      const ended = this.result as RunResult | undefined;
      if (ended !== undefined) this.result = { ...ended, instructions: cpu.instructions };
    }
    return this.result;
  }

  /** Runs one instruction (for tracing: exact with `jit: false`); returns the result if the process ended. */
  step(): RunResult | undefined {
    this.run(1);
    // An exception stops at its vector's WFI: run that too, so the trap is handled now.
    if (this.result === undefined && this.cpu.mode !== Mode.USR) this.run(1);
    return this.result;
  }

  /** The CPU stopped: an exception taken to its vector (WFI there), or a User-mode WFI. */
  private trap(): void {
    const cpu = this.cpu;
    cpu.halted = false;
    if (cpu.mode === Mode.USR) return; // WFI/WFE in User mode: nothing will wake it but time; continue.
    const vector = (cpu.curPc - VECTOR_PAGE) >>> 0;
    const spsr = cpu.currentSpsr ?? 0;
    const thumb = (spsr & PSR.T) !== 0;
    const lr = cpu.r[14] >>> 0;
    const hex = (v: number) => `0x${(v >>> 0).toString(16).padStart(8, "0")}`;
    if (vector === Vector.UNDEF) {
      const pc = (lr - (thumb ? 2 : 4)) >>> 0;
      const word = this.peekInstruction(pc, thumb);
      const what = word === undefined ? "" : ` ${thumb ? "" : this.rowName(word)}${hex(word)}`;
      this.signal(SIG.ILL, `illegal instruction${what} at ${hex(pc)}${thumb ? " (Thumb)" : ""}`, pc);
      return;
    }
    if (vector === Vector.DABT || vector === Vector.PABT) {
      const data = vector === Vector.DABT;
      const pc = (lr - (data ? 8 : 4)) >>> 0;
      const fsr = data ? cpu.dfsr : cpu.ifsr;
      const addr = (data ? cpu.dfar : cpu.ifar) >>> 0;
      const fs = ((fsr >>> 6) & 0x10) | (fsr & 15);
      const write = data && (fsr & (1 << 11)) !== 0;
      if (!data && fs === 0b00010) {
        this.signal(SIG.TRAP, `breakpoint (BKPT) at ${hex(pc)}`, pc);
        return;
      }
      // Translation fault on a mapped page not yet populated: populate and retry.
      if (fs === 0b00101 || fs === 0b00111) {
        const vpage = addr >>> 12;
        const need = data ? (write ? PROT.WRITE : PROT.READ) : PROT.EXEC;
        const prot = this.memory.prot[vpage];
        if (this.memory.isMapped(vpage) && (prot & need) !== 0) {
          try {
            this.memory.populate(vpage);
          } catch (e) {
            if (!(e instanceof MemoryFault)) throw e;
            this.signal(SIG.SEGV, e.message, pc);
            return;
          }
          cpu.exceptionReturn(pc, spsr);
          return;
        }
      }
      const unmapped = (fs === 0b00101 || fs === 0b00111) && !this.memory.isMapped(addr >>> 12);
      const kind = fs === 0b00001 ? "alignment fault" : unmapped ? "unmapped" : "permission";
      const access = data ? (write ? "writing" : "reading") : "executing";
      const sig = fs === 0b00001 || fs === 0b01000 ? SIG.BUS : SIG.SEGV;
      this.signal(sig, `${kind} ${access} ${hex(addr)} at pc ${hex(pc)}${thumb ? " (Thumb)" : ""}`, pc);
      return;
    }
    this.signal(SIG.SYS, `unexpected exception (vector ${hex(vector)}) at ${hex(lr)}`, lr);
  }

  private peekInstruction(pc: number, thumb: boolean): number | undefined {
    const b = this.memory.read(pc, thumb ? 2 : 4);
    if (b === undefined) return undefined;
    const dv = new DataView(b.buffer);
    if (!thumb) return dv.getUint32(0, true);
    const hw = dv.getUint16(0, true);
    if (hw < 0xe800) return hw;
    const b2 = this.memory.read(pc + 2, 2);
    return b2 === undefined ? hw : ((hw << 16) | new DataView(b2.buffer).getUint16(0, true)) >>> 0;
  }

  private rowName(word: number): string {
    const row = decodeA32Row(word);
    return row === undefined ? "" : `(${row.name}) `;
  }
}
