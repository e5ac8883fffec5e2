// Prints steps.c for the probe from script.ts: `npx tsx gen.ts > steps.c`.
import { ENCODING, SCRIPT, type Step } from "./script.js";

function line(s: Step): string {
  switch (s.op) {
    case "mode":
      return s.pl === 1 ? "  to_svc();" : "  to_usr();";
    case "cnthctl":
      return `  call(0x${s.value.toString(16)}u, 1);`;
    case "cntkctl":
      return `  call(0x${s.value.toString(16)}u, 0);`;
    case "r32":
      return `  { unsigned v = 0; exc = 0; __asm__ volatile("mrc p15, ${ENCODING[s.reg]}" : "=r"(v) :: "memory"); report(${s.timed ? 0 : 1}, v, 0); } /* ${s.reg} */`;
    case "w32":
      return `  { exc = 0; __asm__ volatile("mcr p15, ${ENCODING[s.reg]}" :: "r"(0x${s.value.toString(16)}u) : "memory"); report(0, 0, 0); } /* ${s.reg} */`;
    case "r64":
      return `  { unsigned lo = 0, hi = 0; exc = 0; __asm__ volatile("mrrc p15, ${ENCODING[s.reg]}" : "=r"(lo), "=r"(hi) :: "memory"); report(${s.timed ? 0 : 2}, lo, hi); } /* ${s.reg} */`;
    case "w64":
      return `  { exc = 0; __asm__ volatile("mcrr p15, ${ENCODING[s.reg]}" :: "r"(0x${s.lo.toString(16)}u), "r"(0x${s.hi.toString(16)}u) : "memory"); report(0, 0, 0); } /* ${s.reg} */`;
  }
}

const lines = SCRIPT.map(line);
console.log(`/* Generated from script.ts by gen.ts. */\nstatic void steps(void) {\n${lines.join("\n")}\n}`);
