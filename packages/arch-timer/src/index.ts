// @xena/arch-timer: the ARMv7 generic timer (see README.md).
export { CounterScale, mulDiv } from "./counter.js";
export {
  type ComparatorState,
  DEFAULT_FREQUENCY,
  GenericTimer,
  type GenericTimerOptions,
  type GenericTimerState,
  TIMER_INTID,
  TIMER_PPI,
  TimerCpu,
  type TimerCpuState,
  type TimerName,
  type TimerOutputs,
  type TimerRefusal,
  type TimerReg32,
  type TimerReg64,
} from "./timer.js";
