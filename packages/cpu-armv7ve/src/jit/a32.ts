// A32 block compiler: turns a run of A32 instructions into the source of one JS function.
// Hot instructions (data processing, loads/stores, MOVW/MOVT, branches) are emitted inline with
// their fields folded into constants; every other instruction becomes a direct call of its
// interpreter handler with the encoding as a literal (so V8 can inline and specialize it).
//
// Generated code contract (see jit/cache.ts): `function(c, budget)` returns the number of
// instructions retired and leaves c.pc at the next instruction. Before anything that can take
// an exception it stores c.curPc (and, for looping blocks, c.jitDone = instructions retired in
// earlier iterations), so the dispatcher can count retired instructions when an abort unwinds.
import { decodeA32Row } from "../a32/decoder.js";
import type { A32Handler } from "../cpu.js";
import { extractFields } from "../decode/pattern.js";

/** The condition as a JS expression over the CPU's flag fields. */
export function condExpr(cond: number): string {
  switch (cond) {
    case 0:
      return "c.zf === 0";
    case 1:
      return "c.zf !== 0";
    case 2:
      return "c.cf !== 0";
    case 3:
      return "c.cf === 0";
    case 4:
      return "c.nf < 0";
    case 5:
      return "c.nf >= 0";
    case 6:
      return "c.vf < 0";
    case 7:
      return "c.vf >= 0";
    case 8:
      return "(c.cf !== 0 && c.zf !== 0)";
    case 9:
      return "(c.cf === 0 || c.zf === 0)";
    case 10:
      return "(c.nf ^ c.vf) >= 0";
    case 11:
      return "(c.nf ^ c.vf) < 0";
    case 12:
      return "(c.zf !== 0 && (c.nf ^ c.vf) >= 0)";
    case 13:
      return "(c.zf === 0 || (c.nf ^ c.vf) < 0)";
    default:
      return "true";
  }
}

/** Registers used by emitted code: the interpreter handlers called directly, and helpers. */
export interface EmitContext {
  /** Registers a handler and returns the identifier the code calls it by. */
  handler(fn: A32Handler): string;
}

export interface EmittedInstruction {
  /** JS statements (the condition check included). */
  readonly code: string;
  /** The instruction ends the block (it may change PC, mode or system state). */
  readonly ends: boolean;
  /** For a direct branch: its target address (used to turn a block into a loop). */
  readonly target?: number;
  /** The branch is conditional (falls through when the condition fails). */
  readonly conditional?: boolean;
  /** The code calls an interpreter handler (which may take an exception and set c.exitReq). */
  readonly calls?: boolean;
  /** For a conditional direct branch: the condition and the link value (BL), to emit it as a side exit. */
  readonly branchCond?: number;
  readonly link?: number;
}

const reg = (n: number, pc: number) => (n === 15 ? `${(pc + 8) | 0}` : `r[${n}]`);

/** Operand 2 of an immediate-shift data-processing / load-store register form: [expr, carry expr]. */
function shiftedReg(w: number, pc: number, needCarry: boolean): [string, string] {
  const m = w & 15;
  const type = (w >>> 5) & 3;
  const imm5 = (w >>> 7) & 31;
  const rm = reg(m, pc);
  switch (type) {
    case 0:
      if (imm5 === 0) return [rm, "c.cf"];
      return [`(${rm} << ${imm5})`, needCarry ? `((${rm} >>> ${32 - imm5}) & 1)` : "0"];
    case 1:
      if (imm5 === 0) return ["0", needCarry ? `(${rm} >>> 31)` : "0"];
      return [`((${rm} >>> ${imm5}) | 0)`, needCarry ? `((${rm} >>> ${imm5 - 1}) & 1)` : "0"];
    case 2:
      if (imm5 === 0) return [`(${rm} >> 31)`, needCarry ? `(${rm} >>> 31)` : "0"];
      return [`(${rm} >> ${imm5})`, needCarry ? `((${rm} >> ${imm5 - 1}) & 1)` : "0"];
    default:
      if (imm5 === 0) return [`((c.cf << 31) | (${rm} >>> 1))`, needCarry ? `(${rm} & 1)` : "0"];
      return [`((${rm} >>> ${imm5}) | (${rm} << ${32 - imm5}))`, needCarry ? `((${rm} >>> ${imm5 - 1}) & 1)` : "0"];
  }
}

/** Data processing with Rd != 15 (Rd = 15 goes through the handler and ends the block). */
function dataProcessing(w: number, pc: number, form: "imm" | "reg"): string | undefined {
  const op = (w >>> 21) & 15;
  const s = (w & 0x100000) !== 0;
  const rd = (w >>> 12) & 15;
  const test = op >= 8 && op <= 11;
  if (!test && rd === 15) return undefined;
  const logical = op === 0 || op === 1 || op === 8 || op === 9 || op >= 12;
  const flags = s || test;
  let b: string;
  let carry: string;
  if (form === "imm") {
    const rot = (w >>> 7) & 0x1e;
    const v = w & 0xff;
    const value = rot === 0 ? v : (v >>> rot) | (v << (32 - rot)) | 0;
    b = `${value}`;
    carry = rot === 0 ? "c.cf" : `${value >>> 31}`;
  } else {
    [b, carry] = shiftedReg(w, pc, flags && logical);
  }
  const a = reg((w >>> 16) & 15, pc);
  const lines: string[] = [];
  lines.push(`{ const a = ${a}; const b = ${b};`);
  if (flags && logical && carry !== "c.cf") lines.push(`const sc = ${carry};`);
  let res: string;
  switch (op) {
    case 0:
    case 8:
      res = "a & b";
      break;
    case 1:
    case 9:
      res = "a ^ b";
      break;
    case 2:
    case 10:
      res = flags ? "subFlags(c, a, b)" : "(a - b) | 0";
      break;
    case 3:
      res = flags ? "subFlags(c, b, a)" : "(b - a) | 0";
      break;
    case 4:
    case 11:
      res = flags ? "addFlags(c, a, b, 0)" : "(a + b) | 0";
      break;
    case 5:
      res = flags ? "addFlags(c, a, b, c.cf)" : "(a + b + c.cf) | 0";
      break;
    case 6:
      res = flags ? "addFlags(c, a, ~b, c.cf)" : "(a + ~b + c.cf) | 0";
      break;
    case 7:
      res = flags ? "addFlags(c, b, ~a, c.cf)" : "(b + ~a + c.cf) | 0";
      break;
    case 12:
      res = "a | b";
      break;
    case 13:
      res = "b";
      break;
    case 14:
      res = "a & ~b";
      break;
    default:
      res = "~b";
      break;
  }
  lines.push(`const res = ${res};`);
  if (flags && logical) {
    lines.push("c.nf = res; c.zf = res;");
    if (carry !== "c.cf") lines.push("c.cf = sc;");
  }
  if (!test) lines.push(`r[${rd}] = res;`);
  lines.push("}");
  return lines.join(" ");
}

/** LDR/STR/LDRB/STRB, immediate or immediate-shifted register offset; not the T forms, not Rt = 15 loads. */
function loadStore(w: number, pc: number): string | undefined {
  const p = (w & (1 << 24)) !== 0;
  const u = (w & (1 << 23)) !== 0;
  const byte = (w & (1 << 22)) !== 0;
  const wbit = (w & (1 << 21)) !== 0;
  const load = (w & (1 << 20)) !== 0;
  const n = (w >>> 16) & 15;
  const t = (w >>> 12) & 15;
  if (!p && wbit) return undefined; // LDRT & co.
  if (load && t === 15) return undefined;
  const wback = !p || wbit;
  if (wback && n === 15) return undefined;
  let off: string;
  if ((w & (1 << 25)) !== 0) {
    off = shiftedReg(w, pc, false)[0];
  } else {
    off = `${w & 0xfff}`;
  }
  const base = reg(n, pc);
  const offAddr = `((${base} ${u ? "+" : "-"} ${off}) | 0)`;
  const lines: string[] = [`c.curPc = ${pc};`, "{"];
  if (wback) lines.push(`const base = ${base}; const oa = ((base ${u ? "+" : "-"} ${off}) | 0);`);
  const addr = wback ? (p ? "oa" : "base") : offAddr;
  if (load) {
    lines.push(`const v = c.${byte ? "read8" : "read32"}(${addr});`);
    if (wback) lines.push(`r[${n}] = oa;`);
    lines.push(`r[${t}] = v;`);
  } else {
    lines.push(`c.${byte ? "write8" : "write32"}(${addr}, ${reg(t, pc)});`);
    if (wback) lines.push(`r[${n}] = oa;`);
  }
  lines.push("}");
  return lines.join(" ");
}

/** STRH/LDRH/LDRSB/LDRSH/LDRD/STRD, immediate or register offset (not the unprivileged T forms). */
function extraLoadStore(w: number, pc: number): string | undefined {
  const p = (w & (1 << 24)) !== 0;
  const u = (w & (1 << 23)) !== 0;
  const wbit = (w & (1 << 21)) !== 0;
  const load = (w & (1 << 20)) !== 0;
  const n = (w >>> 16) & 15;
  const t = (w >>> 12) & 15;
  const op2 = (w >>> 5) & 3;
  if (!p && wbit) return undefined;
  const wback = !p || wbit;
  if (wback && n === 15) return undefined;
  const dual = !load && op2 !== 1;
  if ((load || !dual) && t === 15) return undefined;
  if (dual && (t & 1) !== 0) return undefined;
  const off = (w & (1 << 22)) !== 0 ? `${((w >>> 4) & 0xf0) | (w & 15)}` : reg(w & 15, pc);
  const base = reg(n, pc);
  const lines: string[] = [
    `c.curPc = ${pc};`,
    `{ const base = ${base}; const oa = ((base ${u ? "+" : "-"} ${off}) | 0);`,
  ];
  const addr = p ? "oa" : "base";
  const wb = wback ? `r[${n}] = oa;` : "";
  if (op2 === 1) {
    if (load) lines.push(`const v = c.read16(${addr}); ${wb} r[${t}] = v;`);
    else lines.push(`c.write16(${addr}, ${reg(t, pc)}); ${wb}`);
  } else if (load) {
    const v = op2 === 2 ? `(c.read8(${addr}) << 24) >> 24` : `(c.read16(${addr}) << 16) >> 16`;
    lines.push(`const v = ${v}; ${wb} r[${t}] = v;`);
  } else if (op2 === 2) {
    lines.push(
      `const lo = c.read32Aligned(${addr}); const hi = c.read32Aligned((${addr} + 4) | 0); ${wb} r[${t}] = lo; r[${t + 1}] = hi;`,
    );
  } else {
    lines.push(
      `c.write32Aligned(${addr}, ${reg(t, pc)}); c.write32Aligned((${addr} + 4) | 0, ${reg(t + 1, pc)}); ${wb}`,
    );
  }
  lines.push("}");
  return lines.join(" ");
}

/** LDM/STM (not the User-register / exception-return forms). A PC load is an interworking branch. */
function blockTransfer(w: number, pc: number): { code: string; writesPc: boolean } | undefined {
  const n = (w >>> 16) & 15;
  const list = w & 0xffff;
  if (n === 15 || list === 0) return undefined;
  const load = (w & (1 << 20)) !== 0;
  const wback = (w & (1 << 21)) !== 0;
  const up = (w & (1 << 23)) !== 0;
  const before = (w & (1 << 24)) !== 0;
  let count = 0;
  for (let i = 0; i < 16; i++) if (list & (1 << i)) count++;
  const first = up ? (before ? 4 : 0) : before ? -4 * count : -4 * count + 4;
  const wbDelta = up ? 4 * count : -4 * count;
  const lines: string[] = [`c.curPc = ${pc};`, `{ const base = r[${n}];`];
  let k = 0;
  const regs: number[] = [];
  for (let i = 0; i < 16; i++) if (list & (1 << i)) regs.push(i);
  const addr = (j: number) => `((base + ${first + 4 * j}) | 0)`;
  if (load) {
    for (const i of regs) lines.push(`const v${i} = c.read32Aligned(${addr(k++)});`);
    if (wback) lines.push(`r[${n}] = (base + ${wbDelta}) | 0;`);
    for (const i of regs) if (i !== 15) lines.push(`r[${i}] = v${i};`);
    if (list & 0x8000) lines.push("c.bxTo(v15);");
  } else {
    for (const i of regs) lines.push(`c.write32Aligned(${addr(k++)}, ${i === 15 ? `${(pc + 8) | 0}` : `r[${i}]`});`);
    if (wback) lines.push(`r[${n}] = (base + ${wbDelta}) | 0;`);
  }
  lines.push("}");
  return { code: lines.join(" "), writesPc: load && (list & 0x8000) !== 0 };
}

/**
 * Emits one instruction at address `pc`. Instructions that may change PC, mode or system state
 * are emitted as handler calls and end the block.
 */
export function emitA32(w: number, pc: number, ctx: EmitContext): EmittedInstruction {
  const cond = w >>> 28;
  const row = decodeA32Row(w);
  const conditional = cond < 14;
  const wrap = (body: string) => (conditional ? `if (${condExpr(cond)}) { ${body} }` : body);

  if (row !== undefined) {
    let inline: string | undefined;
    switch (row.jit) {
      case "dp-imm":
        inline = dataProcessing(w, pc, "imm");
        break;
      case "dp-reg":
        inline = dataProcessing(w, pc, "reg");
        break;
      case "ls":
        inline = loadStore(w, pc);
        break;
      case "movw":
        inline = `r[${(w >>> 12) & 15}] = ${((w >>> 4) & 0xf000) | (w & 0xfff)};`;
        break;
      case "movt": {
        const rd = (w >>> 12) & 15;
        inline = `r[${rd}] = (r[${rd}] & 0xffff) | ${(((w >>> 16) & 0xf) << 28) | ((w & 0xfff) << 16)};`;
        break;
      }
      case "lsx":
        inline = extraLoadStore(w, pc);
        break;
      case "ldm-stm": {
        const bt = blockTransfer(w, pc);
        if (bt?.writesPc) {
          // POP {…, pc}: a branch; the block ends.
          return {
            code: conditional ? `if (${condExpr(cond)}) { ${bt.code} } else { c.pc = ${(pc + 4) >>> 0}; }` : bt.code,
            ends: true,
          };
        }
        inline = bt?.code;
        break;
      }
    }
    if (row.jit === "b" || row.jit === "bl") {
      const target = (pc + 8 + ((w << 8) >> 6)) >>> 0;
      const link = row.jit === "bl" ? `r[14] = ${pc + 4}; ` : "";
      const code = conditional
        ? `if (${condExpr(cond)}) { ${link}c.pc = ${target}; } else { c.pc = ${(pc + 4) >>> 0}; }`
        : `${link}c.pc = ${target};`;
      return { code, ends: true, target, conditional, branchCond: cond, link: row.jit === "bl" ? pc + 4 : undefined };
    }
    if (inline !== undefined) return { code: wrap(inline), ends: false };
  }

  // Everything else: a direct call of the interpreter's handler.
  const handler = ctx.handler(row === undefined ? UNDEF_HANDLER : row.exec);
  const ends =
    row === undefined ||
    row.branch === true ||
    row.privileged === true ||
    row.noDiff !== undefined ||
    mayWritePc(row, w);
  const call = `r[15] = ${(pc + 8) | 0}; c.curPc = ${pc}; c.pc = ${(pc + 4) >>> 0}; ${handler}(c, ${w | 0});`;
  if (ends) {
    // The handler sets c.pc (branch, exception or fall-through).
    return {
      code: conditional ? `if (${condExpr(cond)}) { ${call} } else { c.pc = ${(pc + 4) >>> 0}; }` : call,
      ends: true,
      calls: true,
    };
  }
  return { code: wrap(call), ends: false, conditional, calls: true };
}

/** The undefined-instruction handler (set by the decoder module: index 0 of a32Handlers). */
let UNDEF_HANDLER: A32Handler = (cpu) => cpu.undefinedInstruction();
export function setUndefinedHandler(h: A32Handler): void {
  UNDEF_HANDLER = h;
}

/** Whether the instruction can write PC through a register field or a register list. */
function mayWritePc(row: NonNullable<ReturnType<typeof decodeA32Row>>, w: number): boolean {
  const f = extractFields(w, row);
  if (f.d === 15 || f.t === 15 || f.h === 15 || f.l === 15) return true;
  if (f.r !== undefined && row.name.startsWith("LDM") && (f.r & 0x8000) !== 0) return true;
  // Any instruction that may switch mode, state or the translation regime.
  return /^(MSR|CPS|SETEND|SRS|RFE|MCR|MRC|MCRR|MRRC|SVC|BKPT|HVC|SMC|ERET|WFI|WFE|SEV|UDF|SWP)/.test(row.name);
}
