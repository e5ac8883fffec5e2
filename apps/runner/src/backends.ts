// Host-side backends for the virtio devices: raw disk images (files), a UDP link between two
// xena processes (one Ethernet frame per datagram), and a pcap writer Wireshark opens.
import { createSocket, type Socket } from "node:dgram";
import { closeSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from "node:fs";
import type { BlockBackend, NetBackend } from "@xena/virtio";

/** A raw image file, read and written in place (synchronously: the device completes requests at once). */
export class FileBlockBackend implements BlockBackend {
  readonly size: number;
  private readonly fd: number;

  constructor(
    readonly path: string,
    readonly readOnly: boolean,
  ) {
    this.fd = openSync(path, readOnly ? "r" : "r+");
    this.size = fstatSync(this.fd).size;
  }

  read(offset: number, dest: Uint8Array): boolean {
    let done = 0;
    while (done < dest.length) {
      const n = readSync(this.fd, dest, done, dest.length - done, offset + done);
      if (n <= 0) return false;
      done += n;
    }
    return true;
  }

  write(offset: number, src: Uint8Array): boolean {
    if (this.readOnly) return false;
    let done = 0;
    while (done < src.length) done += writeSync(this.fd, src, done, src.length - done, offset + done);
    return true;
  }

  flush(): boolean {
    if (!this.readOnly) fsyncSync(this.fd);
    return true;
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** Captures frames in the classic pcap format (Ethernet link type), timestamped with virtual time. */
export class PcapWriter {
  private readonly fd: number;

  constructor(
    path: string,
    private readonly now: () => number,
  ) {
    this.fd = openSync(path, "w");
    const h = Buffer.alloc(24);
    h.writeUInt32LE(0xa1b2c3d4, 0); // magic, microsecond timestamps
    h.writeUInt16LE(2, 4);
    h.writeUInt16LE(4, 6);
    h.writeInt32LE(0, 8); // thiszone
    h.writeUInt32LE(0, 12); // sigfigs
    h.writeUInt32LE(65535, 16); // snaplen
    h.writeUInt32LE(1, 20); // LINKTYPE_ETHERNET
    writeSync(this.fd, h);
  }

  record(frame: Uint8Array): void {
    const ns = this.now();
    const h = Buffer.alloc(16);
    h.writeUInt32LE(Math.floor(ns / 1e9), 0);
    h.writeUInt32LE(Math.floor((ns % 1e9) / 1e3), 4);
    h.writeUInt32LE(frame.length, 8);
    h.writeUInt32LE(frame.length, 12);
    writeSync(this.fd, h);
    writeSync(this.fd, frame);
  }

  close(): void {
    closeSync(this.fd);
  }
}

/**
 * A point-to-point Ethernet link to another xena (or anything speaking the same convention, as
 * QEMU's `-netdev socket,udp=…`): every frame is one UDP datagram on 127.0.0.1. No privileges.
 */
export class UdpLink implements NetBackend {
  private readonly socket: Socket;
  /** Frames received from the peer, delivered to the guest by the machine loop. */
  readonly incoming: Uint8Array[] = [];
  onReceive: (() => void) | undefined;

  constructor(
    readonly local: { readonly host: string; readonly port: number },
    readonly remote: { readonly host: string; readonly port: number },
    private readonly capture?: PcapWriter,
  ) {
    this.socket = createSocket("udp4");
    this.socket.on("message", (msg) => {
      const frame = new Uint8Array(msg);
      this.capture?.record(frame);
      // Bounded: a flooding peer cannot make the host buffer without limit.
      if (this.incoming.length < 1024) this.incoming.push(frame);
      this.onReceive?.();
    });
    this.socket.on("error", () => {});
  }

  /** Binds the local port; resolves once ready. */
  bind(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.once("error", reject);
      this.socket.bind(this.local.port, this.local.host, () => {
        this.socket.off("error", reject);
        resolve();
      });
    });
  }

  send(frame: Uint8Array): void {
    this.capture?.record(frame);
    this.socket.send(frame, this.remote.port, this.remote.host);
  }

  close(): void {
    this.socket.close();
  }
}

/** A NIC whose frames go nowhere (optionally captured). */
export class NullLink implements NetBackend {
  readonly incoming: Uint8Array[] = [];
  onReceive: (() => void) | undefined;
  constructor(private readonly capture?: PcapWriter) {}
  send(frame: Uint8Array): void {
    this.capture?.record(frame);
  }
  close(): void {}
}
