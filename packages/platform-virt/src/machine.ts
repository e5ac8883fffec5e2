// The virt machine: cores, GICv2, generic timer, PL011, PL031 and virtio-mmio slots on QEMU's
// virt map, PSCI firmware, and a Linux kernel loaded as QEMU loads it.
import { Pl011, Pl031 } from "@xena/amba";
import { GenericTimer } from "@xena/arch-timer";
import { ArmCpu, connectCluster, Mode } from "@xena/cpu-armv7ve";
import { Gic } from "@xena/gic-v2";
import {
  AddressSpace,
  EventScheduler,
  HostClock,
  InstructionClock,
  type LoopResult,
  MachineLoop,
  type TimeDriver,
} from "@xena/machine";
import { type VirtioDevice, VirtioMmio } from "@xena/virtio";
import { type BootLayout, loadLinux } from "./boot.js";
import { buildVirtDtb } from "./dt.js";
import { VIRT_MAP, VIRT_MAX_RAM, VIRT_PPI, VIRT_SPI, VIRT_TIMER_HZ, VIRTIO_SLOTS } from "./map.js";
import { PsciFirmware } from "./psci.js";

export interface VirtMachineOptions {
  /** RAM in bytes (at 0x40000000). */
  readonly ramSize: number;
  readonly cpus?: number;
  /** Kernel image (zImage, uImage or ELF). */
  readonly kernel: Uint8Array;
  readonly initrd?: Uint8Array;
  /** Kernel command line. */
  readonly bootargs?: string;
  /**
   * A DTB to boot with instead of the generated one. Like QEMU, the machine still sets /memory,
   * /chosen (bootargs, initrd) on a copy of it.
   */
  readonly dtb?: (initrd: { start: number; end: number } | undefined) => Uint8Array;
  /** "icount": time follows instructions (deterministic, the default); "realtime": the host clock. */
  readonly clock?: "icount" | "realtime";
  /** Bytes the guest writes to the console UART. */
  readonly serialOut: (byte: number) => void;
  /** Virtio devices, assigned from the highest slot down as QEMU does. */
  readonly virtio?: readonly VirtioDevice[];
  /** RTC value at virtual time 0 (seconds since 1970); default: a fixed date (deterministic). */
  readonly epochSeconds?: number;
  /** Instructions per core before the next core runs (SMP interleaving). */
  readonly quantum?: number;
  /** Compile hot code (default true). */
  readonly jit?: boolean;
  /** Tracing (optional): PSCI calls, unimplemented CPU features, failed bus accesses, CPU interrupt lines. */
  readonly trace?: (category: TraceCategory, message: string) => void;
  /**
   * The guest owns Hyp mode (QEMU's `-M virt,virtualization=on`): cores start in Non-secure Hyp
   * mode, the GIC's virtualization extension (GICH, GICV, maintenance interrupt) is mapped and in
   * the DT, and PSCI moves to the SMC conduit. Default false: the kernel enters SVC mode.
   */
  readonly virtualization?: boolean;
}

export type TraceCategory = "psci" | "cpu" | "mmio" | "irq";

/** 2026-01-01T00:00:00Z: what the RTC reads at boot unless told otherwise. */
export const DEFAULT_EPOCH = 1_767_225_600;

export class VirtMachine {
  readonly bus = new AddressSpace();
  readonly scheduler = new EventScheduler();
  readonly time: TimeDriver;
  readonly cpus: ArmCpu[] = [];
  readonly gic: Gic;
  readonly timer: GenericTimer;
  readonly uart: Pl011;
  readonly rtc: Pl031;
  readonly transports: VirtioMmio[] = [];
  readonly loop: MachineLoop;
  readonly boot: BootLayout;
  /** Set when the guest powered the machine off (PSCI SYSTEM_OFF) or asked for a reset. */
  exit: "poweroff" | "reset" | undefined;

  constructor(readonly options: VirtMachineOptions) {
    const ncpu = options.cpus ?? 1;
    const virtualization = options.virtualization === true;
    if (!Number.isInteger(ncpu) || ncpu < 1 || ncpu > 8) throw new RangeError(`virt: 1 to 8 CPUs, got ${ncpu}`);
    if (!(options.ramSize >= 16 * 2 ** 20) || options.ramSize > VIRT_MAX_RAM || options.ramSize % 4096 !== 0) {
      throw new RangeError(`virt: RAM must be 16 MiB to ${VIRT_MAX_RAM / 2 ** 30} GiB in whole pages`);
    }
    this.time = options.clock === "realtime" ? new HostClock(this.scheduler) : new InstructionClock(this.scheduler);
    const bus = this.bus;
    const ram = { base: VIRT_MAP.ram.base, size: options.ramSize };
    bus.addRam("ram", ram.base, ram.size);

    const trace = options.trace;
    const cpuLines = Array.from({ length: ncpu }, (_, i) => ({
      irq: {
        set: (l: boolean) => {
          trace?.("irq", `cpu${i} IRQ ${l ? "raised" : "lowered"}`);
          this.cpus[i].irq.set(l);
        },
      },
      fiq: {
        set: (l: boolean) => {
          trace?.("irq", `cpu${i} FIQ ${l ? "raised" : "lowered"}`);
          this.cpus[i].fiq.set(l);
        },
      },
      virq: { set: (l: boolean) => this.cpus[i].virq.set(l) },
      vfiq: { set: (l: boolean) => this.cpus[i].vfiq.set(l) },
    }));
    if (trace) {
      bus.onFault = (f) =>
        trace(
          "mmio",
          `${f.write ? "write" : "read"} of ${f.size} bytes at 0x${f.address.toString(16)} failed (status ${f.status})`,
        );
    }
    // 256 SPIs: QEMU's virt GIC has 288 interrupt IDs.
    this.gic = new Gic({ cpus: ncpu, spis: 256, outputs: cpuLines, virtualization });
    bus.mapMmio(VIRT_MAP.gicDistributor.base, this.gic.distributor);
    bus.mapMmio(VIRT_MAP.gicCpu.base, this.gic.cpuInterface);
    if (virtualization) {
      bus.mapMmio(VIRT_MAP.gicHyp.base, this.gic.hypInterface);
      bus.mapMmio(VIRT_MAP.gicVcpu.base, this.gic.virtualCpuInterface);
    }

    this.timer = new GenericTimer({
      clock: this.scheduler,
      cpus: ncpu,
      frequency: VIRT_TIMER_HZ,
      securityExtensions: false,
      outputs: Array.from({ length: ncpu }, (_, i) => ({
        physical: this.gic.ppi(i, VIRT_PPI.physicalTimer),
        virtual: this.gic.ppi(i, VIRT_PPI.virtualTimer),
        hyp: this.gic.ppi(i, VIRT_PPI.hypTimer),
        securePhysical: this.gic.ppi(i, VIRT_PPI.secureTimer),
      })),
      onEvent: (cpu) => this.cpus[cpu].signalEvent(),
    });

    const psci = new PsciFirmware(
      {
        cpus: this.cpus,
        entryMode: virtualization ? Mode.HYP : Mode.SVC,
        systemOff: () => this.stop("poweroff"),
        systemReset: () => this.stop("reset"),
        trace: options.trace
          ? (cpu, fn, result) => options.trace?.("psci", `cpu${cpu} 0x${fn.toString(16)} -> ${result}`)
          : undefined,
      },
      virtualization ? "smc" : "hvc",
    );
    for (let i = 0; i < ncpu; i++) {
      const cpu = new ArmCpu({
        bus,
        index: i,
        clusterSize: ncpu,
        firmware: psci,
        timer: this.timer.cpu(i),
        jit: options.jit,
        virtualization,
      });
      if (options.trace) cpu.onUnimplemented = (what) => options.trace?.("cpu", `cpu${i}: ${what}`);
      this.cpus.push(cpu);
    }
    connectCluster(this.cpus);

    this.uart = new Pl011({ irq: this.gic.spi(VIRT_SPI.uart), transmit: options.serialOut });
    bus.mapMmio(VIRT_MAP.uart.base, this.uart);
    this.rtc = new Pl031({
      irq: this.gic.spi(VIRT_SPI.rtc),
      clock: this.scheduler,
      epochSeconds: options.epochSeconds ?? DEFAULT_EPOCH,
    });
    bus.mapMmio(VIRT_MAP.rtc.base, this.rtc);

    const devices = options.virtio ?? [];
    if (devices.length > VIRTIO_SLOTS) throw new RangeError(`virt has ${VIRTIO_SLOTS} virtio-mmio slots`);
    for (let slot = 0; slot < VIRTIO_SLOTS; slot++) {
      const device = devices[VIRTIO_SLOTS - 1 - slot];
      const t = new VirtioMmio({
        device,
        memory: bus,
        irq: this.gic.spi(VIRT_SPI.virtioBase + slot),
        name: `virtio-mmio.${slot}`,
      });
      bus.mapMmio(VIRT_MAP.virtio.base + slot * VIRT_MAP.virtio.size, t);
      this.transports.push(t);
    }

    this.boot = loadLinux(bus, ram, options.kernel, options.initrd, (initrd) =>
      options.dtb !== undefined
        ? options.dtb(initrd)
        : buildVirtDtb({
            ramSize: ram.size,
            cpus: ncpu,
            virtualization,
            psciMethod: virtualization ? "smc" : "hvc",
            bootargs: options.bootargs,
            initrd,
            rngSeed: seedBytes(32),
          }),
    );
    // Primary core: the boot protocol's entry state (SVC, or Hyp with virtualization). Secondaries
    // wait for PSCI CPU_ON.
    const cpu0 = this.cpus[0];
    cpu0.reset(this.boot.kernel.entry);
    cpu0.r[0] = 0;
    cpu0.r[1] = -1; // machine type: none (DT boot)
    cpu0.r[2] = this.boot.dtb;
    for (let i = 1; i < ncpu; i++) this.cpus[i].powerOff();
    this.loop = new MachineLoop(this.cpus, this.time, bus, options.quantum ?? 10_000);
  }

  /** Runs until `maxInstructions` retired (all cores), the guest powers off, or every core idles. */
  run(maxInstructions: number): LoopResult {
    if (this.exit !== undefined) return { reason: "stopped" };
    return this.loop.run(maxInstructions);
  }

  /** Offers input bytes to the console UART; returns how many it took (the rest waits for `uart` flow control). */
  input(bytes: Uint8Array): number {
    let n = 0;
    while (n < bytes.length && this.uart.receive(bytes[n])) n++;
    return n;
  }

  /** Instructions retired by all cores. */
  get instructions(): number {
    return this.loop.instructions;
  }

  private stop(why: "poweroff" | "reset"): void {
    this.exit = why;
    this.loop.stop();
  }
}

/** A deterministic "random" seed for /chosen/rng-seed (reproducible runs). */
function seedBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = 0x9e3779b9;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = s & 0xff;
  }
  return out;
}
