import { describe, expect, it } from "vitest";
import {
  type BlockBackend,
  VirtioBlkConfig as C,
  VirtioBlkFeature as F,
  featureBits,
  hasFeatureBit,
  MemoryBlockBackend,
  VirtioStatus as S,
  VirtioBlkRequest as T,
  VirtioBlk,
  VirtioBlkStatus,
  VirtioDeviceId,
  VirtioFeature,
} from "../src/index.js";
import { blkHeader, type MockBuffer, type MockQueue } from "../src/testing/index.js";
import { machine, pattern } from "./harness.js";

const SECTORS = 64;

function disk(
  options: {
    readOnly?: boolean;
    serial?: string;
    accept?: (offered: readonly [number, number]) => readonly [number, number];
  } = {},
) {
  const image = new Uint8Array(SECTORS * 512 + 100); // a trailing partial sector is not addressable
  for (let s = 0; s < SECTORS; s++) image.fill(s, s * 512, s * 512 + 512);
  const backend = new MemoryBlockBackend(image, { readOnly: options.readOnly });
  const blk = new VirtioBlk({ backend, serial: options.serial ?? "xena-disk-0", queueSize: 16 });
  const m = machine(blk);
  m.driver.init(options.accept ? { accept: options.accept } : {});
  return { ...m, blk, backend, image, q: m.driver.queues[0] };
}

/** One request through the ring; returns the status byte and the data the device wrote. */
function request(
  q: MockQueue,
  type: number,
  sector: number,
  options: { out?: Uint8Array; inBytes?: number; indirect?: boolean; split?: boolean } = {},
) {
  const buffers: MockBuffer[] = [{ readable: blkHeader(type, sector) }];
  if (options.out) {
    if (options.split) {
      const half = options.out.length >> 1;
      buffers.push({ readable: options.out.subarray(0, half) }, { readable: options.out.subarray(half) });
    } else buffers.push({ readable: options.out });
  }
  if (options.inBytes) {
    if (options.split) buffers.push({ writable: options.inBytes - 512 }, { writable: 512 });
    else buffers.push({ writable: options.inBytes });
  }
  buffers.push({ writable: 1 });
  q.add(buffers, { indirect: options.indirect });
  q.kick();
  const used = q.takeUsed();
  expect(used).toHaveLength(1);
  const u = used[0];
  return { status: u.data[u.data.length - 1], data: u.data.subarray(0, u.data.length - 1), len: u.len };
}

describe("virtio-blk: configuration", () => {
  it("offers VERSION_1, SEG_MAX, SIZE_MAX, BLK_SIZE and FLUSH, and describes the disk", () => {
    const { driver, blk } = disk();
    expect(driver.probe().deviceId).toBe(VirtioDeviceId.BLOCK);
    const f = driver.deviceFeatures;
    for (const bit of [VirtioFeature.VERSION_1, F.SEG_MAX, F.SIZE_MAX, F.BLK_SIZE, F.FLUSH]) {
      expect(hasFeatureBit(f, bit)).toBe(true);
    }
    expect(hasFeatureBit(f, F.RO)).toBe(false);
    expect(blk.capacity).toBe(SECTORS);
    expect(driver.config64(C.CAPACITY)).toBe(SECTORS);
    expect(driver.config(C.SIZE_MAX, 4)).toBe(0x10000);
    expect(driver.config(C.SEG_MAX, 4)).toBe(14);
    expect(driver.config(C.BLK_SIZE, 4)).toBe(512);
    expect(driver.config(C.NUM_QUEUES, 2)).toBe(1);
    expect(driver.config(C.WRITEBACK, 1)).toBe(0);
  });

  it("offers RO for a read-only backend", () => {
    const { driver } = disk({ readOnly: true });
    expect(hasFeatureBit(driver.deviceFeatures, F.RO)).toBe(true);
  });

  it("rejects bad construction parameters", () => {
    const backend = new MemoryBlockBackend(4096);
    expect(() => new VirtioBlk({ backend, serial: "x".repeat(21) })).toThrow(RangeError);
    expect(() => new VirtioBlk({ backend, serial: "bad\n" })).toThrow(RangeError);
    expect(() => new VirtioBlk({ backend, blockSize: 1000 })).toThrow(RangeError);
  });
});

describe("virtio-blk: requests through the mock driver", () => {
  it("reads sectors, in one buffer, in several, and through an indirect table", () => {
    const { q } = disk();
    for (const layout of [{}, { split: true }, { indirect: true }, { split: true, indirect: true }]) {
      const r = request(q, T.IN, 5, { inBytes: 1024, ...layout });
      expect(r.status).toBe(VirtioBlkStatus.OK);
      expect(r.len).toBe(1025);
      expect(r.data.subarray(0, 512).every((b) => b === 5)).toBe(true);
      expect(r.data.subarray(512).every((b) => b === 6)).toBe(true);
    }
  });

  it("writes sectors and reads them back; the image changes exactly there", () => {
    const { q, image, blk } = disk();
    const data = pattern(1536, 4);
    const w = request(q, T.OUT, 10, { out: data, split: true });
    expect(w.status).toBe(VirtioBlkStatus.OK);
    expect(w.len).toBe(1);
    expect([...image.subarray(10 * 512, 13 * 512)]).toEqual([...data]);
    expect(image[10 * 512 - 1]).toBe(9);
    expect(image[13 * 512]).toBe(13);
    const r = request(q, T.IN, 10, { inBytes: 1536 });
    expect([...r.data]).toEqual([...data]);
    expect(blk.stats).toMatchObject({ reads: 1, writes: 1, errors: 0 });
  });

  it("accepts any framing: a header split over descriptors, data and status in one buffer", () => {
    const { q, driver } = disk();
    const h = blkHeader(T.IN, 3);
    q.add([{ readable: h.subarray(0, 5) }, { readable: h.subarray(5) }, { writable: 513 }]);
    q.kick();
    const [u] = q.takeUsed();
    expect(u.len).toBe(513);
    expect(u.data[512]).toBe(VirtioBlkStatus.OK);
    expect(u.data.subarray(0, 512).every((b) => b === 3)).toBe(true);
    expect(driver.status & S.DEVICE_NEEDS_RESET).toBe(0);
  });

  it("flushes on FLUSH when FLUSH is negotiated, and after every write when it is not", () => {
    const a = disk();
    expect(request(a.q, T.FLUSH, 0).status).toBe(VirtioBlkStatus.OK);
    expect(a.backend.flushes).toBe(1);
    request(a.q, T.OUT, 0, { out: new Uint8Array(512) });
    expect(a.backend.flushes).toBe(1); // write-back cache: durable at the next FLUSH
    const b = disk({ accept: ([lo, hi]) => [lo & ~(1 << F.FLUSH), hi] });
    request(b.q, T.OUT, 0, { out: new Uint8Array(512) });
    expect(b.backend.flushes).toBe(1); // write-through: durable at completion
  });

  it("answers GET_ID with the 20-byte NUL-padded serial", () => {
    const { q } = disk({ serial: "xena-disk-0" });
    const r = request(q, T.GET_ID, 0, { inBytes: 20 });
    expect(r.status).toBe(VirtioBlkStatus.OK);
    expect(r.len).toBe(21);
    expect(new TextDecoder().decode(r.data)).toBe("xena-disk-0\0\0\0\0\0\0\0\0\0");
    const full = disk({ serial: "ABCDEFGHIJKLMNOPQRST" });
    expect(new TextDecoder().decode(request(full.q, T.GET_ID, 0, { inBytes: 20 }).data)).toBe("ABCDEFGHIJKLMNOPQRST");
  });

  it("answers unsupported request types with UNSUPP", () => {
    const { q, blk } = disk();
    for (const type of [T.DISCARD, T.WRITE_ZEROES, T.GET_LIFETIME, 2, 0xffffffff]) {
      expect(request(q, type, 0).status).toBe(VirtioBlkStatus.UNSUPP);
    }
    expect(blk.stats.unsupported).toBe(5);
  });

  it("fails out-of-range and partial-sector requests with IOERR and never writes outside the image", () => {
    const { q, image, blk } = disk();
    const before = image.slice();
    const cases: [number, number][] = [
      [SECTORS, 512], // starts at the end
      [SECTORS - 1, 1024], // runs past the end
      [2 ** 32, 512], // high word of the sector
      [2 ** 52, 512],
      [0, 100], // not whole sectors
    ];
    for (const [sector, length] of cases) {
      expect(request(q, T.IN, sector, { inBytes: length }).status).toBe(VirtioBlkStatus.IOERR);
      expect(request(q, T.OUT, sector, { out: pattern(length) }).status).toBe(VirtioBlkStatus.IOERR);
    }
    // The trailing partial sector of the image is not addressable either.
    expect(request(q, T.OUT, SECTORS, { out: pattern(512) }).status).toBe(VirtioBlkStatus.IOERR);
    expect([...image]).toEqual([...before]);
    expect(blk.stats.errors).toBe(11);
    // The last whole sector is fine.
    expect(request(q, T.IN, SECTORS - 1, { inBytes: 512 }).status).toBe(VirtioBlkStatus.OK);
  });

  it("checks ranges itself: an out-of-range request never reaches the backend", () => {
    const calls: string[] = [];
    const permissive: BlockBackend = {
      size: 8 * 512 + 100,
      readOnly: false,
      read(offset, dest) {
        calls.push(`read ${offset}+${dest.length}`);
        return true;
      },
      write(offset, src) {
        calls.push(`write ${offset}+${src.length}`);
        return true;
      },
      flush: () => true,
    };
    const m = machine(new VirtioBlk({ backend: permissive }));
    m.driver.init();
    const q = m.driver.queues[0];
    for (const [sector, length] of [
      [8, 512],
      [7, 1024],
      [2 ** 32 + 1, 512],
      [1, 511],
    ]) {
      expect(request(q, T.IN, sector, { inBytes: length }).status).toBe(VirtioBlkStatus.IOERR);
      expect(request(q, T.OUT, sector, { out: pattern(length) }).status).toBe(VirtioBlkStatus.IOERR);
    }
    expect(calls).toEqual([]);
    request(q, T.OUT, 7, { out: pattern(512) });
    expect(calls).toEqual(["write 3584+512"]);
  });

  it("refuses writes to a read-only disk and leaves it untouched", () => {
    const { q, image } = disk({ readOnly: true });
    const before = image.slice();
    expect(request(q, T.OUT, 0, { out: pattern(512) }).status).toBe(VirtioBlkStatus.IOERR);
    expect([...image]).toEqual([...before]);
    expect(request(q, T.IN, 1, { inBytes: 512 }).status).toBe(VirtioBlkStatus.OK);
  });

  it("reports backend failures as IOERR", () => {
    const failing: BlockBackend = {
      size: 8192,
      readOnly: false,
      read: () => false,
      write: () => false,
      flush: () => false,
    };
    const m = machine(new VirtioBlk({ backend: failing }));
    m.driver.init();
    const q = m.driver.queues[0];
    expect(request(q, T.IN, 0, { inBytes: 512 }).status).toBe(VirtioBlkStatus.IOERR);
    expect(request(q, T.OUT, 0, { out: pattern(512) }).status).toBe(VirtioBlkStatus.IOERR);
    expect(request(q, T.FLUSH, 0).status).toBe(VirtioBlkStatus.IOERR);
  });

  it("treats a request without header or status byte as a device error", () => {
    for (const buffers of [
      [{ readable: blkHeader(T.IN, 0) }], // no writable status byte
      [{ readable: new Uint8Array(8) }, { writable: 1 }], // short header
    ]) {
      const { q, errors, driver } = disk();
      q.add(buffers);
      expect(() => q.kick()).not.toThrow();
      expect(errors).toEqual(["queue 0: virtio-blk request without a 16-byte header and a status byte"]);
      expect(driver.status & S.DEVICE_NEEDS_RESET).toBe(S.DEVICE_NEEDS_RESET);
    }
  });

  it("completes a batch of requests with one interrupt", () => {
    const { q, irq, driver } = disk();
    for (let s = 0; s < 4; s++) {
      q.add([{ readable: blkHeader(T.IN, s) }, { writable: 512 }, { writable: 1 }], { indirect: true });
    }
    q.kick();
    const used = q.takeUsed();
    expect(used.map((u) => u.data[0])).toEqual([0, 1, 2, 3]);
    expect(irq.risingEdges).toBe(1);
    expect(driver.interrupt()).toBe(1);
  });

  it("features can be negotiated down to VERSION_1 alone", () => {
    const { q } = disk({ accept: () => featureBits(VirtioFeature.VERSION_1) });
    expect(request(q, T.IN, 2, { inBytes: 512 }).data[0]).toBe(2);
  });
});
