// README examples are real files: a README marks a code block with
// `<!-- example: examples/name.ts -->` right above it, and the block must equal that file.
// The test runs every such file, so a README never shows code that does not work.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface ReadmeExample {
  /** Package directory the README belongs to. */
  readonly dir: string;
  /** Path of the example file, relative to the package. */
  readonly file: string;
  /** The code block as it appears in the README. */
  readonly block: string;
}

const MARK = /<!--\s*example:\s*(\S+)\s*-->\s*\n```(?:ts|typescript)\n([\s\S]*?)```/g;

export function readmeExamples(dir: string): ReadmeExample[] {
  const readme = join(dir, "README.md");
  if (!existsSync(readme)) return [];
  return [...readFileSync(readme, "utf8").matchAll(MARK)].map((m) => ({ dir, file: m[1], block: m[2] }));
}

/** Differences between a README block and its file, or undefined when they match. */
export function exampleMismatch(e: ReadmeExample): string | undefined {
  const path = join(e.dir, e.file);
  if (!existsSync(path)) return `${e.file} does not exist`;
  const file = readFileSync(path, "utf8");
  return file === e.block ? undefined : `README block differs from ${e.file}`;
}
