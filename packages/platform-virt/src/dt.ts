// The device tree of the virt machine, generated from the memory map (the same data the machine
// is built from, so the two cannot disagree). Node names, compatibles and interrupt cells follow
// what QEMU 7.2 generates for `-M virt -cpu cortex-a15`.
import { FdtWriter } from "@xena/fdt";
import { VIRT_MAP, VIRT_PPI, VIRT_SPI, VIRTIO_SLOTS } from "./map.js";

export interface VirtDtConfig {
  readonly ramSize: number;
  readonly cpus: number;
  /** The guest owns Hyp mode: the GIC node gains GICH/GICV and the maintenance interrupt. */
  readonly virtualization: boolean;
  /** PSCI conduit: "hvc" when firmware handles HVC, "smc" when the guest owns Hyp mode. */
  readonly psciMethod: "hvc" | "smc";
  readonly bootargs?: string;
  /** Initrd placement, end exclusive. */
  readonly initrd?: { readonly start: number; readonly end: number };
  /** 32 bytes for /chosen/rng-seed (Linux's early entropy); omitted when undefined. */
  readonly rngSeed?: Uint8Array;
}

const GIC_SPI = 0;
const GIC_PPI = 1;
const IRQ_EDGE_RISING = 1;
const IRQ_LEVEL_HIGH = 4;

/** PSCI 0.1 function IDs (SMC32) that Linux reads from the node for old-style PSCI. */
const PSCI_0_1 = { cpu_suspend: 0x84000001, cpu_off: 0x84000002, cpu_on: 0x84000003, migrate: 0x84000005 };

export function buildVirtDtb(config: VirtDtConfig): Uint8Array {
  if (!Number.isInteger(config.cpus) || config.cpus < 1 || config.cpus > 8) {
    throw new RangeError(`virt supports 1 to 8 CPUs (GICv2), got ${config.cpus}`);
  }
  const w = new FdtWriter();
  const clockPh = w.allocPhandle();
  const gicPh = w.allocPhandle();
  const cpuPh = Array.from({ length: config.cpus }, () => w.allocPhandle());
  const cells2 = [2, 2];

  const root = w.beginNode("");
  w.propertyU32("interrupt-parent", gicPh);
  w.propertyString("model", "linux,dummy-virt");
  w.propertyU32("#size-cells", 2);
  w.propertyU32("#address-cells", 2);
  w.propertyString("compatible", "linux,dummy-virt");

  const psci = w.beginNode("psci");
  w.propertyStrings("compatible", ["arm,psci-1.0", "arm,psci-0.2", "arm,psci"]);
  w.propertyString("method", config.psciMethod);
  for (const [name, id] of Object.entries(PSCI_0_1)) w.propertyU32(name, id);
  w.endNode(psci);

  const ramBase = VIRT_MAP.ram.base;
  const mem = w.beginNode(`memory@${ramBase.toString(16)}`);
  w.propertyString("device_type", "memory");
  w.propertyCells("reg", [ramBase, config.ramSize], cells2);
  w.endNode(mem);

  for (let i = 0; i < VIRTIO_SLOTS; i++) {
    const base = VIRT_MAP.virtio.base + i * VIRT_MAP.virtio.size;
    const n = w.beginNode(`virtio_mmio@${base.toString(16)}`);
    w.propertyEmpty("dma-coherent");
    w.propertyU32s("interrupts", [GIC_SPI, VIRT_SPI.virtioBase + i, IRQ_EDGE_RISING]);
    w.propertyCells("reg", [base, VIRT_MAP.virtio.size], cells2);
    w.propertyString("compatible", "virtio,mmio");
    w.endNode(n);
  }

  const rtc = w.beginNode(`pl031@${VIRT_MAP.rtc.base.toString(16)}`);
  w.propertyString("clock-names", "apb_pclk");
  w.propertyU32("clocks", clockPh);
  w.propertyU32s("interrupts", [GIC_SPI, VIRT_SPI.rtc, IRQ_LEVEL_HIGH]);
  w.propertyCells("reg", [VIRT_MAP.rtc.base, VIRT_MAP.rtc.size], cells2);
  w.propertyStrings("compatible", ["arm,pl031", "arm,primecell"]);
  w.endNode(rtc);

  const uart = w.beginNode(`pl011@${VIRT_MAP.uart.base.toString(16)}`);
  w.propertyStrings("clock-names", ["uartclk", "apb_pclk"]);
  w.propertyU32s("clocks", [clockPh, clockPh]);
  w.propertyU32s("interrupts", [GIC_SPI, VIRT_SPI.uart, IRQ_LEVEL_HIGH]);
  w.propertyCells("reg", [VIRT_MAP.uart.base, VIRT_MAP.uart.size], cells2);
  w.propertyStrings("compatible", ["arm,pl011", "arm,primecell"]);
  w.endNode(uart);

  const gic = w.beginNode(`intc@${VIRT_MAP.gicDistributor.base.toString(16)}`);
  w.propertyU32("phandle", gicPh);
  if (config.virtualization) {
    w.propertyU32s("interrupts", [GIC_PPI, VIRT_PPI.gicMaintenance, IRQ_LEVEL_HIGH]);
  }
  const gicRegs = [
    VIRT_MAP.gicDistributor,
    VIRT_MAP.gicCpu,
    ...(config.virtualization ? [VIRT_MAP.gicHyp, VIRT_MAP.gicVcpu] : []),
  ];
  w.propertyCells(
    "reg",
    gicRegs.flatMap((r) => [r.base, r.size]),
    cells2,
  );
  w.propertyString("compatible", "arm,cortex-a15-gic");
  w.propertyEmpty("ranges");
  w.propertyU32("#size-cells", 2);
  w.propertyU32("#address-cells", 2);
  w.propertyEmpty("interrupt-controller");
  w.propertyU32("#interrupt-cells", 3);
  w.endNode(gic);

  const cpus = w.beginNode("cpus");
  w.propertyU32("#size-cells", 0);
  w.propertyU32("#address-cells", 1);
  const map = w.beginNode("cpu-map");
  const socket = w.beginNode("socket0");
  const cluster = w.beginNode("cluster0");
  for (let i = 0; i < config.cpus; i++) {
    const core = w.beginNode(`core${i}`);
    w.propertyU32("cpu", cpuPh[i]);
    w.endNode(core);
  }
  w.endNode(cluster);
  w.endNode(socket);
  w.endNode(map);
  for (let i = 0; i < config.cpus; i++) {
    const cpu = w.beginNode(`cpu@${i}`);
    w.propertyU32("phandle", cpuPh[i]);
    w.propertyU32("reg", i);
    if (config.cpus > 1) w.propertyString("enable-method", "psci");
    w.propertyString("compatible", "arm,cortex-a15");
    w.propertyString("device_type", "cpu");
    w.endNode(cpu);
  }
  w.endNode(cpus);

  // Timer PPIs in the binding's order (secure, non-secure physical, virtual, hyp), level-high,
  // with the mask of CPUs the PPI is wired to.
  const flags = IRQ_LEVEL_HIGH | (((1 << config.cpus) - 1) << 8);
  const timer = w.beginNode("timer");
  w.propertyU32s(
    "interrupts",
    [VIRT_PPI.secureTimer, VIRT_PPI.physicalTimer, VIRT_PPI.virtualTimer, VIRT_PPI.hypTimer].flatMap((ppi) => [
      GIC_PPI,
      ppi,
      flags,
    ]),
  );
  w.propertyEmpty("always-on");
  w.propertyString("compatible", "arm,armv7-timer");
  w.endNode(timer);

  const clk = w.beginNode("apb-pclk");
  w.propertyU32("phandle", clockPh);
  w.propertyString("clock-output-names", "clk24mhz");
  w.propertyU32("clock-frequency", 24_000_000);
  w.propertyU32("#clock-cells", 0);
  w.propertyString("compatible", "fixed-clock");
  w.endNode(clk);

  const chosen = w.beginNode("chosen");
  w.propertyString("stdout-path", `/pl011@${VIRT_MAP.uart.base.toString(16)}`);
  if (config.bootargs !== undefined && config.bootargs !== "") w.propertyString("bootargs", config.bootargs);
  if (config.initrd !== undefined) {
    // Single cells, as QEMU writes them (the root has 2 address cells, but Linux accepts either).
    w.propertyU32("linux,initrd-start", config.initrd.start);
    w.propertyU32("linux,initrd-end", config.initrd.end);
  }
  if (config.rngSeed !== undefined) w.property("rng-seed", config.rngSeed);
  w.endNode(chosen);

  w.endNode(root);
  return w.finish();
}
