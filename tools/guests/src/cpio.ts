// A writer for the "newc" cpio format (what the Linux kernel unpacks as an initramfs,
// Documentation/driver-api/early-userspace/buffer-format.rst). Deterministic: fixed inode
// numbers, timestamps and owners, so the same inputs give the same archive bytes.

export type CpioEntry =
  | { readonly type: "file"; readonly path: string; readonly data: Uint8Array; readonly mode?: number }
  | { readonly type: "dir"; readonly path: string; readonly mode?: number }
  | { readonly type: "symlink"; readonly path: string; readonly target: string }
  | {
      readonly type: "char";
      readonly path: string;
      readonly major: number;
      readonly minor: number;
      readonly mode?: number;
    };

const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
const S_IFCHR = 0o020000;

const encoder = new TextEncoder();

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, "0");
}

/** Builds a newc archive (uncompressed), ending with the TRAILER!!! entry. */
export function writeCpio(entries: readonly CpioEntry[], mtime = 0): Uint8Array {
  const parts: Uint8Array[] = [];
  let size = 0;
  const push = (b: Uint8Array) => {
    parts.push(b);
    size += b.length;
    const pad = (4 - (size % 4)) % 4;
    if (pad) {
      parts.push(new Uint8Array(pad));
      size += pad;
    }
  };
  // Header and name are one chunk, padded (from the start of the archive) to a multiple of 4.
  const header = (
    ino: number,
    mode: number,
    nlink: number,
    fileSize: number,
    rdevMajor: number,
    rdevMinor: number,
    name: string,
  ) => {
    const nameBytes = encoder.encode(`${name}\0`);
    const fields = [ino, mode, 0, 0, nlink, mtime, fileSize, 0, 0, rdevMajor, rdevMinor, nameBytes.length, 0];
    const head = encoder.encode(`070701${fields.map(hex8).join("")}`);
    const joined = new Uint8Array(head.length + nameBytes.length);
    joined.set(head);
    joined.set(nameBytes, head.length);
    push(joined);
  };
  let ino = 1;
  for (const e of entries) {
    const name = e.path.replace(/^\/+/, "");
    if (name === "" || name.includes("\0")) throw new Error(`bad cpio path "${e.path}"`);
    switch (e.type) {
      case "file":
        header(ino++, S_IFREG | (e.mode ?? 0o644), 1, e.data.length, 0, 0, name);
        push(e.data);
        break;
      case "dir":
        header(ino++, S_IFDIR | (e.mode ?? 0o755), 2, 0, 0, 0, name);
        break;
      case "symlink": {
        const target = encoder.encode(e.target);
        header(ino++, S_IFLNK | 0o777, 1, target.length, 0, 0, name);
        push(target);
        break;
      }
      case "char":
        header(ino++, S_IFCHR | (e.mode ?? 0o600), 1, 0, e.major, e.minor, name);
        break;
    }
  }
  header(0, 0, 1, 0, 0, 0, "TRAILER!!!");
  const out = new Uint8Array(size);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}
