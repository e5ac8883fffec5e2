#!/usr/bin/env node
// The xena command line. Platforms cannot boot yet; `xena user` runs static ARM Linux programs.
import { readSync, writeSync } from "node:fs";
import { runCli } from "./main.js";

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

process.exitCode = runCli(
  process.argv.slice(2),
  (s) => writeAll(1, s),
  (s) => writeAll(2, s),
  { stdout: (b) => writeAll(1, b), stderr: (b) => writeAll(2, b), stdin: readStdin },
);
