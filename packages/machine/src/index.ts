export {
  type AccessRules,
  type AccessSize,
  AddressSpace,
  BusConfigError,
  type BusFault,
  BusStatus,
  hex,
  type MmioWindow,
  PHYS_ADDR_LIMIT,
  RamRegion,
  razWiWindow,
} from "./bus.js";
export {
  type Clock,
  type ClockTimer,
  EventScheduler,
  HostClock,
  InstructionClock,
  type Nanoseconds,
  type TimeDriver,
} from "./clock.js";
export { type IrqLine, IrqPin, inputLine, NO_IRQ, OrGate, pulse } from "./irq.js";
export { type Core, type LoopResult, MachineLoop } from "./loop.js";
