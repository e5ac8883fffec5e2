import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CORTEX_A15 } from "../../src/index.js";
import {
  AT,
  E,
  HWCAP,
  hwcapNames,
  hwcapsOf,
  NR,
  PROT,
  type RunResult,
  SIG,
  STACK_TOP,
  UserProcess,
  type UserProcessOptions,
} from "../../src/user/index.js";
import { buildElf } from "./build.js";

const MAP_PRIVATE_ANON = 0x22;

interface Ran {
  readonly result: RunResult;
  readonly stdout: string;
  readonly stderr: string;
  readonly proc: UserProcess;
  readonly logs: string[];
}

function run(source: string, options: UserProcessOptions = {}, argv = ["prog"], limit = 1_000_000): Ran {
  let stdout = "";
  let stderr = "";
  const logs: string[] = [];
  const dec = new TextDecoder();
  const proc = new UserProcess({
    ramSize: 16 << 20,
    stdout: (b) => {
      stdout += dec.decode(b);
    },
    stderr: (b) => {
      stderr += dec.decode(b);
    },
    log: (m) => logs.push(m),
    ...options,
  });
  proc.load(buildElf(source), argv, ["HOME=/", "LANG=C"]);
  const result = proc.run(limit);
  return { result, stdout, stderr, proc, logs };
}

/** A loaded but not started process (for system calls made from the test). */
function idle(options: UserProcessOptions = {}): UserProcess {
  const proc = new UserProcess({ ramSize: 16 << 20, ...options });
  proc.load(buildElf("_start: b _start"), ["idle"], []);
  return proc;
}

/** Some user memory for system-call arguments. */
function scratch(proc: UserProcess, size = 8192): number {
  const at = proc.syscall(NR.mmap2, 0, size, PROT.READ | PROT.WRITE, MAP_PRIVATE_ANON, -1, 0) >>> 0;
  expect(at).toBeLessThan(0xfffff000); // not an error
  return at;
}

function putString(proc: UserProcess, at: number, s: string): number {
  proc.memory.write(at, new TextEncoder().encode(`${s}\0`));
  return at;
}

function getString(proc: UserProcess, at: number): string {
  const b = proc.memory.readCString(at, 256) ?? new Uint8Array(0);
  return new TextDecoder().decode(b);
}

function getBytes(proc: UserProcess, at: number, n: number): string {
  return new TextDecoder().decode(proc.memory.read(at, n));
}

const EXIT = (rc: string | number) => `mov r0, ${typeof rc === "number" ? `#${rc}` : rc}\nmov r7, #248\nsvc #0`;

const dirs: string[] = [];
function sandboxDir(): string {
  const d = mkdtempSync(join(tmpdir(), "xena-root-"));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("user-mode process", () => {
  it("writes to stdout and stderr and ends with exit_group's status", () => {
    const r = run(`
      _start:
        mov r0, #1
        ldr r1, =out
        mov r2, #6
        mov r7, #4
        svc #0
        mov r0, #2
        ldr r1, =err
        mov r2, #4
        mov r7, #4
        svc #0
        ${EXIT(42)}
      .ltorg
      out: .ascii "hello\\n"
      err: .ascii "oops"
    `);
    expect(r.result).toMatchObject({ kind: "exit", status: 42 });
    expect(r.result.instructions).toBe(13);
    expect(r.stdout).toBe("hello\n");
    expect(r.stderr).toBe("oops");
  });

  it("builds the initial stack as Linux does for ELF programs", () => {
    const proc = new UserProcess({ ramSize: 16 << 20, seed: 5 });
    const elf = buildElf("_start: b _start");
    proc.load(elf, ["/bin/prog", "arg one", ""], ["A=1", "B=two"]);
    const sp = proc.cpu.r[13] >>> 0;
    expect(sp % 16).toBe(0);
    expect(sp).toBeLessThan(STACK_TOP);
    const word = (a: number) => proc.memory.readU32(a) as number;
    expect(word(sp)).toBe(3);
    expect([1, 2, 3].map((i) => getString(proc, word(sp + 4 * i)))).toEqual(["/bin/prog", "arg one", ""]);
    expect(word(sp + 16)).toBe(0);
    expect([5, 6].map((i) => getString(proc, word(sp + 4 * i)))).toEqual(["A=1", "B=two"]);
    expect(word(sp + 28)).toBe(0);
    const aux = new Map<number, number>();
    const order: number[] = [];
    for (let a = sp + 32; ; a += 8) {
      const k = word(a);
      order.push(k);
      if (k === AT.NULL) break;
      aux.set(k, word(a + 4));
    }
    expect(proc.auxvAddress).toBe(sp + 32);
    // Linux's order (fs/binfmt_elf.c create_elf_tables), without a vDSO.
    expect(order).toEqual([
      AT.HWCAP,
      AT.PAGESZ,
      AT.CLKTCK,
      AT.PHDR,
      AT.PHENT,
      AT.PHNUM,
      AT.BASE,
      AT.FLAGS,
      AT.ENTRY,
      AT.UID,
      AT.EUID,
      AT.GID,
      AT.EGID,
      AT.SECURE,
      AT.RANDOM,
      AT.HWCAP2,
      AT.EXECFN,
      AT.PLATFORM,
      AT.NULL,
    ]);
    const dv = new DataView(elf.buffer, elf.byteOffset);
    expect(aux.get(AT.PAGESZ)).toBe(4096);
    expect(aux.get(AT.CLKTCK)).toBe(100);
    expect(aux.get(AT.PHENT)).toBe(32);
    expect(aux.get(AT.PHNUM)).toBe(dv.getUint16(44, true));
    expect(aux.get(AT.ENTRY)).toBe(dv.getUint32(24, true));
    // AT_PHDR: the program headers as loaded, byte for byte.
    const phdrs = proc.memory.read(aux.get(AT.PHDR) as number, 32 * dv.getUint16(44, true));
    expect(phdrs).toEqual(elf.slice(52, 52 + 32 * dv.getUint16(44, true)));
    for (const k of [AT.UID, AT.EUID, AT.GID, AT.EGID, AT.SECURE, AT.BASE, AT.FLAGS]) expect(aux.get(k)).toBe(0);
    expect(aux.get(AT.HWCAP)).toBe(proc.hwcap);
    expect(aux.get(AT.HWCAP2)).toBe(0);
    expect(getString(proc, aux.get(AT.PLATFORM) as number)).toBe("v7l");
    expect(getString(proc, aux.get(AT.EXECFN) as number)).toBe("/bin/prog");
    const random = proc.memory.read(aux.get(AT.RANDOM) as number, 16) as Uint8Array;
    expect(random.some((b) => b !== 0)).toBe(true);
    // Registers: everything zero but sp and pc, User mode, ARM state.
    expect([...proc.cpu.r].filter((v, i) => i !== 13 && i !== 15 && v !== 0)).toEqual([]);
    expect(proc.cpu.pc).toBe(dv.getUint32(24, true));
    expect(proc.cpu.cpsr & 0x1ff).toBe(0x10);
  });

  it("advertises the HWCAP bits Linux derives from the core's ID registers", () => {
    const names = hwcapNames(hwcapsOf(CORTEX_A15).hwcap);
    // Linux reports vfpv4 only when MVFR1[31:28] (fused multiply-add) is set.
    const fma = CORTEX_A15.mvfr1 >>> 28 !== 0;
    const expected = ["half", "thumb", "fastmult", "vfp", "edsp", "vfpv3", "tls"];
    if (fma) expected.push("vfpv4");
    expected.push("idiva", "idivt", "vfpd32", "lpae", "evtstrm");
    expect(names).toEqual(expected);
    // With MVFR1 saying FMA (as a real Cortex-A15 does), the full list.
    const withFma = hwcapNames(hwcapsOf({ ...CORTEX_A15, mvfr1: CORTEX_A15.mvfr1 | 0x10000000 }).hwcap);
    expect(withFma.join(" ")).toBe("half thumb fastmult vfp edsp vfpv3 tls vfpv4 idiva idivt vfpd32 lpae evtstrm");
    expect(hwcapsOf(CORTEX_A15).hwcap & HWCAP.NEON).toBe(0);
    expect(hwcapsOf(CORTEX_A15).hwcap2).toBe(0);
  });

  it("starts a Thumb entry point (bit 0 of e_entry) in Thumb state", () => {
    const r = run(`
      .thumb
      .thumb_func
      _start:
        movs r0, #7
        movs r7, #1
        svc #0
    `);
    expect(r.proc.cpu.thumb).toBe(true);
    expect(r.result).toMatchObject({ kind: "exit", status: 7 });
  });

  it("reads stdin from bytes, strings or a function", () => {
    const cat = `
      _start:
      loop:
        mov r0, #0
        ldr r1, =buf
        mov r2, #5
        mov r7, #3
        svc #0
        cmp r0, #0
        ble done
        mov r2, r0
        mov r0, #1
        ldr r1, =buf
        mov r7, #4
        svc #0
        b loop
      done:
        ${EXIT(0)}
      .ltorg
      .data
      buf: .space 16
    `;
    expect(run(cat, { stdin: "hello, stdin" }).stdout).toBe("hello, stdin");
    const chunks = ["ab", "cdefgh", "i"];
    expect(run(cat, { stdin: () => (chunks.length ? new TextEncoder().encode(chunks.shift()) : null) }).stdout).toBe(
      "abcdefghi",
    );
    expect(run(cat, {}).stdout).toBe("");
  });

  it("ends with SIGILL, SIGSEGV, SIGBUS or SIGTRAP on faults, with a clear message", () => {
    const ill = run("_start: .word 0xe7f000f0");
    expect(ill.result).toMatchObject({ kind: "signal", signal: SIG.ILL, status: 132 });
    if (ill.result.kind === "signal") expect(ill.result.message).toMatch(/illegal instruction.*0xe7f000f0 at 0x000100/);
    const segv = run("_start: mov r1, #0\nldr r0, [r1]");
    expect(segv.result).toMatchObject({ kind: "signal", signal: SIG.SEGV, status: 139 });
    if (segv.result.kind === "signal") expect(segv.result.message).toBe("unmapped reading 0x00000000 at pc 0x00010058");
    const text = run("_start: adr r1, _start\nstr r0, [r1]");
    if (text.result.kind === "signal") expect(text.result.message).toMatch(/^permission writing 0x00010054/);
    expect(text.result).toMatchObject({ kind: "signal", signal: SIG.SEGV });
    const bus = run("_start: ldr r1, =buf+1\nldrd r2, r3, [r1]\n.ltorg\n.data\nbuf: .space 16");
    expect(bus.result).toMatchObject({ kind: "signal", signal: SIG.BUS });
    if (bus.result.kind === "signal") expect(bus.result.message).toMatch(/alignment fault reading/);
    const trap = run("_start: bkpt #1");
    expect(trap.result).toMatchObject({ kind: "signal", signal: SIG.TRAP });
    const jump = run("_start: mov r0, #0x1000\nbx r0");
    expect(jump.result).toMatchObject({ kind: "signal", signal: SIG.SEGV });
    if (jump.result.kind === "signal") expect(jump.result.message).toMatch(/unmapped executing 0x00001000/);
  });

  it("treats kill/tgkill to itself as the signal's default action (abort: 128 + 6)", () => {
    const r = run(`
      _start:
        mov r7, #20
        svc #0
        mov r1, r0
        mov r2, #6
        ldr r7, =268
        svc #0
        ${EXIT(0)}
    `);
    expect(r.result).toMatchObject({ kind: "signal", signal: SIG.ABRT, status: 134 });
    // SIGCHLD is ignored by default; signal 0 only checks the process exists.
    const p = idle();
    expect(p.syscall(NR.kill, p.pid, SIG.CHLD)).toBe(0);
    expect(p.syscall(NR.kill, p.pid, 0)).toBe(0);
    expect(p.syscall(NR.kill, 4242, 9)).toBe(-E.SRCH);
    expect(p.exitResult).toBeUndefined();
  });

  it("stops at the instruction limit and resumes", () => {
    const src = `
      _start:
        ldr r4, =100000
      loop:
        subs r4, r4, #1
        bne loop
        ${EXIT(3)}
      .ltorg
    `;
    const proc = new UserProcess({ ramSize: 16 << 20, jit: false });
    proc.load(buildElf(src), ["x"]);
    expect(proc.run(1000)).toEqual({ kind: "limit", instructions: 1000 });
    expect(proc.run()).toMatchObject({ kind: "exit", status: 3, instructions: 200004 });
  });

  it("grows the stack and maps other memory on first touch", () => {
    const r = run(`
      _start:
        sub r1, sp, #0x100000
        str r1, [r1]
        ldr r0, [r1]
        sub r0, r0, r1
        ${EXIT("r0")}
    `);
    expect(r.result).toMatchObject({ kind: "exit", status: 0 });
    expect(r.proc.memory.populated).toBeLessThan(16);
  });

  it("provides the kuser helpers (get_tls, cmpxchg, memory barrier, version)", () => {
    const r = run(`
      _start:
        ldr r0, =0x12345678
        ldr r7, =0xf0005
        svc #0
        ldr r4, =0xffff0fe0
        blx r4
        ldr r1, =0x12345678
        cmp r0, r1
        bne bad
        ldr r4, =0xffff0ffc
        ldr r5, [r4]
        cmp r5, #5
        bne bad
        ldr r2, =word
        mov r0, #1
        mov r1, #9
        ldr r4, =0xffff0fc0
        blx r4
        bcc bad
        ldr r2, =word
        ldr r3, [r2]
        cmp r3, #9
        bne bad
        ldr r4, =0xffff0fa0
        blx r4
        ${EXIT(0)}
      bad:
        ${EXIT(1)}
      .ltorg
      .data
      word: .word 1
    `);
    expect(r.result).toMatchObject({ kind: "exit", status: 0 });
    expect(r.proc.cpu.tpidruro >>> 0).toBe(0x12345678);
  });
});

describe("system calls", () => {
  it("brk grows and shrinks the heap with fresh zero pages", () => {
    const p = idle();
    const start = p.syscall(NR.brk, 0) >>> 0;
    expect(start % 4096).toBe(0);
    expect(p.syscall(NR.brk, start + 10000) >>> 0).toBe(start + 10000);
    expect(p.memory.write(start + 9000, Uint8Array.of(1, 2, 3))).toBe(true);
    expect(p.syscall(NR.brk, start + 100) >>> 0).toBe(start + 100);
    expect(p.memory.read(start + 9000, 1)).toBeUndefined();
    expect(p.syscall(NR.brk, start + 10000) >>> 0).toBe(start + 10000);
    expect(p.memory.read(start + 9000, 3)).toEqual(Uint8Array.of(0, 0, 0));
    expect(p.syscall(NR.brk, start - 4096) >>> 0).toBe(start + 10000);
  });

  it("mmap2 maps anonymous memory, munmap removes it, mprotect is enforced", () => {
    const p = idle();
    const a = scratch(p, 3 * 4096);
    expect(a % 4096).toBe(0);
    expect(p.memory.read(a, 4)).toEqual(new Uint8Array(4));
    expect(p.syscall(NR.mprotect, a, 4096, PROT.READ)).toBe(0);
    expect(p.memory.write(a, Uint8Array.of(1))).toBe(false);
    expect(p.memory.write(a + 4096, Uint8Array.of(1))).toBe(true);
    expect(p.syscall(NR.munmap, a, 3 * 4096)).toBe(0);
    expect(p.memory.read(a + 4096, 1)).toBeUndefined();
    expect(p.syscall(NR.mmap2, 0, 0, 3, MAP_PRIVATE_ANON, -1, 0)).toBe(-E.INVAL);
    // MAP_FIXED at a chosen address; MAP_FIXED_NOREPLACE refuses an occupied range.
    expect(p.syscall(NR.mmap2, 0x30000000, 4096, 3, MAP_PRIVATE_ANON | 0x10, -1, 0) >>> 0).toBe(0x30000000);
    expect(p.syscall(NR.mmap2, 0x30000000, 4096, 3, MAP_PRIVATE_ANON | 0x100000, -1, 0)).toBe(-E.EXIST);
    // mremap grows a mapping, moving it if needed.
    const b = scratch(p, 4096);
    p.memory.write(b, Uint8Array.of(7));
    const moved = p.syscall(NR.mremap, b, 4096, 1 << 20, 1, 0) >>> 0;
    expect(p.memory.read(moved, 1)).toEqual(Uint8Array.of(7));
  });

  it("mmap2 of a file gives a private read-only copy", () => {
    const root = sandboxDir();
    writeFileSync(join(root, "data.bin"), "file contents");
    const p = idle({ root });
    const buf = scratch(p);
    const fd = p.syscall(NR.open, putString(p, buf, "/data.bin"), 0, 0);
    expect(fd).toBe(3);
    const m = p.syscall(NR.mmap2, 0, 100, PROT.READ, 2, fd, 0) >>> 0;
    expect(getString(p, m)).toBe("file contents");
    expect(p.syscall(NR.mmap2, 0, 100, PROT.READ | PROT.WRITE, 1, fd, 0)).toBe(-E.ACCES);
  });

  it("opens, reads, seeks and stats files only below the sandbox root", () => {
    const root = sandboxDir();
    mkdirSync(join(root, "dir"));
    writeFileSync(join(root, "dir", "f.txt"), "0123456789");
    symlinkSync("/etc/passwd", join(root, "escape"));
    symlinkSync("dir/f.txt", join(root, "inside"));
    const p = idle({ root, cwd: "/dir" });
    const buf = scratch(p);
    const path = (s: string) => putString(p, buf, s);
    const fd = p.syscall(NR.openat, -100, path("f.txt"), 0, 0);
    expect(fd).toBe(3);
    expect(p.syscall(NR.read, fd, buf + 1024, 4)).toBe(4);
    expect(getBytes(p, buf + 1024, 4)).toBe("0123");
    expect(p.syscall(NR._llseek, fd, 0, 8, buf + 2048, 0)).toBe(0);
    expect(p.memory.readU32(buf + 2048)).toBe(8);
    expect(p.syscall(NR.read, fd, buf + 1024, 100)).toBe(2);
    expect(p.syscall(NR.fstat64, fd, buf + 3000)).toBe(0);
    expect(p.memory.readU32(buf + 3000 + 48)).toBe(10); // st_size
    expect((p.memory.readU32(buf + 3000 + 16) as number) & 0o170000).toBe(0o100000);
    expect(p.syscall(NR.close, fd)).toBe(0);
    expect(p.syscall(NR.close, fd)).toBe(-E.BADF);
    // ".." stops at the root; symlinks may not lead out of it.
    expect(p.syscall(NR.open, path("/../../dir/f.txt"), 0, 0)).toBe(3);
    expect(p.syscall(NR.open, path("/escape"), 0, 0)).toBe(-E.ACCES);
    expect(p.syscall(NR.open, path("/inside"), 0, 0)).toBe(4);
    expect(p.syscall(NR.open, path("/missing"), 0, 0)).toBe(-E.NOENT);
    expect(p.syscall(NR.stat64, path("/dir"), buf + 3000)).toBe(0);
    expect((p.memory.readU32(buf + 3000 + 16) as number) & 0o170000).toBe(0o040000);
    // Read-only sandbox: no creating or deleting.
    expect(p.syscall(NR.open, path("/new.txt"), 0o101, 0o644)).toBe(-E.ROFS);
    expect(p.syscall(NR.unlink, path("/dir/f.txt"))).toBe(-E.ROFS);
    expect(p.syscall(NR.getcwd, buf + 1024, 100)).toBe(5);
    expect(getString(p, buf + 1024)).toBe("/dir");
    // No root: no host files at all.
    const q = idle();
    const qb = scratch(q);
    expect(q.syscall(NR.open, putString(q, qb, "/etc/passwd"), 0, 0)).toBe(-E.NOENT);
    expect(q.syscall(NR.open, putString(q, qb, "/dev/null"), 1, 0)).toBeGreaterThanOrEqual(3);
  });

  it("creates files in a writable sandbox", () => {
    const root = sandboxDir();
    const p = idle({ root, writable: true });
    const buf = scratch(p);
    const fd = p.syscall(NR.open, putString(p, buf, "/out.txt"), 0o1101, 0o644);
    expect(fd).toBe(3);
    p.memory.write(buf + 100, new TextEncoder().encode("written"));
    expect(p.syscall(NR.write, fd, buf + 100, 7)).toBe(7);
    expect(p.syscall(NR.close, fd)).toBe(0);
    expect(readFileSync(join(root, "out.txt"), "utf8")).toBe("written");
    expect(p.syscall(NR.mkdir, putString(p, buf, "/sub"), 0o755)).toBe(0);
    expect(p.syscall(NR.unlink, putString(p, buf, "/out.txt"))).toBe(0);
  });

  it("answers identity, limits and terminal queries", () => {
    const p = idle({ exePath: "/usr/bin/thing" });
    const buf = scratch(p);
    expect(p.syscall(NR.uname, buf)).toBe(0);
    expect(getString(p, buf)).toBe("Linux");
    expect(getString(p, buf + 4 * 65)).toBe("armv7l");
    expect(p.syscall(NR.getpid)).toBe(p.pid);
    expect(p.syscall(NR.gettid)).toBe(p.pid);
    expect(p.syscall(NR.getuid32)).toBe(0);
    expect(p.syscall(NR.set_tid_address, buf)).toBe(p.pid);
    expect(p.syscall(NR.ioctl, 1, 0x5401, buf)).toBe(-E.NOTTY);
    expect(p.syscall(NR.ioctl, 1, 0x5413, buf)).toBe(-E.NOTTY);
    expect(p.syscall(NR.ioctl, 9, 0x5401, buf)).toBe(-E.BADF);
    expect(p.syscall(NR.readlink, putString(p, buf, "/proc/self/exe"), buf + 100, 100)).toBe(14);
    expect(getBytes(p, buf + 100, 14)).toBe("/usr/bin/thing");
    expect(p.syscall(NR.prlimit64, 0, 3, 0, buf)).toBe(0);
    expect(p.memory.readU32(buf)).toBe(8 << 20);
    expect(p.syscall(NR.ugetrlimit, 7, buf)).toBe(0);
    expect(p.memory.readU32(buf)).toBe(1024);
    expect(p.syscall(NR.sched_getaffinity, 0, 128, buf)).toBe(4);
    expect(p.memory.readU32(buf)).toBe(1);
    expect(p.syscall(NR.fstat64, 1, buf)).toBe(0);
    expect((p.memory.readU32(buf + 16) as number) & 0o170000).toBe(0o010000); // a pipe
    expect(p.syscall(NR.statx, 1, putString(p, buf + 500, ""), 0x1000, 0x7ff, buf)).toBe(0);
    // TLS, cache flush, signals (accepted, not delivered).
    expect(p.syscall(NR.ARM_set_tls, 0xabcd)).toBe(0);
    expect(p.cpu.tpidruro).toBe(0xabcd);
    expect(p.syscall(NR.ARM_cacheflush, 0x10000, 0x20000, 0)).toBe(0);
    p.memory.writeU32(buf, 0x12340);
    expect(p.syscall(NR.rt_sigaction, SIG.USR1, buf, 0, 8)).toBe(0);
    expect(p.syscall(NR.rt_sigaction, SIG.USR1, 0, buf + 32, 8)).toBe(0);
    expect(p.memory.readU32(buf + 32)).toBe(0x12340);
    expect(p.syscall(NR.rt_sigaction, SIG.KILL, buf, 0, 8)).toBe(-E.INVAL);
    expect(p.syscall(NR.rt_sigprocmask, 0, buf, buf + 64, 8)).toBe(0);
  });

  it("futex: WAKE wakes nobody, WAIT on a changed value is EAGAIN", () => {
    const p = idle();
    const buf = scratch(p);
    p.memory.writeU32(buf, 5);
    expect(p.syscall(NR.futex, buf, 1 | 128, 1)).toBe(0);
    expect(p.syscall(NR.futex, buf, 0 | 128, 4, 0)).toBe(-E.AGAIN);
    expect(p.syscall(NR.futex, buf, 0, 5, buf + 64)).toBe(-E.TIMEDOUT);
  });

  it("keeps virtual time from the instruction count, deterministic; host time on request", () => {
    // clock_gettime(CLOCK_MONOTONIC), 400000 instructions, clock_gettime again, getrandom(8),
    // then the 24 bytes to stdout.
    const src = `
      _start:
        mov r0, #1
        ldr r1, =out
        ldr r7, =263
        svc #0
        ldr r4, =200000
      1: subs r4, r4, #1
        bne 1b
        mov r0, #1
        ldr r1, =out+8
        ldr r7, =263
        svc #0
        ldr r0, =out+16
        mov r1, #8
        mov r2, #0
        ldr r7, =384
        svc #0
        mov r0, #1
        ldr r1, =out
        mov r2, #24
        mov r7, #4
        svc #0
        ${EXIT(0)}
      .ltorg
      .data
      out: .space 24
    `;
    const sample = (options: UserProcessOptions) => {
      const chunks: number[] = [];
      const proc = new UserProcess({ ramSize: 16 << 20, stdout: (b) => chunks.push(...b), ...options });
      proc.load(buildElf(src), ["time"]);
      expect(proc.run()).toMatchObject({ kind: "exit", status: 0 });
      const dv = new DataView(Uint8Array.from(chunks).buffer);
      const ns = (o: number) => dv.getInt32(o, true) * 1e9 + dv.getInt32(o + 4, true);
      return { t0: ns(0), t1: ns(8), random: chunks.slice(16) };
    };
    const a = sample({ seed: 1 });
    const b = sample({ seed: 1 });
    const c = sample({ seed: 2 });
    expect(b).toEqual(a);
    expect(c.random).not.toEqual(a.random);
    // 1 ns per instruction; the core reports retired instructions per 64 Ki slice.
    expect(Math.abs(a.t1 - a.t0 - 400_000)).toBeLessThan(70_000);
    const host = sample({ hostTime: true });
    expect(host.t1).toBeGreaterThanOrEqual(host.t0);
  });

  it("reports unimplemented system calls once and returns ENOSYS", () => {
    const logs: string[] = [];
    const p = idle({ log: (m) => logs.push(m) });
    expect(p.syscall(0x1f0)).toBe(-E.NOSYS);
    expect(p.syscall(0x1f0)).toBe(-E.NOSYS);
    expect(p.syscall(2)).toBe(-E.NOSYS); // fork
    expect(logs).toEqual([
      "unimplemented system call 496: returning ENOSYS",
      "unimplemented system call 2 (fork): returning ENOSYS",
    ]);
  });
});
