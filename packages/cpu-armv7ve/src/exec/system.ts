// System-level semantics shared by A32 and T32: status registers, coprocessor transfers, CPS,
// SRS/RFE, exception-generating instructions.
import { cp14Read, cp14Write, cp15Read, cp15Read64, cp15Write, cp15Write64 } from "../cp15.js";
import type { ArmCpu } from "../cpu.js";
import { BANK_OF_MODE, Mode, PSR, Vector } from "../psr.js";

/** MRS Rd, CPSR/SPSR. Returns false when UNDEFINED/UNPREDICTABLE (SPSR in User/System). */
export function readStatus(cpu: ArmCpu, spsr: boolean): number | undefined {
  if (!spsr) {
    // The execution-state bits other than E (IT, J, T) read as zero (ARM ARM B9.3.9). In User
    // mode only the APSR fields are defined; the rest reads as what PL1 would see.
    return cpu.cpsr & 0xf8ff03df;
  }
  const v = cpu.currentSpsr;
  return v === undefined ? undefined : v | 0;
}

/** MSR CPSR/SPSR with a field mask (bit 3 f, 2 s, 1 x, 0 c). */
export function writeStatus(cpu: ArmCpu, spsr: boolean, mask: number, value: number): void {
  if (!spsr) {
    cpu.writeCpsr(value, mask, false);
    return;
  }
  const cur = cpu.currentSpsr;
  if (cur === undefined) return; // UNPREDICTABLE in User/System
  let m = 0;
  if (mask & 1) m |= 0xff;
  if (mask & 2) m |= 0xff00;
  if (mask & 4) m |= 0xff0000;
  if (mask & 8) m |= 0xff000000;
  cpu.currentSpsr = ((cur & ~m) | (value & m)) >>> 0;
}

/**
 * Banked register selector of MRS/MSR (banked) (ARM ARM B9.2.3): SYSm (5 bits) and R. Returns
 * [mode, register] with register 16 meaning the SPSR and 17 ELR_hyp, or undefined if reserved.
 */
export function bankedSelector(r: number, sysm: number): [number, number] | undefined {
  if (r === 1) {
    switch (sysm) {
      case 0x0e:
        return [Mode.FIQ, 16];
      case 0x10:
        return [Mode.IRQ, 16];
      case 0x12:
        return [Mode.SVC, 16];
      case 0x14:
        return [Mode.ABT, 16];
      case 0x16:
        return [Mode.UND, 16];
      case 0x1c:
        return [Mode.MON, 16];
      case 0x1e:
        return [Mode.HYP, 16];
      default:
        return undefined;
    }
  }
  if (sysm <= 6) return [Mode.USR, 8 + sysm];
  if (sysm <= 0x0e && sysm >= 8) return [Mode.FIQ, sysm];
  switch (sysm) {
    case 0x10:
      return [Mode.IRQ, 14];
    case 0x11:
      return [Mode.IRQ, 13];
    case 0x12:
      return [Mode.SVC, 14];
    case 0x13:
      return [Mode.SVC, 13];
    case 0x14:
      return [Mode.ABT, 14];
    case 0x15:
      return [Mode.ABT, 13];
    case 0x16:
      return [Mode.UND, 14];
    case 0x17:
      return [Mode.UND, 13];
    case 0x1c:
      return [Mode.MON, 14];
    case 0x1d:
      return [Mode.MON, 13];
    case 0x1e:
      return [Mode.HYP, 17];
    case 0x1f:
      return [Mode.HYP, 13];
    default:
      return undefined;
  }
}

/** MRS (banked): false if UNDEFINED / UNPREDICTABLE (accessing the current mode's own registers). */
export function readBanked(cpu: ArmCpu, r: number, sysm: number): number | undefined {
  const sel = bankedSelector(r, sysm);
  if (sel === undefined || cpu.pl === 0) return undefined;
  const [mode, reg] = sel;
  if (mode === Mode.MON || (mode === Mode.HYP && cpu.mode !== Mode.HYP && reg !== 16)) return undefined;
  if (reg === 16) return cpu.spsr[BANK_OF_MODE[mode]] | 0;
  if (reg === 17) return cpu.elrHyp | 0;
  return cpu.bankedRegister(mode, reg);
}

export function writeBanked(cpu: ArmCpu, r: number, sysm: number, value: number): boolean {
  const sel = bankedSelector(r, sysm);
  if (sel === undefined || cpu.pl === 0) return false;
  const [mode, reg] = sel;
  if (mode === Mode.MON || (mode === Mode.HYP && cpu.mode !== Mode.HYP && reg !== 16)) return false;
  if (reg === 16) cpu.spsr[BANK_OF_MODE[mode]] = value;
  else if (reg === 17) cpu.elrHyp = value >>> 0;
  else cpu.setBankedRegister(mode, reg, value);
  return true;
}

/** CPS: imod 2 = enable (clear masks), 3 = disable; `changeMode` with `mode`. No effect at PL0. */
export function changeProcessorState(
  cpu: ArmCpu,
  imod: number,
  a: boolean,
  i: boolean,
  f: boolean,
  changeMode: boolean,
  mode: number,
): void {
  if (cpu.pl === 0) return;
  let m = 0;
  if (a) m |= PSR.A;
  if (i) m |= PSR.I;
  if (f) m |= PSR.F;
  if (imod === 2) {
    cpu.masks &= ~m;
    cpu.exitReq = 1;
  } else if (imod === 3) cpu.masks |= m;
  if (changeMode && BANK_OF_MODE[mode] >= 0 && mode !== Mode.MON && mode !== Mode.HYP) cpu.setMode(mode);
}

/** SRS: stores LR and SPSR of the current mode to the stack of `mode`. */
export function storeReturnState(
  cpu: ArmCpu,
  mode: number,
  increment: boolean,
  wordHigher: boolean,
  wback: boolean,
): void {
  // UNDEFINED in User mode and in Hyp mode; the target mode must be a PL1 mode.
  if (cpu.pl !== 1 || BANK_OF_MODE[mode] < 0 || mode === Mode.HYP || mode === Mode.MON) {
    cpu.undefinedInstruction();
    return;
  }
  const spsr = cpu.currentSpsr;
  if (spsr === undefined) {
    cpu.undefinedInstruction();
    return;
  }
  const base = cpu.bankedRegister(mode, 13);
  let addr = increment ? base : base - 8;
  if (wordHigher) addr += 4;
  cpu.write32Aligned(addr | 0, cpu.r[14]);
  cpu.write32Aligned((addr + 4) | 0, spsr);
  if (wback) cpu.setBankedRegister(mode, 13, (increment ? base + 8 : base - 8) | 0);
}

/** RFE: loads PC and CPSR from memory (exception return). */
export function returnFromException(
  cpu: ArmCpu,
  n: number,
  increment: boolean,
  wordHigher: boolean,
  wback: boolean,
): void {
  // UNDEFINED in User mode and in Hyp mode (which returns with ERET).
  if (cpu.pl !== 1) {
    cpu.undefinedInstruction();
    return;
  }
  const base = cpu.r[n];
  let addr = increment ? base : base - 8;
  if (wordHigher) addr += 4;
  const pc = cpu.read32Aligned(addr | 0);
  const psr = cpu.read32Aligned((addr + 4) | 0);
  if (wback) cpu.r[n] = (increment ? base + 8 : base - 8) | 0;
  cpu.exceptionReturn(pc, psr);
}

/** BKPT: a Prefetch Abort with the debug-event status (no debugger attached). */
export function breakpoint(cpu: ArmCpu): void {
  // Debug event: short format FS = 0b00010; long format STATUS = 0b100010 with the LPAE bit.
  cpu.ifsr = (cpu.ttbcr & 0x80000000) !== 0 ? 0x222 : 0x002;
  cpu.ifar = cpu.curPc >>> 0;
  cpu.takeException(Mode.ABT, Vector.PABT, cpu.curPc + 4);
}

/** SMC: handled by native firmware, else UNDEFINED (no monitor code). */
export function secureMonitorCall(cpu: ArmCpu, imm: number): void {
  if (cpu.pl === 0) {
    cpu.undefinedInstruction();
    return;
  }
  if (cpu.firmware?.smc?.(cpu, imm)) return;
  cpu.undefinedInstruction();
}

/** HVC: handled by native firmware / hypervisor, else UNDEFINED. */
export function hypervisorCall(cpu: ArmCpu, imm: number): void {
  if (cpu.pl === 0) {
    cpu.undefinedInstruction();
    return;
  }
  if (cpu.firmware?.hvc?.(cpu, imm)) return;
  cpu.undefinedInstruction();
}

/**
 * MRC/MCR to a coprocessor. `read` selects MRC; returns normally after an UNDEFINED exception.
 * Rt = 15 on MRC writes the flags (APSR_nzcv).
 */
export function coprocessorTransfer(
  cpu: ArmCpu,
  coproc: number,
  read: boolean,
  opc1: number,
  crn: number,
  crm: number,
  opc2: number,
  t: number,
): void {
  if (coproc !== 15 && coproc !== 14) {
    cpu.undefinedInstruction();
    return;
  }
  if (read) {
    const v = coproc === 15 ? cp15Read(cpu, opc1, crn, crm, opc2) : cp14Read(cpu, opc1, crn, crm, opc2);
    if (v === undefined) {
      cpu.undefinedInstruction();
      return;
    }
    if (t === 15) cpu.setNZCV(v);
    else cpu.r[t] = v;
    return;
  }
  const ok =
    coproc === 15 ? cp15Write(cpu, opc1, crn, crm, opc2, cpu.r[t]) : cp14Write(cpu, opc1, crn, crm, opc2, cpu.r[t]);
  if (!ok) cpu.undefinedInstruction();
}

/** MRRC/MCRR. */
export function coprocessorTransfer64(
  cpu: ArmCpu,
  coproc: number,
  read: boolean,
  opc1: number,
  crm: number,
  t: number,
  t2: number,
): void {
  if (coproc !== 15) {
    cpu.undefinedInstruction();
    return;
  }
  if (read) {
    if (!cp15Read64(cpu, opc1, crm)) {
      cpu.undefinedInstruction();
      return;
    }
    cpu.r[t] = cpu.lo;
    cpu.r[t2] = cpu.hi;
    return;
  }
  if (!cp15Write64(cpu, opc1, crm, cpu.r[t], cpu.r[t2])) cpu.undefinedInstruction();
}

/** ERET: from Hyp mode returns with ELR_hyp/SPSR_hyp; in PL1 modes it behaves as SUBS PC, LR, #0. */
export function exceptionReturnEret(cpu: ArmCpu): void {
  if (cpu.pl === 0) {
    cpu.undefinedInstruction();
    return;
  }
  const spsr = cpu.currentSpsr;
  if (spsr === undefined) return;
  const target = cpu.mode === Mode.HYP ? cpu.elrHyp : cpu.r[14];
  cpu.exceptionReturn(target, spsr);
}
