// @xena/gic-v2: the GICv2 interrupt controller with the virtualization extension (see README.md).
export { type GicCpuOutputs, type GicOutputName, SPURIOUS, SPURIOUS_GROUP1 } from "./core.js";
export { Gic, type GicOptions, type GicState, MAINTENANCE_INTID } from "./gic.js";
export {
  GICC,
  GICD,
  GICH,
  type ListRegisterFields,
  LR_STATE,
  listRegister,
  SGI_FILTER,
  sgir,
} from "./regs.js";
export { GICC_IIDR, GICD_IIDR } from "./windows.js";
