// Exact ARMv7-A VFPv4 floating-point arithmetic ("softfloat"): the ARM ARM (DDI 0406C)
// pseudocode FPAdd, FPSub, FPMul, FPDiv, FPSqrt, FPMulAdd, FPCompare, FPToFixed, FixedToFP and
// the precision conversions, with FPSCR rounding modes, flush-to-zero, default NaN, ARM NaN
// propagation and the cumulative exception flags. Values are IEEE bit patterns (uint32 words),
// never JS floats, so NaN payloads and signs are exact. Differential-tested bit-for-bit, flags
// included, against qemu-arm -cpu cortex-a15 (test/softfloat).
export { FPSCR, FpContext, fpscrRoundingMode, RoundingMode, standardFpscrValue } from "./softfloat/context.js";
export {
  f16ToF32,
  f32ToF16,
  f32ToF64,
  f32ToFixed,
  f64ToF32,
  f64ToFixed,
  fixedToF32,
  fixedToF64,
} from "./softfloat/convert.js";
export { f64Add, f64Compare, f64Div, f64Mul, f64MulAdd, f64Sqrt, f64Sub } from "./softfloat/double.js";
export { f32Add, f32Compare, f32Div, f32Mul, f32MulAdd, f32Sqrt, f32Sub } from "./softfloat/single.js";
