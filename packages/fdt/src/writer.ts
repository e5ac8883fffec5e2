// DTB writer. A streaming builder (begin/end node tokens that must nest, properties before
// children) laid out exactly as dtc lays out a v17 blob, so a tree read from a dtc-built blob is
// written back byte for byte.

import { FDT_BEGIN_NODE, FDT_END, FDT_END_NODE, FDT_HEADER_SIZE, FDT_MAGIC, FDT_PROP } from "./reader.js";
import { type Fdt, FdtError, type FdtNode, type MemReserve } from "./tree.js";

/** Returned by `beginNode`; `endNode` must be given the innermost open token. */
export interface NodeToken {
  readonly depth: number;
  readonly name: string;
}

const NODE_NAME = /^[A-Za-z0-9,._+-]+(@[A-Za-z0-9,._+-]*)?$/;
const PROP_NAME = /^[A-Za-z0-9,._+?#-]+$/;

class ByteSink {
  private buf = new Uint8Array(4096);
  length = 0;

  private grow(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const b = new Uint8Array(size);
    b.set(this.buf.subarray(0, this.length));
    this.buf = b;
  }

  u32(v: number): void {
    this.grow(4);
    const b = this.buf;
    const i = this.length;
    b[i] = v >>> 24;
    b[i + 1] = (v >>> 16) & 0xff;
    b[i + 2] = (v >>> 8) & 0xff;
    b[i + 3] = v & 0xff;
    this.length += 4;
  }

  bytes(v: Uint8Array): void {
    this.grow(v.length);
    this.buf.set(v, this.length);
    this.length += v.length;
  }

  pad4(): void {
    const n = (4 - (this.length & 3)) & 3;
    this.grow(n);
    this.buf.fill(0, this.length, this.length + n);
    this.length += n;
  }

  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

export interface FdtWriterOptions {
  bootCpuid?: number;
  memReserve?: readonly MemReserve[];
}

export class FdtWriter {
  private readonly struct = new ByteSink();
  private strings = "";
  private readonly open: { token: NodeToken; props: Set<string>; children: Set<string>; hasChildren: boolean }[] = [];
  private readonly phandles = new Set<number>();
  private nextPhandle = 1;
  private done = false;
  private rootClosed = false;

  constructor(private readonly options: FdtWriterOptions = {}) {}

  /** Opens a node; the first node must be the root (""). */
  beginNode(name: string): NodeToken {
    this.checkOpen();
    if (this.open.length === 0) {
      if (this.rootClosed) throw new FdtError("writer-order", `node "${name}" after the root node closed`);
      if (name !== "") throw new FdtError("bad-name", `the root node must be named "", got "${name}"`);
    } else {
      if (!NODE_NAME.test(name) || name.length > 255) throw new FdtError("bad-name", `invalid node name "${name}"`);
      const parent = this.open[this.open.length - 1];
      if (parent.children.has(name)) throw new FdtError("duplicate", `node "${name}" appears twice in one parent`);
      parent.children.add(name);
      parent.hasChildren = true;
    }
    const token: NodeToken = { depth: this.open.length, name };
    this.open.push({ token, props: new Set(), children: new Set(), hasChildren: false });
    this.struct.u32(FDT_BEGIN_NODE);
    this.struct.bytes(latin1Bytes(`${name}\0`));
    this.struct.pad4();
    return token;
  }

  endNode(token: NodeToken): void {
    this.checkOpen();
    const top = this.open[this.open.length - 1];
    if (top === undefined || top.token !== token) {
      throw new FdtError(
        "writer-order",
        `endNode("${token.name}") but the innermost open node is "${top?.token.name ?? "(none)"}"`,
      );
    }
    this.open.pop();
    if (this.open.length === 0) this.rootClosed = true;
    this.struct.u32(FDT_END_NODE);
  }

  /** Adds a property with a raw value. Properties must come before the node's children. */
  property(name: string, value: Uint8Array): void {
    this.checkOpen();
    const node = this.open[this.open.length - 1];
    if (node === undefined) throw new FdtError("writer-order", `property "${name}" outside any node`);
    if (!PROP_NAME.test(name) || name.length > 255) throw new FdtError("bad-name", `invalid property name "${name}"`);
    if (node.hasChildren)
      throw new FdtError("writer-order", `property "${name}" after a child node of "${node.token.name}"`);
    if (node.props.has(name)) throw new FdtError("duplicate", `property "${name}" set twice on "${node.token.name}"`);
    node.props.add(name);
    if (name === "phandle" || name === "linux,phandle") {
      if (value.length !== 4) throw new FdtError("bad-phandle", `${name} must be one cell`);
      const ph = ((value[0] << 24) | (value[1] << 16) | (value[2] << 8) | value[3]) >>> 0;
      if (ph === 0 || ph === 0xffffffff) throw new FdtError("bad-phandle", `phandle 0x${ph.toString(16)} is reserved`);
      // A node may carry both spellings of the same phandle.
      const twin = name === "phandle" ? "linux,phandle" : "phandle";
      if (this.phandles.has(ph) && !node.props.has(twin)) throw new FdtError("bad-phandle", `phandle ${ph} used twice`);
      this.phandles.add(ph);
      if (ph >= this.nextPhandle) this.nextPhandle = ph + 1;
    }
    this.struct.u32(FDT_PROP);
    this.struct.u32(value.length);
    this.struct.u32(this.stringOffset(name));
    this.struct.bytes(value);
    this.struct.pad4();
  }

  propertyEmpty(name: string): void {
    this.property(name, new Uint8Array(0));
  }

  propertyU32(name: string, value: number): void {
    this.propertyU32s(name, [value]);
  }

  propertyU32s(name: string, values: readonly number[]): void {
    const b = new Uint8Array(values.length * 4);
    const view = new DataView(b.buffer);
    values.forEach((v, i) => {
      if (!Number.isInteger(v) || v < 0 || v > 0xffffffff)
        throw new FdtError("bad-property", `${name}: ${v} is not a 32-bit cell`);
      view.setUint32(i * 4, v, false);
    });
    this.property(name, b);
  }

  propertyU64(name: string, value: number | bigint): void {
    this.propertyU64s(name, [value]);
  }

  propertyU64s(name: string, values: readonly (number | bigint)[]): void {
    const b = new Uint8Array(values.length * 8);
    const view = new DataView(b.buffer);
    values.forEach((v, i) => {
      const big = BigInt(v);
      if (big < 0n || big >= 1n << 64n) throw new FdtError("bad-property", `${name}: ${v} is not a 64-bit value`);
      view.setBigUint64(i * 8, big, false);
    });
    this.property(name, b);
  }

  /** `reg`-style cells: each value split into `cells` 32-bit cells, most significant first. */
  propertyCells(name: string, values: readonly number[], cellsPerValue: readonly number[]): void {
    const out: number[] = [];
    values.forEach((v, i) => {
      const n = cellsPerValue[i % cellsPerValue.length];
      if (!Number.isSafeInteger(v) || v < 0 || v >= 2 ** (32 * n)) {
        throw new FdtError("bad-property", `${name}: ${v} does not fit in ${n} cell(s)`);
      }
      const cells: number[] = [];
      let rest = v;
      for (let c = 0; c < n; c++) {
        cells.unshift(rest % 2 ** 32);
        rest = Math.floor(rest / 2 ** 32);
      }
      out.push(...cells);
    });
    this.propertyU32s(name, out);
  }

  propertyString(name: string, value: string): void {
    this.propertyStrings(name, [value]);
  }

  propertyStrings(name: string, values: readonly string[]): void {
    for (const v of values) {
      if (v.includes("\0")) throw new FdtError("bad-property", `${name}: string contains NUL`);
      if (/[^\x00-\xff]/.test(v)) throw new FdtError("bad-property", `${name}: string is not 8-bit text`);
    }
    this.property(name, latin1Bytes(values.map((v) => `${v}\0`).join("")));
  }

  /** A phandle not yet used in this tree; use it with `propertyU32("phandle", …)`. */
  allocPhandle(): number {
    while (this.phandles.has(this.nextPhandle)) this.nextPhandle++;
    return this.nextPhandle++;
  }

  /** Lays out header, reservation map, structure and strings blocks. The writer cannot be used afterwards. */
  finish(): Uint8Array {
    this.checkOpen();
    if (this.open.length > 0)
      throw new FdtError("writer-order", `node "${this.open[this.open.length - 1].token.name}" is still open`);
    if (!this.rootClosed) throw new FdtError("writer-order", "no root node was written");
    this.done = true;
    this.struct.u32(FDT_END);
    const reserve = this.options.memReserve ?? [];
    const structBytes = this.struct.result();
    const stringBytes = latin1Bytes(this.strings);
    const offRsv = FDT_HEADER_SIZE; // already 8-aligned
    const offStruct = offRsv + (reserve.length + 1) * 16;
    const offStrings = offStruct + structBytes.length;
    const total = offStrings + stringBytes.length;
    const out = new Uint8Array(total);
    const view = new DataView(out.buffer);
    const header = [
      FDT_MAGIC,
      total,
      offStruct,
      offStrings,
      offRsv,
      17,
      16,
      this.options.bootCpuid ?? 0,
      stringBytes.length,
      structBytes.length,
    ];
    for (const [i, v] of header.entries()) view.setUint32(i * 4, v, false);
    reserve.forEach((r, i) => {
      view.setBigUint64(offRsv + i * 16, r.address, false);
      view.setBigUint64(offRsv + i * 16 + 8, r.size, false);
    });
    out.set(structBytes, offStruct);
    out.set(stringBytes, offStrings);
    return out;
  }

  /** dtc's string table: reuse any existing string, including the tail of a longer one. */
  private stringOffset(name: string): number {
    const key = `${name}\0`;
    const at = this.strings.indexOf(key);
    if (at >= 0) return at;
    const off = this.strings.length;
    this.strings += key;
    return off;
  }

  private checkOpen(): void {
    if (this.done) throw new FdtError("writer-order", "the writer has already finished");
  }
}

/** Serializes a tree (as read by `parseDtb` or built by hand) to a DTB. */
export function serializeDtb(fdt: Fdt): Uint8Array {
  const w = new FdtWriter({ bootCpuid: fdt.bootCpuid, memReserve: fdt.memReserve });
  const emit = (node: FdtNode) => {
    const t = w.beginNode(node.name);
    for (const p of node.props) w.property(p.name, p.value);
    for (const c of node.children) emit(c);
    w.endNode(t);
  };
  emit(fdt.root);
  return w.finish();
}

function latin1Bytes(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return b;
}
