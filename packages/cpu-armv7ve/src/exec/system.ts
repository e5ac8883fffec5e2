// System-level semantics shared by A32 and T32: status registers, coprocessor transfers, CPS,
// SRS/RFE, exception-generating instructions.
import {
  cp14Accessible,
  cp14Accessible64,
  cp14Read,
  cp14Read64,
  cp14Write,
  cp15Accessible,
  cp15Accessible64,
  cp15Read,
  cp15Read64,
  cp15Write,
  cp15Write64,
} from "../cp15.js";
import type { ArmCpu } from "../cpu.js";
import {
  condField,
  cp14TrapClass,
  cp15Traps,
  cp15Traps64,
  EC,
  HCR,
  HSTR,
  HypVector,
  hsrValue,
  mcrIss,
  mcrrIss,
  SCR,
} from "../hyp.js";
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

/**
 * Whether MRS/MSR (banked) may reach a register of `mode`: never Monitor's (no Secure state); of
 * Hyp's, only SPSR_hyp and ELR_hyp, and only from Hyp mode (SP_hyp needs Monitor mode), as QEMU.
 */
function bankedAllowed(cpu: ArmCpu, mode: number, reg: number): boolean {
  if (cpu.pl === 0 || mode === Mode.MON) return false;
  if (mode === Mode.HYP) return cpu.mode === Mode.HYP && (reg === 16 || reg === 17);
  return true;
}

/** MRS (banked): false if UNDEFINED / UNPREDICTABLE (accessing the current mode's own registers). */
export function readBanked(cpu: ArmCpu, r: number, sysm: number): number | undefined {
  const sel = bankedSelector(r, sysm);
  if (sel === undefined) return undefined;
  const [mode, reg] = sel;
  if (!bankedAllowed(cpu, mode, reg)) return undefined;
  if (reg === 16) return cpu.spsr[BANK_OF_MODE[mode]] | 0;
  if (reg === 17) return cpu.elrHyp | 0;
  return cpu.bankedRegister(mode, reg);
}

export function writeBanked(cpu: ArmCpu, r: number, sysm: number, value: number): boolean {
  const sel = bankedSelector(r, sysm);
  if (sel === undefined) return false;
  const [mode, reg] = sel;
  if (!bankedAllowed(cpu, mode, reg)) return false;
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
  // Hyp mode is left only by an exception return (a CPS there cannot change the mode).
  if (changeMode && BANK_OF_MODE[mode] >= 0 && mode !== Mode.MON && mode !== Mode.HYP && cpu.mode !== Mode.HYP) {
    cpu.setMode(mode);
  }
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

/** BKPT: a Prefetch Abort with the debug-event status (no debugger attached); HDCR.TDE routes it to Hyp mode. */
export function breakpoint(cpu: ArmCpu): void {
  if (cpu.mode === Mode.HYP || (cpu.hdcr & (1 << 8)) !== 0) {
    cpu.hifar = cpu.curPc >>> 0;
    const hyp = cpu.mode === Mode.HYP;
    cpu.enterHyp(
      hyp ? HypVector.PABT : HypVector.TRAP,
      cpu.curPc,
      hsrValue(hyp ? EC.PABT_HYP : EC.PABT_LOWER, true, 0x22),
    );
    return;
  }
  // Debug event: short format FS = 0b00010; long format STATUS = 0b100010 with the LPAE bit.
  cpu.ifsr = (cpu.ttbcr & 0x80000000) !== 0 ? 0x222 : 0x002;
  cpu.ifar = cpu.curPc >>> 0;
  cpu.takeException(Mode.ABT, Vector.PABT, cpu.curPc + 4);
}

/** SMC: HCR.TSC traps it from PL1; else native firmware handles it (SCR.SMD disables it); else UNDEFINED. */
export function secureMonitorCall(cpu: ArmCpu, imm: number): void {
  if (cpu.pl === 0) {
    cpu.undefinedInstruction();
    return;
  }
  if (cpu.pl === 1 && (cpu.hcr & HCR.TSC) !== 0) {
    cpu.enterHyp(HypVector.TRAP, cpu.curPc, hsrValue(EC.SMC, true, 0));
    return;
  }
  if ((cpu.scr & SCR.SMD) === 0 && cpu.firmware?.smc?.(cpu, imm)) return;
  cpu.undefinedInstruction();
}

/**
 * HVC #imm16: UNDEFINED at PL0. With Hyp mode in use (SCR.HCE, or a native hypervisor) it is a
 * Hypervisor Call exception (from Hyp mode itself through the vector at HVBAR + 8); otherwise
 * native firmware standing in for PL2 may serve it.
 */
export function hypervisorCall(cpu: ArmCpu, imm: number): void {
  if (cpu.pl === 0) {
    cpu.undefinedInstruction();
    return;
  }
  const next = cpu.curPc + 4;
  const hsr = hsrValue(EC.HVC, true, imm & 0xffff);
  if (cpu.hypervisor !== undefined || (cpu.scr & SCR.HCE) !== 0) {
    cpu.enterHyp(cpu.mode === Mode.HYP ? HypVector.CALL : HypVector.TRAP, next, hsr);
    return;
  }
  if (cpu.firmware?.hvc?.(cpu, imm)) return;
  cpu.undefinedInstruction();
}

/** BXJ: no Jazelle hardware, so it is BX; HSTR.TJDBX traps it from PL0/PL1. */
export function branchExchangeJazelle(cpu: ArmCpu, m: number, w: number): void {
  if (cpu.mode !== Mode.HYP && (cpu.hstr & HSTR.TJDBX) !== 0) {
    cpu.hypTrapInstruction(EC.BXJ, condField(cpu, w) | m);
    return;
  }
  cpu.bxTo(cpu.r[m]);
}

/**
 * MRC/MCR to a coprocessor. `read` selects MRC; returns normally after an UNDEFINED exception or
 * a trap to Hyp mode. Rt = 15 on MRC writes the flags (APSR_nzcv). In Non-secure PL0/PL1 an access
 * the current level may make traps to Hyp mode when HCR/HSTR/HDCR say so (ARM ARM B1.14).
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
  w = 0xe0000000,
): void {
  if (coproc !== 15 && coproc !== 14) {
    cpu.undefinedInstruction();
    return;
  }
  const guest = cpu.mode !== Mode.HYP;
  if (guest) {
    if (coproc === 15 ? !cp15Accessible(cpu, opc1, crn, crm, opc2, read) : !cp14Accessible(cpu, opc1, crn, opc2)) {
      cpu.undefinedInstruction();
      return;
    }
    const ec =
      coproc === 15
        ? cp15Traps(cpu, opc1, crn, crm, opc2, read)
          ? EC.CP15_32
          : 0
        : cp14TrapClass(cpu, opc1, crn, crm, opc2);
    if (ec !== 0) {
      cpu.hypTrapInstruction(ec, condField(cpu, w) | mcrIss(opc1, crn, crm, opc2, t, read));
      return;
    }
  }
  if (read) {
    const v = coproc === 15 ? cp15Read(cpu, opc1, crn, crm, opc2) : cp14Read(cpu, opc1, crn, crm, opc2);
    if (v === undefined) {
      refused(cpu, coproc, EC.CP15_32, condField(cpu, w) | mcrIss(opc1, crn, crm, opc2, t, read));
      return;
    }
    if (t === 15) cpu.setNZCV(v);
    else cpu.r[t] = v;
    return;
  }
  const ok =
    coproc === 15 ? cp15Write(cpu, opc1, crn, crm, opc2, cpu.r[t]) : cp14Write(cpu, opc1, crn, crm, opc2, cpu.r[t]);
  if (!ok) refused(cpu, coproc, EC.CP15_32, condField(cpu, w) | mcrIss(opc1, crn, crm, opc2, t, read));
}

/** A refused access is UNDEFINED, unless the generic timer refused it as a trap to Hyp mode (CNTHCTL). */
function refused(cpu: ArmCpu, coproc: number, ec: number, iss: number): void {
  if (coproc === 15 && cpu.mode !== Mode.HYP && cpu.timer?.refusal === "hyp-trap") {
    cpu.hypTrapInstruction(ec, iss);
    return;
  }
  cpu.undefinedInstruction();
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
  w = 0xe0000000,
): void {
  if (coproc !== 15 && coproc !== 14) {
    cpu.undefinedInstruction();
    return;
  }
  const iss = condField(cpu, w) | mcrrIss(opc1, crm, t, t2, read);
  if (cpu.mode !== Mode.HYP) {
    if (coproc === 15 ? !cp15Accessible64(cpu, opc1, crm) : !cp14Accessible64(cpu, opc1, crm, read)) {
      cpu.undefinedInstruction();
      return;
    }
    if (coproc === 15 && cp15Traps64(cpu, crm, read)) {
      cpu.hypTrapInstruction(EC.CP15_64, iss);
      return;
    }
    if (coproc === 14 && cp14TrapClass(cpu, opc1, crm, 0, 0) !== 0) {
      cpu.hypTrapInstruction(EC.CP14_64, iss);
      return;
    }
  }
  if (coproc === 14) {
    if (!cp14Read64(cpu, opc1, crm)) {
      cpu.undefinedInstruction();
      return;
    }
  } else if (read) {
    if (!cp15Read64(cpu, opc1, crm)) {
      refused(cpu, coproc, EC.CP15_64, iss);
      return;
    }
  } else {
    if (!cp15Write64(cpu, opc1, crm, cpu.r[t], cpu.r[t2])) refused(cpu, coproc, EC.CP15_64, iss);
    return;
  }
  cpu.r[t] = cpu.lo;
  cpu.r[t2] = cpu.hi;
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
