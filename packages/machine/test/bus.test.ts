import { describe, expect, it } from "vitest";
import { AddressSpace, BusConfigError, type BusFault, BusStatus, PHYS_ADDR_LIMIT } from "../src/index.js";
import { RecordingWindow } from "../src/testing/index.js";

describe("AddressSpace registration", () => {
  it("rejects overlapping regions in every relative position, naming both", () => {
    const bus = new AddressSpace();
    bus.mapMmio(0x1000, new RecordingWindow("uart", 0x1000));
    for (const [base, size] of [
      [0x0800, 0x1000], // overlaps the start
      [0x1800, 0x1000], // overlaps the end
      [0x1400, 0x100], // inside
      [0x0000, 0x4000], // covers
    ]) {
      expect(() => bus.mapMmio(base, new RecordingWindow("rtc", size))).toThrowError(/"rtc".*overlaps "uart"/);
      expect(() => bus.addRam("ram", base & ~0xfff, 0x2000)).toThrowError(/"ram".*overlaps "uart"/);
    }
    // Adjacent on both sides is fine.
    bus.mapMmio(0x0000, new RecordingWindow("below", 0x1000));
    bus.mapMmio(0x2000, new RecordingWindow("above", 0x1000));
    expect(bus.regions().map((r) => r.name)).toEqual(["below", "uart", "above"]);
  });

  it("rejects regions beyond 40 bits, empty regions and unaligned RAM", () => {
    const bus = new AddressSpace();
    expect(() => bus.addRam("hi", PHYS_ADDR_LIMIT - 0x1000, 0x2000)).toThrowError(/40-bit/);
    expect(() => bus.mapMmio(0x1000, new RecordingWindow("empty", 0))).toThrowError(/size > 0/);
    expect(() => bus.addRam("odd", 0x100, 0x1000)).toThrowError(/4 KiB/);
    expect(() => bus.mapMmio(-4, new RecordingWindow("neg", 4))).toThrow(BusConfigError);
    // The top page of the 40-bit space is usable.
    const top = bus.addRam("top", PHYS_ADDR_LIMIT - 0x1000, 0x1000);
    bus.write(PHYS_ADDR_LIMIT - 4, 4, 0xdeadbeef);
    expect(top.u32[0x3ff]).toBe(0xdeadbeef);
  });
});

describe("AddressSpace accesses", () => {
  it("reads and writes RAM little-endian through the slow path and the typed-array fast path alike", () => {
    const bus = new AddressSpace();
    const ram = bus.addRam("ram", 0x4000_0000, 0x10000);
    bus.write(0x4000_0010, 4, 0x11223344);
    expect(ram.u8[0x10]).toBe(0x44);
    expect(ram.u32[4]).toBe(0x11223344);
    expect(bus.read(0x4000_0012, 2)).toBe(0x1122);
    expect(bus.read(0x4000_0013, 1)).toBe(0x11);
    ram.view.setUint32(0x20, 0xcafef00d, true);
    expect(bus.read(0x4000_0020, 4)).toBe(0xcafef00d);
    expect(bus.status).toBe(BusStatus.Ok);
    expect(bus.findRam(0x4000_ffff)).toBe(ram);
    expect(bus.findRam(0x4001_0000)).toBeUndefined();
  });

  it("holds 2 GiB of RAM and addresses above 4 GiB", () => {
    const bus = new AddressSpace();
    const big = bus.addRam("ram", 0x8000_0000, 2 ** 31);
    const high = bus.addRam("high", 0x8_8000_0000, 0x1000);
    bus.write(0x8000_0000 + 2 ** 31 - 4, 4, 0x12345678);
    expect(big.u32[2 ** 29 - 1]).toBe(0x12345678);
    bus.write(0x8_8000_0004, 4, 0xffffffff);
    expect(high.u32[1]).toBe(0xffffffff);
    expect(bus.read(0x8_8000_0004, 4)).toBe(0xffffffff);
  });

  it("routes MMIO with window-relative offsets and reports unassigned accesses", () => {
    const bus = new AddressSpace();
    const faults: BusFault[] = [];
    bus.onFault = (f) => faults.push(f);
    const uart = new RecordingWindow("uart", 0x1000);
    bus.mapMmio(0x0900_0000, uart);
    bus.write(0x0900_0004, 4, 0xabcd);
    expect(bus.read(0x0900_0004, 4)).toBe(0xabcd);
    expect(uart.accesses).toEqual([
      { write: true, offset: 4, size: 4, value: 0xabcd },
      { write: false, offset: 4, size: 4, value: 0xabcd },
    ]);
    expect(bus.read(0x0900_1000, 4)).toBe(0);
    expect(bus.status).toBe(BusStatus.Unassigned);
    bus.write(0x1234, 1, 7);
    expect(bus.status).toBe(BusStatus.Unassigned);
    // An access that starts inside the window but runs past its end is not the window's.
    expect(bus.read(0x0900_0ffe, 4)).toBe(0);
    expect(bus.status).toBe(BusStatus.Unassigned);
    expect(faults.map((f) => [f.address, f.write])).toEqual([
      [0x0900_1000, false],
      [0x1234, true],
      [0x0900_0ffe, false],
    ]);
    bus.read(0x0900_0000, 4);
    expect(bus.status).toBe(BusStatus.Ok);
  });

  it("enforces each window's access rules and splits accesses wider than it implements", () => {
    const bus = new AddressSpace();
    const gic = new RecordingWindow("gicd", 0x1000, { min: 4, max: 4 });
    const bytes = new RecordingWindow("bytes", 0x1000, { min: 1, max: 1 });
    const loose = new RecordingWindow("loose", 0x1000, { unaligned: true });
    bus.mapMmio(0x1000, gic);
    bus.mapMmio(0x2000, bytes);
    bus.mapMmio(0x3000, loose);
    bus.read(0x1000, 1);
    expect(bus.status).toBe(BusStatus.BadSize);
    bus.read(0x1002, 4);
    expect(bus.status).toBe(BusStatus.Unaligned);
    expect(gic.accesses).toHaveLength(0);
    bus.write(0x2000, 4, 0x44332211);
    expect(bytes.accesses.map((a) => [a.offset, a.size, a.value])).toEqual([
      [0, 1, 0x11],
      [1, 1, 0x22],
      [2, 1, 0x33],
      [3, 1, 0x44],
    ]);
    expect(bus.read(0x2000, 4)).toBe(0x44332211);
    expect(bus.read(0x2000, 2)).toBe(0x2211);
    bus.write(0x3001, 4, 0x01020304);
    expect(bus.status).toBe(BusStatus.Ok);
    expect(bus.read(0x3001, 4)).toBe(0x01020304);
  });

  it("masks written values to the access size", () => {
    const bus = new AddressSpace();
    const w = new RecordingWindow("w", 0x100);
    bus.mapMmio(0, w);
    bus.write(0x10, 1, 0x1ff);
    bus.write(0x12, 2, -1);
    bus.write(0x14, 4, -1);
    expect(w.accesses.map((a) => a.value)).toEqual([0xff, 0xffff, 0xffffffff]);
  });

  it("makes ROM readable and reports writes to it", () => {
    const bus = new AddressSpace();
    const rom = bus.addRam("flash", 0, 0x1000, { writable: false });
    rom.u32[0] = 0xe1a00000;
    expect(bus.read(0, 4)).toBe(0xe1a00000);
    bus.write(0, 4, 0);
    expect(bus.status).toBe(BusStatus.ReadOnly);
    expect(rom.u32[0]).toBe(0xe1a00000);
    expect(bus.writeBytes(0, new Uint8Array(4))).toBe(false);
  });

  it("reads as zero and ignores writes in a named placeholder window", () => {
    const bus = new AddressSpace();
    bus.mapRazWi("sp810", 0x1c02_0000, 0x1000);
    bus.write(0x1c02_0000, 4, 0x1234);
    expect(bus.read(0x1c02_0000, 4)).toBe(0);
    expect(bus.status).toBe(BusStatus.Ok);
    expect(bus.regions()[0].name).toBe("sp810");
  });
});

describe("AddressSpace DMA helpers", () => {
  it("copies across adjacent RAM regions and tells RAM-write observers", () => {
    const bus = new AddressSpace();
    const a = bus.addRam("a", 0x0, 0x1000);
    const b = bus.addRam("b", 0x1000, 0x1000);
    const seen: [number, number][] = [];
    const stop = bus.observeRamWrites((addr, len) => seen.push([addr, len]));
    const data = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
    expect(bus.writeBytes(0xff8, data)).toBe(true);
    expect(a.u8[0xff8]).toBe(1);
    expect(b.u8[7]).toBe(16);
    const back = new Uint8Array(16);
    expect(bus.readBytes(0xff8, back)).toBe(true);
    expect(back).toEqual(data);
    bus.write(0x10, 4, 1);
    expect(seen).toEqual([
      [0xff8, 16],
      [0x10, 4],
    ]);
    stop();
    bus.write(0x10, 4, 2);
    expect(seen).toHaveLength(2);
  });

  it("refuses DMA that touches a hole, without writing anything", () => {
    const bus = new AddressSpace();
    const a = bus.addRam("a", 0x0, 0x1000);
    expect(bus.writeBytes(0xffc, new Uint8Array([9, 9, 9, 9, 9, 9, 9, 9]))).toBe(false);
    expect(bus.status).toBe(BusStatus.Unassigned);
    expect(a.u8[0xffc]).toBe(0);
    expect(bus.readBytes(0xffc, new Uint8Array(8))).toBe(false);
  });
});

describe("AddressSpace requester", () => {
  it("tells windows which bus master is accessing (banked per-CPU registers)", () => {
    const bus = new AddressSpace();
    const seen: number[] = [];
    bus.mapMmio(0x1000, {
      name: "banked",
      size: 0x100,
      read: (_o, _s, requester) => requester * 10,
      write: (_o, _s, _v, requester) => {
        seen.push(requester);
      },
    });
    bus.requester = 1;
    expect(bus.read(0x1000, 4)).toBe(10);
    bus.requester = 3;
    bus.write(0x1000, 4, 0);
    expect(bus.read(0x1000, 4)).toBe(30);
    expect(seen).toEqual([3]);
  });
});
