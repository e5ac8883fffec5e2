export { guessValueType, toDts } from "./dts.js";
export { type FdtHeader, parseDtb, readHeader } from "./reader.js";
export { Fdt, FdtError, type FdtErrorCode, FdtNode, type FdtProperty, type MemReserve } from "./tree.js";
export { FdtWriter, type FdtWriterOptions, type NodeToken, serializeDtb } from "./writer.js";
