// The Linux ARM EABI as a user-mode process sees it: system-call numbers, errno values, signals,
// auxiliary-vector keys, HWCAP bits and the structure layouts the front end fills in.
import type { CpuIdentity } from "../ids.js";

/** System-call numbers (arch/arm/tools/syscall.tbl, EABI) that the front end implements. */
export const NR = {
  exit: 1,
  read: 3,
  write: 4,
  open: 5,
  close: 6,
  unlink: 10,
  chdir: 12,
  lseek: 19,
  getpid: 20,
  getuid: 24,
  access: 33,
  kill: 37,
  rename: 38,
  mkdir: 39,
  rmdir: 40,
  dup: 41,
  pipe: 42,
  times: 43,
  brk: 45,
  getgid: 47,
  geteuid: 49,
  getegid: 50,
  ioctl: 54,
  setpgid: 57,
  umask: 60,
  dup2: 63,
  getppid: 64,
  getpgrp: 65,
  setsid: 66,
  getrusage: 77,
  gettimeofday: 78,
  readlink: 85,
  munmap: 91,
  fchmod: 94,
  wait4: 114,
  sysinfo: 116,
  fsync: 118,
  uname: 122,
  mprotect: 125,
  getpgid: 132,
  fchdir: 133,
  _llseek: 140,
  msync: 144,
  readv: 145,
  writev: 146,
  getsid: 147,
  fdatasync: 148,
  sched_yield: 158,
  nanosleep: 162,
  mremap: 163,
  poll: 168,
  prctl: 172,
  rt_sigaction: 174,
  rt_sigprocmask: 175,
  pread64: 180,
  pwrite64: 181,
  getcwd: 183,
  sigaltstack: 186,
  sendfile: 187,
  ugetrlimit: 191,
  mmap2: 192,
  ftruncate64: 194,
  stat64: 195,
  lstat64: 196,
  fstat64: 197,
  getuid32: 199,
  getgid32: 200,
  geteuid32: 201,
  getegid32: 202,
  getgroups32: 205,
  getresuid32: 209,
  getresgid32: 211,
  getdents64: 217,
  madvise: 220,
  fcntl64: 221,
  gettid: 224,
  tkill: 238,
  sendfile64: 239,
  futex: 240,
  sched_getaffinity: 242,
  exit_group: 248,
  set_tid_address: 256,
  clock_gettime: 263,
  clock_getres: 264,
  clock_nanosleep: 265,
  tgkill: 268,
  arm_fadvise64_64: 270,
  openat: 322,
  mkdirat: 323,
  fstatat64: 327,
  unlinkat: 328,
  renameat: 329,
  readlinkat: 332,
  faccessat: 334,
  ppoll: 336,
  set_robust_list: 338,
  utimensat: 348,
  dup3: 358,
  pipe2: 359,
  prlimit64: 369,
  getrandom: 384,
  statx: 397,
  rseq: 398,
  clock_gettime64: 403,
  clock_getres_time64: 406,
  clock_nanosleep_time64: 407,
  ppoll_time64: 414,
  futex_time64: 422,
  faccessat2: 439,
  /** ARM private calls (__ARM_NR_BASE = 0xf0000). */
  ARM_breakpoint: 0xf0001,
  ARM_cacheflush: 0xf0002,
  ARM_usr26: 0xf0003,
  ARM_usr32: 0xf0004,
  ARM_set_tls: 0xf0005,
  ARM_get_tls: 0xf0006,
} as const;

const NAMES =
  "0:restart_syscall,1:exit,2:fork,3:read,4:write,5:open,6:close,8:creat,9:link,10:unlink,11:execve," +
  "12:chdir,14:mknod,15:chmod,16:lchown,19:lseek,20:getpid,21:mount,23:setuid,24:getuid,26:ptrace," +
  "29:pause,33:access,34:nice,36:sync,37:kill,38:rename,39:mkdir,40:rmdir,41:dup,42:pipe,43:times," +
  "45:brk,46:setgid,47:getgid,49:geteuid,50:getegid,51:acct,52:umount2,54:ioctl,55:fcntl,57:setpgid," +
  "60:umask,61:chroot,62:ustat,63:dup2,64:getppid,65:getpgrp,66:setsid,67:sigaction,70:setreuid," +
  "71:setregid,72:sigsuspend,73:sigpending,74:sethostname,75:setrlimit,77:getrusage,78:gettimeofday," +
  "79:settimeofday,80:getgroups,81:setgroups,83:symlink,85:readlink,86:uselib,87:swapon,88:reboot," +
  "91:munmap,92:truncate,93:ftruncate,94:fchmod,95:fchown,96:getpriority,97:setpriority,99:statfs," +
  "100:fstatfs,103:syslog,104:setitimer,105:getitimer,106:stat,107:lstat,108:fstat,111:vhangup," +
  "114:wait4,115:swapoff,116:sysinfo,118:fsync,119:sigreturn,120:clone,121:setdomainname,122:uname," +
  "124:adjtimex,125:mprotect,126:sigprocmask,128:init_module,129:delete_module,131:quotactl," +
  "132:getpgid,133:fchdir,134:bdflush,135:sysfs,136:personality,138:setfsuid,139:setfsgid,140:_llseek," +
  "141:getdents,142:_newselect,143:flock,144:msync,145:readv,146:writev,147:getsid,148:fdatasync," +
  "149:_sysctl,150:mlock,151:munlock,152:mlockall,153:munlockall,154:sched_setparam,155:sched_getparam," +
  "156:sched_setscheduler,157:sched_getscheduler,158:sched_yield,159:sched_get_priority_max," +
  "160:sched_get_priority_min,161:sched_rr_get_interval,162:nanosleep,163:mremap,164:setresuid," +
  "165:getresuid,168:poll,169:nfsservctl,170:setresgid,171:getresgid,172:prctl,173:rt_sigreturn," +
  "174:rt_sigaction,175:rt_sigprocmask,176:rt_sigpending,177:rt_sigtimedwait,178:rt_sigqueueinfo," +
  "179:rt_sigsuspend,180:pread64,181:pwrite64,182:chown,183:getcwd,184:capget,185:capset," +
  "186:sigaltstack,187:sendfile,190:vfork,191:ugetrlimit,192:mmap2,193:truncate64,194:ftruncate64," +
  "195:stat64,196:lstat64,197:fstat64,198:lchown32,199:getuid32,200:getgid32,201:geteuid32," +
  "202:getegid32,203:setreuid32,204:setregid32,205:getgroups32,206:setgroups32,207:fchown32," +
  "208:setresuid32,209:getresuid32,210:setresgid32,211:getresgid32,212:chown32,213:setuid32," +
  "214:setgid32,215:setfsuid32,216:setfsgid32,217:getdents64,218:pivot_root,219:mincore,220:madvise," +
  "221:fcntl64,224:gettid,225:readahead,226:setxattr,227:lsetxattr,228:fsetxattr,229:getxattr," +
  "230:lgetxattr,231:fgetxattr,232:listxattr,233:llistxattr,234:flistxattr,235:removexattr," +
  "236:lremovexattr,237:fremovexattr,238:tkill,239:sendfile64,240:futex,241:sched_setaffinity," +
  "242:sched_getaffinity,243:io_setup,244:io_destroy,245:io_getevents,246:io_submit,247:io_cancel," +
  "248:exit_group,249:lookup_dcookie,250:epoll_create,251:epoll_ctl,252:epoll_wait," +
  "253:remap_file_pages,256:set_tid_address,257:timer_create,258:timer_settime,259:timer_gettime," +
  "260:timer_getoverrun,261:timer_delete,262:clock_settime,263:clock_gettime,264:clock_getres," +
  "265:clock_nanosleep,266:statfs64,267:fstatfs64,268:tgkill,269:utimes,270:arm_fadvise64_64," +
  "271:pciconfig_iobase,272:pciconfig_read,273:pciconfig_write,274:mq_open,275:mq_unlink," +
  "276:mq_timedsend,277:mq_timedreceive,278:mq_notify,279:mq_getsetattr,280:waitid,281:socket,282:bind," +
  "283:connect,284:listen,285:accept,286:getsockname,287:getpeername,288:socketpair,289:send," +
  "290:sendto,291:recv,292:recvfrom,293:shutdown,294:setsockopt,295:getsockopt,296:sendmsg,297:recvmsg," +
  "298:semop,299:semget,300:semctl,301:msgsnd,302:msgrcv,303:msgget,304:msgctl,305:shmat,306:shmdt," +
  "307:shmget,308:shmctl,309:add_key,310:request_key,311:keyctl,312:semtimedop,313:vserver," +
  "314:ioprio_set,315:ioprio_get,316:inotify_init,317:inotify_add_watch,318:inotify_rm_watch,319:mbind," +
  "320:get_mempolicy,321:set_mempolicy,322:openat,323:mkdirat,324:mknodat,325:fchownat,326:futimesat," +
  "327:fstatat64,328:unlinkat,329:renameat,330:linkat,331:symlinkat,332:readlinkat,333:fchmodat," +
  "334:faccessat,335:pselect6,336:ppoll,337:unshare,338:set_robust_list,339:get_robust_list,340:splice," +
  "341:arm_sync_file_range,342:tee,343:vmsplice,344:move_pages,345:getcpu,346:epoll_pwait," +
  "347:kexec_load,348:utimensat,349:signalfd,350:timerfd_create,351:eventfd,352:fallocate," +
  "353:timerfd_settime,354:timerfd_gettime,355:signalfd4,356:eventfd2,357:epoll_create1,358:dup3," +
  "359:pipe2,360:inotify_init1,361:preadv,362:pwritev,363:rt_tgsigqueueinfo,364:perf_event_open," +
  "365:recvmmsg,366:accept4,367:fanotify_init,368:fanotify_mark,369:prlimit64,370:name_to_handle_at," +
  "371:open_by_handle_at,372:clock_adjtime,373:syncfs,374:sendmmsg,375:setns,376:process_vm_readv," +
  "377:process_vm_writev,378:kcmp,379:finit_module,380:sched_setattr,381:sched_getattr,382:renameat2," +
  "383:seccomp,384:getrandom,385:memfd_create,386:bpf,387:execveat,388:userfaultfd,389:membarrier," +
  "390:mlock2,391:copy_file_range,392:preadv2,393:pwritev2,394:pkey_mprotect,395:pkey_alloc," +
  "396:pkey_free,397:statx,398:rseq,399:io_pgetevents,400:migrate_pages,401:kexec_file_load," +
  "403:clock_gettime64,404:clock_settime64,405:clock_adjtime64,406:clock_getres_time64," +
  "407:clock_nanosleep_time64,408:timer_gettime64,409:timer_settime64,410:timerfd_gettime64," +
  "411:timerfd_settime64,412:utimensat_time64,413:pselect6_time64,414:ppoll_time64," +
  "416:io_pgetevents_time64,417:recvmmsg_time64,418:mq_timedsend_time64,419:mq_timedreceive_time64," +
  "420:semtimedop_time64,421:rt_sigtimedwait_time64,422:futex_time64,423:sched_rr_get_interval_time64," +
  "424:pidfd_send_signal,425:io_uring_setup,426:io_uring_enter,427:io_uring_register,428:open_tree," +
  "429:move_mount,430:fsopen,431:fsconfig,432:fsmount,433:fspick,434:pidfd_open,435:clone3," +
  "436:close_range,437:openat2,438:pidfd_getfd,439:faccessat2,440:process_madvise,441:epoll_pwait2," +
  "442:mount_setattr,443:quotactl_fd,444:landlock_create_ruleset,445:landlock_add_rule," +
  "446:landlock_restrict_self,448:process_mrelease,449:futex_waitv,450:set_mempolicy_home_node";

let nameTable: Map<number, string> | undefined;

/** The name of an EABI system call ("set_tls" for the ARM private ones), or undefined. */
export function syscallName(nr: number): string | undefined {
  if (nameTable === undefined) {
    nameTable = new Map();
    for (const item of NAMES.split(",")) {
      const [n, name] = item.split(":");
      nameTable.set(Number(n), name);
    }
    for (const [name, n] of Object.entries(NR)) if (name.startsWith("ARM_")) nameTable.set(n, name.slice(4));
  }
  return nameTable.get(nr);
}

/** Linux errno values (asm-generic/errno-base.h, errno.h). */
export const E = {
  PERM: 1,
  NOENT: 2,
  SRCH: 3,
  INTR: 4,
  IO: 5,
  NXIO: 6,
  E2BIG: 7,
  NOEXEC: 8,
  BADF: 9,
  CHILD: 10,
  AGAIN: 11,
  NOMEM: 12,
  ACCES: 13,
  FAULT: 14,
  BUSY: 16,
  EXIST: 17,
  XDEV: 18,
  NODEV: 19,
  NOTDIR: 20,
  ISDIR: 21,
  INVAL: 22,
  NFILE: 23,
  MFILE: 24,
  NOTTY: 25,
  FBIG: 27,
  NOSPC: 28,
  SPIPE: 29,
  ROFS: 30,
  MLINK: 31,
  PIPE: 32,
  RANGE: 34,
  NAMETOOLONG: 36,
  NOSYS: 38,
  NOTEMPTY: 39,
  LOOP: 40,
  NODATA: 61,
  OVERFLOW: 75,
  NOTSUP: 95,
  TIMEDOUT: 110,
} as const;

/** Host (Node) error codes to Linux errno values. */
export function errnoOf(e: unknown): number {
  const code = (e as { code?: unknown })?.code;
  if (typeof code === "string") {
    const key = code.startsWith("E") ? code.slice(1) : code;
    const v = (E as Record<string, number>)[key === "2BIG" ? "E2BIG" : key];
    if (v !== undefined) return v;
    if (code === "EOPNOTSUPP") return E.NOTSUP;
  }
  return E.IO;
}

/** Signal numbers (asm/signal.h). */
export const SIG = {
  HUP: 1,
  INT: 2,
  QUIT: 3,
  ILL: 4,
  TRAP: 5,
  ABRT: 6,
  BUS: 7,
  FPE: 8,
  KILL: 9,
  USR1: 10,
  SEGV: 11,
  USR2: 12,
  PIPE: 13,
  ALRM: 14,
  TERM: 15,
  STKFLT: 16,
  CHLD: 17,
  CONT: 18,
  STOP: 19,
  TSTP: 20,
  TTIN: 21,
  TTOU: 22,
  URG: 23,
  XCPU: 24,
  XFSZ: 25,
  VTALRM: 26,
  PROF: 27,
  WINCH: 28,
  IO: 29,
  PWR: 30,
  SYS: 31,
} as const;

/** "SIGSEGV" for 11, "signal 40" for an unnamed real-time signal. */
export function signalName(sig: number): string {
  for (const [name, n] of Object.entries(SIG)) if (n === sig) return `SIG${name}`;
  return `signal ${sig}`;
}

/** Signals whose default action is to be ignored (the rest terminate the process). */
export const IGNORED_BY_DEFAULT: ReadonlySet<number> = new Set([SIG.CHLD, SIG.CONT, SIG.URG, SIG.WINCH]);

/** Auxiliary vector keys (uapi/linux/auxvec.h). */
export const AT = {
  NULL: 0,
  IGNORE: 1,
  EXECFD: 2,
  PHDR: 3,
  PHENT: 4,
  PHNUM: 5,
  PAGESZ: 6,
  BASE: 7,
  FLAGS: 8,
  ENTRY: 9,
  NOTELF: 10,
  UID: 11,
  EUID: 12,
  GID: 13,
  EGID: 14,
  PLATFORM: 15,
  HWCAP: 16,
  CLKTCK: 17,
  SECURE: 23,
  BASE_PLATFORM: 24,
  RANDOM: 25,
  HWCAP2: 26,
  EXECFN: 31,
} as const;

/** AT_HWCAP bits (arch/arm/include/uapi/asm/hwcap.h). */
export const HWCAP = {
  SWP: 1 << 0,
  HALF: 1 << 1,
  THUMB: 1 << 2,
  FAST_MULT: 1 << 4,
  VFP: 1 << 6,
  EDSP: 1 << 7,
  NEON: 1 << 12,
  VFPv3: 1 << 13,
  VFPv3D16: 1 << 14,
  TLS: 1 << 15,
  VFPv4: 1 << 16,
  IDIVA: 1 << 17,
  IDIVT: 1 << 18,
  VFPD32: 1 << 19,
  LPAE: 1 << 20,
  EVTSTRM: 1 << 21,
} as const;

/** AT_HWCAP2 bits (ARMv8 crypto and CRC extensions in AArch32). */
export const HWCAP2 = { AES: 1, PMULL: 2, SHA1: 4, SHA2: 8, CRC32: 16 } as const;

/**
 * AT_HWCAP as Linux computes it for a core with these ID registers (arch/arm/kernel/setup.c,
 * vfp/vfpmodule.c): always HALF, THUMB, FAST_MULT, EDSP and TLS on ARMv7; the divide
 * instructions from ID_ISAR0; VFP, VFPv3, VFPv4, D32 and NEON from FPSID/MVFR0/MVFR1; LPAE from
 * ID_MMFR0; EVTSTRM when the generic timer is there (the arch timer driver enables the event
 * stream). SWP is not advertised on ARMv7 (it is deprecated there, though SCTLR.SW enables it).
 */
export function hwcapsOf(id: CpuIdentity): { hwcap: number; hwcap2: number } {
  let hw = HWCAP.HALF | HWCAP.THUMB | HWCAP.FAST_MULT | HWCAP.EDSP | HWCAP.TLS;
  const div = (id.idIsar[0] >>> 24) & 15;
  if (div >= 1) hw |= HWCAP.IDIVT;
  if (div >= 2) hw |= HWCAP.IDIVA;
  const simdRegs = id.mvfr0 & 15;
  const single = (id.mvfr0 >>> 4) & 15;
  const double = (id.mvfr0 >>> 8) & 15;
  if (single !== 0 || double !== 0) {
    hw |= HWCAP.VFP;
    if (single >= 2 || double >= 2) hw |= HWCAP.VFPv3;
    if (simdRegs === 2) hw |= HWCAP.VFPD32;
    else if (simdRegs === 1) hw |= HWCAP.VFPv3D16;
    // MVFR1.SIMDFMAC [31:28] / VFP fused multiply-accumulate: VFPv4.
    if (((id.mvfr1 >>> 28) & 15) !== 0) hw |= HWCAP.VFPv4;
    // MVFR1 Advanced SIMD fields: load/store [11:8], integer [15:12], single precision [19:16].
    if ((id.mvfr1 & 0x000fff00) !== 0) hw |= HWCAP.NEON;
  }
  if ((id.idMmfr[0] & 15) >= 5) hw |= HWCAP.LPAE;
  if (((id.idPfr1 >>> 16) & 15) !== 0) hw |= HWCAP.EVTSTRM;
  let hw2 = 0;
  const crypto = (id.idIsar[5] >>> 4) & 15;
  if (crypto >= 1) hw2 |= HWCAP2.AES;
  if (crypto >= 2) hw2 |= HWCAP2.PMULL;
  if (((id.idIsar[5] >>> 8) & 15) !== 0) hw2 |= HWCAP2.SHA1;
  if (((id.idIsar[5] >>> 12) & 15) !== 0) hw2 |= HWCAP2.SHA2;
  if (((id.idIsar[5] >>> 16) & 15) !== 0) hw2 |= HWCAP2.CRC32;
  return { hwcap: hw >>> 0, hwcap2: hw2 };
}

/** The HWCAP names as /proc/cpuinfo prints them, in bit order. */
export function hwcapNames(hwcap: number): string[] {
  const names: [number, string][] = [
    [HWCAP.SWP, "swp"],
    [HWCAP.HALF, "half"],
    [HWCAP.THUMB, "thumb"],
    [HWCAP.FAST_MULT, "fastmult"],
    [HWCAP.VFP, "vfp"],
    [HWCAP.EDSP, "edsp"],
    [HWCAP.NEON, "neon"],
    [HWCAP.VFPv3, "vfpv3"],
    [HWCAP.VFPv3D16, "vfpv3d16"],
    [HWCAP.TLS, "tls"],
    [HWCAP.VFPv4, "vfpv4"],
    [HWCAP.IDIVA, "idiva"],
    [HWCAP.IDIVT, "idivt"],
    [HWCAP.VFPD32, "vfpd32"],
    [HWCAP.LPAE, "lpae"],
    [HWCAP.EVTSTRM, "evtstrm"],
  ];
  return names.filter(([bit]) => (hwcap & bit) !== 0).map(([, n]) => n);
}

/** open(2) flags as ARM defines them (asm/fcntl.h: O_DIRECTORY etc. differ from x86). */
export const O = {
  ACCMODE: 3,
  RDONLY: 0,
  WRONLY: 1,
  RDWR: 2,
  CREAT: 0o100,
  EXCL: 0o200,
  NOCTTY: 0o400,
  TRUNC: 0o1000,
  APPEND: 0o2000,
  NONBLOCK: 0o4000,
  DIRECTORY: 0o40000,
  NOFOLLOW: 0o100000,
  LARGEFILE: 0o400000,
  CLOEXEC: 0o2000000,
  PATH: 0o10000000,
} as const;

export const AT_FDCWD = -100;
export const AT_SYMLINK_NOFOLLOW = 0x100;
export const AT_REMOVEDIR = 0x200;
export const AT_EMPTY_PATH = 0x1000;

/** mmap(2) protections and flags. */
export const PROT = { READ: 1, WRITE: 2, EXEC: 4 } as const;
export const MAP = {
  SHARED: 1,
  PRIVATE: 2,
  FIXED: 0x10,
  ANONYMOUS: 0x20,
  GROWSDOWN: 0x100,
  FIXED_NOREPLACE: 0x100000,
} as const;

/** File type bits of st_mode. */
export const S_IF = {
  FIFO: 0o010000,
  CHR: 0o020000,
  DIR: 0o040000,
  REG: 0o100000,
  LNK: 0o120000,
} as const;

/** Byte offsets in ARM EABI struct stat64 (asm/stat.h, 104 bytes). */
export const STAT64 = {
  size: 104,
  dev: 0,
  ino32: 12,
  mode: 16,
  nlink: 20,
  uid: 24,
  gid: 28,
  rdev: 32,
  fileSize: 48,
  blksize: 56,
  blocks: 64,
  atime: 72,
  mtime: 80,
  ctime: 88,
  ino: 96,
} as const;

/** Byte offsets in struct statx (256 bytes). */
export const STATX = {
  size: 256,
  mask: 0,
  blksize: 4,
  attributes: 8,
  nlink: 16,
  uid: 20,
  gid: 24,
  mode: 28,
  ino: 32,
  fileSize: 40,
  blocks: 48,
  atime: 64,
  btime: 80,
  ctime: 96,
  mtime: 112,
  rdevMajor: 128,
  rdevMinor: 132,
  devMajor: 136,
  devMinor: 140,
} as const;

/** ioctl requests the front end recognises. */
export const IOCTL = { TCGETS: 0x5401, TIOCGWINSZ: 0x5413, TIOCGPGRP: 0x540f, FIONREAD: 0x541b } as const;
