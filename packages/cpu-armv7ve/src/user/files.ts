// File descriptors of a user-mode process: stdin/stdout/stderr wired to caller-provided
// streams, a few virtual devices (/dev/null, /dev/zero, /dev/urandom), and host files — only
// below an explicit root directory (the sandbox), read-only unless the caller allows writes.
// Guest paths are resolved lexically against the guest's working directory, then checked on the
// host with realpath so that neither ".." nor a symlink leads out of the root.
import * as fs from "node:fs";
import * as nodePath from "node:path";
import { E, errnoOf, O, S_IF } from "./abi.js";

/** What the guest reads from fd 0: bytes, a string (UTF-8), or a function returning up to `max` bytes (null or an empty array at end of file). */
export type InputSource = Uint8Array | string | ((max: number) => Uint8Array | null);
/** Where the guest's writes to fd 1 / fd 2 go. */
export type OutputSink = (data: Uint8Array) => void;

export interface Timespec {
  readonly sec: number;
  readonly nsec: number;
}

/** The fields of struct stat64 / statx the front end fills. */
export interface StatInfo {
  readonly dev: bigint;
  readonly ino: bigint;
  readonly mode: number;
  readonly nlink: number;
  readonly uid: number;
  readonly gid: number;
  readonly rdev: bigint;
  readonly size: bigint;
  readonly blksize: number;
  readonly blocks: bigint;
  readonly atime: Timespec;
  readonly mtime: Timespec;
  readonly ctime: Timespec;
  readonly btime: Timespec;
}

export interface DirEntry {
  readonly name: string;
  readonly ino: bigint;
  /** DT_* type. */
  readonly type: number;
}

/** An open file description (shared by dup'ed descriptors). Methods return a count or -errno. */
export interface OpenFile {
  readonly kind: "input" | "output" | "host" | "dir" | "device";
  /** Guest path (for /proc/self/fd and messages). */
  readonly path: string;
  /** Status flags (O_APPEND, O_NONBLOCK, access mode). */
  flags: number;
  refs: number;
  read(buf: Uint8Array, position?: number): number;
  write(data: Uint8Array, position?: number): number;
  /** New offset or -errno. */
  seek(offset: number, whence: number): number;
  stat(): StatInfo | number;
  /** Directory listing (dir kind). */
  entries?(): DirEntry[] | number;
  /** Offset for getdents64 on directories. */
  dirPos?: number;
  close(): void;
}

const ZERO_TIME: Timespec = { sec: 0, nsec: 0 };

function syntheticStat(mode: number, rdev = 0n, ino = 1n): StatInfo {
  return {
    dev: 5n,
    ino,
    mode,
    nlink: 1,
    uid: 0,
    gid: 0,
    rdev,
    size: 0n,
    blksize: 4096,
    blocks: 0n,
    atime: ZERO_TIME,
    mtime: ZERO_TIME,
    ctime: ZERO_TIME,
    btime: ZERO_TIME,
  };
}

function statOf(s: fs.BigIntStats): StatInfo {
  const ts = (ns: bigint): Timespec => ({ sec: Number(ns / 1_000_000_000n), nsec: Number(ns % 1_000_000_000n) });
  return {
    dev: s.dev,
    ino: s.ino,
    mode: Number(s.mode),
    nlink: Number(s.nlink),
    uid: Number(s.uid),
    gid: Number(s.gid),
    rdev: s.rdev,
    size: s.size,
    blksize: Number(s.blksize),
    blocks: s.blocks,
    atime: ts(s.atimeNs),
    mtime: ts(s.mtimeNs),
    ctime: ts(s.ctimeNs),
    btime: ts(s.birthtimeNs),
  };
}

/** fd 0: reads from the caller's input. */
export class InputFile implements OpenFile {
  readonly kind = "input";
  flags = O.RDONLY;
  refs = 0;
  private pending: Uint8Array;
  private readonly pull: ((max: number) => Uint8Array | null) | undefined;
  private eof = false;

  constructor(
    source: InputSource | undefined,
    readonly path = "/dev/stdin",
  ) {
    if (typeof source === "function") {
      this.pull = source;
      this.pending = new Uint8Array(0);
    } else {
      this.pull = undefined;
      this.pending = typeof source === "string" ? new TextEncoder().encode(source) : (source ?? new Uint8Array(0));
    }
  }

  read(buf: Uint8Array): number {
    if (this.pending.length === 0 && this.pull !== undefined && !this.eof) {
      const got = this.pull(buf.length);
      if (got === null || got.length === 0) this.eof = true;
      else this.pending = got;
    }
    const n = Math.min(buf.length, this.pending.length);
    buf.set(this.pending.subarray(0, n));
    this.pending = this.pending.subarray(n);
    return n;
  }

  write(): number {
    return -E.BADF;
  }

  seek(): number {
    return -E.SPIPE;
  }

  stat(): StatInfo {
    return syntheticStat(S_IF.FIFO | 0o600, 0n, 10n);
  }

  close(): void {}
}

/** fd 1 / fd 2: writes go to the caller's sink. */
export class OutputFile implements OpenFile {
  readonly kind = "output";
  flags = O.WRONLY;
  refs = 0;

  constructor(
    private readonly sink: OutputSink,
    readonly path: string,
    private readonly ino: bigint,
  ) {}

  read(): number {
    return -E.BADF;
  }

  write(data: Uint8Array): number {
    this.sink(data.slice());
    return data.length;
  }

  seek(): number {
    return -E.SPIPE;
  }

  stat(): StatInfo {
    return syntheticStat(S_IF.FIFO | 0o600, 0n, this.ino);
  }

  close(): void {}
}

/** /dev/null, /dev/zero, /dev/urandom. */
export class DeviceFile implements OpenFile {
  readonly kind = "device";
  refs = 0;

  constructor(
    readonly path: string,
    public flags: number,
    private readonly fill: ((buf: Uint8Array) => void) | undefined,
    private readonly rdev: bigint,
  ) {}

  read(buf: Uint8Array): number {
    if (this.fill === undefined) return 0;
    this.fill(buf);
    return buf.length;
  }

  write(data: Uint8Array): number {
    return data.length;
  }

  seek(): number {
    return 0;
  }

  stat(): StatInfo {
    return syntheticStat(S_IF.CHR | 0o666, this.rdev, 100n + this.rdev);
  }

  close(): void {}
}

/** A host file below the sandbox root. */
export class HostFile implements OpenFile {
  readonly kind = "host";
  refs = 0;
  private pos = 0;

  constructor(
    private readonly fd: number,
    readonly path: string,
    public flags: number,
  ) {}

  read(buf: Uint8Array, position?: number): number {
    try {
      const n = fs.readSync(this.fd, buf, 0, buf.length, position ?? this.pos);
      if (position === undefined) this.pos += n;
      return n;
    } catch (e) {
      return -errnoOf(e);
    }
  }

  write(data: Uint8Array, position?: number): number {
    try {
      let at = position ?? this.pos;
      if (position === undefined && (this.flags & O.APPEND) !== 0) at = Number(fs.fstatSync(this.fd).size);
      const n = fs.writeSync(this.fd, data, 0, data.length, at);
      if (position === undefined) this.pos = at + n;
      return n;
    } catch (e) {
      return -errnoOf(e);
    }
  }

  seek(offset: number, whence: number): number {
    let base: number;
    if (whence === 0) base = 0;
    else if (whence === 1) base = this.pos;
    else if (whence === 2) {
      try {
        base = Number(fs.fstatSync(this.fd).size);
      } catch (e) {
        return -errnoOf(e);
      }
    } else return -E.INVAL;
    const p = base + offset;
    if (p < 0) return -E.INVAL;
    this.pos = p;
    return p;
  }

  stat(): StatInfo | number {
    try {
      return statOf(fs.fstatSync(this.fd, { bigint: true }));
    } catch (e) {
      return -errnoOf(e);
    }
  }

  /** ftruncate. */
  truncate(length: number): number {
    try {
      fs.ftruncateSync(this.fd, length);
      return 0;
    } catch (e) {
      return -errnoOf(e);
    }
  }

  close(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      // already gone
    }
  }
}

/** A host directory opened for getdents64. */
export class DirFile implements OpenFile {
  readonly kind = "dir";
  refs = 0;
  dirPos = 0;
  private list: DirEntry[] | undefined;

  constructor(
    private readonly hostPath: string,
    readonly path: string,
    public flags: number,
  ) {}

  read(): number {
    return -E.ISDIR;
  }

  write(): number {
    return -E.BADF;
  }

  seek(offset: number, whence: number): number {
    if (whence !== 0 || offset < 0) return -E.INVAL;
    this.dirPos = offset;
    return offset;
  }

  stat(): StatInfo | number {
    try {
      return statOf(fs.statSync(this.hostPath, { bigint: true }));
    } catch (e) {
      return -errnoOf(e);
    }
  }

  entries(): DirEntry[] | number {
    if (this.list !== undefined) return this.list;
    try {
      const self = fs.statSync(this.hostPath, { bigint: true });
      const parent = fs.statSync(nodePath.dirname(this.hostPath), { bigint: true });
      const list: DirEntry[] = [
        { name: ".", ino: self.ino, type: 4 },
        { name: "..", ino: parent.ino, type: 4 },
      ];
      for (const d of fs.readdirSync(this.hostPath, { withFileTypes: true })) {
        let ino = 0n;
        try {
          ino = fs.lstatSync(nodePath.join(this.hostPath, d.name), { bigint: true }).ino;
        } catch {
          // vanished meanwhile
        }
        const type = d.isDirectory()
          ? 4
          : d.isFile()
            ? 8
            : d.isSymbolicLink()
              ? 10
              : d.isCharacterDevice()
                ? 2
                : d.isBlockDevice()
                  ? 6
                  : d.isFIFO()
                    ? 1
                    : d.isSocket()
                      ? 12
                      : 0;
        list.push({ name: d.name, ino, type });
      }
      this.list = list;
      return list;
    } catch (e) {
      return -errnoOf(e);
    }
  }

  close(): void {}
}

export interface SandboxOptions {
  /** Host directory that is the guest's "/"; undefined: no host files at all. */
  readonly root?: string;
  /** Allow creating, writing, renaming and deleting files below the root. */
  readonly writable?: boolean;
}

/** Lexical normalization of a guest path against a guest directory: always absolute, no "." / "..". */
export function normalizeGuestPath(cwd: string, path: string): string {
  const parts = (path.startsWith("/") ? path : `${cwd}/${path}`).split("/");
  const out: string[] = [];
  for (const p of parts) {
    if (p === "" || p === ".") continue;
    if (p === "..") out.pop();
    else out.push(p);
  }
  return `/${out.join("/")}`;
}

/** Maps guest paths to host paths below the root, refusing anything that resolves outside it. */
export class Sandbox {
  readonly root: string | undefined;
  readonly writable: boolean;

  constructor(options: SandboxOptions) {
    this.writable = options.writable ?? false;
    if (options.root === undefined) {
      this.root = undefined;
      return;
    }
    try {
      this.root = fs.realpathSync(options.root);
    } catch {
      throw new Error(`sandbox root ${options.root} does not exist`);
    }
    if (!fs.statSync(this.root).isDirectory()) throw new Error(`sandbox root ${options.root} is not a directory`);
  }

  private within(real: string): boolean {
    const root = this.root as string;
    return real === root || real.startsWith(root.endsWith(nodePath.sep) ? root : root + nodePath.sep);
  }

  /**
   * The host path of an absolute, normalized guest path, or -errno. With `follow`, a final
   * symlink is resolved (and must stay inside the root); without, the link itself is named.
   */
  resolve(guest: string, follow: boolean): string | number {
    if (this.root === undefined) return -E.NOENT;
    if (guest === "/") return this.root;
    const host = nodePath.join(this.root, guest);
    let realParent: string;
    try {
      realParent = fs.realpathSync(nodePath.dirname(host));
    } catch (e) {
      return -errnoOf(e);
    }
    if (!this.within(realParent)) return -E.ACCES;
    const leaf = nodePath.join(realParent, nodePath.basename(host));
    if (!follow) return leaf;
    try {
      const real = fs.realpathSync(leaf);
      return this.within(real) ? real : -E.ACCES;
    } catch (e) {
      const errno = errnoOf(e);
      if (errno !== E.NOENT) return -errno;
      // A dangling symlink pointing outside must not be created through.
      try {
        if (fs.lstatSync(leaf).isSymbolicLink()) return -E.ACCES;
      } catch {
        // does not exist at all: fine for O_CREAT
      }
      return leaf;
    }
  }

  /** The guest path of a host path below the root (for /proc/self/exe), or undefined. */
  guestPathOf(host: string): string | undefined {
    if (this.root === undefined) return undefined;
    let real: string;
    try {
      real = fs.realpathSync(host);
    } catch {
      return undefined;
    }
    if (!this.within(real)) return undefined;
    const rel = nodePath.relative(this.root, real);
    return `/${rel.split(nodePath.sep).join("/")}`;
  }

  /** Opens a host file or directory (guest path already normalized); returns an OpenFile or -errno. */
  open(guest: string, flags: number, mode: number): OpenFile | number {
    const write = (flags & O.ACCMODE) !== O.RDONLY || (flags & (O.CREAT | O.TRUNC)) !== 0;
    const host = this.resolve(guest, (flags & O.NOFOLLOW) === 0);
    if (typeof host === "number") return host;
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(host);
    } catch (e) {
      const errno = errnoOf(e);
      if (errno !== E.NOENT || (flags & O.CREAT) === 0) return -errno;
    }
    if (st?.isDirectory()) {
      if (write) return -E.ISDIR;
      return new DirFile(host, guest, flags);
    }
    if ((flags & O.DIRECTORY) !== 0) return st === undefined ? -E.NOENT : -E.NOTDIR;
    if (write && !this.writable) return -E.ROFS;
    if (st !== undefined && (flags & O.CREAT) !== 0 && (flags & O.EXCL) !== 0) return -E.EXIST;
    const c = fs.constants;
    let hostFlags = (flags & O.ACCMODE) === O.WRONLY ? c.O_WRONLY : (flags & O.ACCMODE) === O.RDWR ? c.O_RDWR : 0;
    if (flags & O.CREAT) hostFlags |= c.O_CREAT;
    if (flags & O.EXCL) hostFlags |= c.O_EXCL;
    if (flags & O.TRUNC) hostFlags |= c.O_TRUNC;
    if (flags & O.NOFOLLOW) hostFlags |= c.O_NOFOLLOW;
    try {
      const fd = fs.openSync(host, hostFlags, mode & 0o777);
      return new HostFile(fd, guest, flags);
    } catch (e) {
      return -errnoOf(e);
    }
  }

  stat(guest: string, follow: boolean): StatInfo | number {
    const host = this.resolve(guest, follow);
    if (typeof host === "number") return host;
    try {
      return statOf(follow ? fs.statSync(host, { bigint: true }) : fs.lstatSync(host, { bigint: true }));
    } catch (e) {
      return -errnoOf(e);
    }
  }

  readlink(guest: string): string | number {
    const host = this.resolve(guest, false);
    if (typeof host === "number") return host;
    try {
      return fs.readlinkSync(host);
    } catch (e) {
      return -errnoOf(e);
    }
  }

  /** access/faccessat: existence and permissions (W fails on a read-only sandbox). */
  access(guest: string, mode: number): number {
    const host = this.resolve(guest, true);
    if (typeof host === "number") return host;
    if ((mode & 2) !== 0 && !this.writable) return -E.ROFS;
    try {
      fs.accessSync(host, mode & 7);
      return 0;
    } catch (e) {
      return -errnoOf(e);
    }
  }

  /** Mutations: unlink, rmdir, mkdir, rename. */
  mutate(op: "unlink" | "rmdir" | "mkdir", guest: string, mode = 0o777): number {
    if (!this.writable) return -E.ROFS;
    const host = this.resolve(guest, false);
    if (typeof host === "number") return host;
    try {
      if (op === "unlink") {
        if (fs.lstatSync(host).isDirectory()) return -E.ISDIR;
        fs.unlinkSync(host);
      } else if (op === "rmdir") fs.rmdirSync(host);
      else fs.mkdirSync(host, mode & 0o777);
      return 0;
    } catch (e) {
      return -errnoOf(e);
    }
  }

  rename(from: string, to: string): number {
    if (!this.writable) return -E.ROFS;
    const a = this.resolve(from, false);
    if (typeof a === "number") return a;
    const b = this.resolve(to, false);
    if (typeof b === "number") return b;
    try {
      fs.renameSync(a, b);
      return 0;
    } catch (e) {
      return -errnoOf(e);
    }
  }

  isDirectory(guest: string): boolean {
    const s = this.stat(guest, true);
    return typeof s !== "number" && (s.mode & 0o170000) === S_IF.DIR;
  }
}

/** The descriptor table. */
export class FileTable {
  private readonly fds = new Map<number, OpenFile>();
  private readonly cloexec = new Set<number>();
  static readonly MAX_FDS = 1024;

  get(fd: number): OpenFile | undefined {
    return this.fds.get(fd);
  }

  /** Installs `file` at the lowest free descriptor ≥ `min`; returns it, or -EMFILE. */
  install(file: OpenFile, min = 0, cloexec = false): number {
    for (let fd = min; fd < FileTable.MAX_FDS; fd++) {
      if (!this.fds.has(fd)) {
        this.setAt(fd, file, cloexec);
        return fd;
      }
    }
    return -E.MFILE;
  }

  /** Puts `file` at `fd`, closing what was there. */
  setAt(fd: number, file: OpenFile, cloexec = false): void {
    this.close(fd);
    file.refs++;
    this.fds.set(fd, file);
    if (cloexec) this.cloexec.add(fd);
  }

  close(fd: number): number {
    const f = this.fds.get(fd);
    if (f === undefined) return -E.BADF;
    this.fds.delete(fd);
    this.cloexec.delete(fd);
    if (--f.refs === 0) f.close();
    return 0;
  }

  getCloexec(fd: number): boolean {
    return this.cloexec.has(fd);
  }

  setCloexec(fd: number, on: boolean): void {
    if (on) this.cloexec.add(fd);
    else this.cloexec.delete(fd);
  }

  closeAll(): void {
    for (const fd of [...this.fds.keys()]) this.close(fd);
  }
}
