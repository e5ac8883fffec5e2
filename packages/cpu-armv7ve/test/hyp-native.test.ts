// The native hypervisor interface: a hypervisor written in the test (TypeScript) owns Hyp mode,
// builds stage-2 tables in guest RAM, and handles the guest's traps the way xen-core will:
// hypercalls, MMIO emulated from the data-abort syndrome, trapped WFI/SMC, and world switches
// between two vCPUs of different VMs.
import { AddressSpace } from "@xena/machine";
import { describe, expect, it, vi } from "vitest";
import { ArmCpu, type CpuOptions, EC, HCR, type HypTrap, type NativeHypervisor, VcpuState } from "../src/index.js";
import { Tlb } from "../src/tlb.js";
import { assemble } from "./asm.js";

const RAM_SIZE = 0x800000;
const EXIT = 0x1000_0000;

/** Stage-2 descriptors (LPAE, ARM ARM B3.6.5): AF, S2AP, MemAttr, type. */
const AF = 1 << 10;
const S2AP_RW = 3 << 6;
const S2AP_RO = 1 << 6;
const NORMAL = 0xf << 2;
const DEVICE = 0x1 << 2;

class Stage2Builder {
  private next: number;
  constructor(
    private readonly bus: AddressSpace,
    readonly root: number,
  ) {
    // A 32-bit IPA space starting at level 1: 4 entries (VTCR.T0SZ = 0, SL0 = 1).
    this.next = root + 0x1000;
    for (let i = 0; i < 4; i++) this.write64(root + i * 8, 0);
  }

  private write64(addr: number, lo: number, hi = 0): void {
    this.bus.write(addr, 4, lo >>> 0);
    this.bus.write(addr + 4, 4, hi >>> 0);
  }

  private read32(addr: number): number {
    return this.bus.read(addr, 4) >>> 0;
  }

  private table(addr: number): number {
    const d = this.read32(addr);
    if ((d & 3) === 3) return d & 0xfffff000;
    const t = this.next;
    this.next += 0x1000;
    for (let i = 0; i < 512; i++) this.write64(t + i * 8, 0);
    this.write64(addr, t | 3);
    return t;
  }

  /** Maps the 2 MiB block at `ipa` to `pa`. */
  block(ipa: number, pa: number, attrs = AF | S2AP_RW | NORMAL): void {
    const l2 = this.table(this.root + (ipa >>> 30) * 8);
    this.write64(l2 + ((ipa >>> 21) & 0x1ff) * 8, (pa & 0xffe00000) | attrs | 1);
  }

  /** Maps the 4 KiB page at `ipa` to `pa`. */
  page(ipa: number, pa: number, attrs = AF | S2AP_RW | NORMAL): void {
    const l2 = this.table(this.root + (ipa >>> 30) * 8);
    const l3 = this.table(l2 + ((ipa >>> 21) & 0x1ff) * 8);
    this.write64(l3 + ((ipa >>> 12) & 0x1ff) * 8, (pa & 0xfffff000) | attrs | 3);
  }
}

class Machine {
  readonly bus = new AddressSpace();
  readonly cpu: ArmCpu;
  exitCode: number | undefined;

  constructor(hypervisor: NativeHypervisor, options: Partial<CpuOptions> = {}) {
    this.bus.addRam("ram", 0, RAM_SIZE);
    this.bus.mapMmio(EXIT, {
      name: "exit",
      size: 0x1000,
      read: () => 0,
      write: (_offset, _size, value) => {
        this.exitCode = value;
        this.cpu.exitReq = 1;
      },
    });
    this.cpu = new ArmCpu({ bus: this.bus, hypervisor, ...options });
  }

  run(limit = 200_000): void {
    let total = 0;
    while (this.exitCode === undefined && total < limit) {
      total += this.cpu.run(1000);
      if (this.cpu.halted) break;
    }
  }
}

const CONFIGS: [string, Partial<CpuOptions>][] = [
  ["interpreter", { jit: false }],
  ["JIT", { jitThreshold: 1 }],
];

describe("native hypervisor", () => {
  for (const [config, options] of CONFIGS) {
    it(`emulates MMIO, hypercalls and trapped instructions of a guest under stage 2 (${config})`, () => {
      const traps: string[] = [];
      const mmioWrites: string[] = [];
      const hv: NativeHypervisor = {
        trap(cpu: ArmCpu, t: HypTrap) {
          switch (t.ec) {
            case EC.HVC:
              traps.push(`hvc ${t.imm16.toString(16)}`);
              cpu.r[0] += 100; // resumes after the HVC
              return;
            case EC.DABT_LOWER: {
              traps.push(
                `dabt va=${t.faultAddress.toString(16)} ipa=${t.ipa.toString(16)} isv=${t.isv} size=${t.accessSize} ` +
                  `sign=${t.signExtend} reg=${t.register} write=${t.isWrite} fsc=${t.faultStatus.toString(16)} il=${t.il}`,
              );
              if (t.isv && t.ipa >= 0x400000 && t.ipa < 0x401000) {
                if (t.isWrite) mmioWrites.push(`${t.ipa.toString(16)}<-${(cpu.r[t.register] >>> 0).toString(16)}`);
                else {
                  // A device register reading 0xfedcba98, narrowed and extended as the load asks.
                  let v = 0xfedcba98 & (t.accessSize === 4 ? 0xffffffff : (1 << (8 * t.accessSize)) - 1);
                  if (t.signExtend) v = (v << (32 - 8 * t.accessSize)) >> (32 - 8 * t.accessSize);
                  cpu.r[t.register] = v;
                }
              }
              cpu.skipInstruction(t);
              return;
            }
            case EC.WFI_WFE:
              traps.push(`wfi cond=${((t.iss >>> 20) & 15).toString(16)}`);
              cpu.skipInstruction(t);
              return;
            case EC.SMC:
              traps.push("smc");
              cpu.skipInstruction(t);
              return;
            default:
              traps.push(`unexpected ec ${t.ec.toString(16)}`);
              cpu.skipInstruction(t);
          }
        },
      };
      const m = new Machine(hv, options);
      const s2 = new Stage2Builder(m.bus, 0x700000);
      s2.block(0, 0); // code and data
      s2.block(0x200000, 0x200000);
      for (let p = 0x400000; p < 0x600000; p += 0x1000) {
        if (p === 0x400000) continue; // the emulated device page: a hole
        s2.page(p, p, p === 0x401000 ? AF | S2AP_RO | NORMAL : AF | S2AP_RW | NORMAL);
      }
      // 0x600000-0x7fffff (the secret, and the stage-2 tables themselves) stays unmapped.
      s2.block(EXIT, EXIT, AF | S2AP_RW | DEVICE);
      m.bus.write(0x600000, 4, 0x5ec7e7); // a secret outside the guest's stage 2
      m.bus.write(0x401000, 4, 0x77);
      const code = assemble(`
        mov r0, #1
        hvc #0xea1
        mov r9, r0
        ldr r1, =0x400000
        ldr r2, [r1, #0x10]
        ldrh r3, [r1, #0x12]
        ldrsb r4, [r1, #0x13]
        str r9, [r1, #0x20]
        strb r9, [r1, #0x21]
        ldr r5, =0x401000
        ldr r6, [r5]
        str r6, [r5]            @ read-only at stage 2: a permission fault the hypervisor skips
        ldr r7, =0x600000
        mov r8, #0
        ldr r8, [r7]            @ not mapped: the secret stays out of reach
        wfi
        smc #0
        ldr r10, =${EXIT}
        mov r11, #0
        str r11, [r10]
        b .
        .ltorg
      `);
      m.bus.writeBytes(0x1000, code);
      const cpu = m.cpu;
      cpu.reset(0x1000);
      cpu.vtcr = 0x80000040; // T0SZ 0, SL0 1 (start at level 1)
      cpu.vttbrLo = 0x700000;
      cpu.vttbrHi = 5 << 16; // VMID 5
      cpu.hcr = HCR.VM | HCR.TWI | HCR.TSC | HCR.IMO | HCR.FMO;
      cpu.regimeChanged();
      m.run();
      expect(m.exitCode).toBe(0);
      expect(cpu.r[9]).toBe(101);
      expect(cpu.r[2] >>> 0).toBe(0xfedcba98);
      expect(cpu.r[3]).toBe(0xba98);
      expect(cpu.r[4]).toBe(-104); // 0x98 sign-extended
      expect(cpu.r[6]).toBe(0x77);
      expect(cpu.r[8]).toBe(0);
      expect(mmioWrites).toEqual(["400020<-65", "400021<-65"]);
      expect(traps).toEqual([
        "hvc ea1",
        "dabt va=400010 ipa=400010 isv=true size=4 sign=false reg=2 write=false fsc=7 il=true",
        "dabt va=400012 ipa=400012 isv=true size=2 sign=false reg=3 write=false fsc=7 il=true",
        "dabt va=400013 ipa=400013 isv=true size=1 sign=true reg=4 write=false fsc=7 il=true",
        "dabt va=400020 ipa=400020 isv=true size=4 sign=false reg=9 write=true fsc=7 il=true",
        "dabt va=400021 ipa=400021 isv=true size=1 sign=false reg=9 write=true fsc=7 il=true",
        "dabt va=401000 ipa=401000 isv=true size=4 sign=false reg=6 write=true fsc=f il=true",
        "dabt va=600000 ipa=600000 isv=true size=4 sign=false reg=8 write=false fsc=6 il=true",
        "wfi cond=e",
        "smc",
      ]);
    });

    it(`switches between two VMs without flushing, each seeing its own stage 2 (${config})`, () => {
      const a = new VcpuState();
      const b = new VcpuState();
      let current = a;
      let finished = 0;
      const hv: NativeHypervisor = {
        trap(cpu: ArmCpu, t: HypTrap) {
          expect(t.ec).toBe(EC.HVC);
          if (t.imm16 === 2) finished++;
          if (finished === 2) {
            m.exitCode = 0;
            return;
          }
          // World switch: save this vCPU, run the other.
          cpu.saveVcpu(current);
          current = current === a ? b : a;
          cpu.loadVcpu(current);
        },
      };
      const m = new Machine(hv, options);
      // Both VMs run the same code at IPA 0x1000; IPA 0x200000 is different memory for each.
      const code = assemble(`
        mov r5, #0
        mov r6, #50
        ldr r1, =0x200000
      1:ldr r2, [r1]
        add r5, r5, r2
        hvc #1
        subs r6, r6, #1
        bne 1b
        hvc #2
        b .
        .ltorg
      `);
      m.bus.writeBytes(0x1000, code);
      m.bus.write(0x200000, 4, 3);
      m.bus.write(0x400000, 4, 5);
      const sa = new Stage2Builder(m.bus, 0x600000);
      sa.block(0, 0);
      sa.block(0x200000, 0x200000);
      const sb = new Stage2Builder(m.bus, 0x680000);
      sb.block(0, 0);
      sb.block(0x200000, 0x400000);
      for (const [s, vmid, root] of [
        [a, 1, 0x600000],
        [b, 2, 0x680000],
      ] as const) {
        s.pc = 0x1000;
        s.set("hcr", HCR.VM);
        s.set("vtcr", 0x80000040);
        s.set("vttbrLo", root);
        s.set("vttbrHi", vmid << 16);
      }
      m.cpu.reset();
      m.cpu.loadVcpu(a);
      const flushes = vi.spyOn(Tlb.prototype, "flush");
      m.run(1_000_000);
      flushes.mockRestore();
      expect(m.exitCode).toBe(0);
      m.cpu.saveVcpu(current);
      expect([a.r[5], b.r[5]]).toEqual([150, 250]);
      // The first entry into each VM may flush the set it takes over; no switch after that does.
      expect(flushes.mock.calls.length).toBeLessThanOrEqual(4);
    });
  }
});
