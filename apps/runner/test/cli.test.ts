import { describe, expect, it } from "vitest";
import { runCli } from "../src/index.js";

function run(...argv: string[]) {
  let out = "";
  let err = "";
  const status = runCli(
    argv,
    (s) => {
      out += s;
    },
    (s) => {
      err += s;
    },
  );
  return { status, out, err };
}

describe("xena CLI", () => {
  it("prints help with the platform list when run without arguments", () => {
    const r = run();
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/usage: xena/);
    expect(r.out).toMatch(/virt\s+minimal 32-bit virt machine/);
    expect(r.out).toMatch(/vexpress\s+Versatile Express/);
  });

  it("lists platforms for -M help and says honestly that none can boot yet", () => {
    expect(run("-M", "help").out).toMatch(/virt/);
    const r = run("-M", "virt", "-kernel", "zImage");
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/not implemented yet/);
  });

  it("rejects unknown platforms and arguments with a clear message", () => {
    expect(run("-M", "pc").err).toMatch(/unknown platform "pc"/);
    expect(run("--frobnicate").err).toMatch(/unrecognized arguments/);
    expect(run("-M").status).toBe(2);
  });
});
