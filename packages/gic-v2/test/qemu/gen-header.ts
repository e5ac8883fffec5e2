// Prints steps.h for probe.c from one script: `npx tsx gen-header.ts virt|secure > steps.h`.
import { BASE, type Step } from "./script.js";
import { SECURE_SCRIPT } from "./steps-secure.js";
import { VIRT_SCRIPT } from "./steps-virt.js";

const scripts: Record<string, readonly Step[]> = { virt: VIRT_SCRIPT, secure: SECURE_SCRIPT };
const steps = scripts[process.argv[2]];
if (steps === undefined) throw new Error("usage: gen-header.ts virt|secure");
const rows = steps.map((s) => {
  if (s.op === "isr") return "  {2, 0, 0, 0},";
  if (s.op === "ns") return "  {3, 0, 0, 0},";
  const addr = BASE[s.win] + s.off;
  return `  {${s.op === "r" ? 0 : 1}, 0x${addr.toString(16)}u, 0x${(s.op === "w" ? s.value : 0).toString(16)}u, ${s.size}},`;
});
console.log(
  `/* Generated from the script by gen-header.ts. */\nstatic const struct step steps[] = {\n${rows.join("\n")}\n};`,
);
