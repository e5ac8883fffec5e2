export {
  type BootLayout,
  detectKernelFormat,
  type KernelFormat,
  type LoadedKernel,
  LoaderError,
  loadKernel,
  loadLinux,
} from "./boot.js";
export { buildVirtDtb, type VirtDtConfig } from "./dt.js";
export { DEFAULT_EPOCH, type TraceCategory, VirtMachine, type VirtMachineOptions } from "./machine.js";
export { type Region, VIRT_MAP, VIRT_MAX_RAM, VIRT_PPI, VIRT_SPI, VIRT_TIMER_HZ, VIRTIO_SLOTS } from "./map.js";
export { PSCI, PSCI_RET, PsciFirmware, type PsciMachine } from "./psci.js";
