// The guest's virtio-net NIC over a UDP link: the test plays the other end of the wire (it answers
// ARP and ICMP echo like a host would), the guest pings it, and the pcap capture is read back with
// tcpdump.
import { spawnSync } from "node:child_process";
import { createSocket } from "node:dgram";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Console, PROMPT } from "./console.js";

const PEER_MAC = [0x02, 0, 0, 0, 0, 0x02];
const PEER_IP = [10, 0, 2, 2];

function checksum(b: Uint8Array, start: number, end: number): number {
  let sum = 0;
  for (let i = start; i < end; i += 2) sum += (b[i] << 8) | (i + 1 < end ? b[i + 1] : 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** The peer's answer to a frame from the guest: an ARP reply or an ICMP echo reply (or nothing). */
function answer(f: Uint8Array): Uint8Array | undefined {
  const type = (f[12] << 8) | f[13];
  if (type === 0x0806 && f[21] === 1 && f.subarray(38, 42).every((b, i) => b === PEER_IP[i])) {
    const r = new Uint8Array(42);
    r.set(f.subarray(6, 12), 0); // to the guest
    r.set(PEER_MAC, 6);
    r.set([0x08, 0x06, 0, 1, 0x08, 0, 6, 4, 0, 2], 12);
    r.set(PEER_MAC, 22); // sender: us
    r.set(PEER_IP, 28);
    r.set(f.subarray(22, 32), 32); // target: the guest's MAC and IP
    return r;
  }
  if (type === 0x0800 && f[23] === 1 && f[34] === 8) {
    const r = new Uint8Array(f);
    r.set(f.subarray(6, 12), 0);
    r.set(PEER_MAC, 6);
    r.set(f.subarray(30, 34), 26); // swap IPs (the IP checksum is unchanged by a swap)
    r.set(f.subarray(26, 30), 30);
    const ihl = (f[14] & 15) * 4;
    r[14 + ihl] = 0; // echo reply
    r[14 + ihl + 2] = 0;
    r[14 + ihl + 3] = 0;
    const c = checksum(r, 14 + ihl, r.length);
    r[14 + ihl + 2] = c >>> 8;
    r[14 + ihl + 3] = c & 0xff;
    return r;
  }
  return undefined;
}

async function freePort(): Promise<number> {
  const s = createSocket("udp4");
  await new Promise<void>((resolve) => s.bind(0, "127.0.0.1", resolve));
  const port = s.address().port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

describe("virtio-net over a UDP link", () => {
  it("pings a host on the other end, and captures the frames in a pcap file", async () => {
    const peer = createSocket("udp4");
    await new Promise<void>((resolve) => peer.bind(0, "127.0.0.1", resolve));
    const peerPort = peer.address().port;
    const guestPort = await freePort();
    const frames: Uint8Array[] = [];
    peer.on("message", (msg) => {
      const f = new Uint8Array(msg);
      frames.push(f);
      const reply = answer(f);
      if (reply) peer.send(reply, guestPort, "127.0.0.1");
    });
    const pcap = join(mkdtempSync(join(tmpdir(), "xena-pcap-")), "eth0.pcap");
    const con = new Console([
      "-m",
      "256",
      "-netdev",
      `udp,id=n0,local=127.0.0.1:${guestPort},remote=127.0.0.1:${peerPort},pcap=${pcap}`,
    ]);
    try {
      await con.expect("xena: shell on the console", 400_000);
      await con.expect(PROMPT, 60_000);
      await con.run("ip link set eth0 up && ip addr add 10.0.2.15/24 dev eth0");
      const ping = await con.run("ping -c 2 -W 10 10.0.2.2", 200_000);
      expect(ping).toContain("2 packets transmitted, 2 packets received");
      expect(await con.run("ip neigh")).toContain("10.0.2.2 dev eth0 lladdr 02:00:00:00:00:02");
      con.type("poweroff -f\n");
      expect(await con.exited).toBe(0);
    } finally {
      con.kill();
      peer.close();
    }
    expect(frames.length).toBeGreaterThanOrEqual(3);
    // tcpdump (not ours) reads the capture: the ARP exchange and both echo requests and replies.
    const r = spawnSync("tcpdump", ["-nn", "-r", pcap], { encoding: "utf8" });
    if (r.error) throw new Error(`cannot run tcpdump (apt-get install tcpdump): ${r.error.message}`);
    expect(r.stdout).toMatch(/ARP, Request who-has 10\.0\.2\.2 tell 10\.0\.2\.15/);
    expect(r.stdout).toMatch(/ARP, Reply 10\.0\.2\.2 is-at 02:00:00:00:00:02/);
    expect(r.stdout.match(/10\.0\.2\.15 > 10\.0\.2\.2: ICMP echo request/g)?.length).toBe(2);
    expect(r.stdout.match(/10\.0\.2\.2 > 10\.0\.2\.15: ICMP echo reply/g)?.length).toBe(2);
  }, 700_000);
});
