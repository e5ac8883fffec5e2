// A register-access script run both on QEMU 7.2's GIC by the bare-metal probe.c and on ours by
// qemu.test.ts. Every read and every ISR sample yields one value; record.sh stores QEMU's.

export type Win = "d" | "c" | "h" | "v";
export type Step =
  | { readonly op: "r"; readonly win: Win; readonly off: number; readonly size: 1 | 2 | 4; readonly note: string }
  | { readonly op: "w"; readonly win: Win; readonly off: number; readonly size: 1 | 2 | 4; readonly value: number }
  /** Reads CP15 ISR: bit 7 = the GIC's IRQ output to CPU 0, bit 6 = FIQ. */
  | { readonly op: "isr"; readonly note: string }
  /** Secure → Non-secure (SCR.NS = 1 from Monitor mode); there is no way back. */
  | { readonly op: "ns" };

/** Physical base of each window on QEMU's virt machine. */
export const BASE: Readonly<Record<Win, number>> = { d: 0x0800_0000, c: 0x0801_0000, h: 0x0803_0000, v: 0x0804_0000 };
/** QEMU's virt GIC: 256 SPIs, 2 CPUs. */
export const VIRT_SPIS = 256;

export class Script {
  readonly steps: Step[] = [];
  readonly r = (win: Win, off: number, note: string, size: 1 | 2 | 4 = 4): void => {
    this.steps.push({ op: "r", win, off, size, note });
  };
  readonly w = (win: Win, off: number, value: number, size: 1 | 2 | 4 = 4): void => {
    this.steps.push({ op: "w", win, off, size, value: value >>> 0 });
  };
  readonly isr = (note: string): void => {
    this.steps.push({ op: "isr", note });
  };
  readonly ns = (): void => {
    this.steps.push({ op: "ns" });
  };
}
