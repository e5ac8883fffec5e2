// PSCI 1.1 served by native firmware, as QEMU's target/arm/psci.c serves it to a virt guest:
// the calls are taken on the machine's conduit (HVC, or SMC when the guest owns Hyp mode).
import type { ArmCpu, NativeFirmware } from "@xena/cpu-armv7ve";

export const PSCI = {
  VERSION: 0x84000000,
  CPU_SUSPEND: 0x84000001,
  CPU_OFF: 0x84000002,
  CPU_ON: 0x84000003,
  AFFINITY_INFO: 0x84000004,
  MIGRATE_INFO_TYPE: 0x84000006,
  SYSTEM_OFF: 0x84000008,
  SYSTEM_RESET: 0x84000009,
  FEATURES: 0x8400000a,
} as const;

export const PSCI_RET = {
  SUCCESS: 0,
  NOT_SUPPORTED: -1,
  INVALID_PARAMS: -2,
  DENIED: -3,
  ALREADY_ON: -4,
  ON_PENDING: -5,
} as const;

const SUPPORTED = new Set<number>(Object.values(PSCI));

/** What the firmware needs of the machine. */
export interface PsciMachine {
  /** The cores, indexed by MPIDR affinity level 0. */
  readonly cpus: readonly ArmCpu[];
  /** Mode a started core enters: Hyp when the guest owns Hyp mode, else SVC. */
  readonly entryMode: number;
  systemOff(): void;
  systemReset(): void;
  /** Traces calls (optional). */
  trace?(cpu: number, fn: number, result: number): void;
}

export class PsciFirmware implements NativeFirmware {
  constructor(
    private readonly machine: PsciMachine,
    readonly conduit: "hvc" | "smc",
  ) {}

  hvc(cpu: ArmCpu, _imm: number): boolean {
    return this.conduit === "hvc" && this.call(cpu);
  }

  smc(cpu: ArmCpu, _imm: number): boolean {
    return this.conduit === "smc" && this.call(cpu);
  }

  /** Handles a PSCI call in r0..r3; returns false for function IDs outside PSCI (the caller then takes UNDEFINED). */
  call(cpu: ArmCpu): boolean {
    const fn = cpu.r[0] >>> 0;
    const inPsci32 = fn >= 0x84000000 && fn <= 0x8400001f;
    const inPsci64 = fn >= 0xc4000000 && fn <= 0xc400001f;
    if (!inPsci32 && !inPsci64) return false;
    const result = inPsci64 ? PSCI_RET.NOT_SUPPORTED : this.dispatch(cpu, fn);
    this.machine.trace?.(this.machine.cpus.indexOf(cpu), fn, result);
    cpu.r[0] = result;
    return true;
  }

  private dispatch(cpu: ArmCpu, fn: number): number {
    const r = cpu.r;
    switch (fn) {
      case PSCI.VERSION:
        return 0x10001;
      case PSCI.CPU_SUSPEND:
        if (r[1] >>> 17 !== 0) return PSCI_RET.INVALID_PARAMS;
        // No deeper power states: a standby that returns on an interrupt, like WFI.
        cpu.waitForInterrupt();
        return PSCI_RET.SUCCESS;
      case PSCI.CPU_OFF:
        cpu.powerOff();
        return PSCI_RET.SUCCESS;
      case PSCI.CPU_ON: {
        const target = this.byMpidr(r[1]);
        if (target === undefined) return PSCI_RET.INVALID_PARAMS;
        if (!target.poweredOff) return PSCI_RET.ALREADY_ON;
        target.powerOn(r[2] >>> 0, r[3], this.machine.entryMode);
        return PSCI_RET.SUCCESS;
      }
      case PSCI.AFFINITY_INFO: {
        if (r[2] !== 0) return 0; // levels above 0: ON
        const target = this.byMpidr(r[1]);
        if (target === undefined) return PSCI_RET.INVALID_PARAMS;
        return target.poweredOff ? 1 : 0;
      }
      case PSCI.MIGRATE_INFO_TYPE:
        return 2; // no Trusted OS
      case PSCI.SYSTEM_OFF:
        this.machine.systemOff();
        cpu.powerOff();
        return PSCI_RET.SUCCESS;
      case PSCI.SYSTEM_RESET:
        this.machine.systemReset();
        cpu.powerOff();
        return PSCI_RET.SUCCESS;
      case PSCI.FEATURES:
        return SUPPORTED.has(r[1] >>> 0) ? PSCI_RET.SUCCESS : PSCI_RET.NOT_SUPPORTED;
      default:
        return PSCI_RET.NOT_SUPPORTED;
    }
  }

  private byMpidr(mpidr: number): ArmCpu | undefined {
    // Aff1..Aff3 must be 0 (one cluster); Aff0 selects the core.
    if ((mpidr & 0x00ffff00) !== 0) return undefined;
    return this.machine.cpus[mpidr & 0xff];
  }
}
