// Thumb decoding (16- and 32-bit encodings). Until the Thumb tables land every encoding is
// UNDEFINED: a Thumb-state guest takes the undefined-instruction exception, never a host crash.
import type { A32Handler } from "../cpu.js";

function undefinedThumb(cpu: Parameters<A32Handler>[0], _w: number): void {
  cpu.undefinedInstruction();
}

export const t16Handlers: A32Handler[] = [undefinedThumb];
export const t32Handlers: A32Handler[] = [undefinedThumb];

export function decodeT16(_hw: number): number {
  return 0;
}

export function decodeT32(_w: number): number {
  return 0;
}
