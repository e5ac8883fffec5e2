import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "xena-runner-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Assembles and links a static ARM program with Debian's armhf binutils. */
function program(name: string, source: string): string {
  const s = join(dir, `${name}.s`);
  writeFileSync(s, `.syntax unified\n.arch armv7-a\n.arm\n.global _start\n${source}\n`);
  const as = spawnSync("arm-linux-gnueabihf-as", ["-o", `${s}.o`, s], { encoding: "utf8" });
  if (as.status !== 0) throw new Error(as.stderr);
  const out = join(dir, name);
  const ld = spawnSync("arm-linux-gnueabihf-ld", ["-static", "-o", out, `${s}.o`], { encoding: "utf8" });
  if (ld.status !== 0) throw new Error(ld.stderr);
  return out;
}

const hello = program(
  "hello",
  `_start:
     mov r0, #1
     ldr r1, =msg
     mov r2, #6
     mov r7, #4
     svc #0
     ldr r0, [sp]        @ argc
     add r0, r0, #40
     mov r7, #248
     svc #0
   .ltorg
   msg: .ascii "hello\\n"`,
);

const cat = program(
  "cat",
  `_start:
   1: mov r0, #0
     ldr r1, =buf
     mov r2, #64
     mov r7, #3
     svc #0
     cmp r0, #0
     ble 2f
     mov r2, r0
     mov r0, #1
     ldr r1, =buf
     mov r7, #4
     svc #0
     b 1b
   2: mov r0, #0
     mov r7, #248
     svc #0
   .ltorg
   .data
   buf: .space 64`,
);

function run(argv: string[], stdin?: Uint8Array) {
  let out = "";
  let err = "";
  const bytes: number[] = [];
  const status = runCli(
    argv,
    (s) => {
      out += s;
    },
    (s) => {
      err += s;
    },
    stdin === undefined
      ? undefined
      : {
          stdout: (b) => bytes.push(...b),
          stderr: (b) => {
            err += new TextDecoder().decode(b);
          },
          stdin: (() => {
            let given = false;
            return () => {
              if (given) return null;
              given = true;
              return stdin;
            };
          })(),
        },
  );
  return { status, out, err, bytes: Uint8Array.from(bytes) };
}

describe("xena user", () => {
  it("is listed in the main help", () => {
    expect(run(["--help"]).out).toMatch(/xena user \[--trace\] <program>/);
  });

  it("runs a static ARM program: its output, its exit status", () => {
    const r = run(["user", hello, "a", "b"]);
    expect(r.out).toBe("hello\n");
    expect(r.err).toBe("");
    expect(r.status).toBe(43); // 40 + argc
  });

  it("passes stdin and binary stdout through the byte streams", () => {
    const input = Uint8Array.from([0, 1, 2, 255, 10, 65]);
    const r = run(["user", cat], input);
    expect(r.status).toBe(0);
    expect(r.bytes).toEqual(input);
  });

  it("traces system calls with --trace", () => {
    const r = run(["user", "--trace", hello]);
    expect(r.err).toMatch(/^xena: write\(0x1, 0x[0-9a-f]+, 0x6, .*\) = 0x6$/m);
    expect(r.err).toMatch(/^xena: exit_group\(0x29/m);
    expect(r.err).toMatch(/exit status 41 after 9 instructions/);
    const insn = run(["user", "--trace-insn", hello]);
    expect(insn.err).toMatch(/^xena: 00010054: mov r0, #1$/m);
  });

  it("exits 128 + signal when a signal ends the program, with the reason", () => {
    const segv = program("segv", "_start: mov r1, #0\nldr r0, [r1]");
    const r = run(["user", segv]);
    expect(r.status).toBe(139);
    expect(r.err).toMatch(/killed by SIGSEGV: unmapped reading 0x00000000 at pc 0x00010058/);
    const ill = program("ill", "_start: .word 0xe7f000f0");
    expect(run(["user", ill]).status).toBe(132);
  });

  it("stops runaway programs with --max-instructions (exit 124)", () => {
    const loop = program("loop", "_start: b _start");
    const r = run(["user", "--max-instructions", "1000", loop]);
    expect(r.status).toBe(124);
    expect(r.err).toMatch(/stopped after \d+ instructions/);
  });

  it("explains what it cannot run", () => {
    expect(run(["user"]).status).toBe(2);
    expect(run(["user"]).err).toMatch(/no program given/);
    expect(run(["user", "--frob", hello]).err).toMatch(/unknown option --frob/);
    const missing = run(["user", join(dir, "nothing")]);
    expect(missing.status).toBe(127);
    expect(missing.err).toMatch(/cannot read/);
    const text = join(dir, "text.txt");
    writeFileSync(text, "#!/bin/sh\necho not an ELF\n");
    const notElf = run(["user", text]);
    expect(notElf.status).toBe(126);
    expect(notElf.err).toMatch(/not an ELF file/);
    expect(run(["user", "--root", join(dir, "no-such-dir"), hello]).status).toBe(2);
    expect(run(["user", "--help"]).out).toMatch(/usage: xena user/);
  });
});
