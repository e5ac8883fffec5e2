// DTS printer. Prints a tree the way `dtc -I dtb -O dts` does (same value-type guess, same
// formatting), so our output can be diffed against dtc's and compiled back by dtc.

import type { Fdt, FdtNode, FdtProperty } from "./tree.js";

const C_ESCAPES: Record<number, string> = {
  7: "\\a",
  8: "\\b",
  9: "\\t",
  10: "\\n",
  11: "\\v",
  12: "\\f",
  13: "\\r",
  92: "\\\\",
  34: '\\"',
  0: "\\0",
};

const isPrint = (c: number) => c >= 0x20 && c < 0x7f;
const isStringByte = (c: number) => isPrint(c) || c === 0 || (c >= 0x07 && c <= 0x0d);

type Guess = "string" | "cells" | "bytes";

/** dtc's heuristic: NUL-terminated printable text → strings; whole cells → cells; else bytes. */
export function guessValueType(value: Uint8Array): Guess {
  let notString = 0;
  let nul = 0;
  for (const c of value) {
    if (!isStringByte(c)) notString++;
    if (c === 0) nul++;
  }
  if (value[value.length - 1] === 0 && notString === 0 && nul <= value.length - nul) return "string";
  if (value.length % 4 === 0) return "cells";
  return "bytes";
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, "0");
}

function formatValue(value: Uint8Array): string {
  switch (guessValueType(value)) {
    case "string": {
      let s = '"';
      for (let i = 0; i < value.length - 1; i++) {
        const c = value[i];
        const esc = C_ESCAPES[c];
        if (esc !== undefined) s += esc;
        else if (isPrint(c)) s += String.fromCharCode(c);
        else s += `\\x${hex(c, 2)}`;
      }
      return `${s}"`;
    }
    case "cells": {
      const cells: string[] = [];
      for (let i = 0; i < value.length; i += 4) {
        const v = ((value[i] << 24) | (value[i + 1] << 16) | (value[i + 2] << 8) | value[i + 3]) >>> 0;
        cells.push(`0x${hex(v, 2)}`);
      }
      return `<${cells.join(" ")}>`;
    }
    case "bytes":
      return `[${Array.from(value, (b) => hex(b, 2)).join(" ")}]`;
  }
}

function formatProperty(p: FdtProperty): string {
  return p.value.length === 0 ? `${p.name};` : `${p.name} = ${formatValue(p.value)};`;
}

function printNode(node: FdtNode, depth: number, out: string[]): void {
  const indent = "\t".repeat(depth);
  out.push(`${indent}${node.name === "" ? "/" : node.name} {\n`);
  for (const p of node.props) out.push(`${indent}\t${formatProperty(p)}\n`);
  for (const c of node.children) {
    out.push("\n");
    printNode(c, depth + 1, out);
  }
  out.push(`${indent}};\n`);
}

/** The tree as DTS source, formatted as `dtc -I dtb -O dts` formats it. */
export function toDts(fdt: Fdt): string {
  const out: string[] = ["/dts-v1/;\n\n"];
  for (const r of fdt.memReserve) {
    out.push(
      `/memreserve/\t0x${r.address.toString(16).padStart(16, "0")} 0x${r.size.toString(16).padStart(16, "0")};\n`,
    );
  }
  printNode(fdt.root, 0, out);
  return out.join("");
}
