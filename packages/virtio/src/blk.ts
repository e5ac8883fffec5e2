// virtio-blk (virtio 1.x "Block Device"): one request queue; each request is a 16-byte header
// (type, reserved, sector), data, and a status byte the device writes last. Sectors are always
// 512 bytes on the wire, whatever blk_size says. Storage is a `BlockBackend`.
import type { AccessSize } from "@xena/machine";
import { type FeatureBits, featureBits, VirtioDeviceId } from "./constants.js";
import { ConfigSpace, type VirtioDevice, type VirtioTransport } from "./device.js";
import type { DescriptorChain } from "./queue.js";

/** Storage behind a virtio-blk device. Offsets and lengths are in bytes; failures return false (→ IOERR). */
export interface BlockBackend {
  /** Size of the image in bytes (a trailing partial sector is not addressable). */
  readonly size: number;
  /** Writes are refused; the device offers VIRTIO_BLK_F_RO. */
  readonly readOnly: boolean;
  read(offset: number, dest: Uint8Array): boolean;
  write(offset: number, src: Uint8Array): boolean;
  /** Makes completed writes durable. */
  flush(): boolean;
}

/** A disk image held in memory (tests, initial RAM disks, browser demos). */
export class MemoryBlockBackend implements BlockBackend {
  readonly bytes: Uint8Array;
  readonly readOnly: boolean;
  /** Number of `flush` calls. */
  flushes = 0;

  /** `image` is used in place (not copied); a number makes a zero-filled image of that many bytes. */
  constructor(image: Uint8Array | number, options: { readonly readOnly?: boolean } = {}) {
    this.bytes = typeof image === "number" ? new Uint8Array(image) : image;
    this.readOnly = options.readOnly ?? false;
  }

  get size(): number {
    return this.bytes.length;
  }

  read(offset: number, dest: Uint8Array): boolean {
    if (!(offset >= 0) || offset + dest.length > this.bytes.length) return false;
    dest.set(this.bytes.subarray(offset, offset + dest.length));
    return true;
  }

  write(offset: number, src: Uint8Array): boolean {
    if (this.readOnly || !(offset >= 0) || offset + src.length > this.bytes.length) return false;
    this.bytes.set(src, offset);
    return true;
  }

  flush(): boolean {
    this.flushes++;
    return true;
  }
}

/** virtio-blk feature bits. */
export const VirtioBlkFeature = {
  SIZE_MAX: 1,
  SEG_MAX: 2,
  GEOMETRY: 4,
  RO: 5,
  BLK_SIZE: 6,
  FLUSH: 9,
  TOPOLOGY: 10,
  CONFIG_WCE: 11,
  MQ: 12,
  DISCARD: 13,
  WRITE_ZEROES: 14,
} as const;

/** Request types. */
export const VirtioBlkRequest = {
  IN: 0,
  OUT: 1,
  FLUSH: 4,
  GET_ID: 8,
  GET_LIFETIME: 10,
  DISCARD: 11,
  WRITE_ZEROES: 13,
  SECURE_ERASE: 14,
} as const;

/** Request status byte values. */
export const VirtioBlkStatus = {
  OK: 0,
  IOERR: 1,
  UNSUPP: 2,
} as const;

/** Offsets in struct virtio_blk_config. */
export const VirtioBlkConfig = {
  CAPACITY: 0,
  SIZE_MAX: 8,
  SEG_MAX: 12,
  GEOMETRY: 16,
  BLK_SIZE: 20,
  TOPOLOGY: 24,
  WRITEBACK: 32,
  NUM_QUEUES: 34,
  /** Bytes exposed: up to and including unused1 (the fields before secure erase). */
  SIZE: 60,
} as const;

/** Length of the GET_ID string (NUL-padded, not terminated when 20 bytes long). */
export const VIRTIO_BLK_ID_BYTES = 20;
export const SECTOR_SIZE = 512;
const HEADER_BYTES = 16;

export interface VirtioBlkOptions {
  readonly backend: BlockBackend;
  /** Serial string for GET_ID (ASCII, at most 20 bytes; default empty). */
  readonly serial?: string;
  /** Maximum size of the request queue (default 256). seg_max is two less. */
  readonly queueSize?: number;
  /** blk_size: the logical block size the driver should use (default 512). */
  readonly blockSize?: number;
  /** size_max: largest single segment the driver may use (default 64 KiB). */
  readonly sizeMax?: number;
}

/** Counters for tests and `--trace` output. */
export interface VirtioBlkStats {
  reads: number;
  writes: number;
  flushes: number;
  /** Requests completed with IOERR. */
  errors: number;
  /** Requests completed with UNSUPP. */
  unsupported: number;
}

/** A virtio-blk device: plug it into a transport (`new VirtioMmio({ device, ... })`). */
export class VirtioBlk implements VirtioDevice {
  readonly deviceId = VirtioDeviceId.BLOCK;
  readonly features: FeatureBits;
  readonly queueSizes: readonly number[];
  readonly configSize = VirtioBlkConfig.SIZE;
  readonly backend: BlockBackend;
  readonly stats: VirtioBlkStats = { reads: 0, writes: 0, flushes: 0, errors: 0, unsupported: 0 };
  /** Capacity in 512-byte sectors. */
  readonly capacity: number;

  private readonly config = new ConfigSpace(VirtioBlkConfig.SIZE);
  private readonly id = new Uint8Array(VIRTIO_BLK_ID_BYTES);
  private readonly header = new Uint8Array(HEADER_BYTES);
  private readonly headerView = new DataView(this.header.buffer);
  private readonly statusByte = new Uint8Array(1);
  private transport: VirtioTransport | undefined;

  constructor(options: VirtioBlkOptions) {
    const backend = options.backend;
    this.backend = backend;
    const queueSize = options.queueSize ?? 256;
    if (!(queueSize >= 4)) throw new RangeError(`virtio-blk: queue size ${queueSize} < 4`);
    this.queueSizes = [queueSize];
    const blockSize = options.blockSize ?? SECTOR_SIZE;
    if (!(blockSize >= SECTOR_SIZE && (blockSize & (blockSize - 1)) === 0)) {
      throw new RangeError(`virtio-blk: block size ${blockSize} is not a power of two ≥ 512`);
    }
    const serial = options.serial ?? "";
    if (serial.length > VIRTIO_BLK_ID_BYTES || !/^[\x20-\x7e]*$/.test(serial)) {
      throw new RangeError(`virtio-blk: serial "${serial}" is not printable ASCII of at most 20 bytes`);
    }
    for (let i = 0; i < serial.length; i++) this.id[i] = serial.charCodeAt(i);
    this.capacity = Math.floor(backend.size / SECTOR_SIZE);
    const bits: number[] = [VirtioBlkFeature.SIZE_MAX, VirtioBlkFeature.SEG_MAX, VirtioBlkFeature.BLK_SIZE];
    bits.push(VirtioBlkFeature.FLUSH);
    if (backend.readOnly) bits.push(VirtioBlkFeature.RO);
    this.features = featureBits(...bits);
    const c = this.config;
    c.set64(VirtioBlkConfig.CAPACITY, this.capacity);
    c.set32(VirtioBlkConfig.SIZE_MAX, options.sizeMax ?? 0x10000);
    c.set32(VirtioBlkConfig.SEG_MAX, queueSize - 2);
    c.set32(VirtioBlkConfig.BLK_SIZE, blockSize);
    c.set16(VirtioBlkConfig.NUM_QUEUES, 1);
  }

  attach(transport: VirtioTransport): void {
    if (this.transport !== undefined) throw new Error("virtio-blk: already attached to a transport");
    this.transport = transport;
  }

  readConfig(offset: number, size: AccessSize): number {
    return this.config.read(offset, size);
  }

  writeConfig(): void {
    // Every field is read-only without VIRTIO_BLK_F_CONFIG_WCE (not offered).
  }

  activate(): void {}

  reset(): void {}

  queueNotify(index: number): void {
    const t = this.transport;
    if (t === undefined || index !== 0) return;
    const q = t.queue(0);
    // At most one pass over the ring per notification: a guest that keeps the ring full (or aims
    // our used-ring writes at its avail index) cannot keep the host here.
    for (let n = 0; n < q.size; n++) {
      const chain = q.pop();
      if (chain === undefined) break;
      if (!this.handle(chain)) return;
    }
    q.signalUsed();
  }

  /** Processes one request; false when the queue hit a device error. */
  private handle(chain: DescriptorChain): boolean {
    if (chain.readableLength < HEADER_BYTES || chain.writableLength < 1) {
      chain.queue.fail("virtio-blk request without a 16-byte header and a status byte");
      return false;
    }
    if (!chain.read(0, this.header)) return false;
    const h = this.headerView;
    const type = h.getUint32(0, true);
    const sectorLow = h.getUint32(8, true);
    const sectorHigh = h.getUint32(12, true);
    const dataIn = chain.writableLength - 1; // writable bytes before the status byte
    let status: number;
    let dataWritten = false;
    switch (type) {
      case VirtioBlkRequest.IN: {
        const offset = this.byteOffset(sectorLow, sectorHigh, dataIn);
        if (offset < 0) {
          status = VirtioBlkStatus.IOERR;
          break;
        }
        const data = new Uint8Array(dataIn);
        if (!this.backend.read(offset, data)) {
          status = VirtioBlkStatus.IOERR;
          break;
        }
        if (!chain.write(0, data)) return false;
        this.stats.reads++;
        status = VirtioBlkStatus.OK;
        dataWritten = true;
        break;
      }
      case VirtioBlkRequest.OUT: {
        const length = chain.readableLength - HEADER_BYTES;
        const offset = this.byteOffset(sectorLow, sectorHigh, length);
        if (offset < 0 || this.backend.readOnly) {
          status = VirtioBlkStatus.IOERR;
          break;
        }
        const data = new Uint8Array(length);
        if (!chain.read(HEADER_BYTES, data)) return false;
        let ok = this.backend.write(offset, data);
        // Without a negotiated FLUSH, a completed write must already be stable (virtio 1.x §5.2.6.2).
        if (ok && !this.transport?.hasFeature(VirtioBlkFeature.FLUSH)) ok = this.backend.flush();
        if (!ok) {
          status = VirtioBlkStatus.IOERR;
          break;
        }
        this.stats.writes++;
        status = VirtioBlkStatus.OK;
        break;
      }
      case VirtioBlkRequest.FLUSH:
        if (!this.backend.flush()) {
          status = VirtioBlkStatus.IOERR;
          break;
        }
        this.stats.flushes++;
        status = VirtioBlkStatus.OK;
        break;
      case VirtioBlkRequest.GET_ID: {
        // The NUL-padded ID, truncated to the buffer; a larger buffer is zero-filled.
        const data = new Uint8Array(dataIn);
        data.set(this.id.subarray(0, Math.min(dataIn, VIRTIO_BLK_ID_BYTES)));
        if (!chain.write(0, data)) return false;
        status = VirtioBlkStatus.OK;
        dataWritten = true;
        break;
      }
      default:
        status = VirtioBlkStatus.UNSUPP;
        break;
    }
    if (status === VirtioBlkStatus.IOERR) this.stats.errors++;
    else if (status === VirtioBlkStatus.UNSUPP) this.stats.unsupported++;
    this.statusByte[0] = status;
    if (!chain.write(dataIn, this.statusByte)) return false;
    // `len` counts bytes written from the first writable byte on; without data that is only
    // exact when the status byte is the sole writable byte (an underestimate of 0 is allowed).
    chain.queue.pushUsed(chain, dataWritten || dataIn === 0 ? chain.writableLength : 0);
    return true;
  }

  /** Byte offset of `length` bytes at the sector, or -1 if not whole sectors inside the image. */
  private byteOffset(sectorLow: number, sectorHigh: number, length: number): number {
    if (length % SECTOR_SIZE !== 0) return -1;
    // Above 2^53 the sum is inexact, but then it is far beyond any capacity anyway.
    const sector = sectorHigh * 2 ** 32 + sectorLow;
    if (sector > this.capacity || length / SECTOR_SIZE > this.capacity - sector) return -1;
    return sector * SECTOR_SIZE;
  }
}
