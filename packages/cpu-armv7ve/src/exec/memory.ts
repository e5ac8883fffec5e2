// Multi-register and exclusive memory operations shared by A32 and T32.
import type { ArmCpu } from "../cpu.js";
import { Mode } from "../psr.js";

const loaded = new Int32Array(16);

/**
 * LDM: loads the registers in `list` from `start` upwards. With `sBit`: if PC is in the list this
 * is an exception return (CPSR ← SPSR), otherwise the User-mode registers are loaded.
 * `thumb` selects Thumb's rules for a PC load (LoadWritePC is interworking in both).
 */
export function loadMultiple(
  cpu: ArmCpu,
  n: number,
  list: number,
  start: number,
  wback: boolean,
  wbValue: number,
  sBit: boolean,
  _thumb: boolean,
): void {
  let addr = start;
  for (let i = 0; i < 16; i++) {
    if (list & (1 << i)) {
      loaded[i] = cpu.read32Aligned(addr);
      addr = (addr + 4) | 0;
    }
  }
  const r = cpu.r;
  const userRegs = sBit && (list & 0x8000) === 0;
  if (wback && !userRegs) r[n] = wbValue;
  if (userRegs) {
    // LDM (User registers): UNPREDICTABLE in User/System mode; writes the User bank.
    for (let i = 0; i < 15; i++) if (list & (1 << i)) cpu.setBankedRegister(Mode.USR, i, loaded[i]);
    return;
  }
  for (let i = 0; i < 15; i++) if (list & (1 << i)) r[i] = loaded[i];
  if (list & 0x8000) {
    if (sBit) {
      const spsr = cpu.currentSpsr;
      if (spsr !== undefined) {
        cpu.exceptionReturn(loaded[15], spsr);
        return;
      }
    }
    cpu.bxTo(loaded[15]);
  }
}

/** STM; with `sBit` the User-mode registers are stored. PC stores as its read value (address + 8 / + 4). */
export function storeMultiple(
  cpu: ArmCpu,
  n: number,
  list: number,
  start: number,
  wback: boolean,
  wbValue: number,
  sBit: boolean,
): void {
  let addr = start;
  const r = cpu.r;
  for (let i = 0; i < 16; i++) {
    if (list & (1 << i)) {
      cpu.write32Aligned(addr, sBit && i < 15 ? cpu.bankedRegister(Mode.USR, i) : r[i]);
      addr = (addr + 4) | 0;
    }
  }
  if (wback && !sBit) r[n] = wbValue;
}

/** LDREX family: loads and marks the address. `t2` is the second register of LDREXD (-1 otherwise). */
export function exclusiveLoad(cpu: ArmCpu, address: number, t: number, t2: number, size: number): void {
  if ((address & (size - 1)) !== 0) cpu.alignmentFault(address, false);
  let lo: number;
  let hi = 0;
  if (size === 8) {
    lo = cpu.read32Aligned(address);
    hi = cpu.read32Aligned((address + 4) | 0);
  } else if (size === 4) lo = cpu.read32Aligned(address);
  else if (size === 2) lo = cpu.read16Aligned(address);
  else lo = cpu.read8(address);
  cpu.markExclusive(address, size, lo, hi);
  const r = cpu.r;
  r[t] = lo;
  if (t2 >= 0) r[t2] = hi;
}

/**
 * STREX family: stores and writes 0 to Rd if the monitor still holds the address and memory still
 * holds what LDREX loaded (QEMU's compare-and-swap model); otherwise writes 1. Clears the monitor.
 */
export function exclusiveStore(cpu: ArmCpu, address: number, d: number, t: number, t2: number, size: number): void {
  const r = cpu.r;
  // Alignment and permissions are checked whether or not the store happens.
  if ((address & (size - 1)) !== 0) cpu.alignmentFault(address, true);
  let ok = cpu.exclusiveMatches(address, size);
  if (ok) {
    if (size === 8) ok = cpu.read32(address) === cpu.exclusiveLo && cpu.read32((address + 4) | 0) === cpu.exclusiveHi;
    else if (size === 4) ok = cpu.read32(address) === cpu.exclusiveLo;
    else if (size === 2) ok = cpu.read16(address) === cpu.exclusiveLo;
    else ok = cpu.read8(address) === cpu.exclusiveLo;
  }
  if (ok) {
    if (size === 8) {
      cpu.write32(address, r[t]);
      cpu.write32((address + 4) | 0, r[t2]);
    } else if (size === 4) cpu.write32(address, r[t]);
    else if (size === 2) cpu.write16(address, r[t]);
    else cpu.write8(address, r[t]);
  }
  cpu.clearExclusive();
  r[d] = ok ? 0 : 1;
}

/** SWP/SWPB: atomic load then store. */
export function swap(cpu: ArmCpu, address: number, value: number, byte: boolean): number {
  if (byte) {
    const old = cpu.read8(address);
    cpu.write8(address, value);
    return old;
  }
  const old = cpu.read32Aligned(address);
  cpu.write32Aligned(address, value);
  return old;
}
