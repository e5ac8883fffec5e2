// 16-bit Thumb instruction semantics (ARM ARM A6.2): field extraction from the halfword, the
// operations themselves from exec/. The flag-setting data-processing forms set flags only outside
// an IT block (setflags = !InITBlock()); during execution cpu.itstate is the current ITSTATE.
import { popcount16 } from "../a32/loadstore.js";
import type { ArmCpu } from "../cpu.js";
import { logicFlags, shiftImm, shiftReg, subFlags } from "../exec/alu.js";
import { AluOp, alu, isTestOp, mulAcc } from "../exec/dataproc.js";
import { extend, rev, rev16, revsh } from "../exec/media.js";
import { loadMultiple, storeMultiple } from "../exec/memory.js";
import { breakpoint, changeProcessorState } from "../exec/system.js";

// ---- shift (immediate), add, subtract, move, compare ---------------------------------------------

/** LSL/LSR/ASR (immediate) T1 and MOV (register) T2 (= LSL #0): type [12:11], imm5 [10:6]. */
export function shiftImm16(cpu: ArmCpu, hw: number): void {
  const r = cpu.r;
  const res = shiftImm(cpu, r[(hw >>> 3) & 7], (hw >>> 11) & 3, (hw >>> 6) & 31);
  r[hw & 7] = res;
  if (cpu.itstate === 0) logicFlags(cpu, res, cpu.shc);
}

/** ADD/SUB (register) T1 and ADD/SUB (immediate) T1: bit 10 = immediate, bit 9 = subtract. */
export function addSub3(cpu: ArmCpu, hw: number): void {
  const r = cpu.r;
  const x = (hw >>> 6) & 7;
  const b = hw & 0x400 ? x : r[x];
  r[hw & 7] = alu(cpu, hw & 0x200 ? AluOp.SUB : AluOp.ADD, r[(hw >>> 3) & 7], b, 0, cpu.itstate === 0);
}

/** MOV (immediate) T1: flags N, Z outside an IT block (C unchanged). */
export function movImm8(cpu: ArmCpu, hw: number): void {
  cpu.r[(hw >>> 8) & 7] = alu(cpu, AluOp.MOV, 0, hw & 0xff, cpu.cf, cpu.itstate === 0);
}

export function cmpImm8(cpu: ArmCpu, hw: number): void {
  subFlags(cpu, cpu.r[(hw >>> 8) & 7], hw & 0xff);
}

/** ADD (immediate) T2 / SUB (immediate) T2: bit 11 = subtract. */
export function addSubImm8(cpu: ArmCpu, hw: number): void {
  const r = cpu.r;
  const d = (hw >>> 8) & 7;
  r[d] = alu(cpu, hw & 0x800 ? AluOp.SUB : AluOp.ADD, r[d], hw & 0xff, 0, cpu.itstate === 0);
}

// ---- data processing (register) ------------------------------------------------------------------

/**
 * AND, EOR, ADC, SBC, TST, CMP, CMN, ORR, BIC, MVN (register) T1: opcode [9:6] numbered as AluOp
 * for exactly these operations. Rdn [2:0], Rm [5:3].
 */
export function dpReg16(cpu: ArmCpu, hw: number): void {
  const r = cpu.r;
  const op = (hw >>> 6) & 15;
  const d = hw & 7;
  if (isTestOp(op)) {
    alu(cpu, op, r[d], r[(hw >>> 3) & 7], cpu.cf, true);
    return;
  }
  r[d] = alu(cpu, op, r[d], r[(hw >>> 3) & 7], cpu.cf, cpu.itstate === 0);
}

/** LSL/LSR/ASR/ROR (register) T1: opcode 0010/0011/0100/0111. */
export function shiftReg16(cpu: ArmCpu, hw: number): void {
  const r = cpu.r;
  const op = (hw >>> 6) & 15;
  const d = hw & 7;
  const res = shiftReg(cpu, r[d], op === 7 ? 3 : op - 2, r[(hw >>> 3) & 7]);
  r[d] = res;
  if (cpu.itstate === 0) logicFlags(cpu, res, cpu.shc);
}

/** RSB (immediate) T1, i.e. NEG: Rd = 0 - Rn. */
export function neg16(cpu: ArmCpu, hw: number): void {
  const r = cpu.r;
  r[hw & 7] = alu(cpu, AluOp.RSB, r[(hw >>> 3) & 7], 0, 0, cpu.itstate === 0);
}

/** MUL T1: Rdm = Rn * Rdm (N, Z outside an IT block). */
export function mul16(cpu: ArmCpu, hw: number): void {
  const r = cpu.r;
  const d = hw & 7;
  r[d] = mulAcc(cpu, r[(hw >>> 3) & 7], r[d], 0, cpu.itstate === 0);
}

// ---- special data instructions and branch and exchange -------------------------------------------

/** ADD (register) T2 incl. the SP forms: Rdn = D:Rdn, no flags; Rd = PC is a branch (ALUWritePC). */
export function addHi(cpu: ArmCpu, hw: number): void {
  const r = cpu.r;
  const d = ((hw >>> 4) & 8) | (hw & 7);
  const res = (r[d] + r[(hw >>> 3) & 15]) | 0;
  if (d === 15) cpu.branchTo(res);
  else r[d] = res;
}

export function cmpHi(cpu: ArmCpu, hw: number): void {
  const r = cpu.r;
  subFlags(cpu, r[((hw >>> 4) & 8) | (hw & 7)], r[(hw >>> 3) & 15]);
}

/** MOV (register) T1: no flags; Rd = PC is a branch. */
export function movHi(cpu: ArmCpu, hw: number): void {
  const r = cpu.r;
  const d = ((hw >>> 4) & 8) | (hw & 7);
  const v = r[(hw >>> 3) & 15];
  if (d === 15) cpu.branchTo(v);
  else r[d] = v;
}

export function bx16(cpu: ArmCpu, hw: number): void {
  cpu.bxTo(cpu.r[(hw >>> 3) & 15]);
}

export function blx16(cpu: ArmCpu, hw: number): void {
  const target = cpu.r[(hw >>> 3) & 15];
  cpu.r[14] = (cpu.curPc + 2) | 1;
  cpu.bxTo(target);
}

// ---- loads and stores ----------------------------------------------------------------------------

/** LDR (literal) T1: Rt = [Align(PC, 4) + imm8 * 4]. */
export function ldrLit16(cpu: ArmCpu, hw: number): void {
  const r = cpu.r;
  r[(hw >>> 8) & 7] = cpu.read32(((r[15] & ~3) + ((hw & 0xff) << 2)) | 0);
}

/** Load/store (register) T1: opcode [11:9] = STR, STRH, STRB, LDRSB, LDR, LDRH, LDRB, LDRSH. */
export function ldstReg16(cpu: ArmCpu, hw: number): void {
  const r = cpu.r;
  const t = hw & 7;
  const addr = (r[(hw >>> 3) & 7] + r[(hw >>> 6) & 7]) | 0;
  switch ((hw >>> 9) & 7) {
    case 0:
      cpu.write32(addr, r[t]);
      break;
    case 1:
      cpu.write16(addr, r[t] & 0xffff);
      break;
    case 2:
      cpu.write8(addr, r[t] & 0xff);
      break;
    case 3:
      r[t] = (cpu.read8(addr) << 24) >> 24;
      break;
    case 4:
      r[t] = cpu.read32(addr);
      break;
    case 5:
      r[t] = cpu.read16(addr);
      break;
    case 6:
      r[t] = cpu.read8(addr);
      break;
    default:
      r[t] = (cpu.read16(addr) << 16) >> 16;
      break;
  }
}

/** STR/LDR (immediate) T1: [Rn, #imm5 * 4]; bit 11 = load. */
export function ldstWordImm16(cpu: ArmCpu, hw: number): void {
  const r = cpu.r;
  const addr = (r[(hw >>> 3) & 7] + ((hw >>> 4) & 0x7c)) | 0;
  if (hw & 0x800) r[hw & 7] = cpu.read32(addr);
  else cpu.write32(addr, r[hw & 7]);
}

/** STRB/LDRB (immediate) T1: [Rn, #imm5]. */
export function ldstByteImm16(cpu: ArmCpu, hw: number): void {
  const r = cpu.r;
  const addr = (r[(hw >>> 3) & 7] + ((hw >>> 6) & 31)) | 0;
  if (hw & 0x800) r[hw & 7] = cpu.read8(addr);
  else cpu.write8(addr, r[hw & 7] & 0xff);
}

/** STRH/LDRH (immediate) T1: [Rn, #imm5 * 2]. */
export function ldstHalfImm16(cpu: ArmCpu, hw: number): void {
  const r = cpu.r;
  const addr = (r[(hw >>> 3) & 7] + ((hw >>> 5) & 0x3e)) | 0;
  if (hw & 0x800) r[hw & 7] = cpu.read16(addr);
  else cpu.write16(addr, r[hw & 7] & 0xffff);
}

/** STR/LDR (immediate) T2: [SP, #imm8 * 4]. */
export function ldstSp16(cpu: ArmCpu, hw: number): void {
  const r = cpu.r;
  const t = (hw >>> 8) & 7;
  const addr = (r[13] + ((hw & 0xff) << 2)) | 0;
  if (hw & 0x800) r[t] = cpu.read32(addr);
  else cpu.write32(addr, r[t]);
}

/** ADR T1: Rd = Align(PC, 4) + imm8 * 4. */
export function adr16(cpu: ArmCpu, hw: number): void {
  const r = cpu.r;
  r[(hw >>> 8) & 7] = ((r[15] & ~3) + ((hw & 0xff) << 2)) | 0;
}

/** ADD (SP plus immediate) T1: Rd = SP + imm8 * 4. */
export function addSpImm8(cpu: ArmCpu, hw: number): void {
  const r = cpu.r;
  r[(hw >>> 8) & 7] = (r[13] + ((hw & 0xff) << 2)) | 0;
}

/** ADD (SP plus immediate) T2 / SUB (SP minus immediate) T1: SP ± imm7 * 4 (bit 7 = subtract). */
export function addSubSp16(cpu: ArmCpu, hw: number): void {
  const r = cpu.r;
  const imm = (hw & 0x7f) << 2;
  r[13] = (hw & 0x80 ? r[13] - imm : r[13] + imm) | 0;
}

/** STM T1 (STMIA Rn!): always writes back. */
export function stm16(cpu: ArmCpu, hw: number): void {
  const r = cpu.r;
  const n = (hw >>> 8) & 7;
  const list = hw & 0xff;
  storeMultiple(cpu, n, list, r[n], true, (r[n] + 4 * popcount16(list)) | 0, false);
}

/** LDM T1 (LDMIA Rn{!}): writes back unless Rn is in the list. */
export function ldm16(cpu: ArmCpu, hw: number): void {
  const r = cpu.r;
  const n = (hw >>> 8) & 7;
  const list = hw & 0xff;
  loadMultiple(cpu, n, list, r[n], (list & (1 << n)) === 0, (r[n] + 4 * popcount16(list)) | 0, false, true);
}

/** PUSH T1: registers R0-R7 and (bit 8) LR. */
export function push16(cpu: ArmCpu, hw: number): void {
  const list = (hw & 0xff) | ((hw & 0x100) << 6);
  const start = (cpu.r[13] - 4 * popcount16(list)) | 0;
  storeMultiple(cpu, 13, list, start, true, start, false);
}

/** POP T1: registers R0-R7 and (bit 8) PC (an interworking branch: LoadWritePC). */
export function pop16(cpu: ArmCpu, hw: number): void {
  const list = (hw & 0xff) | ((hw & 0x100) << 7);
  const sp = cpu.r[13];
  loadMultiple(cpu, 13, list, sp, true, (sp + 4 * popcount16(list)) | 0, false, true);
}

// ---- miscellaneous -------------------------------------------------------------------------------

/** CBZ / CBNZ (bit 11): branch forward by i:imm5:'0' if Rn is (not) zero. */
export function cbz(cpu: ArmCpu, hw: number): void {
  const zero = cpu.r[hw & 7] === 0;
  if (zero !== ((hw & 0x800) !== 0)) {
    cpu.pc = (cpu.r[15] + (((hw >>> 3) & 0x40) | ((hw >>> 2) & 0x3e))) >>> 0;
  }
}

/** SXTH / SXTB / UXTH / UXTB T1: opcode [7:6]. */
export function extend16(cpu: ArmCpu, hw: number): void {
  const op = (hw >>> 6) & 3;
  cpu.r[hw & 7] = extend(cpu.r[(hw >>> 3) & 7], op & 1 ? 0 : 1, op < 2, 0);
}

/** REV / REV16 / REVSH T1: opcode [7:6] = 00 / 01 / 11. */
export function rev16bit(cpu: ArmCpu, hw: number): void {
  const v = cpu.r[(hw >>> 3) & 7];
  const op = (hw >>> 6) & 3;
  cpu.r[hw & 7] = op === 0 ? rev(v) : op === 1 ? rev16(v) : revsh(v);
}

export function setend16(cpu: ArmCpu, hw: number): void {
  cpu.setBigEndian((hw & 8) !== 0);
}

/** CPS T1: im (bit 4) = 1 disables (CPSID), A/I/F bits 2/1/0. */
export function cps16(cpu: ArmCpu, hw: number): void {
  changeProcessorState(cpu, hw & 0x10 ? 3 : 2, (hw & 4) !== 0, (hw & 2) !== 0, (hw & 1) !== 0, false, 0);
}

export function bkpt16(cpu: ArmCpu, _hw: number): void {
  breakpoint(cpu);
}

/** IT: ITSTATE = firstcond:mask (the CPU loop does not advance ITSTATE after this instruction). */
export function it(cpu: ArmCpu, hw: number): void {
  cpu.itstate = hw & 0xff;
}

/** B T1 (conditional; the condition is in the encoding, not in ITSTATE). */
export function bCond16(cpu: ArmCpu, hw: number): void {
  if (cpu.condPassed((hw >>> 8) & 15)) cpu.pc = (cpu.r[15] + ((hw << 24) >> 23)) >>> 0;
}

/** B T2. */
export function b16(cpu: ArmCpu, hw: number): void {
  cpu.pc = (cpu.r[15] + ((hw << 21) >> 20)) >>> 0;
}

/**
 * SVC: TakeSVCException advances ITSTATE before saving the CPSR (the preferred return address is
 * the next instruction, so SPSR.IT must describe that instruction). cpu.supervisorCall saves the
 * CPSR as it is, so the advance happens here; the CPU loop then sees ITSTATE changed and does not
 * advance it again (also when onSupervisorCall handles the call natively).
 */
export function svc16(cpu: ArmCpu, hw: number): void {
  const it = cpu.itstate;
  if (it !== 0) cpu.itstate = (it & 7) === 0 ? 0 : (it & 0xe0) | ((it << 1) & 0x1f);
  cpu.supervisorCall(hw & 0xff);
}

export function udf16(cpu: ArmCpu, _hw: number): void {
  cpu.undefinedInstruction();
}
