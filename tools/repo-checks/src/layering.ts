// The dependency direction of the workspace, checked from package.json files and import
// statements: foundations ← devices ← platforms / xen-core ← runner. Tools are test-only.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";

export type Layer = "foundation" | "device" | "platform" | "hypervisor" | "app" | "tool";

/** Every workspace package and its layer. A new package must be added here, or the check fails. */
export const LAYERS: Readonly<Record<string, Layer>> = {
  "@xena/machine": "foundation",
  "@xena/fdt": "foundation",
  "@xena/cpu-armv7ve": "device",
  "@xena/gic-v2": "device",
  "@xena/arch-timer": "device",
  "@xena/pv-netblk": "device",
  "@xena/amba": "device",
  "@xena/virtio": "device",
  "@xena/platform-virt": "platform",
  "@xena/platform-vexpress": "platform",
  "@xena/xen-core": "hypervisor",
  "@xena/runner": "app",
  "@xena/guests": "tool",
  "@xena/repo-checks": "tool",
};

/** Which layers a package of each layer may import at run time. */
const MAY_IMPORT: Readonly<Record<Layer, readonly Layer[]>> = {
  foundation: [],
  device: ["foundation"],
  platform: ["foundation", "device"],
  hypervisor: ["foundation", "device"],
  // The runner is a private application: it may use the tools (it fetches guests at run time).
  app: ["foundation", "device", "platform", "hypervisor", "tool"],
  tool: ["foundation", "device", "platform", "hypervisor", "app", "tool"],
};

/** Foundations may build on each other in this one direction (fdt may use machine, not back). */
const FOUNDATION_ORDER = ["@xena/machine", "@xena/fdt"];

export interface Violation {
  readonly pkg: string;
  readonly file: string;
  readonly imports: string;
  readonly why: string;
}

interface WorkspacePackage {
  readonly name: string;
  readonly dir: string;
  readonly json: {
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
}

export function workspacePackages(root: string): WorkspacePackage[] {
  const out: WorkspacePackage[] = [];
  for (const group of ["packages", "apps", "tools"]) {
    const g = join(root, group);
    if (!existsSync(g)) continue;
    for (const d of readdirSync(g)) {
      const pj = join(g, d, "package.json");
      if (!existsSync(pj)) continue;
      const json = JSON.parse(readFileSync(pj, "utf8"));
      out.push({ name: json.name, dir: join(g, d), json });
    }
  }
  return out;
}

/** Why `from` may not use `to` at run time (undefined when it may). */
function runtimeRule(from: string, to: string): string | undefined {
  const a = LAYERS[from];
  const b = LAYERS[to];
  if (b === undefined) return `${to} has no layer (add it to LAYERS in tools/repo-checks/src/layering.ts)`;
  if (to === "@xena/runner") return "nothing imports the runner";
  if (a === "foundation" && b === "foundation") {
    return FOUNDATION_ORDER.indexOf(to) < FOUNDATION_ORDER.indexOf(from)
      ? undefined
      : `foundation ${from} may only use foundations before it (${FOUNDATION_ORDER.join(" ← ")})`;
  }
  if (!MAY_IMPORT[a].includes(b)) {
    if (a === "device" && b === "device") return "a device package never imports another device package";
    return `a ${a} package may not import a ${b} package (direction: foundations ← devices ← platforms / xen-core ← runner)`;
  }
  return undefined;
}

const IMPORT_RE =
  /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'"`;]*?\s+from\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|require\(\s*["']([^"']+)["']\s*\)/g;

export function importsOf(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(IMPORT_RE)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

function* sourceFiles(dir: string): Generator<string> {
  if (!existsSync(dir)) return;
  for (const e of readdirSync(dir)) {
    if (e === "node_modules" || e === "dist") continue;
    const p = join(dir, e);
    if (statSync(p).isDirectory()) yield* sourceFiles(p);
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(e) && !e.endsWith(".d.ts")) yield p;
  }
}

const isTestFile = (pkgDir: string, file: string) => {
  const rel = relative(pkgDir, file);
  return /\.(test|bench)\.[mt]?[jt]s$/.test(file) || rel.startsWith(`test${sep}`) || rel.startsWith(`bench${sep}`);
};

/** Checks every workspace package under `root`; returns all violations (empty when the layering holds). */
export function checkLayering(root: string): Violation[] {
  const pkgs = workspacePackages(root);
  const names = new Set(pkgs.map((p) => p.name));
  const violations: Violation[] = [];
  for (const p of pkgs) {
    if (LAYERS[p.name] === undefined) {
      violations.push({
        pkg: p.name,
        file: "package.json",
        imports: "",
        why: `${p.name} has no layer (add it to LAYERS)`,
      });
      continue;
    }
    const runtimeDeps = { ...p.json.dependencies, ...p.json.peerDependencies };
    for (const dep of Object.keys(runtimeDeps)) {
      if (!names.has(dep)) continue;
      const why =
        LAYERS[dep] === "tool" && LAYERS[p.name] !== "tool" && LAYERS[p.name] !== "app"
          ? "tools are test-only (devDependencies)"
          : runtimeRule(p.name, dep);
      if (why) violations.push({ pkg: p.name, file: "package.json", imports: dep, why });
    }
    for (const dep of Object.keys(p.json.devDependencies ?? {})) {
      if (!names.has(dep) || LAYERS[dep] === "tool") continue;
      const why = runtimeRule(p.name, dep);
      if (why) violations.push({ pkg: p.name, file: "package.json (devDependencies)", imports: dep, why });
    }
    const declared = new Set([...Object.keys(runtimeDeps), ...Object.keys(p.json.devDependencies ?? {})]);
    for (const file of sourceFiles(p.dir)) {
      const test = isTestFile(p.dir, file);
      const rel = relative(root, file);
      for (const spec of importsOf(readFileSync(file, "utf8"))) {
        if (spec.startsWith(".")) {
          const target = resolve(file, "..", spec);
          if (!target.startsWith(p.dir + sep)) {
            violations.push({
              pkg: p.name,
              file: rel,
              imports: spec,
              why: "relative import out of the package; import the package by name",
            });
          }
          continue;
        }
        const m = /^(@xena\/[^/]+)/.exec(spec);
        if (m === null) continue;
        const dep = m[1];
        if (dep === p.name) continue;
        if (!declared.has(dep)) {
          violations.push({ pkg: p.name, file: rel, imports: spec, why: `${dep} is not declared in package.json` });
          continue;
        }
        let why: string | undefined;
        if (LAYERS[dep] === "tool")
          why = test || LAYERS[p.name] === "tool" || LAYERS[p.name] === "app" ? undefined : "tools are test-only";
        else why = runtimeRule(p.name, dep);
        if (why) violations.push({ pkg: p.name, file: rel, imports: spec, why });
      }
    }
  }
  return violations;
}

export function formatViolations(v: readonly Violation[]): string {
  return v.map((x) => `${x.pkg}: ${x.file} imports ${x.imports || "(nothing)"}: ${x.why}`).join("\n");
}
