// DTB reader. Every bound is checked against the header and the buffer; any inconsistency is an
// FdtError naming the problem and its offset.

import { Fdt, FdtError, FdtNode, type MemReserve, readU32 } from "./tree.js";

export const FDT_MAGIC = 0xd00dfeed;
export const FDT_BEGIN_NODE = 1;
export const FDT_END_NODE = 2;
export const FDT_PROP = 3;
export const FDT_NOP = 4;
export const FDT_END = 9;
export const FDT_HEADER_SIZE = 40;

export interface FdtHeader {
  magic: number;
  totalSize: number;
  offDtStruct: number;
  offDtStrings: number;
  offMemRsvmap: number;
  version: number;
  lastCompVersion: number;
  bootCpuid: number;
  sizeDtStrings: number;
  sizeDtStruct: number;
}

/** Nesting deeper than this is rejected rather than trusted (real trees are < 10 deep). */
const MAX_DEPTH = 64;

export function readHeader(blob: Uint8Array): FdtHeader {
  if (blob.length < 4) throw new FdtError("truncated", `blob is ${blob.length} bytes, shorter than the magic`);
  const magic = readU32(blob, 0);
  if (magic !== FDT_MAGIC) {
    throw new FdtError("bad-magic", `bad magic 0x${magic.toString(16)}, expected 0x${FDT_MAGIC.toString(16)}`, 0);
  }
  if (blob.length < 28) throw new FdtError("truncated", `blob is ${blob.length} bytes, shorter than a v16 header`);
  const h: FdtHeader = {
    magic,
    totalSize: readU32(blob, 4),
    offDtStruct: readU32(blob, 8),
    offDtStrings: readU32(blob, 12),
    offMemRsvmap: readU32(blob, 16),
    version: readU32(blob, 20),
    lastCompVersion: readU32(blob, 24),
    bootCpuid: 0,
    sizeDtStrings: 0,
    sizeDtStruct: 0,
  };
  if (h.version < 16 || h.lastCompVersion > 17) {
    throw new FdtError(
      "bad-version",
      `version ${h.version} (last compatible ${h.lastCompVersion}) is not readable; versions 16-17 are`,
      20,
    );
  }
  const headerSize = h.version >= 17 ? FDT_HEADER_SIZE : 36;
  if (blob.length < headerSize)
    throw new FdtError("truncated", `blob is ${blob.length} bytes, shorter than its header`);
  h.bootCpuid = readU32(blob, 28);
  h.sizeDtStrings = readU32(blob, 32);
  if (h.version >= 17) h.sizeDtStruct = readU32(blob, 36);
  if (h.totalSize > blob.length) {
    throw new FdtError("truncated", `header says ${h.totalSize} bytes but the blob has ${blob.length}`, 4);
  }
  if (h.totalSize < headerSize)
    throw new FdtError("bad-offset", `totalsize ${h.totalSize} is smaller than the header`, 4);
  checkBlock("memory reservation map", h.offMemRsvmap, 0, h.totalSize, headerSize, 16);
  checkBlock("structure block", h.offDtStruct, h.sizeDtStruct, h.totalSize, headerSize, 12);
  checkBlock("strings block", h.offDtStrings, h.sizeDtStrings, h.totalSize, headerSize, 8);
  return h;
}

function checkBlock(what: string, off: number, size: number, total: number, headerSize: number, field: number): void {
  if (off < headerSize || off > total || size > total - off) {
    throw new FdtError("bad-offset", `${what} [${off}, ${off + size}) lies outside the blob (${total} bytes)`, field);
  }
}

/** Parses a DTB (versions 16 and 17). Throws FdtError on any malformation; never anything else. */
export function parseDtb(blob: Uint8Array): Fdt {
  const h = readHeader(blob);
  const memReserve = readMemReserve(blob, h);
  const structEnd =
    h.version >= 17 ? h.offDtStruct + h.sizeDtStruct : h.offDtStrings > h.offDtStruct ? h.offDtStrings : h.totalSize;
  const stringsEnd = h.offDtStrings + h.sizeDtStrings;

  let pos = h.offDtStruct;
  const need = (n: number, what: string) => {
    if (pos + n > structEnd) throw new FdtError("truncated", `structure block ends inside ${what}`, pos);
  };
  const token = () => {
    need(4, "a token");
    const t = readU32(blob, pos);
    pos += 4;
    return t;
  };
  const cString = (start: number, end: number, what: string): [string, number] => {
    let i = start;
    while (i < end && blob[i] !== 0) i++;
    if (i >= end) throw new FdtError("unterminated-string", `${what} is not NUL-terminated`, start);
    return [latin1(blob, start, i), i + 1];
  };

  let root: FdtNode | undefined;
  const stack: FdtNode[] = [];
  for (;;) {
    const at = pos;
    const t = token();
    if (t === FDT_NOP) continue;
    if (t === FDT_BEGIN_NODE) {
      const [name, next] = cString(pos, structEnd, "node name");
      pos = align4(next);
      if (pos > structEnd) throw new FdtError("truncated", "structure block ends inside node name padding", at);
      if (root === undefined) {
        if (stack.length > 0 || name !== "") {
          throw new FdtError("bad-structure", `the first node must be the root with an empty name, got "${name}"`, at);
        }
        root = new FdtNode("");
        stack.push(root);
        continue;
      }
      if (stack.length === 0) throw new FdtError("bad-structure", "a second root node", at);
      if (stack.length >= MAX_DEPTH) throw new FdtError("bad-structure", `nodes nested deeper than ${MAX_DEPTH}`, at);
      const parent = stack[stack.length - 1];
      const node = new FdtNode(name);
      node.parent = parent;
      parent.children.push(node);
      stack.push(node);
    } else if (t === FDT_END_NODE) {
      if (stack.length === 0) throw new FdtError("bad-structure", "END_NODE without a matching BEGIN_NODE", at);
      stack.pop();
    } else if (t === FDT_PROP) {
      if (stack.length === 0) throw new FdtError("bad-structure", "property outside any node", at);
      need(8, "a property header");
      const len = readU32(blob, pos);
      const nameOff = readU32(blob, pos + 4);
      pos += 8;
      if (len > structEnd - pos)
        throw new FdtError("truncated", `property value of ${len} bytes runs past the structure block`, at);
      if (nameOff >= h.sizeDtStrings) {
        throw new FdtError(
          "bad-offset",
          `property name offset ${nameOff} is outside the strings block (${h.sizeDtStrings} bytes)`,
          at,
        );
      }
      const [name] = cString(h.offDtStrings + nameOff, stringsEnd, "property name");
      const node = stack[stack.length - 1];
      if (node.children.length > 0) {
        throw new FdtError("bad-structure", `${node.path}: property "${name}" after a child node`, at);
      }
      node.props.push({ name, value: blob.slice(pos, pos + len) });
      pos = align4(pos + len);
      if (pos > structEnd) pos = structEnd;
    } else if (t === FDT_END) {
      if (root === undefined) throw new FdtError("bad-structure", "no root node", at);
      if (stack.length !== 0) throw new FdtError("bad-structure", `END with ${stack.length} node(s) still open`, at);
      return new Fdt(root, memReserve, h.bootCpuid);
    } else {
      throw new FdtError("bad-token", `unknown token 0x${t.toString(16)}`, at);
    }
    if (root !== undefined && stack.length === 0) {
      // After the root closes only NOPs and END may follow.
      for (;;) {
        const at2 = pos;
        const t2 = token();
        if (t2 === FDT_NOP) continue;
        if (t2 === FDT_END) return new Fdt(root, memReserve, h.bootCpuid);
        throw new FdtError("bad-structure", `token 0x${t2.toString(16)} after the root node closed`, at2);
      }
    }
  }
}

function readMemReserve(blob: Uint8Array, h: FdtHeader): MemReserve[] {
  const out: MemReserve[] = [];
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  for (let pos = h.offMemRsvmap; ; pos += 16) {
    if (pos + 16 > h.totalSize) throw new FdtError("truncated", "memory reservation map has no terminating entry", pos);
    const address = view.getBigUint64(pos, false);
    const size = view.getBigUint64(pos + 8, false);
    if (address === 0n && size === 0n) return out;
    out.push({ address, size });
  }
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

function latin1(b: Uint8Array, start: number, end: number): string {
  let s = "";
  for (let i = start; i < end; i++) s += String.fromCharCode(b[i]);
  return s;
}
