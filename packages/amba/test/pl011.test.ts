import { AddressSpace } from "@xena/machine";
import { RecordingLine } from "@xena/machine/testing";
import { describe, expect, it } from "vitest";
import { Pl011, Pl011Flag, Pl011Int } from "../src/index.js";

const DR = 0x000;
const FR = 0x018;
const LCR_H = 0x02c;
const IMSC = 0x038;
const RIS = 0x03c;
const MIS = 0x040;
const ICR = 0x044;

function uart() {
  const irq = new RecordingLine();
  const out: number[] = [];
  let ready = 0;
  const dev = new Pl011({ irq, transmit: (b) => out.push(b), rxReady: () => ready++ });
  const bus = new AddressSpace();
  bus.mapMmio(0x9000000, dev);
  const r = (o: number) => bus.read(0x9000000 + o, 4);
  const w = (o: number, v: number) => bus.write(0x9000000 + o, 4, v);
  return { irq, out, dev, r, w, ready: () => ready };
}

describe("PL011", () => {
  it("identifies as an ARM PL011 PrimeCell", () => {
    const { r } = uart();
    expect([0xfe0, 0xfe4, 0xfe8, 0xfec, 0xff0, 0xff4, 0xff8, 0xffc].map(r)).toEqual([
      0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1,
    ]);
  });

  it("transmits at once and raises the TX interrupt when enabled", () => {
    const { irq, out, r, w } = uart();
    w(DR, 0x41);
    expect(out).toEqual([0x41]);
    expect(r(RIS) & Pl011Int.TX).toBe(Pl011Int.TX);
    expect(irq.level).toBe(false); // masked
    w(IMSC, Pl011Int.TX);
    expect(irq.level).toBe(true);
    expect(r(MIS)).toBe(Pl011Int.TX);
    w(ICR, Pl011Int.TX);
    expect(irq.level).toBe(false);
    expect(r(FR) & Pl011Flag.TXFE).toBe(Pl011Flag.TXFE);
  });

  it("receives into a 16-byte FIFO (1 byte with FIFOs off), with RX interrupt and flow control", () => {
    const { irq, dev, r, w, ready } = uart();
    w(IMSC, Pl011Int.RX);
    expect(r(FR) & Pl011Flag.RXFE).toBeTruthy();
    expect(dev.receive(0x61)).toBe(true);
    expect(dev.receive(0x62)).toBe(false); // FIFOs disabled: one character holding register
    expect(irq.level).toBe(true);
    expect(r(FR) & Pl011Flag.RXFF).toBeTruthy();
    expect(r(DR)).toBe(0x61);
    expect(ready()).toBe(1);
    expect(irq.level).toBe(false);
    w(LCR_H, 0x70); // 8 bits, FIFOs on
    for (let i = 0; i < 16; i++) expect(dev.receive(i)).toBe(true);
    expect(dev.receive(99)).toBe(false);
    const got: number[] = [];
    while ((r(FR) & Pl011Flag.RXFE) === 0) got.push(r(DR));
    expect(got).toEqual(Array.from({ length: 16 }, (_, i) => i));
    expect(irq.level).toBe(false);
  });

  it("flushes the receive FIFO when FIFOs are switched", () => {
    const { dev, r, w } = uart();
    w(LCR_H, 0x70);
    dev.receive(1);
    dev.receive(2);
    w(LCR_H, 0x60);
    expect(r(FR) & Pl011Flag.RXFE).toBeTruthy();
  });
});
