import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { workspacePackages } from "../src/layering.js";
import { exampleMismatch, readmeExamples } from "../src/readme-examples.js";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const packages = workspacePackages(repo);

describe("package READMEs", () => {
  for (const p of packages) {
    it(`${p.name} has a README`, () => {
      expect(existsSync(join(p.dir, "README.md"))).toBe(true);
    });
    for (const e of readmeExamples(p.dir)) {
      it(`${p.name}: README example ${e.file} is the file, and runs`, async () => {
        expect(exampleMismatch(e)).toBeUndefined();
        await import(join(e.dir, e.file));
      });
    }
  }
});
