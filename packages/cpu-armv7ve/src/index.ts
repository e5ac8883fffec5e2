export { A32_COMPILED, decodeA32, decodeA32Row } from "./a32/decoder.js";
export { connectCluster } from "./cluster.js";
export {
  type A32Handler,
  ArmCpu,
  bswap32,
  type CpuOptions,
  type GenericTimerPort,
  type NativeFirmware,
  type TimerReg32,
  type TimerReg64,
} from "./cpu.js";
export { type DisasmContext, disassembleA32 } from "./disasm.js";
export { EC, HCPTR, HCR, HDCR, HSTR, HypTrap, type HypTrapKind, HypVector, type NativeHypervisor, SCR } from "./hyp.js";
export { CORTEX_A15, type CpuIdentity } from "./ids.js";
export { Access, Fault, faultStatus } from "./mmu.js";
export { BANK_OF_MODE, Mode, modeName, PSR, Vector } from "./psr.js";
export { VCPU_SYSREGS, VcpuState, type VcpuSysreg } from "./vcpu.js";
