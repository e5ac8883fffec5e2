// The instruction syndrome of a stage-2 data abort (HSR ISS[24:16]: ISV, SAS, SSE, SRT): valid for
// a load or store of one general-purpose register without base writeback, which is what a
// hypervisor can emulate from the syndrome alone (an MMIO access). Computed only when such an abort
// happens, from the faulting instruction's encoding, so the load/store paths pay nothing for it.

import type { ArmCpu } from "./cpu.js";

const ISV = 1 << 24;

/** ISV | SAS | SSE | SRT for a load/store of `size` (0 byte, 1 halfword, 2 word) to/from `rt`. */
function syndrome(size: number, signExtend: boolean, rt: number): number {
  return ISV | (size << 22) | (signExtend ? 1 << 21 : 0) | (rt << 16);
}

/** A32: LDR/STR{B} and LDR/STR{H,SB,SH} with offset addressing (P = 1, W = 0). */
export function a32Syndrome(w: number): number {
  const offsetForm = (w & (1 << 24)) !== 0 && (w & (1 << 21)) === 0;
  const rt = (w >>> 12) & 15;
  if ((w & 0x0c000000) === 0x04000000) {
    if ((w & 0x02000010) === 0x02000010) return 0; // media space
    return offsetForm ? syndrome((w & (1 << 22)) !== 0 ? 0 : 2, false, rt) : 0;
  }
  if ((w & 0x0e000090) === 0x00000090 && (w & 0x60) !== 0) {
    if (!offsetForm) return 0;
    const load = (w & (1 << 20)) !== 0;
    switch ((w >>> 5) & 3) {
      case 1:
        return syndrome(1, false, rt); // LDRH / STRH
      case 2:
        return load ? syndrome(0, true, rt) : 0; // LDRSB (LDRD: two registers)
      default:
        return load ? syndrome(1, true, rt) : 0; // LDRSH (STRD)
    }
  }
  return 0;
}

/** 16-bit Thumb: LDR literal, LDR/STR{B,H} register and immediate, LDRS{B,H}, SP-relative. */
export function t16Syndrome(hw: number): number {
  if ((hw & 0xf800) === 0x4800) return syndrome(2, false, (hw >>> 8) & 7);
  if ((hw & 0xf000) === 0x5000) {
    const op = (hw >>> 9) & 7;
    return syndrome(T16_REG_SIZE[op], op === 3 || op === 7, hw & 7);
  }
  if ((hw & 0xe000) === 0x6000) return syndrome((hw & 0x1000) !== 0 ? 0 : 2, false, hw & 7);
  if ((hw & 0xf000) === 0x8000) return syndrome(1, false, hw & 7);
  if ((hw & 0xf000) === 0x9000) return syndrome(2, false, (hw >>> 8) & 7);
  return 0;
}

// STR, STRH, STRB, LDRSB, LDR, LDRH, LDRB, LDRSH
const T16_REG_SIZE = [2, 1, 0, 0, 2, 1, 0, 1];

/** 32-bit Thumb (first halfword in bits 31:16): the single-register load/store space. */
export function t32Syndrome(w: number): number {
  if (w >>> 25 !== 0x7c) return 0;
  const size = (w >>> 21) & 3;
  const signed = (w & (1 << 24)) !== 0;
  const load = (w & (1 << 20)) !== 0;
  const rn = (w >>> 16) & 15;
  const rt = (w >>> 12) & 15;
  if (size === 3 || (signed && !load)) return 0;
  if (load && rt === 15 && size < 2) return 0; // PLD / PLI
  if (rn !== 15 && (w & (1 << 23)) === 0) {
    const op = (w >>> 6) & 0x3f;
    // Register offset (000000), or imm8 with P = 1 and W = 0 (offset, or unprivileged LDRT/STRT).
    if (op !== 0 && ((op & 0x20) === 0 || (op & 0x14) !== 0x10)) return 0;
  }
  return syndrome(size, signed, rt);
}

/** The syndrome for the instruction at cpu.curPc, or 0 (ISV = 0) when it has none. */
export function loadStoreSyndrome(cpu: ArmCpu): number {
  if (!cpu.thumb) {
    const w = cpu.peekInstruction(cpu.curPc, 4);
    return w === undefined ? 0 : a32Syndrome(w);
  }
  const hw = cpu.peekInstruction(cpu.curPc, 2);
  if (hw === undefined) return 0;
  if (hw < 0xe800) return t16Syndrome(hw);
  const hw2 = cpu.peekInstruction((cpu.curPc + 2) >>> 0, 2);
  return hw2 === undefined ? 0 : t32Syndrome((hw << 16) | hw2 | 0);
}
