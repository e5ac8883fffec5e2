// The differential harness: generates cases, builds the program, runs it under qemu-arm and
// under the user-mode front end, compares the outputs byte for byte and, for the first
// mismatching case, prints a field-by-field diff and a minimal reproducer (the instruction words
// and the initial state), found by cutting and NOP-ing instructions while the mismatch persists.

import { renderTemplate } from "../../src/disasm.js";
import {
  type Anomaly,
  CaseGenerator,
  type GeneratedCase,
  type GeneratorOptions,
  type GeneratorStats,
} from "./generator.js";
import {
  armExit,
  assembleRuntime,
  buildElf,
  type CaseRecord,
  type CaseState,
  type ProgramCase,
  parseRecord,
  REC_CPSR,
  REC_D,
  REC_FPSCR,
  REC_SCRATCH,
  RECORD_SIZE,
  type Runtime,
  SCRATCH,
  TEXT,
  thumbExit,
} from "./program.js";
import { decodeRow, type InstrSet } from "./rows.js";
import { type Outcome, runOurs, runQemu } from "./run.js";

export interface CampaignOptions extends GeneratorOptions {
  /** Generate cases until this many random instructions are in the program. */
  readonly instructions: number;
  /**
   * Run every case this many times (default 1); the first and last runs are compared. With
   * enough repetitions the last run of an ARM case executes compiled code (the block compiler).
   */
  readonly repeat?: number;
}

export interface Mismatch {
  readonly caseIndex: number;
  readonly report: string;
}

export interface CampaignResult {
  readonly seed: number;
  readonly cases: number;
  readonly instructions: number;
  readonly stats: GeneratorStats;
  readonly mismatch: Mismatch | undefined;
  /** Probes of candidates our core found UNDEFINED: QEMU's verdict for each. */
  readonly anomalies: readonly { anomaly: Anomaly; verdict: string; mismatch: boolean }[];
  readonly timings: Record<string, number>;
}

export interface BuiltProgram {
  readonly runtime: Runtime;
  readonly text: Uint8Array;
  readonly cases: GeneratedCase[];
  /** Where the runtime enters each case (its first instruction, or a jump to it). */
  readonly entries: number[];
  readonly elf: Uint8Array;
}

const hex = (v: number, w = 8) => `0x${(v >>> 0).toString(16).padStart(w, "0")}`;

/** Generates cases for `options.instructions` instructions and builds the ELF. */
export function generateProgram(options: CampaignOptions): { program: BuiltProgram; generator: CaseGenerator } {
  const generator = new CaseGenerator(options);
  const runtime = assembleRuntime(generator.vfp, options.repeat ?? 1);
  const text: number[] = [...runtime.code];
  generator.setText(runtime.code, TEXT);
  const cases: GeneratedCase[] = [];
  const entries: number[] = [];
  let count = 0;
  const repeated = (options.repeat ?? 1) > 1;
  while (count < options.instructions) {
    while (text.length % 4 !== 0) text.push(0);
    let address = TEXT + text.length;
    const entry = address;
    if (repeated) {
      // "B .+8" (over a NOP) first: the block compiler only starts blocks at targets of taken
      // branches within a page, so repeated ARM cases run as compiled code after a few runs.
      const b = Uint8Array.of(0x00, 0x00, 0x00, 0xea, 0x00, 0xf0, 0x20, 0xe3);
      generator.setText(b, address);
      text.push(...b);
      address += 8;
    }
    const c = generator.generate(address);
    entries.push(entry);
    const exitAt = address + c.bytes.length;
    const exit = c.thumb ? thumbExit(exitAt, runtime.epilogue) : armExit(exitAt, runtime.epilogue);
    const all = new Uint8Array(c.bytes.length + exit.length);
    all.set(c.bytes);
    all.set(exit, c.bytes.length);
    generator.setText(all, address);
    for (const b of all) text.push(b);
    cases.push(c);
    count += c.insns.length;
  }
  const textBytes = Uint8Array.from(text);
  const elf = buildElf(
    textBytes,
    cases.map((c, i) => toProgramCase(c, entries[i])),
  );
  return { program: { runtime, text: textBytes, cases, entries, elf }, generator };
}

function toProgramCase(c: GeneratedCase, entry: number): ProgramCase {
  // The entry is ARM code (the B) when cases repeat; the case itself may be Thumb: then enter it directly.
  return { state: c.state, address: c.thumb ? c.address : entry, thumb: c.thumb };
}

/** Runs a full campaign: generate, run both, compare, explain the first mismatch. */
export function runCampaign(options: CampaignOptions): CampaignResult {
  const timings: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - t);
    t = now;
  };
  const { program, generator } = generateProgram(options);
  lap("generate");
  const qemu = runQemu(program.elf);
  lap("qemu");
  const ours = runOurs(program.elf);
  lap("ours");
  const mismatch = compareOutcomes(program, qemu, ours);
  let explained: Mismatch | undefined;
  if (mismatch !== undefined) {
    explained = { caseIndex: mismatch, report: explainMismatch(program, mismatch, qemu, ours, options.seed) };
  }
  lap("compare");
  const anomalies = generator.stats.anomalies.map((a) => probeAnomaly(a, program.runtime, generator.vfp));
  lap("anomalies");
  return {
    seed: options.seed,
    cases: program.cases.length,
    instructions: program.cases.reduce((n, c) => n + c.insns.length, 0),
    stats: generator.stats,
    mismatch: explained,
    anomalies,
    timings,
  };
}

/** Index of the first case whose records differ (or are missing on one side); undefined if all agree. */
export function compareOutcomes(program: BuiltProgram, qemu: Outcome, ours: Outcome): number | undefined {
  const n = program.cases.length;
  const size = RECORD_SIZE * program.runtime.recordsPerCase;
  for (let i = 0; i < n; i++) {
    const a = qemu.stdout.subarray(i * size, (i + 1) * size);
    const b = ours.stdout.subarray(i * size, (i + 1) * size);
    if (a.length !== size || b.length !== size || !equalBytes(a, b)) return i;
  }
  if (qemu.end !== ours.end || qemu.stdout.length !== ours.stdout.length) return n;
  return undefined;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Field-by-field differences of two records. */
export function diffRecords(expected: CaseRecord, actual: CaseRecord): string[] {
  const out: string[] = [];
  for (let r = 0; r < 15; r++) {
    if (expected.regs[r] !== actual.regs[r])
      out.push(`r${r}: qemu ${hex(expected.regs[r])} ours ${hex(actual.regs[r])}`);
  }
  if (expected.cpsr !== actual.cpsr)
    out.push(`cpsr: qemu ${hex(expected.cpsr)} ours ${hex(actual.cpsr)} (${psrDiff(expected.cpsr, actual.cpsr)})`);
  if (expected.fpscr !== actual.fpscr) out.push(`fpscr: qemu ${hex(expected.fpscr)} ours ${hex(actual.fpscr)}`);
  for (let d = 0; d < 32; d++) {
    const [el, eh, al, ah] = [expected.vfp[2 * d], expected.vfp[2 * d + 1], actual.vfp[2 * d], actual.vfp[2 * d + 1]];
    if (el !== al || eh !== ah)
      out.push(`d${d}: qemu ${hex(eh)}${hex(el).slice(2)} ours ${hex(ah)}${hex(al).slice(2)}`);
  }
  for (let i = 0; i < expected.scratch.length; i += 4) {
    const e = readWord(expected.scratch, i);
    const a = readWord(actual.scratch, i);
    if (e !== a) out.push(`mem[${hex(SCRATCH + i)}]: qemu ${hex(e)} ours ${hex(a)}`);
  }
  return out;
}

function readWord(b: Uint8Array, i: number): number {
  return (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;
}

function psrDiff(a: number, b: number): string {
  const names: [number, string][] = [
    [31, "N"],
    [30, "Z"],
    [29, "C"],
    [28, "V"],
    [27, "Q"],
    [19, "GE3"],
    [18, "GE2"],
    [17, "GE1"],
    [16, "GE0"],
    [9, "E"],
    [5, "T"],
  ];
  const d = (a ^ b) >>> 0;
  const named = names.filter(([bit]) => (d >>> bit) & 1).map(([, n]) => n);
  const rest = d & ~names.reduce((m, [bit]) => m | (1 << bit), 0);
  return [...named, ...(rest ? [`other ${hex(rest)}`] : [])].join(" ");
}

export function describeState(s: CaseState, vfp: boolean): string {
  const lines = [
    `  r0-r7:  ${[...s.regs.slice(0, 8)].map((v) => hex(v)).join(" ")}`,
    `  r8-r14: ${[...s.regs.slice(8, 15)].map((v) => hex(v)).join(" ")}`,
    `  psr: ${hex(s.psr)}`,
  ];
  if (vfp) {
    lines.push(`  fpscr: ${hex(s.fpscr)}`);
    for (let d = 0; d < 32; d += 4) {
      lines.push(
        `  d${d}-d${d + 3}: ${[0, 1, 2, 3].map((k) => `${hex(s.vfp[2 * (d + k) + 1])}${hex(s.vfp[2 * (d + k)]).slice(2)}`).join(" ")}`,
      );
    }
  }
  const words: string[] = [];
  for (let i = 0; i < s.scratch.length; i += 4) words.push(hex(readWord(s.scratch, i)).slice(2));
  for (let i = 0; i < words.length; i += 8)
    lines.push(`  mem[${hex(SCRATCH + i * 4)}]: ${words.slice(i, i + 8).join(" ")}`);
  return lines.join("\n");
}

function describeInsn(i: { address: number; word: number; set: InstrSet; row: string }): string {
  const w =
    i.set === "t16"
      ? hex(i.word, 4)
      : i.set === "t32"
        ? `${hex(i.word >>> 16, 4)} ${hex(i.word & 0xffff, 4).slice(2)}`
        : hex(i.word);
  const row = decodeRow(i.set, i.word);
  let text = "";
  try {
    if (row !== undefined) text = renderTemplate(row, i.word, { pc: i.address, thumb: i.set !== "a32" });
  } catch {
    text = "";
  }
  return `${hex(i.address)}: ${w.padEnd(12)} ${i.set.toUpperCase()} ${i.row.padEnd(28)} ${text}`;
}

/** A one-case program with the code of `program` where case `c`'s instructions are `words` (in place). */
function singleCaseElf(program: BuiltProgram, c: GeneratedCase, keep: number, nopped: ReadonlySet<number>): Uint8Array {
  const text = program.text.slice();
  const dv = new DataView(text.buffer);
  for (const j of nopped) {
    const insn = c.insns[j];
    const o = insn.address - TEXT;
    if (insn.set === "a32") dv.setUint32(o, 0xe320f000, true);
    else if (insn.set === "t16") dv.setUint16(o, 0xbf00, true);
    else {
      dv.setUint16(o, 0xf3af, true);
      dv.setUint16(o + 2, 0x8000, true);
    }
  }
  if (keep < c.insns.length) {
    const at = c.insns[keep].address;
    const exit = c.thumb ? thumbExit(at, program.runtime.epilogue) : armExit(at, program.runtime.epilogue);
    text.set(exit, at - TEXT);
  }
  return buildElf(text, [toProgramCase(c, program.entries[program.cases.indexOf(c)])]);
}

function singleMismatch(elf: Uint8Array): boolean {
  const q = runQemu(elf);
  const o = runOurs(elf);
  return q.end !== o.end || !equalBytes(q.stdout, o.stdout);
}

/** The report for a mismatching case: diff, then the smallest reproducer the search finds. */
export function explainMismatch(
  program: BuiltProgram,
  index: number,
  qemu: Outcome,
  ours: Outcome,
  seed: number,
): string {
  const lines: string[] = [];
  const vfp = program.elf.length > 0 && recordsUseVfp(qemu, ours);
  if (index >= program.cases.length) {
    lines.push(`all ${program.cases.length} case records agree, but the runs ended differently:`);
    lines.push(`  qemu: ${qemu.end} ${qemu.detail}`);
    lines.push(`  ours: ${ours.end} ${ours.detail}`);
    return lines.join("\n");
  }
  const c = program.cases[index];
  lines.push(`seed ${seed}: case ${index} of ${program.cases.length} differs (${c.thumb ? "Thumb" : "ARM"} state)`);
  const rpc = program.runtime.recordsPerCase;
  const haveQ = qemu.stdout.length >= (index + 1) * RECORD_SIZE * rpc;
  const haveO = ours.stdout.length >= (index + 1) * RECORD_SIZE * rpc;
  if (haveQ && haveO) {
    for (let k = 0; k < rpc; k++) {
      const diffs = diffRecords(parseRecord(qemu.stdout, index * rpc + k), parseRecord(ours.stdout, index * rpc + k));
      if (diffs.length === 0) continue;
      lines.push(
        `differences${rpc > 1 ? ` in the ${k === 0 ? "first" : "last (compiled)"} run` : ""} (expected = qemu):`,
      );
      for (const d of diffs) lines.push(`  ${d}`);
    }
  } else {
    lines.push(`  qemu: ${haveQ ? "record written" : `no record (${qemu.end}) ${qemu.detail}`}`);
    lines.push(`  ours: ${haveO ? "record written" : `no record (${ours.end}) ${ours.detail}`}`);
  }
  lines.push("instructions:");
  for (const i of c.insns) lines.push(`  ${describeInsn(i)}`);
  lines.push("initial state:");
  lines.push(describeState(c.state, vfp));
  // Minimize: the shortest prefix that still differs, then NOP out what is not needed.
  if (!singleMismatch(singleCaseElf(program, c, c.insns.length, new Set()))) {
    lines.push("(the case alone does not reproduce the difference: it depends on an earlier case)");
    return lines.join("\n");
  }
  let keep = -1;
  for (let k = 1; k <= c.insns.length; k++) {
    if (c.insns[k - 1].itOpen && k < c.insns.length) continue;
    if (singleMismatch(singleCaseElf(program, c, k, new Set()))) {
      keep = k;
      break;
    }
  }
  if (keep < 0) {
    lines.push("(the case alone does not reproduce the difference: it depends on an earlier case)");
    return lines.join("\n");
  }
  const nopped = new Set<number>();
  for (let j = 0; j < keep - 1; j++) {
    if (c.insns[j].row === "IT" || c.insns[j].itOpen) continue;
    nopped.add(j);
    if (!singleMismatch(singleCaseElf(program, c, keep, nopped))) nopped.delete(j);
  }
  const elf = singleCaseElf(program, c, keep, nopped);
  const q = runQemu(elf);
  const o = runOurs(elf);
  lines.push(
    `minimal reproducer (${c.thumb ? "Thumb" : "ARM"}; the instructions at their addresses, from the initial state above):`,
  );
  for (let j = 0; j < keep; j++) if (!nopped.has(j)) lines.push(`  ${describeInsn(c.insns[j])}`);
  if (q.stdout.length >= RECORD_SIZE * rpc && o.stdout.length >= RECORD_SIZE * rpc) {
    for (let k = 0; k < rpc; k++) {
      for (const d of diffRecords(parseRecord(q.stdout, k), parseRecord(o.stdout, k)))
        lines.push(`    ${rpc > 1 ? `run ${k === 0 ? "first" : "last"}: ` : ""}${d}`);
    }
  } else lines.push(`    qemu: ${q.end} ${q.detail}; ours: ${o.end} ${o.detail}`);
  return lines.join("\n");
}

function recordsUseVfp(_q: Outcome, _o: Outcome): boolean {
  return true;
}

/** Runs a candidate our core found UNDEFINED alone under both: does QEMU agree? */
function probeAnomaly(
  a: Anomaly,
  runtime: Runtime,
  vfp: boolean,
): { anomaly: Anomaly; verdict: string; mismatch: boolean } {
  const text: number[] = [...runtime.code];
  while (text.length % 4 !== 0) text.push(0);
  const address = TEXT + text.length;
  const bytes: number[] = [];
  const put = (v: number, n: number) => {
    for (let i = 0; i < n; i++) bytes.push((v >>> (8 * i)) & 0xff);
  };
  if (a.set === "a32") put(a.word, 4);
  else if (a.set === "t16") put(a.word, 2);
  else {
    put(a.word >>> 16, 2);
    put(a.word & 0xffff, 2);
  }
  const thumb = a.set !== "a32";
  const exit = thumb
    ? thumbExit(address + bytes.length, runtime.epilogue)
    : armExit(address + bytes.length, runtime.epilogue);
  const all = [...text, ...bytes, ...exit];
  const elf = buildElf(Uint8Array.from(all), [{ state: a.state, address, thumb }]);
  void vfp;
  const q = runQemu(elf);
  const o = runOurs(elf);
  const same = q.end === o.end && equalBytes(q.stdout, o.stdout);
  const verdict = same
    ? `both: ${q.end}${q.end.includes("SIGILL") ? " (UNDEFINED in QEMU too)" : ""}`
    : `qemu: ${q.end}${q.stdout.length ? " with a record" : ""}; ours: ${o.end} ${o.detail}`;
  return { anomaly: a, verdict, mismatch: !same };
}

/** A one-paragraph summary of a campaign. */
export function summarize(r: CampaignResult): string {
  const lines = [
    `seed ${r.seed}: ${r.instructions} instructions in ${r.cases} cases (${r.stats.candidates} candidates tried), ` +
      `${r.mismatch === undefined ? "0 mismatches" : "MISMATCH"}; times ${JSON.stringify(r.timings)}`,
  ];
  if (r.mismatch !== undefined) lines.push(r.mismatch.report);
  if (r.stats.surprises.size > 0) {
    const list = [...r.stats.surprises].map(([k, n]) => `${k} (${n})`).join(", ");
    lines.push(`candidates that wrote a register their fields do not name (rejected): ${list}`);
  }
  for (const a of r.anomalies) {
    lines.push(`undefined on our core: ${a.anomaly.set} ${a.anomaly.row} ${hex(a.anomaly.word)}: ${a.verdict}`);
  }
  return lines.join("\n");
}

export { REC_CPSR, REC_D, REC_FPSCR, REC_SCRATCH };
