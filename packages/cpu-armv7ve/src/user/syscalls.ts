// Linux system calls for the user-mode front end (ARM EABI: number in r7, arguments in r0-r6,
// 64-bit arguments in even/odd register pairs, result in r0 with -errno for errors). Single
// process, single thread: no fork/exec, no signal delivery; time is virtual unless the caller asks
// for the host's. Unknown calls return -ENOSYS and are reported once.
import type { ArmCpu } from "../cpu.js";
import {
  AT_EMPTY_PATH,
  AT_FDCWD,
  AT_REMOVEDIR,
  AT_SYMLINK_NOFOLLOW,
  E,
  IOCTL,
  MAP,
  NR,
  O,
  PROT,
  S_IF,
  SIG,
  STAT64,
  STATX,
  signalName,
  syscallName,
} from "./abi.js";
import { normalizeGuestPath, type OpenFile, type StatInfo } from "./files.js";
import { MMAP_TOP, PAGE_SIZE, STACK_SIZE, STACK_TOP, TASK_SIZE } from "./memory.js";
import type { UserProcess } from "./process.js";

const enc = new TextEncoder();
const dec = new TextDecoder();
/** Largest single read/write the front end copies at once (a short count is legal). */
const MAX_IO = 16 * 1024 * 1024;

const hex = (v: number) => `0x${(v >>> 0).toString(16)}`;

/** Handles the SVC at the CPU's current instruction. */
export function dispatchSyscall(proc: UserProcess, cpu: ArmCpu): void {
  const r = cpu.r;
  const nr = r[7] >>> 0;
  const a = [r[0] >>> 0, r[1] >>> 0, r[2] >>> 0, r[3] >>> 0, r[4] >>> 0, r[5] >>> 0, r[6] >>> 0];
  let result: number;
  try {
    result = syscall(proc, cpu, nr, a);
  } catch (e) {
    // A bug in the front end must not look like a guest crash: report and fail the call.
    proc.report(`internal error in system call ${syscallName(nr) ?? nr}: ${e instanceof Error ? e.message : e}`);
    result = -E.IO;
  }
  if (proc.exitResult === undefined) r[0] = result;
  if (proc.options.strace !== undefined) {
    const name = syscallName(nr) ?? `syscall_${hex(nr)}`;
    const ret = result < 0 && result > -4096 ? `-1 errno=${-result}` : hex(result);
    proc.options.strace(`${name}(${a.slice(0, 6).map(hex).join(", ")}) = ${ret}`);
  }
}

function syscall(proc: UserProcess, cpu: ArmCpu, nr: number, a: number[]): number {
  const mem = proc.memory;
  switch (nr) {
    case NR.exit:
    case NR.exit_group:
      proc.exit(a[0]);
      return 0;

    // ---- file I/O ---------------------------------------------------------------------------
    case NR.read:
      return doRead(proc, a[0], a[1], a[2], undefined);
    case NR.pread64:
      return doRead(proc, a[0], a[1], a[2], pair(a[4], a[5]));
    case NR.write:
      return doWrite(proc, a[0], a[1], a[2], undefined);
    case NR.pwrite64:
      return doWrite(proc, a[0], a[1], a[2], pair(a[4], a[5]));
    case NR.readv:
    case NR.writev: {
      const count = a[2] | 0;
      if (count < 0 || count > 1024) return -E.INVAL;
      const iov = mem.read(a[1], count * 8);
      if (iov === undefined) return -E.FAULT;
      const dv = new DataView(iov.buffer);
      let total = 0;
      for (let i = 0; i < count; i++) {
        const base = dv.getUint32(i * 8, true);
        const len = dv.getUint32(i * 8 + 4, true);
        if (len === 0) continue;
        const n =
          nr === NR.readv ? doRead(proc, a[0], base, len, undefined) : doWrite(proc, a[0], base, len, undefined);
        if (n < 0) return total > 0 ? total : n;
        total += n;
        if (n < len) break;
      }
      return total;
    }
    case NR.sendfile:
    case NR.sendfile64:
      return doSendfile(proc, a[0], a[1], a[2], a[3], nr === NR.sendfile64);
    case NR.open:
      return doOpen(proc, AT_FDCWD, a[0], a[1], a[2]);
    case NR.openat:
      return doOpen(proc, a[0] | 0, a[1], a[2], a[3]);
    case NR.close:
      return proc.files.close(a[0]);
    case NR.lseek: {
      const f = proc.files.get(a[0]);
      if (f === undefined) return -E.BADF;
      const p = f.seek(a[1] | 0, a[2]);
      return p > 0x7fffffff ? -E.OVERFLOW : p;
    }
    case NR._llseek: {
      const f = proc.files.get(a[0]);
      if (f === undefined) return -E.BADF;
      const p = f.seek(pair(a[2], a[1]), a[4]);
      if (p < 0) return p;
      const out = new Uint8Array(8);
      new DataView(out.buffer).setBigUint64(0, BigInt(p), true);
      return mem.write(a[3], out) ? 0 : -E.FAULT;
    }
    case NR.dup: {
      const f = proc.files.get(a[0]);
      return f === undefined ? -E.BADF : proc.files.install(f);
    }
    case NR.dup2:
    case NR.dup3: {
      const f = proc.files.get(a[0]);
      if (f === undefined || a[1] >= 1024) return -E.BADF;
      if (a[0] === a[1]) return nr === NR.dup3 ? -E.INVAL : a[1];
      proc.files.setAt(a[1], f, nr === NR.dup3 && (a[2] & O.CLOEXEC) !== 0);
      return a[1];
    }
    case NR.fcntl64:
      return doFcntl(proc, a[0], a[1], a[2]);
    case NR.ioctl: {
      if (proc.files.get(a[0]) === undefined) return -E.BADF;
      if (a[1] !== IOCTL.TCGETS && a[1] !== IOCTL.TIOCGWINSZ && a[1] !== IOCTL.TIOCGPGRP) {
        proc.report(`ioctl ${hex(a[1])} answered with ENOTTY`);
      }
      return -E.NOTTY;
    }
    case NR.getdents64:
      return doGetdents(proc, a[0], a[1], a[2]);
    case NR.ftruncate64: {
      const f = proc.files.get(a[0]);
      if (f === undefined) return -E.BADF;
      if (f.kind !== "host") return -E.INVAL;
      if (!proc.sandbox.writable) return -E.ROFS;
      return (f as unknown as { truncate(n: number): number }).truncate(pair(a[2], a[3]));
    }
    case NR.fsync:
    case NR.fdatasync:
      return proc.files.get(a[0]) === undefined ? -E.BADF : 0;
    case NR.arm_fadvise64_64:
      return proc.files.get(a[0]) === undefined ? -E.BADF : 0;
    case NR.poll:
      return doPoll(proc, a[0], a[1]);
    case NR.ppoll:
    case NR.ppoll_time64:
      return doPoll(proc, a[0], a[1]);

    // ---- paths ------------------------------------------------------------------------------
    case NR.stat64:
    case NR.lstat64:
      return doStat(proc, AT_FDCWD, a[0], a[1], nr === NR.lstat64 ? AT_SYMLINK_NOFOLLOW : 0, "stat64");
    case NR.fstat64: {
      const f = proc.files.get(a[0]);
      if (f === undefined) return -E.BADF;
      return writeStat(proc, a[1], f.stat(), "stat64");
    }
    case NR.fstatat64:
      return doStat(proc, a[0] | 0, a[1], a[2], a[3], "stat64");
    case NR.statx:
      return doStat(proc, a[0] | 0, a[1], a[4], a[2], "statx");
    case NR.access:
      return doAccess(proc, AT_FDCWD, a[0], a[1]);
    case NR.faccessat:
    case NR.faccessat2:
      return doAccess(proc, a[0] | 0, a[1], a[2]);
    case NR.readlink:
      return doReadlink(proc, AT_FDCWD, a[0], a[1], a[2]);
    case NR.readlinkat:
      return doReadlink(proc, a[0] | 0, a[1], a[2], a[3]);
    case NR.getcwd: {
      const b = enc.encode(`${proc.cwd}\0`);
      if (a[1] < b.length) return -E.RANGE;
      return mem.write(a[0], b) ? b.length : -E.FAULT;
    }
    case NR.chdir: {
      const p = guestPath(proc, AT_FDCWD, a[0]);
      if (typeof p === "number") return p;
      const st = proc.sandbox.stat(p, true);
      if (typeof st === "number") return st;
      if ((st.mode & 0o170000) !== S_IF.DIR) return -E.NOTDIR;
      proc.cwd = p;
      return 0;
    }
    case NR.fchdir: {
      const f = proc.files.get(a[0]);
      if (f === undefined) return -E.BADF;
      if (f.kind !== "dir") return -E.NOTDIR;
      proc.cwd = f.path;
      return 0;
    }
    case NR.unlink:
    case NR.rmdir:
    case NR.mkdir: {
      const p = guestPath(proc, AT_FDCWD, a[0]);
      if (typeof p === "number") return p;
      return proc.sandbox.mutate(nr === NR.unlink ? "unlink" : nr === NR.rmdir ? "rmdir" : "mkdir", p, a[1]);
    }
    case NR.unlinkat: {
      const p = guestPath(proc, a[0] | 0, a[1]);
      if (typeof p === "number") return p;
      return proc.sandbox.mutate((a[2] & AT_REMOVEDIR) !== 0 ? "rmdir" : "unlink", p);
    }
    case NR.mkdirat: {
      const p = guestPath(proc, a[0] | 0, a[1]);
      if (typeof p === "number") return p;
      return proc.sandbox.mutate("mkdir", p, a[2] & ~proc.umask);
    }
    case NR.rename:
    case NR.renameat: {
      const [d1, p1, d2, p2] = nr === NR.rename ? [AT_FDCWD, a[0], AT_FDCWD, a[1]] : [a[0] | 0, a[1], a[2] | 0, a[3]];
      const from = guestPath(proc, d1, p1);
      if (typeof from === "number") return from;
      const to = guestPath(proc, d2, p2);
      if (typeof to === "number") return to;
      return proc.sandbox.rename(from, to);
    }
    case NR.umask: {
      const old = proc.umask;
      proc.umask = a[0] & 0o777;
      return old;
    }
    case NR.utimensat:
    case NR.fchmod:
      return proc.sandbox.writable ? 0 : -E.ROFS;

    // ---- memory -----------------------------------------------------------------------------
    case NR.brk:
      return doBrk(proc, a[0]);
    case NR.mmap2:
      return doMmap(proc, a[0], a[1], a[2], a[3], a[4] | 0, a[5]);
    case NR.munmap: {
      if ((a[0] & 0xfff) !== 0 || a[1] === 0 || a[0] + a[1] > TASK_SIZE) return -E.INVAL;
      mem.unmap(a[0], pageUp(a[1]));
      return 0;
    }
    case NR.mprotect: {
      if ((a[0] & 0xfff) !== 0) return -E.INVAL;
      if (a[1] === 0) return 0;
      if (a[0] + a[1] > TASK_SIZE) return -E.NOMEM;
      return mem.protect(a[0], pageUp(a[1]), a[2]) ? 0 : -E.NOMEM;
    }
    case NR.mremap:
      return doMremap(proc, a[0], a[1], a[2], a[3], a[4]);
    case NR.madvise:
    case NR.msync:
      return 0;
    case NR.ARM_cacheflush:
      // Decoded instructions are cached by encoding, so there is nothing to flush.
      return 0;

    // ---- process, identity, TLS ---------------------------------------------------------------
    case NR.ARM_set_tls:
      cpu.tpidruro = a[0] | 0;
      return 0;
    case NR.ARM_get_tls:
      return cpu.tpidruro >>> 0;
    case NR.ARM_breakpoint:
      proc.signal(SIG.TRAP, `breakpoint system call at ${hex(cpu.curPc)}`, cpu.curPc);
      return 0;
    case NR.set_tid_address:
      proc.clearChildTid = a[0];
      return proc.pid;
    case NR.set_robust_list:
      return a[1] === 12 ? 0 : -E.INVAL;
    case NR.rseq:
      return -E.NOSYS;
    case NR.getpid:
    case NR.gettid:
    case NR.getpgrp:
    case NR.getpgid:
    case NR.getsid:
    case NR.setsid:
      return proc.pid;
    case NR.getppid:
      return 1;
    case NR.setpgid:
      return 0;
    case NR.getuid:
    case NR.geteuid:
    case NR.getgid:
    case NR.getegid:
    case NR.getuid32:
    case NR.geteuid32:
    case NR.getgid32:
    case NR.getegid32:
      return 0;
    case NR.getresuid32:
    case NR.getresgid32:
      for (const p of [a[0], a[1], a[2]]) if (!mem.writeU32(p, 0)) return -E.FAULT;
      return 0;
    case NR.getgroups32:
      return 0;
    case NR.uname: {
      const fields = ["Linux", "xena", "6.1.0-xena", "#1 SMP PREEMPT xena", "armv7l", "(none)"];
      const buf = new Uint8Array(6 * 65);
      fields.forEach((f, i) => {
        buf.set(enc.encode(f), i * 65);
      });
      return mem.write(a[0], buf) ? 0 : -E.FAULT;
    }
    case NR.prctl:
      if (a[0] === 15) return 0; // PR_SET_NAME
      if (a[0] === 16) return mem.write(a[1], enc.encode("xena\0")) ? 0 : -E.FAULT; // PR_GET_NAME
      return -E.INVAL;
    case NR.ugetrlimit:
    case NR.prlimit64: {
      const resource = nr === NR.ugetrlimit ? a[0] : a[1];
      const out = nr === NR.ugetrlimit ? a[1] : a[3];
      if (resource > 15) return -E.INVAL;
      if (nr === NR.prlimit64 && a[0] !== 0 && a[0] !== proc.pid) return -E.SRCH;
      const [cur, max] = resource === 3 ? [STACK_SIZE, -1] : resource === 7 ? [1024, 4096] : [-1, -1];
      if (out === 0) return 0;
      if (nr === NR.ugetrlimit) return mem.writeU32(out, cur) && mem.writeU32(out + 4, max) ? 0 : -E.FAULT;
      const b = new Uint8Array(16);
      const dv = new DataView(b.buffer);
      dv.setBigInt64(0, BigInt(cur), true);
      dv.setBigInt64(8, BigInt(max), true);
      return mem.write(out, b) ? 0 : -E.FAULT;
    }
    case NR.sched_getaffinity: {
      if (a[1] < 4 || (a[1] & 3) !== 0) return -E.INVAL;
      return mem.writeU32(a[2], 1) ? 4 : -E.FAULT;
    }
    case NR.sched_yield:
      return 0;
    case NR.sysinfo: {
      const b = new Uint8Array(64);
      const dv = new DataView(b.buffer);
      dv.setUint32(0, Number(proc.clockNs(1) / 1_000_000_000n), true);
      dv.setUint32(16, proc.ram.size, true);
      dv.setUint32(20, proc.ram.size - proc.memory.populated * PAGE_SIZE, true);
      dv.setUint16(40, 1, true);
      dv.setUint32(52, 1, true);
      return mem.write(a[0], b) ? 0 : -E.FAULT;
    }
    case NR.wait4:
      return -E.CHILD;

    // ---- signals ----------------------------------------------------------------------------
    case NR.rt_sigaction: {
      const sig = a[0];
      if (sig < 1 || sig > 64 || a[3] !== 8) return -E.INVAL;
      if (a[2] !== 0) {
        const old = new Uint8Array(20);
        new DataView(old.buffer).setUint32(0, proc.sigHandlers.get(sig) ?? 0, true);
        if (!mem.write(a[2], old)) return -E.FAULT;
      }
      if (a[1] !== 0) {
        if (sig === SIG.KILL || sig === SIG.STOP) return -E.INVAL;
        const h = mem.readU32(a[1]);
        if (h === undefined) return -E.FAULT;
        proc.sigHandlers.set(sig, h);
      }
      return 0;
    }
    case NR.rt_sigprocmask: {
      if (a[3] !== 8) return -E.INVAL;
      const old = [...proc.sigMask];
      if (a[1] !== 0) {
        const set = mem.read(a[1], 8);
        if (set === undefined) return -E.FAULT;
        const dv = new DataView(set.buffer);
        const s = [dv.getUint32(0, true), dv.getUint32(4, true)];
        for (let i = 0; i < 2; i++) {
          if (a[0] === 0) proc.sigMask[i] |= s[i];
          else if (a[0] === 1) proc.sigMask[i] &= ~s[i];
          else if (a[0] === 2) proc.sigMask[i] = s[i];
          else return -E.INVAL;
        }
      }
      if (a[2] !== 0 && !(mem.writeU32(a[2], old[0]) && mem.writeU32(a[2] + 4, old[1]))) return -E.FAULT;
      return 0;
    }
    case NR.sigaltstack:
      if (a[1] !== 0) {
        const b = new Uint8Array(12);
        new DataView(b.buffer).setUint32(4, 2, true); // SS_DISABLE
        if (!mem.write(a[1], b)) return -E.FAULT;
      }
      return 0;
    case NR.kill:
    case NR.tkill:
    case NR.tgkill: {
      const target = nr === NR.tgkill ? a[1] : a[0];
      const sig = nr === NR.tgkill ? a[2] : a[1];
      const self = target === proc.pid || (nr === NR.kill && (target === 0 || (target | 0) === -1));
      if (!self) return -E.SRCH;
      if (sig > 64) return -E.INVAL;
      if (sig !== 0) proc.signal(sig, `${signalName(sig)} sent by the program itself`, cpu.curPc);
      return 0;
    }
    case NR.futex:
    case NR.futex_time64: {
      const op = a[1] & 0x7f;
      if (op === 1 || op === 10) return 0; // WAKE, WAKE_BITSET: nobody is waiting
      if (op === 0 || op === 9) {
        const v = mem.readU32(a[0]);
        if (v === undefined) return -E.FAULT;
        if (v !== a[2]) return -E.AGAIN;
        if (a[3] !== 0) return -E.TIMEDOUT;
        proc.report("futex wait with no other thread to wake it: returning EINTR");
        return -E.INTR;
      }
      proc.report(`futex op ${op} not implemented`);
      return -E.NOSYS;
    }

    // ---- time and randomness ------------------------------------------------------------------
    case NR.clock_gettime:
    case NR.clock_gettime64: {
      if (a[0] > 11) return -E.INVAL;
      return writeTimespec(proc, a[1], proc.clockNs(a[0]), nr === NR.clock_gettime64);
    }
    case NR.clock_getres:
    case NR.clock_getres_time64:
      if (a[0] > 11) return -E.INVAL;
      return a[1] === 0 ? 0 : writeTimespec(proc, a[1], 1n, nr === NR.clock_getres_time64);
    case NR.gettimeofday: {
      if (a[0] !== 0) {
        const us = proc.clockNs(0) / 1000n;
        if (!(mem.writeU32(a[0], Number(us / 1_000_000n)) && mem.writeU32(a[0] + 4, Number(us % 1_000_000n)))) {
          return -E.FAULT;
        }
      }
      if (a[1] !== 0 && !(mem.writeU32(a[1], 0) && mem.writeU32(a[1] + 4, 0))) return -E.FAULT;
      return 0;
    }
    case NR.times: {
      const ticks = Number(proc.clockNs(1) / 10_000_000n);
      if (a[0] !== 0) {
        const b = new Uint8Array(16);
        new DataView(b.buffer).setUint32(0, ticks, true);
        if (!mem.write(a[0], b)) return -E.FAULT;
      }
      return ticks;
    }
    case NR.getrusage: {
      const b = new Uint8Array(72);
      const us = Number(proc.clockNs(2) / 1000n);
      const dv = new DataView(b.buffer);
      dv.setUint32(0, Math.floor(us / 1e6), true);
      dv.setUint32(4, us % 1e6, true);
      return mem.write(a[1], b) ? 0 : -E.FAULT;
    }
    case NR.nanosleep:
      return doSleep(proc, a[0], false);
    case NR.clock_nanosleep:
    case NR.clock_nanosleep_time64: {
      const is64 = nr === NR.clock_nanosleep_time64;
      const t = readTimespec(proc, a[2], is64);
      if (t === undefined) return -E.FAULT;
      let ns = t;
      if ((a[1] & 1) !== 0) ns = t - proc.clockNs(a[0]); // TIMER_ABSTIME
      sleepNs(proc, ns > 0n ? ns : 0n);
      return 0;
    }
    case NR.getrandom: {
      const len = Math.min(a[1], MAX_IO);
      const b = new Uint8Array(len);
      proc.random.fill(b);
      return mem.write(a[0], b) ? len : -E.FAULT;
    }

    default: {
      const name = syscallName(nr);
      proc.report(`unimplemented system call ${nr}${name ? ` (${name})` : ""}: returning ENOSYS`);
      return -E.NOSYS;
    }
  }
}

/** A 64-bit value from an EABI register pair (low word first); as a JS number. */
function pair(lo: number, hi: number): number {
  return (hi | 0) * 2 ** 32 + (lo >>> 0);
}

function pageUp(n: number): number {
  return Math.ceil(n / PAGE_SIZE) * PAGE_SIZE;
}

function doRead(proc: UserProcess, fd: number, buf: number, count: number, position: number | undefined): number {
  const f = proc.files.get(fd);
  if (f === undefined || (f.flags & O.ACCMODE) === O.WRONLY) return -E.BADF;
  if (count === 0) return 0;
  const len = Math.min(count, MAX_IO);
  if (!proc.memory.accessible(buf, len, PROT.WRITE)) return -E.FAULT;
  const tmp = new Uint8Array(len);
  const n = f.read(tmp, position);
  if (n <= 0) return n;
  return proc.memory.write(buf, tmp.subarray(0, n)) ? n : -E.FAULT;
}

function doWrite(proc: UserProcess, fd: number, buf: number, count: number, position: number | undefined): number {
  const f = proc.files.get(fd);
  if (f === undefined || (f.flags & O.ACCMODE) === O.RDONLY) return -E.BADF;
  if (count === 0) return 0;
  const data = proc.memory.read(buf, Math.min(count, MAX_IO));
  if (data === undefined) return -E.FAULT;
  return f.write(data, position);
}

function doSendfile(
  proc: UserProcess,
  out: number,
  inFd: number,
  offPtr: number,
  count: number,
  off64: boolean,
): number {
  const src = proc.files.get(inFd);
  const dst = proc.files.get(out);
  if (src === undefined || dst === undefined) return -E.BADF;
  let position: number | undefined;
  if (offPtr !== 0) {
    const lo = proc.memory.readU32(offPtr);
    const hi = off64 ? proc.memory.readU32(offPtr + 4) : 0;
    if (lo === undefined || hi === undefined) return -E.FAULT;
    position = pair(lo, off64 ? hi : lo >> 31);
  }
  const tmp = new Uint8Array(Math.min(count, 1 << 20));
  const n = src.read(tmp, position);
  if (n < 0) return n;
  const w = n === 0 ? 0 : dst.write(tmp.subarray(0, n));
  if (w < 0) return w;
  if (position !== undefined) {
    const next = position + w;
    if (!proc.memory.writeU32(offPtr, next >>> 0)) return -E.FAULT;
    if (off64 && !proc.memory.writeU32(offPtr + 4, Math.floor(next / 2 ** 32))) return -E.FAULT;
  }
  return w;
}

/** The guest path of (dirfd, pathname), normalized, or -errno. */
function guestPath(proc: UserProcess, dirfd: number, ptr: number, allowEmpty = false): string | number {
  const raw = proc.memory.readCString(ptr);
  if (raw === undefined) return -E.FAULT;
  const s = dec.decode(raw);
  if (s === "" && !allowEmpty) return -E.NOENT;
  if (s.startsWith("/") || dirfd === AT_FDCWD) return normalizeGuestPath(proc.cwd, s);
  const dir = proc.files.get(dirfd);
  if (dir === undefined) return -E.BADF;
  if (dir.kind !== "dir") return -E.NOTDIR;
  return normalizeGuestPath(dir.path, s);
}

function doOpen(proc: UserProcess, dirfd: number, ptr: number, flags: number, mode: number): number {
  const p = guestPath(proc, dirfd, ptr);
  if (typeof p === "number") return p;
  let file: OpenFile | number | undefined;
  if (p === "/dev/stdin" || p === "/dev/stdout" || p === "/dev/stderr") {
    file = proc.files.get(p === "/dev/stdin" ? 0 : p === "/dev/stdout" ? 1 : 2) ?? -E.NOENT;
  } else if (p === "/dev/tty") file = -E.NXIO;
  else file = proc.device(p, flags) ?? proc.sandbox.open(p, flags, mode & ~proc.umask);
  if (typeof file === "number") return file;
  return proc.files.install(file, 0, (flags & O.CLOEXEC) !== 0);
}

function doFcntl(proc: UserProcess, fd: number, cmd: number, arg: number): number {
  const f = proc.files.get(fd);
  if (f === undefined) return -E.BADF;
  switch (cmd) {
    case 0: // F_DUPFD
    case 1030: // F_DUPFD_CLOEXEC
      return proc.files.install(f, arg, cmd === 1030);
    case 1: // F_GETFD
      return proc.files.getCloexec(fd) ? 1 : 0;
    case 2: // F_SETFD
      proc.files.setCloexec(fd, (arg & 1) !== 0);
      return 0;
    case 3: // F_GETFL
      return f.flags | O.LARGEFILE;
    case 4: // F_SETFL: only O_APPEND and O_NONBLOCK change
      f.flags = (f.flags & ~(O.APPEND | O.NONBLOCK)) | (arg & (O.APPEND | O.NONBLOCK));
      return 0;
    case 5: // F_GETLK
    case 6: // F_SETLK
    case 7: // F_SETLKW
    case 12: // F_GETLK64
    case 13: // F_SETLK64
    case 14: // F_SETLKW64
      return 0;
    default:
      proc.report(`fcntl command ${cmd} not implemented`);
      return -E.INVAL;
  }
}

function doGetdents(proc: UserProcess, fd: number, buf: number, count: number): number {
  const f = proc.files.get(fd);
  if (f === undefined) return -E.BADF;
  if (f.entries === undefined) return -E.NOTDIR;
  const list = f.entries();
  if (typeof list === "number") return list;
  const out = new Uint8Array(Math.min(count, 1 << 20));
  const dv = new DataView(out.buffer);
  let used = 0;
  let pos = f.dirPos ?? 0;
  while (pos < list.length) {
    const e = list[pos];
    const name = enc.encode(e.name);
    const reclen = (19 + name.length + 1 + 7) & ~7;
    if (used + reclen > out.length) {
      if (used === 0) return -E.INVAL;
      break;
    }
    dv.setBigUint64(used, e.ino, true);
    dv.setBigInt64(used + 8, BigInt(pos + 1), true);
    dv.setUint16(used + 16, reclen, true);
    out[used + 18] = e.type;
    out.set(name, used + 19);
    used += reclen;
    pos++;
  }
  f.dirPos = pos;
  return proc.memory.write(buf, out.subarray(0, used)) ? used : -E.FAULT;
}

function doPoll(proc: UserProcess, fds: number, nfds: number): number {
  if (nfds > 1024) return -E.INVAL;
  const b = proc.memory.read(fds, nfds * 8);
  if (b === undefined) return -E.FAULT;
  const dv = new DataView(b.buffer);
  let ready = 0;
  for (let i = 0; i < nfds; i++) {
    const fd = dv.getInt32(i * 8, true);
    const events = dv.getUint16(i * 8 + 4, true);
    let revents = 0;
    if (fd >= 0) {
      const f = proc.files.get(fd);
      if (f === undefined)
        revents = 0x20; // POLLNVAL
      else revents = events & (0x1 | 0x4); // POLLIN | POLLOUT: never blocks here
    }
    dv.setUint16(i * 8 + 6, revents, true);
    if (revents !== 0) ready++;
  }
  return proc.memory.write(fds, b) ? ready : -E.FAULT;
}

function doStat(proc: UserProcess, dirfd: number, ptr: number, out: number, flags: number, kind: "stat64" | "statx") {
  let st: StatInfo | number;
  const raw = proc.memory.readCString(ptr);
  if (raw === undefined) return -E.FAULT;
  if (raw.length === 0 && (flags & AT_EMPTY_PATH) !== 0) {
    const f = dirfd === AT_FDCWD ? undefined : proc.files.get(dirfd);
    if (dirfd === AT_FDCWD) st = proc.sandbox.stat(proc.cwd, true);
    else if (f === undefined) return -E.BADF;
    else st = f.stat();
  } else {
    const p = guestPath(proc, dirfd, ptr);
    if (typeof p === "number") return p;
    const follow = (flags & AT_SYMLINK_NOFOLLOW) === 0;
    const dev = proc.device(p, 0);
    if (dev !== undefined) st = dev.stat();
    else if (p === "/dev/stdin" || p === "/dev/stdout" || p === "/dev/stderr") {
      st = proc.files.get(p === "/dev/stdin" ? 0 : p === "/dev/stdout" ? 1 : 2)?.stat() ?? -E.NOENT;
    } else st = proc.sandbox.stat(p, follow);
  }
  return writeStat(proc, out, st, kind);
}

function writeStat(proc: UserProcess, out: number, st: StatInfo | number, kind: "stat64" | "statx"): number {
  if (typeof st === "number") return st;
  if (kind === "stat64") {
    const b = new Uint8Array(STAT64.size);
    const dv = new DataView(b.buffer);
    dv.setBigUint64(STAT64.dev, st.dev, true);
    dv.setUint32(STAT64.ino32, Number(st.ino & 0xffffffffn), true);
    dv.setUint32(STAT64.mode, st.mode, true);
    dv.setUint32(STAT64.nlink, st.nlink, true);
    dv.setUint32(STAT64.uid, st.uid, true);
    dv.setUint32(STAT64.gid, st.gid, true);
    dv.setBigUint64(STAT64.rdev, st.rdev, true);
    dv.setBigInt64(STAT64.fileSize, st.size, true);
    dv.setUint32(STAT64.blksize, st.blksize, true);
    dv.setBigUint64(STAT64.blocks, st.blocks, true);
    for (const [off, t] of [
      [STAT64.atime, st.atime],
      [STAT64.mtime, st.mtime],
      [STAT64.ctime, st.ctime],
    ] as const) {
      dv.setUint32(off, t.sec >>> 0, true);
      dv.setUint32(off + 4, t.nsec, true);
    }
    dv.setBigUint64(STAT64.ino, st.ino, true);
    return proc.memory.write(out, b) ? 0 : -E.FAULT;
  }
  const b = new Uint8Array(STATX.size);
  const dv = new DataView(b.buffer);
  dv.setUint32(STATX.mask, 0x7ff, true); // STATX_BASIC_STATS | STATX_BTIME
  dv.setUint32(STATX.blksize, st.blksize, true);
  dv.setUint32(STATX.nlink, st.nlink, true);
  dv.setUint32(STATX.uid, st.uid, true);
  dv.setUint32(STATX.gid, st.gid, true);
  dv.setUint16(STATX.mode, st.mode, true);
  dv.setBigUint64(STATX.ino, st.ino, true);
  dv.setBigUint64(STATX.fileSize, st.size, true);
  dv.setBigUint64(STATX.blocks, st.blocks, true);
  for (const [off, t] of [
    [STATX.atime, st.atime],
    [STATX.btime, st.btime],
    [STATX.ctime, st.ctime],
    [STATX.mtime, st.mtime],
  ] as const) {
    dv.setBigInt64(off, BigInt(t.sec), true);
    dv.setUint32(off + 8, t.nsec, true);
  }
  const devMajor = (d: bigint) => Number((d >> 8n) & 0xfffn);
  const devMinor = (d: bigint) => Number((d & 0xffn) | ((d >> 12n) & 0xfff00n));
  dv.setUint32(STATX.rdevMajor, devMajor(st.rdev), true);
  dv.setUint32(STATX.rdevMinor, devMinor(st.rdev), true);
  dv.setUint32(STATX.devMajor, devMajor(st.dev), true);
  dv.setUint32(STATX.devMinor, devMinor(st.dev), true);
  return proc.memory.write(out, b) ? 0 : -E.FAULT;
}

function doAccess(proc: UserProcess, dirfd: number, ptr: number, mode: number): number {
  const p = guestPath(proc, dirfd, ptr);
  if (typeof p === "number") return p;
  if (proc.device(p, 0) !== undefined) return 0;
  return proc.sandbox.access(p, mode);
}

function doReadlink(proc: UserProcess, dirfd: number, ptr: number, buf: number, size: number): number {
  if ((size | 0) <= 0) return -E.INVAL;
  const p = guestPath(proc, dirfd, ptr);
  if (typeof p === "number") return p;
  let target: string | number;
  if (p === "/proc/self/exe" || p === `/proc/${proc.pid}/exe`) target = proc.exeGuestPath;
  else {
    const m = /^\/proc\/self\/fd\/(\d+)$/.exec(p);
    if (m !== null) target = proc.files.get(Number(m[1]))?.path ?? -E.NOENT;
    else target = proc.sandbox.readlink(p);
  }
  if (typeof target === "number") return target;
  const b = enc.encode(target).subarray(0, size);
  return proc.memory.write(buf, b) ? b.length : -E.FAULT;
}

function doBrk(proc: UserProcess, addr: number): number {
  if (addr < proc.brkStart) return proc.brk;
  const oldTop = pageUp(proc.brk);
  const newTop = pageUp(addr);
  if (newTop > oldTop) {
    if (newTop > STACK_TOP - STACK_SIZE || !proc.memory.isFree(oldTop, newTop - oldTop)) return proc.brk;
    proc.memory.map(oldTop, newTop - oldTop, PROT.READ | PROT.WRITE);
  } else if (newTop < oldTop) proc.memory.unmap(newTop, oldTop - newTop);
  proc.brk = addr;
  return addr;
}

function doMmap(
  proc: UserProcess,
  addr: number,
  length: number,
  prot: number,
  flags: number,
  fd: number,
  pgoff: number,
) {
  const mem = proc.memory;
  if (length === 0 || length > TASK_SIZE) return -E.INVAL;
  const len = pageUp(length);
  const fixed = (flags & MAP.FIXED) !== 0;
  const noReplace = (flags & MAP.FIXED_NOREPLACE) !== 0;
  if ((fixed || noReplace) && (addr & 0xfff) !== 0) return -E.INVAL;
  const anonymous = (flags & MAP.ANONYMOUS) !== 0;
  let file: OpenFile | undefined;
  if (!anonymous) {
    file = proc.files.get(fd);
    if (file === undefined) return -E.BADF;
    if ((file.flags & O.ACCMODE) === O.WRONLY) return -E.ACCES;
    if (file.kind !== "host" && file.kind !== "device") return -E.NODEV;
    if ((flags & MAP.SHARED) !== 0 && (prot & PROT.WRITE) !== 0) {
      proc.report("shared writable file mappings are not supported (read-only copies only)");
      return -E.ACCES;
    }
  }
  let at: number;
  if (fixed || noReplace) {
    if (addr + len > TASK_SIZE || addr < PAGE_SIZE) return -E.NOMEM;
    if (noReplace && !mem.isFree(addr, len)) return -E.EXIST;
    at = addr;
  } else if (
    addr !== 0 &&
    (addr & 0xfff) === 0 &&
    addr >= PAGE_SIZE &&
    addr + len <= TASK_SIZE &&
    mem.isFree(addr, len)
  ) {
    at = addr;
  } else {
    at = mem.findFree(len, MMAP_TOP, pageUp(proc.brk) + PAGE_SIZE);
    if (at < 0) at = mem.findFree(len, STACK_TOP - STACK_SIZE, 0x10000);
    if (at < 0) return -E.NOMEM;
  }
  mem.map(at, len, prot);
  if (file !== undefined && file.kind === "host") {
    const tmp = new Uint8Array(len);
    const n = file.read(tmp, pgoff * PAGE_SIZE);
    if (n < 0) {
      mem.unmap(at, len);
      return n;
    }
    mem.write(at, tmp.subarray(0, Math.min(n, length)), true);
  }
  return at;
}

function doMremap(proc: UserProcess, old: number, oldLen: number, newLen: number, flags: number, _newAddr: number) {
  const mem = proc.memory;
  if ((old & 0xfff) !== 0 || newLen === 0) return -E.INVAL;
  if ((flags & 2) !== 0) return -E.INVAL; // MREMAP_FIXED: not supported
  const oldSize = pageUp(oldLen);
  const newSize = pageUp(newLen);
  if (!mem.accessible(old, oldSize, 0)) return -E.FAULT;
  if (newSize <= oldSize) {
    if (newSize < oldSize) mem.unmap(old + newSize, oldSize - newSize);
    return old;
  }
  const prot = mem.prot[(old + oldSize - 1) >>> 12] & 7;
  if (old + newSize <= TASK_SIZE && mem.isFree(old + oldSize, newSize - oldSize)) {
    mem.map(old + oldSize, newSize - oldSize, prot);
    return old;
  }
  if ((flags & 1) === 0) return -E.NOMEM; // no MREMAP_MAYMOVE
  const at = mem.findFree(newSize, MMAP_TOP, pageUp(proc.brk) + PAGE_SIZE);
  if (at < 0) return -E.NOMEM;
  mem.move(old, at, oldSize);
  mem.map(at + oldSize, newSize - oldSize, prot);
  return at;
}

function readTimespec(proc: UserProcess, ptr: number, is64: boolean): bigint | undefined {
  const b = proc.memory.read(ptr, is64 ? 16 : 8);
  if (b === undefined) return undefined;
  const dv = new DataView(b.buffer);
  const sec = is64 ? dv.getBigInt64(0, true) : BigInt(dv.getInt32(0, true));
  const nsec = is64 ? dv.getBigInt64(8, true) : BigInt(dv.getInt32(4, true));
  return sec * 1_000_000_000n + nsec;
}

function writeTimespec(proc: UserProcess, ptr: number, ns: bigint, is64: boolean): number {
  const sec = ns / 1_000_000_000n;
  const nsec = ns % 1_000_000_000n;
  const b = new Uint8Array(is64 ? 16 : 8);
  const dv = new DataView(b.buffer);
  if (is64) {
    dv.setBigInt64(0, sec, true);
    dv.setBigInt64(8, nsec, true);
  } else {
    dv.setInt32(0, Number(BigInt.asIntN(32, sec)), true);
    dv.setInt32(4, Number(nsec), true);
  }
  return proc.memory.write(ptr, b) ? 0 : -E.FAULT;
}

function sleepNs(proc: UserProcess, ns: bigint): void {
  if (proc.options.hostTime) {
    const ms = Number(ns / 1_000_000n);
    if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  } else proc.sleptNs += Number(ns);
}

function doSleep(proc: UserProcess, req: number, is64: boolean): number {
  const t = readTimespec(proc, req, is64);
  if (t === undefined) return -E.FAULT;
  if (t < 0n) return -E.INVAL;
  sleepNs(proc, t);
  return 0;
}
