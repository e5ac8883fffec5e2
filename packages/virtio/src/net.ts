// virtio-net (virtio 1.x "Network Device"): receive queue 0, transmit queue 1, no control
// queue and no offloads. Every buffer starts with the 12-byte virtio_net_hdr (VERSION_1 layout,
// num_buffers included): zero on receive except num_buffers = 1, skipped unread on transmit.
import type { AccessSize } from "@xena/machine";
import { type FeatureBits, featureBits, VirtioDeviceId } from "./constants.js";
import { ConfigSpace, type VirtioDevice, type VirtioTransport } from "./device.js";
import type { DescriptorChain } from "./queue.js";

/** The wire side of a virtio-net device. */
export interface NetBackend {
  /** A frame the guest transmitted (Ethernet header onwards, no FCS). The array is the backend's to keep. */
  send(frame: Uint8Array): void;
}

/** virtio-net feature bits (the ones this device knows; it offers MAC and STATUS). */
export const VirtioNetFeature = {
  CSUM: 0,
  GUEST_CSUM: 1,
  MTU: 3,
  MAC: 5,
  GUEST_TSO4: 7,
  MRG_RXBUF: 15,
  STATUS: 16,
  CTRL_VQ: 17,
  MQ: 22,
} as const;

/** Offsets in struct virtio_net_config. */
export const VirtioNetConfig = {
  MAC: 0,
  STATUS: 6,
} as const;

/** virtio_net_config.status bits. */
export const VIRTIO_NET_S_LINK_UP = 1;

/** struct virtio_net_hdr with VIRTIO_F_VERSION_1 (num_buffers always present). */
export const VIRTIO_NET_HDR_BYTES = 12;
/** Shortest frame accepted either way: an Ethernet header. */
export const MIN_FRAME_BYTES = 14;
/** Longest frame accepted either way: 65535-byte MTU + Ethernet header + VLAN tag (no GSO offered). */
export const MAX_FRAME_BYTES = 65535 + 14 + 4;

export const NET_RX_QUEUE = 0;
export const NET_TX_QUEUE = 1;

export interface VirtioNetOptions {
  /** MAC address: six bytes or "52:54:00:12:34:56". */
  readonly mac: Uint8Array | string;
  /** Where transmitted frames go (default: nowhere; settable later with `backend`). */
  readonly backend?: NetBackend;
  /** Maximum size of each queue (default 256). */
  readonly queueSize?: number;
  /** Frames held while the guest has no receive buffer, before `receive` refuses (default 64). */
  readonly rxQueueLimit?: number;
  /** Offer VIRTIO_NET_F_STATUS (link state in config space; default true). */
  readonly linkStatus?: boolean;
}

export interface VirtioNetStats {
  txFrames: number;
  rxFrames: number;
  /** Transmit buffers dropped: shorter than header + Ethernet header, or longer than MAX_FRAME_BYTES. */
  txDropped: number;
  /** Received frames dropped: link down, bad length, or no receive buffer large enough. */
  rxDropped: number;
}

/** Parses "52:54:00:12:34:56" (or takes six bytes). */
export function parseMac(mac: Uint8Array | string): Uint8Array {
  if (typeof mac !== "string") {
    if (mac.length !== 6) throw new RangeError(`MAC address must be 6 bytes, got ${mac.length}`);
    return Uint8Array.from(mac);
  }
  const parts = mac.split(":");
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{2}$/.test(p))) {
    throw new RangeError(`MAC address "${mac}" is not six hex bytes separated by colons`);
  }
  return Uint8Array.from(parts.map((p) => Number.parseInt(p, 16)));
}

/**
 * A virtio-net device. Frames from the guest go to `backend.send`; frames for the guest come in
 * through `receive`, which holds a bounded number of them while the guest has posted no receive
 * buffer and refuses beyond that (call again after `onRxReady`).
 */
export class VirtioNet implements VirtioDevice {
  readonly deviceId = VirtioDeviceId.NET;
  readonly features: FeatureBits;
  readonly queueSizes: readonly number[];
  readonly configSize: number;
  readonly mac: Uint8Array;
  readonly rxQueueLimit: number;
  readonly stats: VirtioNetStats = { txFrames: 0, rxFrames: 0, txDropped: 0, rxDropped: 0 };
  /** Where transmitted frames go. */
  backend: NetBackend;
  /** Told when `receive` may be called again after it returned false (flow control). */
  onRxReady: () => void = () => {};

  private readonly config: ConfigSpace;
  private readonly pending: Uint8Array[] = [];
  private readonly header = new Uint8Array(VIRTIO_NET_HDR_BYTES);
  private refused = false;
  private link = true;
  private transport: VirtioTransport | undefined;

  constructor(options: VirtioNetOptions) {
    this.mac = parseMac(options.mac);
    this.backend = options.backend ?? { send() {} };
    const queueSize = options.queueSize ?? 256;
    this.queueSizes = [queueSize, queueSize];
    this.rxQueueLimit = options.rxQueueLimit ?? 64;
    if (!(this.rxQueueLimit >= 0)) throw new RangeError(`virtio-net: rxQueueLimit ${this.rxQueueLimit} < 0`);
    const status = options.linkStatus ?? true;
    this.features = status
      ? featureBits(VirtioNetFeature.MAC, VirtioNetFeature.STATUS)
      : featureBits(VirtioNetFeature.MAC);
    this.configSize = status ? 8 : 6;
    this.config = new ConfigSpace(this.configSize);
    this.config.bytes.set(this.mac, VirtioNetConfig.MAC);
    if (status) this.config.set16(VirtioNetConfig.STATUS, VIRTIO_NET_S_LINK_UP);
    // RX header: no flags, GSO_NONE, num_buffers = 1 (one buffer per frame without MRG_RXBUF).
    this.header[10] = 1;
  }

  /** Link state (reported through the STATUS config field with a config-change interrupt). */
  get linkUp(): boolean {
    return this.link;
  }

  set linkUp(up: boolean) {
    if (up === this.link) return;
    this.link = up;
    if (this.configSize >= 8) {
      this.config.set16(VirtioNetConfig.STATUS, up ? VIRTIO_NET_S_LINK_UP : 0);
      this.transport?.configChanged();
    }
    if (!up) this.dropPending();
  }

  /** Frames held for the guest, waiting for receive buffers. */
  get rxPending(): number {
    return this.pending.length;
  }

  /** Whether `receive` would take a frame now. */
  get canReceive(): boolean {
    return this.pending.length < this.rxQueueLimit || !this.link;
  }

  /**
   * Offers a frame to the guest. Returns true when the device took it — delivered into a receive
   * buffer, held until the guest posts one, or dropped (link down, bad length, buffer too small) —
   * and false when it is refused because `rxQueueLimit` frames are already held: keep the frame
   * and offer it again after `onRxReady`. The array is copied if held.
   */
  receive(frame: Uint8Array): boolean {
    if (!this.link || frame.length < MIN_FRAME_BYTES || frame.length > MAX_FRAME_BYTES) {
      this.stats.rxDropped++;
      return true;
    }
    if (this.pending.length === 0 && this.deliver(frame)) return true;
    if (this.pending.length >= this.rxQueueLimit) {
      this.refused = true;
      return false;
    }
    this.pending.push(frame.slice());
    return true;
  }

  attach(transport: VirtioTransport): void {
    if (this.transport !== undefined) throw new Error("virtio-net: already attached to a transport");
    this.transport = transport;
  }

  readConfig(offset: number, size: AccessSize): number {
    return this.config.read(offset, size);
  }

  writeConfig(): void {
    // The network device's configuration is read-only.
  }

  activate(): void {
    this.flushPending();
  }

  reset(): void {
    // Frames held for the previous driver instance are stale.
    this.dropPending();
  }

  queueNotify(index: number): void {
    if (index === NET_RX_QUEUE) this.flushPending();
    else if (index === NET_TX_QUEUE) this.transmit();
  }

  private transmit(): void {
    const t = this.transport;
    if (t === undefined) return;
    const q = t.queue(NET_TX_QUEUE);
    for (let n = 0; n < q.size; n++) {
      const chain = q.pop();
      if (chain === undefined) break;
      if (!this.transmitOne(chain)) return;
    }
    q.signalUsed();
  }

  private transmitOne(chain: DescriptorChain): boolean {
    // The header's offload fields are ignored (none offered): the frame is simply what follows it.
    const length = chain.readableLength - VIRTIO_NET_HDR_BYTES;
    if (length < MIN_FRAME_BYTES || length > MAX_FRAME_BYTES) {
      this.stats.txDropped++;
      chain.queue.pushUsed(chain, 0);
      return true;
    }
    const frame = new Uint8Array(length);
    if (!chain.read(VIRTIO_NET_HDR_BYTES, frame)) return false;
    this.stats.txFrames++;
    chain.queue.pushUsed(chain, 0);
    this.backend.send(frame);
    return true;
  }

  /** Puts one frame into a receive buffer. False when there is none (the caller holds the frame). */
  private deliver(frame: Uint8Array): boolean {
    const t = this.transport;
    if (t === undefined || !t.active) return false;
    const q = t.queue(NET_RX_QUEUE);
    const chain = q.pop();
    if (chain === undefined) return false;
    if (chain.writableLength < VIRTIO_NET_HDR_BYTES + frame.length) {
      // Without MRG_RXBUF a frame must fit one buffer; give the buffer back and drop the frame.
      q.unpop();
      this.stats.rxDropped++;
      return true;
    }
    if (!chain.write(0, this.header) || !chain.write(VIRTIO_NET_HDR_BYTES, frame)) return true;
    q.pushUsed(chain, VIRTIO_NET_HDR_BYTES + frame.length);
    q.signalUsed();
    this.stats.rxFrames++;
    return true;
  }

  private flushPending(): void {
    const pending = this.pending;
    let delivered = 0;
    while (delivered < pending.length && this.deliver(pending[delivered])) delivered++;
    if (delivered > 0) pending.splice(0, delivered);
    if (pending.length === 0 && this.refused) {
      this.refused = false;
      this.onRxReady();
    }
  }

  private dropPending(): void {
    this.stats.rxDropped += this.pending.length;
    this.pending.length = 0;
    if (this.refused) {
      this.refused = false;
      this.onRxReady();
    }
  }
}

/**
 * Two virtio-net devices wired back to back (a crossover cable, in memory): what one transmits the
 * other receives. When a receiver refuses, frames wait on the wire (up to `wireLimit`, then they
 * are dropped) and move on when it signals `onRxReady`.
 */
export class NetPair {
  /** Frames dropped because the wire was full. */
  dropped = 0;
  private readonly toA: Uint8Array[] = [];
  private readonly toB: Uint8Array[] = [];

  constructor(
    readonly a: VirtioNet,
    readonly b: VirtioNet,
    readonly wireLimit = 256,
  ) {
    a.backend = { send: (frame) => this.forward(b, this.toB, frame) };
    b.backend = { send: (frame) => this.forward(a, this.toA, frame) };
    a.onRxReady = () => this.drain(a, this.toA);
    b.onRxReady = () => this.drain(b, this.toB);
  }

  /** Frames waiting on the wire for `a` and for `b`. */
  get inFlight(): { readonly toA: number; readonly toB: number } {
    return { toA: this.toA.length, toB: this.toB.length };
  }

  private forward(to: VirtioNet, wire: Uint8Array[], frame: Uint8Array): void {
    if (wire.length === 0 && to.receive(frame)) return;
    if (wire.length >= this.wireLimit) {
      this.dropped++;
      return;
    }
    wire.push(frame);
  }

  private drain(to: VirtioNet, wire: Uint8Array[]): void {
    let n = 0;
    while (n < wire.length && to.receive(wire[n])) n++;
    if (n > 0) wire.splice(0, n);
  }
}
