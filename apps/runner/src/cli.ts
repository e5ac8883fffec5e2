#!/usr/bin/env node
// The xena command line: console on stdio (raw mode on a terminal, with Ctrl-A x to quit), guest
// output written synchronously so it stays in order.
import { readSync, writeSync } from "node:fs";
import { runCli } from "./main.js";
import type { SystemIo } from "./system.js";

/** Writes all of `data` to a file descriptor (synchronously: guest output stays in order). */
function writeAll(fd: number, data: Uint8Array | string): void {
  const bytes = typeof data === "string" ? Buffer.from(data) : data;
  let done = 0;
  while (done < bytes.length) {
    try {
      done += writeSync(fd, bytes, done, bytes.length - done);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EAGAIN") continue;
      if ((e as NodeJS.ErrnoException).code === "EPIPE") return;
      throw e;
    }
  }
}

function readStdin(max: number): Uint8Array | null {
  const buf = Buffer.alloc(Math.min(max, 1 << 16));
  for (;;) {
    try {
      const n = readSync(0, buf, 0, buf.length, null);
      return n === 0 ? null : buf.subarray(0, n);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EAGAIN") {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      if (code === "EOF") return null;
      throw e;
    }
  }
}

const CTRL_A = 0x01;
let inputOpen = false;
let rawMode = false;

const system: SystemIo = {
  serialOut: (b) => writeAll(1, b),
  message: (line) => writeAll(2, `${rawMode ? "\r\n" : ""}${line}\n`),
  inputOpen: () => inputOpen,
  connectInput(receive) {
    const stdin = process.stdin;
    inputOpen = true;
    if (stdin.isTTY) {
      stdin.setRawMode(true);
      rawMode = true;
    }
    let afterCtrlA = false;
    stdin.on("data", (chunk: Buffer) => {
      if (!stdin.isTTY) {
        receive(new Uint8Array(chunk));
        return;
      }
      // Terminal: Ctrl-A x quits, Ctrl-A Ctrl-A sends Ctrl-A, Ctrl-A h explains.
      const out: number[] = [];
      for (const b of chunk) {
        if (afterCtrlA) {
          afterCtrlA = false;
          if (b === 0x78 /* x */) {
            writeAll(2, "\r\nxena: terminated by Ctrl-A x\r\n");
            stdin.setRawMode(false);
            process.exit(0);
          } else if (b === CTRL_A) out.push(CTRL_A);
          else if (b === 0x68 /* h */) writeAll(2, "\r\nxena: Ctrl-A x quits, Ctrl-A Ctrl-A sends Ctrl-A\r\n");
          continue;
        }
        if (b === CTRL_A) afterCtrlA = true;
        else out.push(b);
      }
      if (out.length > 0) receive(Uint8Array.from(out));
    });
    stdin.on("end", () => {
      inputOpen = false;
      receive(new Uint8Array(0));
    });
    stdin.resume();
    return true;
  },
};

const result = runCli(
  process.argv.slice(2),
  (s) => writeAll(1, s),
  (s) => writeAll(2, s),
  { stdout: (b) => writeAll(1, b), stderr: (b) => writeAll(2, b), stdin: readStdin },
  system,
);
Promise.resolve(result).then((code) => {
  if (rawMode) process.stdin.setRawMode(false);
  // The console listener would keep Node alive: exit with the guest's status.
  process.exit(code);
});
