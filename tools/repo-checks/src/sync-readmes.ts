// `pnpm readme:sync`: rewrites every README example block from the file it names.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { workspacePackages } from "./layering.js";

const root = process.cwd();
for (const p of workspacePackages(root)) {
  const path = join(p.dir, "README.md");
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    continue;
  }
  const next = text.replace(
    /(<!--\s*example:\s*(\S+)\s*-->\s*\n```(?:ts|typescript)\n)[\s\S]*?```/g,
    (_m, head: string, file: string) => `${head}${readFileSync(join(p.dir, file), "utf8")}\`\`\``,
  );
  if (next !== text) {
    writeFileSync(path, next);
    process.stdout.write(`updated ${path}\n`);
  }
}
