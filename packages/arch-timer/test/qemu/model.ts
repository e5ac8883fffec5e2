// Runs the timer access script on our generic timer, producing what the QEMU probe prints.
import { EventScheduler } from "@xena/machine";
import { GenericTimer, type TimerCpu } from "../../src/index.js";
import type { Step } from "./script.js";

/** One line per printed value, labelled with the step that printed it. */
export function runOnModel(steps: readonly Step[]): { label: string; value: number }[] {
  const clock = new EventScheduler();
  const timer = new GenericTimer({ clock, securityExtensions: false });
  const t: TimerCpu = timer.cpu(0);
  let pl = 2;
  const out: { label: string; value: number }[] = [];
  const out64 = new Uint32Array(2);
  const status = (ok: boolean) => (ok ? 0 : t.refusal === "hyp-trap" ? -1 : 1);
  steps.forEach((s, i) => {
    clock.advanceTo(clock.now() + 1000); // time moves on between accesses, as on QEMU
    const label = `step ${i} ${s.op} ${"reg" in s ? s.reg : ""} at PL${pl}`;
    const emit = (st: number, values: number[]) => {
      // A Hyp trap's HSR.EC: 0x03 for MCR/MRC, 0x04 for MCRR/MRRC.
      out.push({ label, value: st === -1 ? 0x100 | (s.op.endsWith("64") ? 4 : 3) : st });
      if (st === 0) for (const v of values) out.push({ label, value: v });
    };
    switch (s.op) {
      case "mode":
        pl = s.pl;
        break;
      case "cnthctl":
        t.write32("CNTHCTL", s.value, 2);
        break;
      case "cntkctl":
        t.write32("CNTKCTL", s.value, 1);
        break;
      case "r32": {
        const v = t.read32(s.reg, pl);
        emit(status(v !== undefined), s.timed ? [] : [v ?? 0]);
        break;
      }
      case "w32":
        emit(status(t.write32(s.reg, s.value, pl)), []);
        break;
      case "r64": {
        const ok = t.read64(s.reg, pl, out64);
        emit(status(ok), s.timed ? [] : [out64[0], out64[1]]);
        break;
      }
      case "w64":
        emit(status(t.write64(s.reg, s.lo, s.hi, pl)), []);
        break;
    }
  });
  return out;
}
