// The committed oracle binary must be exactly what oracle/build.sh makes from oracle/oracle.S,
// so that the differential tests run the program whose source is in the repository.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ORACLE_BINARY, ORACLE_DIR } from "./oracle.js";

describe("softfloat oracle binary", () => {
  it("is rebuilt byte for byte by build.sh", () => {
    const dir = mkdtempSync(join(tmpdir(), "xena-softfloat-oracle-"));
    try {
      const r = spawnSync("sh", [join(ORACLE_DIR, "build.sh"), dir], { encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      const rebuilt = readFileSync(join(dir, "oracle"));
      const committed = readFileSync(ORACLE_BINARY);
      expect(rebuilt.length).toBe(committed.length);
      expect(rebuilt.equals(committed)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("stays small", () => {
    expect(readFileSync(ORACLE_BINARY).length).toBeLessThan(8192);
  });
});
