// A small machine for device tests: RAM, one virtio-mmio transport on the bus, a recording IRQ
// line and the mock driver; plus an "echo" device that copies what it reads into what it writes.
import { type AccessSize, AddressSpace } from "@xena/machine";
import { RecordingLine } from "@xena/machine/testing";
import {
  ConfigSpace,
  type DescriptorChain,
  type FeatureBits,
  type VirtioDevice,
  VirtioMmio,
  type VirtioMmioOptions,
  type VirtioTransport,
} from "../src/index.js";
import { MockDriver } from "../src/testing/index.js";

export const RAM_BASE = 0x4000_0000;
export const RAM_SIZE = 0x40_0000;
export const MMIO_BASE = 0x0a00_3e00;
/** The mock driver's heap: RAM above the first MiB (tests poke raw structures below it). */
export const HEAP_BASE = RAM_BASE + 0x10_0000;

export function machine(device: VirtioDevice | undefined, options: Partial<VirtioMmioOptions> = {}) {
  const bus = new AddressSpace();
  bus.addRam("ram", RAM_BASE, RAM_SIZE);
  const irq = new RecordingLine();
  const errors: string[] = [];
  const transport = new VirtioMmio({
    device,
    memory: bus,
    irq,
    events: { deviceError: (m) => errors.push(m) },
    ...options,
  });
  bus.mapMmio(MMIO_BASE, transport);
  const driver = new MockDriver({
    bus,
    base: MMIO_BASE,
    heap: { base: HEAP_BASE, size: RAM_BASE + RAM_SIZE - HEAP_BASE },
  });
  const reg = (offset: number) => bus.read(MMIO_BASE + offset, 4);
  const setReg = (offset: number, value: number) => bus.write(MMIO_BASE + offset, 4, value);
  return { bus, irq, transport, driver, errors, reg, setReg };
}

export interface EchoRecord {
  readonly head: number;
  readonly readableLength: number;
  readonly writableLength: number;
  readonly readableSegments: number;
  readonly writableSegments: number;
}

/** A device type for transport and ring tests: each request's readable bytes are copied into its writable ones. */
export class EchoDevice implements VirtioDevice {
  readonly deviceId = 0x7e;
  readonly configSize = 8;
  readonly config = new ConfigSpace(8);
  readonly notifies: number[] = [];
  readonly chains: EchoRecord[] = [];
  readonly configWrites: [number, number, number][] = [];
  resets = 0;
  activations = 0;
  transport: VirtioTransport | undefined;

  constructor(
    readonly queueSizes: readonly number[] = [8],
    readonly features: FeatureBits = [1 << 3, 0],
  ) {
    this.config.set32(0, 0x11223344);
    this.config.set32(4, 0x55667788);
  }

  attach(t: VirtioTransport): void {
    this.transport = t;
  }

  readConfig(offset: number, size: AccessSize): number {
    return this.config.read(offset, size);
  }

  writeConfig(offset: number, size: AccessSize, value: number): void {
    this.configWrites.push([offset, size, value]);
  }

  activate(): void {
    this.activations++;
  }

  reset(): void {
    this.resets++;
  }

  queueNotify(index: number): void {
    this.notifies.push(index);
    const q = this.transport!.queue(index);
    for (let n = 0; n < q.size; n++) {
      const c = q.pop();
      if (c === undefined) break;
      if (!this.echo(c)) return;
    }
    q.signalUsed();
  }

  private echo(c: DescriptorChain): boolean {
    this.chains.push({
      head: c.head,
      readableLength: c.readableLength,
      writableLength: c.writableLength,
      readableSegments: c.readable.length,
      writableSegments: c.writable.length,
    });
    const data = new Uint8Array(c.readableLength);
    if (!c.read(0, data)) return false;
    const out = data.subarray(0, Math.min(data.length, c.writableLength));
    if (!c.write(0, out)) return false;
    c.queue.pushUsed(c, out.length);
    return true;
  }
}

export function bytes(...values: number[]): Uint8Array {
  return Uint8Array.from(values);
}

export function pattern(length: number, seed = 1): Uint8Array {
  const b = new Uint8Array(length);
  for (let i = 0; i < length; i++) b[i] = (i * 7 + seed * 13) & 0xff;
  return b;
}
