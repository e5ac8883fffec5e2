// 32-bit Thumb loads and stores (ARM ARM A6.3.5-A6.3.10). Every memory access happens before any
// register is written, so an abort (thrown by the cpu's accessors) leaves the registers unchanged.
//
// Single loads/stores share one layout: hw1 = 1111100 S U sz(2) L Rn, hw2 = Rt ... where S (bit 24)
// is "signed", U (bit 23) selects the imm12 form (or the literal's add bit), sz [22:21] is
// 00 byte / 01 halfword / 10 word, L (bit 20) is load.
import { popcount16 } from "../a32/loadstore.js";
import type { ArmCpu } from "../cpu.js";
import { exclusiveLoad, exclusiveStore, loadMultiple, storeMultiple } from "../exec/memory.js";
import { returnFromException, storeReturnState } from "../exec/system.js";
import { Mode } from "../psr.js";

/** The load or store of a single item at `addr`, then write-back of `offAddr` to Rn. */
function transfer(cpu: ArmCpu, w: number, addr: number, wback: boolean, offAddr: number, user: boolean): void {
  const r = cpu.r;
  const n = (w >>> 16) & 15;
  const t = (w >>> 12) & 15;
  const size = (w >>> 21) & 3;
  if ((w & 0x100000) === 0) {
    // Stores: Rn = 15 is UNDEFINED.
    if (n === 15) {
      cpu.undefinedInstruction();
      return;
    }
    const v = r[t];
    if (user)
      cpu.writeUser(addr, size === 2 ? 4 : size === 1 ? 2 : 1, size === 2 ? v : size === 1 ? v & 0xffff : v & 0xff);
    else if (size === 2) cpu.write32(addr, v);
    else if (size === 1) cpu.write16(addr, v & 0xffff);
    else cpu.write8(addr, v & 0xff);
    if (wback) r[n] = offAddr;
    return;
  }
  let v: number;
  if (size === 2) v = user ? cpu.readUser(addr, 4) : cpu.read32(addr);
  else if (size === 1) {
    v = user ? cpu.readUser(addr, 2) : cpu.read16(addr);
    if (w & 0x1000000) v = (v << 16) >> 16;
  } else {
    v = user ? cpu.readUser(addr, 1) : cpu.read8(addr);
    if (w & 0x1000000) v = (v << 24) >> 24;
  }
  if (wback) r[n] = offAddr;
  if (t === 15) {
    // LDR to the PC is an interworking branch (LoadWritePC); other Rt = 15 forms are hints or
    // UNPREDICTABLE (the value is dropped).
    if (size === 2) cpu.bxTo(v);
  } else r[t] = v;
}

/** [Rn, #imm12]. */
export function ldstImm12(cpu: ArmCpu, w: number): void {
  transfer(cpu, w, (cpu.r[(w >>> 16) & 15] + (w & 0xfff)) | 0, false, 0, false);
}

/** [Rn, #±imm8], [Rn, #±imm8]!, [Rn], #±imm8: P = bit 10, U = bit 9, W = bit 8. */
export function ldstImm8(cpu: ArmCpu, w: number): void {
  const base = cpu.r[(w >>> 16) & 15];
  const imm = w & 0xff;
  const offAddr = (w & 0x200 ? base + imm : base - imm) | 0;
  transfer(cpu, w, w & 0x400 ? offAddr : base, (w & 0x100) !== 0, offAddr, false);
}

/** LDRT/STRT/LDRBT/...: [Rn, #imm8] with PL0 permissions. */
export function ldstUser(cpu: ArmCpu, w: number): void {
  transfer(cpu, w, (cpu.r[(w >>> 16) & 15] + (w & 0xff)) | 0, false, 0, true);
}

/** [Rn, Rm, LSL #imm2]. */
export function ldstReg(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  transfer(cpu, w, (r[(w >>> 16) & 15] + (r[w & 15] << ((w >>> 4) & 3))) | 0, false, 0, false);
}

/** Literal: [Align(PC, 4) ± imm12], U = bit 23. */
export function ldrLiteral(cpu: ArmCpu, w: number): void {
  const base = cpu.r[15] & ~3;
  const imm = w & 0xfff;
  transfer(cpu, w, (w & 0x800000 ? base + imm : base - imm) | 0, false, 0, false);
}

/** PLD/PLDW/PLI and the unallocated memory hints: no architectural effect, never fault. */
export function hint(_cpu: ArmCpu, _w: number): void {}

// ---- load/store dual, exclusive, table branch ------------------------------------------------------

/** LDRD/STRD (immediate, literal): P bit 24, U bit 23, W bit 21, L bit 20, Rt [15:12], Rt2 [11:8], imm8 * 4. */
export function ldrdStrd(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const n = (w >>> 16) & 15;
  const t = (w >>> 12) & 15;
  const t2 = (w >>> 8) & 15;
  const imm = (w & 0xff) << 2;
  const base = n === 15 ? r[15] & ~3 : r[n];
  const offAddr = (w & 0x800000 ? base + imm : base - imm) | 0;
  const addr = w & 0x1000000 ? offAddr : base;
  const wback = (w & 0x200000) !== 0;
  if (w & 0x100000) {
    const lo = cpu.read32Aligned(addr);
    const hi = cpu.read32Aligned((addr + 4) | 0);
    if (wback) r[n] = offAddr;
    r[t] = lo;
    r[t2] = hi;
  } else {
    cpu.write32Aligned(addr, r[t]);
    cpu.write32Aligned((addr + 4) | 0, r[t2]);
    if (wback) r[n] = offAddr;
  }
}

/** LDREX: [Rn, #imm8 * 4]. */
export function ldrexT32(cpu: ArmCpu, w: number): void {
  exclusiveLoad(cpu, (cpu.r[(w >>> 16) & 15] + ((w & 0xff) << 2)) | 0, (w >>> 12) & 15, -1, 4);
}

/** STREX: Rd [11:8], Rt [15:12], [Rn, #imm8 * 4]. */
export function strexT32(cpu: ArmCpu, w: number): void {
  exclusiveStore(cpu, (cpu.r[(w >>> 16) & 15] + ((w & 0xff) << 2)) | 0, (w >>> 8) & 15, (w >>> 12) & 15, -1, 4);
}

/** op3 [7:4] of LDREXB/H/D and STREXB/H/D → size. */
function exSize(w: number): number {
  const op = (w >>> 4) & 3;
  return op === 0 ? 1 : op === 1 ? 2 : 8;
}

/** LDREXB / LDREXH / LDREXD (Rt2 [11:8]). */
export function ldrexSized(cpu: ArmCpu, w: number): void {
  const size = exSize(w);
  exclusiveLoad(cpu, cpu.r[(w >>> 16) & 15], (w >>> 12) & 15, size === 8 ? (w >>> 8) & 15 : -1, size);
}

/** STREXB / STREXH / STREXD: Rd [3:0], Rt [15:12], Rt2 [11:8]. */
export function strexSized(cpu: ArmCpu, w: number): void {
  const size = exSize(w);
  exclusiveStore(cpu, cpu.r[(w >>> 16) & 15], w & 15, (w >>> 12) & 15, size === 8 ? (w >>> 8) & 15 : -1, size);
}

/** TBB / TBH (bit 4): branch forward by twice the byte/halfword at Rn + Rm (Rm * 2 for TBH). */
export function tableBranch(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const base = r[(w >>> 16) & 15];
  const m = r[w & 15];
  const off = w & 0x10 ? cpu.read16((base + (m << 1)) | 0) : cpu.read8((base + m) | 0);
  cpu.pc = (r[15] + 2 * off) >>> 0;
}

// ---- load/store multiple -----------------------------------------------------------------------

/**
 * LDM/STM (IA, bit 23) and LDMDB/STMDB (bit 24), PUSH/POP: W bit 21, L bit 20. The register
 * list is P:M:'0':list (loads) or '0':M:'0':list (stores); the should-be-zero bits are ignored.
 */
export function blockT32(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const n = (w >>> 16) & 15;
  const load = (w & 0x100000) !== 0;
  const list = w & (load ? 0xdfff : 0x5fff);
  const count = popcount16(list);
  const base = r[n];
  const db = (w & 0x1000000) !== 0;
  const start = (db ? base - 4 * count : base) | 0;
  const wbValue = (db ? base - 4 * count : base + 4 * count) | 0;
  const wback = (w & 0x200000) !== 0;
  if (load) loadMultiple(cpu, n, list, start, wback, wbValue, false, true);
  else storeMultiple(cpu, n, list, start, wback, wbValue, false);
}

/** SRS (DB: bits [24:23] = 00, IA: 11): mode [4:0], W bit 21. UNDEFINED in Hyp mode. */
export function srsT32(cpu: ArmCpu, w: number): void {
  if (cpu.mode === Mode.HYP) {
    cpu.undefinedInstruction();
    return;
  }
  storeReturnState(cpu, w & 31, (w & 0x800000) !== 0, false, (w & 0x200000) !== 0);
}

/** RFE (DB / IA as SRS): Rn [19:16]. UNDEFINED in Hyp mode. */
export function rfeT32(cpu: ArmCpu, w: number): void {
  if (cpu.mode === Mode.HYP) {
    cpu.undefinedInstruction();
    return;
  }
  returnFromException(cpu, (w >>> 16) & 15, (w & 0x800000) !== 0, false, (w & 0x200000) !== 0);
}
