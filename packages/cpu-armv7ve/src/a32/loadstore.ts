// A32 loads and stores. Every memory access happens before any register is written, so an abort
// leaves the registers as they were (the instruction restarts cleanly).
import type { ArmCpu } from "../cpu.js";
import { shiftImm } from "../exec/alu.js";
import { exclusiveLoad, exclusiveStore, loadMultiple, storeMultiple, swap } from "../exec/memory.js";

const P = 1 << 24;
const U = 1 << 23;
const W = 1 << 21;

/** Load/store word or byte, immediate or register offset: bit 25 = register, 22 = byte, 20 = load. */
function addressing(cpu: ArmCpu, w: number): number {
  let off: number;
  if (w & (1 << 25)) off = shiftImm(cpu, cpu.r[w & 15], (w >>> 5) & 3, (w >>> 7) & 31);
  else off = w & 0xfff;
  const base = cpu.r[(w >>> 16) & 15];
  return (w & U ? base + off : base - off) | 0;
}

export function ldr(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const n = (w >>> 16) & 15;
  const offAddr = addressing(cpu, w);
  const v = cpu.read32(w & P ? offAddr : r[n]);
  if ((w & P) === 0 || (w & W) !== 0) r[n] = offAddr;
  const t = (w >>> 12) & 15;
  if (t === 15) cpu.bxTo(v);
  else r[t] = v;
}

export function ldrb(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const n = (w >>> 16) & 15;
  const offAddr = addressing(cpu, w);
  const v = cpu.read8(w & P ? offAddr : r[n]);
  if ((w & P) === 0 || (w & W) !== 0) r[n] = offAddr;
  r[(w >>> 12) & 15] = v;
}

export function str(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const n = (w >>> 16) & 15;
  const offAddr = addressing(cpu, w);
  cpu.write32(w & P ? offAddr : r[n], r[(w >>> 12) & 15]);
  if ((w & P) === 0 || (w & W) !== 0) r[n] = offAddr;
}

export function strb(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const n = (w >>> 16) & 15;
  const offAddr = addressing(cpu, w);
  cpu.write8(w & P ? offAddr : r[n], r[(w >>> 12) & 15]);
  if ((w & P) === 0 || (w & W) !== 0) r[n] = offAddr;
}

/** LDRT/LDRBT/STRT/STRBT: post-indexed, with PL0 permissions. */
export function ldrstrT(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const n = (w >>> 16) & 15;
  const t = (w >>> 12) & 15;
  const offAddr = addressing(cpu, w);
  const addr = r[n];
  const byte = (w & (1 << 22)) !== 0;
  if (w & (1 << 20)) {
    const v = cpu.readUser(addr, byte ? 1 : 4);
    r[n] = offAddr;
    r[t] = v;
  } else {
    cpu.writeUser(addr, byte ? 1 : 4, r[t]);
    r[n] = offAddr;
  }
}

/**
 * Extra loads/stores: STRH/LDRH/LDRSB/LDRSH/LDRD/STRD, immediate (bit 22) or register offset,
 * and the unprivileged forms LDRHT/STRHT/LDRSBT/LDRSHT (P = 0, W = 1).
 */
export function extraLoadStore(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const n = (w >>> 16) & 15;
  const t = (w >>> 12) & 15;
  const off = w & (1 << 22) ? ((w >>> 4) & 0xf0) | (w & 15) : r[w & 15];
  const base = r[n];
  const offAddr = (w & U ? base + off : base - off) | 0;
  const addr = w & P ? offAddr : base;
  const wback = (w & P) === 0 || (w & W) !== 0;
  const user = (w & P) === 0 && (w & W) !== 0;
  const load = (w & (1 << 20)) !== 0;
  const op2 = (w >>> 5) & 3;
  if (op2 === 1) {
    if (load) {
      const v = user ? cpu.readUser(addr, 2) : cpu.read16(addr);
      if (wback) r[n] = offAddr;
      r[t] = v;
    } else {
      if (user) cpu.writeUser(addr, 2, r[t]);
      else cpu.write16(addr, r[t]);
      if (wback) r[n] = offAddr;
    }
    return;
  }
  if (load) {
    if (op2 === 2) {
      const v = user ? cpu.readUser(addr, 1) : cpu.read8(addr);
      if (wback) r[n] = offAddr;
      r[t] = (v << 24) >> 24;
    } else {
      const v = user ? cpu.readUser(addr, 2) : cpu.read16(addr);
      if (wback) r[n] = offAddr;
      r[t] = (v << 16) >> 16;
    }
    return;
  }
  // LDRD (op2 = 2) / STRD (op2 = 3): Rt even, Rt2 = Rt + 1, word-aligned.
  if (op2 === 2) {
    const lo = cpu.read32Aligned(addr);
    const hi = cpu.read32Aligned((addr + 4) | 0);
    if (wback) r[n] = offAddr;
    r[t] = lo;
    r[(t + 1) & 15] = hi;
  } else {
    cpu.write32Aligned(addr, r[t]);
    cpu.write32Aligned((addr + 4) | 0, r[(t + 1) & 15]);
    if (wback) r[n] = offAddr;
  }
}

/** LDM/STM (all addressing modes) incl. the user-register and exception-return forms. */
export function blockTransfer(cpu: ArmCpu, w: number): void {
  const r = cpu.r;
  const n = (w >>> 16) & 15;
  const list = w & 0xffff;
  const count = popcount16(list);
  const base = r[n];
  const up = (w & U) !== 0;
  const before = (w & P) !== 0;
  const start = (up ? (before ? base + 4 : base) : before ? base - 4 * count : base - 4 * count + 4) | 0;
  const wbValue = (up ? base + 4 * count : base - 4 * count) | 0;
  const wback = (w & W) !== 0;
  const sBit = (w & (1 << 22)) !== 0;
  if (w & (1 << 20)) loadMultiple(cpu, n, list, start, wback, wbValue, sBit, false);
  else storeMultiple(cpu, n, list, start, wback, wbValue, sBit);
}

export function popcount16(v: number): number {
  v = v - ((v >>> 1) & 0x5555);
  v = (v & 0x3333) + ((v >>> 2) & 0x3333);
  v = (v + (v >>> 4)) & 0x0f0f;
  return (v + (v >>> 8)) & 0x1f;
}

/** LDREX/LDREXB/LDREXH/LDREXD: size from bits [22:21] (0 word, 1 doubleword, 2 byte, 3 halfword). */
export function ldrex(cpu: ArmCpu, w: number): void {
  const sizeCode = (w >>> 21) & 3;
  const t = (w >>> 12) & 15;
  exclusiveLoad(cpu, cpu.r[(w >>> 16) & 15], t, sizeCode === 1 ? (t + 1) & 15 : -1, [4, 8, 1, 2][sizeCode]);
}

export function strex(cpu: ArmCpu, w: number): void {
  const sizeCode = (w >>> 21) & 3;
  const t = w & 15;
  exclusiveStore(
    cpu,
    cpu.r[(w >>> 16) & 15],
    (w >>> 12) & 15,
    t,
    sizeCode === 1 ? (t + 1) & 15 : -1,
    [4, 8, 1, 2][sizeCode],
  );
}

/** SWP/SWPB (bit 22 = byte); UNDEFINED unless SCTLR.SW enables them. */
export function swpA32(cpu: ArmCpu, w: number): void {
  if ((cpu.sctlr & (1 << 10)) === 0) {
    cpu.undefinedInstruction();
    return;
  }
  const r = cpu.r;
  r[(w >>> 12) & 15] = swap(cpu, r[(w >>> 16) & 15], r[w & 15], (w & (1 << 22)) !== 0);
}
