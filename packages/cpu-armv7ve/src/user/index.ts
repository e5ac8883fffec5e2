// Linux user-mode front end ("@xena/cpu-armv7ve/user"): runs static ARM Linux executables on the
// core, with system calls implemented in TypeScript, as qemu-arm does.
export {
  AT,
  E,
  HWCAP,
  HWCAP2,
  hwcapNames,
  hwcapsOf,
  NR,
  PROT,
  SIG,
  signalName,
  syscallName,
} from "./abi.js";
export { ElfError, type ElfImage, type ProgramHeader, parseElf } from "./elf.js";
export { type InputSource, normalizeGuestPath, type OutputSink } from "./files.js";
export {
  MemoryFault,
  MMAP_TOP,
  PAGE_SIZE,
  STACK_SIZE,
  STACK_TOP,
  TASK_SIZE,
  UserMemory,
  VECTOR_PAGE,
} from "./memory.js";
export { type RunResult, UserProcess, UserProcessError, type UserProcessOptions } from "./process.js";
