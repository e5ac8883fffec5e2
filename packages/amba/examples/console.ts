import assert from "node:assert/strict";
import { Pl011, Pl031 } from "@xena/amba";
import { AddressSpace, EventScheduler } from "@xena/machine";
import { RecordingLine } from "@xena/machine/testing";

// A console UART and an RTC on a bus, as a platform would place them (QEMU virt addresses).
const bus = new AddressSpace();
const clock = new EventScheduler();
const uartIrq = new RecordingLine();
let output = "";
const uart = new Pl011({ irq: uartIrq, transmit: (b) => (output += String.fromCharCode(b)) });
bus.mapMmio(0x0900_0000, uart);
bus.mapMmio(0x0901_0000, new Pl031({ irq: new RecordingLine(), clock, epochSeconds: 1_767_225_600 }));

for (const ch of "hi\n") bus.write(0x0900_0000, 4, ch.charCodeAt(0)); // guest writes UARTDR
assert.equal(output, "hi\n");

bus.write(0x0900_0038, 4, 1 << 4); // UARTIMSC: receive interrupt
uart.receive(0x78); // a key press
assert.equal(uartIrq.level, true);
assert.equal(bus.read(0x0900_0000, 4), 0x78); // guest reads it; the interrupt drops
assert.equal(uartIrq.level, false);

clock.advanceTo(60e9);
assert.equal(bus.read(0x0901_0000, 4), 1_767_225_660); // RTCDR: one minute later
