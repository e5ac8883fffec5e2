import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// One vitest run over every workspace package (one summary line for CI). Workspace imports
// resolve to sources through the "@xena/source" export condition, so tests need no build.
const root = dirname(fileURLToPath(import.meta.url));
const workspaceDirs = ["packages", "apps", "tools"].flatMap((group) =>
  existsSync(join(root, group))
    ? readdirSync(join(root, group), { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(join(root, group, d.name, "package.json")))
        .map((d) => join(group, d.name))
    : [],
);

export default defineConfig({
  resolve: { conditions: ["@xena/source"] },
  ssr: { resolve: { conditions: ["@xena/source"] } },
  test: {
    projects: workspaceDirs.map((dir) => ({
      extends: true,
      test: {
        name: dir.split("/")[1],
        root: join(root, dir),
        include: ["src/**/*.test.ts", "test/**/*.test.ts"],
        testTimeout: 60_000,
      },
    })),
  },
});
