import { ArmCpu, Mode } from "@xena/cpu-armv7ve";
import { AddressSpace } from "@xena/machine";
import { describe, expect, it } from "vitest";
import { PSCI, PSCI_RET, PsciFirmware } from "../src/psci.js";

function machine(n: number) {
  const bus = new AddressSpace();
  bus.addRam("ram", 0x4000_0000, 0x100000);
  const events: string[] = [];
  const cpus: ArmCpu[] = [];
  const fw = new PsciFirmware(
    { cpus, entryMode: Mode.SVC, systemOff: () => events.push("off"), systemReset: () => events.push("reset") },
    "hvc",
  );
  for (let i = 0; i < n; i++) cpus.push(new ArmCpu({ bus, index: i, clusterSize: n, firmware: fw }));
  for (let i = 1; i < n; i++) cpus[i].powerOff();
  return { bus, cpus, fw, events };
}

function call(fw: PsciFirmware, cpu: ArmCpu, ...args: number[]): number {
  args.forEach((v, i) => {
    cpu.r[i] = v;
  });
  expect(fw.hvc(cpu, 0)).toBe(true);
  return cpu.r[0];
}

describe("PSCI firmware", () => {
  it("reports version 1.1 and the supported functions", () => {
    const { cpus, fw } = machine(1);
    expect(call(fw, cpus[0], PSCI.VERSION)).toBe(0x10001);
    expect(call(fw, cpus[0], PSCI.FEATURES, PSCI.CPU_ON)).toBe(0);
    expect(call(fw, cpus[0], PSCI.FEATURES, 0x80000000)).toBe(PSCI_RET.NOT_SUPPORTED); // SMCCC_VERSION
    expect(call(fw, cpus[0], PSCI.MIGRATE_INFO_TYPE)).toBe(2);
    expect(call(fw, cpus[0], 0xc4000003)).toBe(PSCI_RET.NOT_SUPPORTED); // 64-bit IDs from AArch32
  });

  it("starts a secondary with CPU_ON in the state PSCI specifies, and tracks power state", () => {
    const { cpus, fw } = machine(2);
    expect(cpus[1].poweredOff).toBe(true);
    expect(call(fw, cpus[0], PSCI.AFFINITY_INFO, 1, 0)).toBe(1);
    expect(call(fw, cpus[0], PSCI.CPU_ON, 1, 0x4000_1001, 0x1234)).toBe(0);
    const c = cpus[1];
    expect(c.poweredOff).toBe(false);
    expect(c.pc).toBe(0x4000_1000);
    expect(c.thumb).toBe(true);
    expect(c.r[0]).toBe(0x1234);
    expect(c.mode).toBe(Mode.SVC);
    expect(c.cpsr & 0x1c0).toBe(0x1c0); // A, I, F masked
    expect(c.sctlr & 1).toBe(0); // MMU off
    expect(call(fw, cpus[0], PSCI.CPU_ON, 1, 0x4000_1000, 0)).toBe(PSCI_RET.ALREADY_ON);
    expect(call(fw, cpus[0], PSCI.CPU_ON, 5, 0x4000_1000, 0)).toBe(PSCI_RET.INVALID_PARAMS);
    expect(call(fw, cpus[0], PSCI.AFFINITY_INFO, 1, 0)).toBe(0);
    call(fw, cpus[1], PSCI.CPU_OFF);
    expect(cpus[1].poweredOff).toBe(true);
    expect(cpus[1].run(100)).toBe(0);
  });

  it("turns SYSTEM_OFF and SYSTEM_RESET into machine actions", () => {
    const { cpus, fw, events } = machine(1);
    call(fw, cpus[0], PSCI.SYSTEM_OFF);
    call(fw, cpus[0], PSCI.SYSTEM_RESET);
    expect(events).toEqual(["off", "reset"]);
  });

  it("leaves non-PSCI function IDs to the architecture (UNDEFINED) and ignores the other conduit", () => {
    const { cpus, fw } = machine(1);
    cpus[0].r[0] = 0x82000000;
    expect(fw.hvc(cpus[0], 0)).toBe(false);
    cpus[0].r[0] = PSCI.VERSION;
    expect(fw.smc(cpus[0], 0)).toBe(false);
  });
});
