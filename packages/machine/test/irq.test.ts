import { describe, expect, it } from "vitest";
import { IrqPin, inputLine, OrGate, pulse } from "../src/index.js";
import { RecordingLine } from "../src/testing/index.js";

describe("IRQ lines", () => {
  it("pulse produces one rising edge", () => {
    const line = new RecordingLine();
    pulse(line);
    pulse(line);
    expect(line.history).toEqual([true, false, true, false]);
    expect(line.risingEdges).toBe(2);
    expect(line.level).toBe(false);
  });

  it("IrqPin reports only transitions", () => {
    const changes: boolean[] = [];
    const pin = new IrqPin((l) => changes.push(l));
    pin.set(true);
    pin.set(true);
    pin.set(false);
    pin.set(false);
    expect(changes).toEqual([true, false]);
  });

  it("OrGate output is high while any input is high", () => {
    const out = new RecordingLine();
    const gate = new OrGate(out, 3);
    gate.input(0).set(true);
    gate.input(1).set(true);
    gate.input(0).set(false);
    gate.input(0).set(false); // repeated level is no change
    expect(out.level).toBe(true);
    gate.input(1).set(false);
    expect(out.history).toEqual([true, false]);
    expect(() => gate.input(3)).toThrow(RangeError);
  });

  it("inputLine tags levels with the input number", () => {
    const got: [number, boolean][] = [];
    const receiver = (n: number, level: boolean) => got.push([n, level]);
    inputLine(receiver, 42).set(true);
    inputLine(receiver, 7).set(false);
    expect(got).toEqual([
      [42, true],
      [7, false],
    ]);
  });
});
