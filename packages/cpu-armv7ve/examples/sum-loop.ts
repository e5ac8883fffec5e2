import assert from "node:assert/strict";
import { ArmCpu, disassembleA32, Mode } from "@xena/cpu-armv7ve";
import { AddressSpace } from "@xena/machine";

// Sum 1..10 in ARM state, then execute an undefined instruction.
const program = [
  0xe3a00000, // mov   r0, #0
  0xe3a0100a, // mov   r1, #10
  0xe0800001, // add   r0, r0, r1     <- loop
  0xe2511001, // subs  r1, r1, #1
  0x1afffffc, // bne   loop
  0xe7f000f0, // udf   #0
];

const bus = new AddressSpace();
const ram = bus.addRam("ram", 0, 0x10000);
ram.u32.set(program, 0x100 / 4);

const cpu = new ArmCpu({ bus });
cpu.reset(0x100);
cpu.run(33); // 2 + 3 * 10 + 1 instructions: up to and including the UDF

assert.equal(cpu.r[0], 55);
assert.equal(cpu.mode, Mode.UND); // the UDF took the undefined-instruction exception...
assert.equal(cpu.pc, 0x4); // ...to its vector
assert.equal(cpu.r[14], 0x100 + 5 * 4 + 4); // LR_und = the UDF's address + 4
assert.equal(disassembleA32(program[2]), "add r0, r0, r1");
assert.equal(disassembleA32(program[4], 0x110), "bne 0x108");
