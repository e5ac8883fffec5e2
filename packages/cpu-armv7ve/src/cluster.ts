// Cores sharing one address space: what one core's SEV or inner-shareable TLB maintenance does
// to the others.
import type { ArmCpu } from "./cpu.js";

/** Wires SEV (wakes the others from WFE) and inner-shareable TLB maintenance between `cpus`. */
export function connectCluster(cpus: readonly ArmCpu[]): void {
  for (const cpu of cpus) {
    cpu.onSev = () => {
      for (const other of cpus) if (other !== cpu) other.signalEvent();
    };
    cpu.onTlbBroadcast = (va) => {
      for (const other of cpus) {
        if (other === cpu) continue;
        if (va < 0) other.flushTlb();
        else other.flushTlbPage(va);
      }
    };
  }
}
