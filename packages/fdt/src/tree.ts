// The in-memory device tree: nodes with ordered properties and children, as in the DTB.

/** A malformed blob or an invalid tree, with a machine-readable `code`. Never a host crash. */
export class FdtError extends Error {
  override readonly name = "FdtError";
  constructor(
    readonly code: FdtErrorCode,
    message: string,
    /** Byte offset in the blob where the problem was found, when reading. */
    readonly offset?: number,
  ) {
    super(offset === undefined ? message : `${message} (at offset 0x${offset.toString(16)})`);
  }
}

export type FdtErrorCode =
  | "bad-magic"
  | "truncated"
  | "bad-version"
  | "bad-offset"
  | "bad-token"
  | "unterminated-string"
  | "bad-structure"
  | "bad-name"
  | "duplicate"
  | "bad-property"
  | "bad-phandle"
  | "writer-order";

export interface MemReserve {
  readonly address: bigint;
  readonly size: bigint;
}

export interface FdtProperty {
  readonly name: string;
  value: Uint8Array;
}

const decoder = new TextDecoder("latin1");

export class FdtNode {
  readonly props: FdtProperty[] = [];
  readonly children: FdtNode[] = [];
  parent: FdtNode | undefined;

  constructor(readonly name: string) {}

  /** Full path ("/" for the root). */
  get path(): string {
    if (this.parent === undefined) return "/";
    const p = this.parent.path;
    return p === "/" ? `/${this.name}` : `${p}/${this.name}`;
  }

  /** The node name without its unit address. */
  get baseName(): string {
    const at = this.name.indexOf("@");
    return at < 0 ? this.name : this.name.slice(0, at);
  }

  /** The unit address part of the name ("" if none). */
  get unitAddress(): string {
    const at = this.name.indexOf("@");
    return at < 0 ? "" : this.name.slice(at + 1);
  }

  prop(name: string): FdtProperty | undefined {
    return this.props.find((p) => p.name === name);
  }

  has(name: string): boolean {
    return this.prop(name) !== undefined;
  }

  /** Raw value; throws FdtError("bad-property") if missing. */
  bytes(name: string): Uint8Array {
    const p = this.prop(name);
    if (p === undefined) throw new FdtError("bad-property", `${this.path}: no property "${name}"`);
    return p.value;
  }

  u32(name: string): number {
    const v = this.bytes(name);
    if (v.length !== 4)
      throw new FdtError("bad-property", `${this.path}: "${name}" is ${v.length} bytes, not one cell`);
    return readU32(v, 0);
  }

  u32s(name: string): number[] {
    return cellsOf(this.bytes(name), `${this.path}: "${name}"`);
  }

  /** A 64-bit value (two cells); throws if it is not exactly representable as a JS number. */
  u64(name: string): number {
    const v = this.bytes(name);
    if (v.length !== 8)
      throw new FdtError("bad-property", `${this.path}: "${name}" is ${v.length} bytes, not two cells`);
    return cellsToNumber([readU32(v, 0), readU32(v, 4)], `${this.path}: "${name}"`);
  }

  string(name: string): string {
    const list = this.strings(name);
    if (list.length !== 1) throw new FdtError("bad-property", `${this.path}: "${name}" is not a single string`);
    return list[0];
  }

  strings(name: string): string[] {
    return stringsOf(this.bytes(name), `${this.path}: "${name}"`);
  }

  child(name: string): FdtNode | undefined {
    return this.children.find((c) => c.name === name);
  }

  /** Children and all their descendants, depth first, in DTB order. */
  *descendants(): Generator<FdtNode> {
    for (const c of this.children) {
      yield c;
      yield* c.descendants();
    }
  }

  /** `#address-cells` as the spec defaults it (2) when absent. */
  get addressCells(): number {
    return this.prop("#address-cells") ? this.u32("#address-cells") : 2;
  }

  /** `#size-cells` as the spec defaults it (1) when absent. */
  get sizeCells(): number {
    return this.prop("#size-cells") ? this.u32("#size-cells") : 1;
  }

  /** Decodes `reg` with the parent's cell counts into (address, size) pairs. */
  reg(): { address: number; size: number }[] {
    const parent = this.parent;
    const ac = parent ? parent.addressCells : 2;
    const sc = parent ? parent.sizeCells : 1;
    const cells = this.u32s("reg");
    const stride = ac + sc;
    if (stride === 0 || cells.length % stride !== 0) {
      throw new FdtError(
        "bad-property",
        `${this.path}: "reg" has ${cells.length} cells, not a multiple of ${ac}+${sc}`,
      );
    }
    const out: { address: number; size: number }[] = [];
    for (let i = 0; i < cells.length; i += stride) {
      out.push({
        address: cellsToNumber(cells.slice(i, i + ac), `${this.path}: reg address`),
        size: cellsToNumber(cells.slice(i + ac, i + stride), `${this.path}: reg size`),
      });
    }
    return out;
  }
}

export class Fdt {
  constructor(
    readonly root: FdtNode,
    readonly memReserve: MemReserve[] = [],
    readonly bootCpuid = 0,
  ) {}

  /** Looks a node up by absolute path ("/cpus/cpu@0"); a component without "@" also matches a unique "name@…". */
  find(path: string): FdtNode | undefined {
    if (!path.startsWith("/")) return undefined;
    let node: FdtNode | undefined = this.root;
    for (const part of path.split("/").filter((p) => p.length > 0)) {
      if (node === undefined) return undefined;
      const exact: FdtNode | undefined = node.child(part);
      if (exact !== undefined) {
        node = exact;
        continue;
      }
      const loose: FdtNode[] = part.includes("@") ? [] : node.children.filter((c) => c.baseName === part);
      node = loose.length === 1 ? loose[0] : undefined;
    }
    return node;
  }

  /** The node whose `phandle` (or legacy `linux,phandle`) is `phandle`. */
  byPhandle(phandle: number): FdtNode | undefined {
    for (const n of [this.root, ...this.root.descendants()]) {
      const p = n.prop("phandle") ?? n.prop("linux,phandle");
      if (p !== undefined && p.value.length === 4 && readU32(p.value, 0) === phandle) return n;
    }
    return undefined;
  }

  /** Nodes whose `compatible` list contains `compatible`. */
  compatible(compatible: string): FdtNode[] {
    return [...this.root.descendants()].filter(
      (n) => n.has("compatible") && n.strings("compatible").includes(compatible),
    );
  }
}

export function readU32(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3]) >>> 0;
}

function cellsOf(v: Uint8Array, what: string): number[] {
  if (v.length % 4 !== 0) throw new FdtError("bad-property", `${what} is ${v.length} bytes, not whole cells`);
  const out: number[] = [];
  for (let i = 0; i < v.length; i += 4) out.push(readU32(v, i));
  return out;
}

function cellsToNumber(cells: number[], what: string): number {
  let n = 0;
  for (const c of cells) n = n * 2 ** 32 + c;
  if (!Number.isSafeInteger(n)) throw new FdtError("bad-property", `${what} does not fit in 53 bits`);
  return n;
}

function stringsOf(v: Uint8Array, what: string): string[] {
  if (v.length === 0 || v[v.length - 1] !== 0) throw new FdtError("bad-property", `${what} is not NUL-terminated`);
  return decoder.decode(v.subarray(0, v.length - 1)).split("\0");
}
