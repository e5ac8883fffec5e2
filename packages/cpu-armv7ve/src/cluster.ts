// Cores sharing one address space: what one core's SEV does to the others. (TLB maintenance
// needs no wiring: the cores of one bus share a TLB registry, see tlb.ts.)
import type { ArmCpu } from "./cpu.js";

/** Wires SEV (wakes the others from WFE) between `cpus`. */
export function connectCluster(cpus: readonly ArmCpu[]): void {
  for (const cpu of cpus) {
    cpu.onSev = () => {
      for (const other of cpus) if (other !== cpu) other.signalEvent();
    };
  }
}
