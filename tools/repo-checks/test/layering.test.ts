import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkLayering, formatViolations, importsOf } from "../src/layering.js";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** A throwaway workspace: { "packages/x": { json, files: { "src/index.ts": "..." } } } */
function workspace(
  pkgs: Record<string, { name: string; deps?: string[]; devDeps?: string[]; files?: Record<string, string> }>,
) {
  const root = mkdtempSync(join(tmpdir(), "xena-layering-"));
  for (const [dir, p] of Object.entries(pkgs)) {
    const d = join(root, dir);
    mkdirSync(join(d, "src"), { recursive: true });
    const dependencies = Object.fromEntries((p.deps ?? []).map((x) => [x, "workspace:*"]));
    const devDependencies = Object.fromEntries((p.devDeps ?? []).map((x) => [x, "workspace:*"]));
    writeFileSync(join(d, "package.json"), JSON.stringify({ name: p.name, dependencies, devDependencies }));
    for (const [f, text] of Object.entries(p.files ?? {})) {
      mkdirSync(dirname(join(d, f)), { recursive: true });
      writeFileSync(join(d, f), text);
    }
  }
  return root;
}

describe("layering", () => {
  it("holds for this repository", () => {
    const v = checkLayering(repo);
    expect(formatViolations(v)).toBe("");
  });

  it("finds import statements of every form", () => {
    const src = `import a from "a";\nimport type { B } from 'b';\nexport * from "c";\nimport "d";\nconst e = await import("e");\nconst f = require('f');\nexport { g } from "g";`;
    expect(importsOf(src)).toEqual(["a", "b", "c", "d", "e", "f", "g"]);
  });

  it("catches a device importing a platform, a platform importing xen-core, and anyone importing the runner", () => {
    const root = workspace({
      "packages/machine": { name: "@xena/machine" },
      "packages/gic-v2": {
        name: "@xena/gic-v2",
        deps: ["@xena/machine", "@xena/platform-virt"],
        files: { "src/index.ts": 'import { x } from "@xena/platform-virt";\nimport { y } from "@xena/machine";' },
      },
      "packages/platform-virt": {
        name: "@xena/platform-virt",
        deps: ["@xena/xen-core"],
        files: { "src/a.ts": 'export { h } from "@xena/xen-core";' },
      },
      "packages/xen-core": {
        name: "@xena/xen-core",
        devDeps: ["@xena/runner"],
        files: { "test/t.test.ts": 'import "@xena/runner";' },
      },
      "apps/runner": { name: "@xena/runner" },
    });
    const text = formatViolations(checkLayering(root));
    expect(text).toContain(
      "@xena/gic-v2: package.json imports @xena/platform-virt: a device package may not import a platform package",
    );
    expect(text).toContain("@xena/gic-v2: packages/gic-v2/src/index.ts imports @xena/platform-virt");
    expect(text).toContain(
      "@xena/platform-virt: packages/platform-virt/src/a.ts imports @xena/xen-core: a platform package may not import a hypervisor package",
    );
    expect(text).toContain(
      "@xena/xen-core: packages/xen-core/test/t.test.ts imports @xena/runner: nothing imports the runner",
    );
    expect(text).not.toContain("imports @xena/machine");
  });

  it("catches device-to-device imports, undeclared imports, escaping relative imports, tools at run time, and unknown packages", () => {
    const root = workspace({
      "packages/machine": { name: "@xena/machine", files: { "src/index.ts": 'import "@xena/fdt";' } },
      "packages/fdt": { name: "@xena/fdt", deps: ["@xena/machine"] },
      "packages/gic-v2": {
        name: "@xena/gic-v2",
        deps: ["@xena/arch-timer"],
        files: { "src/i.ts": 'import "@xena/arch-timer";\nimport "../../arch-timer/src/x.js";' },
      },
      "packages/arch-timer": {
        name: "@xena/arch-timer",
        deps: ["@xena/guests"],
        files: { "src/i.ts": 'import "@xena/guests";' },
      },
      "packages/cpu-armv7ve": {
        name: "@xena/cpu-armv7ve",
        devDeps: ["@xena/guests"],
        files: { "test/a.test.ts": 'import "@xena/guests";' },
      },
      "tools/guests": { name: "@xena/guests" },
      "packages/mystery": { name: "@xena/mystery" },
    });
    const text = formatViolations(checkLayering(root));
    expect(text).toContain("@xena/machine: packages/machine/src/index.ts imports @xena/fdt: @xena/fdt is not declared");
    expect(text).toContain("a device package never imports another device package");
    expect(text).toContain("relative import out of the package");
    expect(text).toContain("@xena/arch-timer: package.json imports @xena/guests: tools are test-only");
    expect(text).toContain("@xena/mystery has no layer");
    expect(text).not.toContain("@xena/fdt: package.json imports @xena/machine"); // fdt may build on machine
    expect(text).not.toContain("@xena/cpu-armv7ve"); // tools in tests are fine
  });
});
