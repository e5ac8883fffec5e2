// Interrupt lines between devices. A device is handed its output lines and drives them; it never
// knows what sits on the other end (a GIC input, an OR gate, a test recorder).
//
// Semantics: a line carries a *level*. `set(true)` asserts it, `set(false)` deasserts it, and a
// sender may repeat a level (receivers must treat a repeated level as no change).
// - Level-sensitive receivers (GIC inputs configured level, the CPU's IRQ/FIQ pins) see the line
//   as pending for as long as it is high.
// - Edge-triggered receivers latch "pending" on a low-to-high transition and ignore the rest.
//   A device that signals an event rather than a condition produces an edge with `pulse(line)`.

export interface IrqLine {
  set(level: boolean): void;
}

/** A line connected to nothing. */
export const NO_IRQ: IrqLine = { set() {} };

/** Produces a rising then a falling edge: the way to signal an event on an edge-triggered input. */
export function pulse(line: IrqLine): void {
  line.set(true);
  line.set(false);
}

/**
 * A line that remembers its level and calls `onChange` only on transitions, so receivers behind it
 * get clean edges even when senders repeat a level.
 */
export class IrqPin implements IrqLine {
  level = false;
  constructor(private readonly onChange: (level: boolean) => void = () => {}) {}

  set(level: boolean): void {
    if (level === this.level) return;
    this.level = level;
    this.onChange(level);
  }
}

/**
 * One input of a receiver that has many numbered inputs (e.g. GIC SPI n). The receiver gets
 * `(index, level)` for every call; it is responsible for edge detection if it needs edges.
 */
export function inputLine(receiver: (index: number, level: boolean) => void, index: number): IrqLine {
  return { set: (level: boolean) => receiver(index, level) };
}

/** Wired-OR of several inputs: the output is high while any input is high. */
export class OrGate {
  private readonly levels: boolean[];
  private high = 0;

  constructor(
    private readonly output: IrqLine,
    inputs: number,
  ) {
    this.levels = new Array<boolean>(inputs).fill(false);
  }

  input(index: number): IrqLine {
    if (index < 0 || index >= this.levels.length) throw new RangeError(`OrGate has no input ${index}`);
    return {
      set: (level: boolean) => {
        if (this.levels[index] === level) return;
        this.levels[index] = level;
        const before = this.high > 0;
        this.high += level ? 1 : -1;
        const after = this.high > 0;
        if (before !== after) this.output.set(after);
      },
    };
  }
}
