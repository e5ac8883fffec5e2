// Processor modes and program status register bits (ARM ARM B1.3).

export const Mode = {
  USR: 0x10,
  FIQ: 0x11,
  IRQ: 0x12,
  SVC: 0x13,
  MON: 0x16,
  ABT: 0x17,
  HYP: 0x1a,
  UND: 0x1b,
  SYS: 0x1f,
} as const;

export const PSR = {
  N: 1 << 31,
  Z: 1 << 30,
  C: 1 << 29,
  V: 1 << 28,
  Q: 1 << 27,
  J: 1 << 24,
  GE_SHIFT: 16,
  E: 1 << 9,
  A: 1 << 8,
  I: 1 << 7,
  F: 1 << 6,
  T: 1 << 5,
  MODE_MASK: 0x1f,
} as const;

/** Index of each mode's banked SP/SPSR ("bank"), -1 for encodings that are not modes. */
export const BANK_OF_MODE: Int8Array = (() => {
  const b = new Int8Array(32).fill(-1);
  b[Mode.USR] = 0;
  b[Mode.SYS] = 0;
  b[Mode.SVC] = 1;
  b[Mode.ABT] = 2;
  b[Mode.UND] = 3;
  b[Mode.IRQ] = 4;
  b[Mode.FIQ] = 5;
  b[Mode.MON] = 6;
  b[Mode.HYP] = 7;
  return b;
})();

export const BANK_COUNT = 8;

export function modeName(mode: number): string {
  switch (mode) {
    case Mode.USR:
      return "usr";
    case Mode.FIQ:
      return "fiq";
    case Mode.IRQ:
      return "irq";
    case Mode.SVC:
      return "svc";
    case Mode.MON:
      return "mon";
    case Mode.ABT:
      return "abt";
    case Mode.HYP:
      return "hyp";
    case Mode.UND:
      return "und";
    case Mode.SYS:
      return "sys";
    default:
      return `mode 0x${mode.toString(16)}`;
  }
}

/** Exception vector offsets (ARM ARM B1.8.1). */
export const Vector = {
  RESET: 0x00,
  UNDEF: 0x04,
  SVC: 0x08,
  PABT: 0x0c,
  DABT: 0x10,
  HYP_TRAP: 0x14,
  IRQ: 0x18,
  FIQ: 0x1c,
} as const;
