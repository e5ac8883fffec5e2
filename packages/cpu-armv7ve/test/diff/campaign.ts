// A long differential campaign on demand (see README.md):
//   npx tsx --conditions=@xena/source packages/cpu-armv7ve/test/diff/campaign.ts [options]
// Runs rounds of random programs against qemu-arm; stops at the first mismatch and prints its
// reproducer. Exit status 1 on a mismatch or an UNDEFINED disagreement, 0 otherwise.
import { runCampaign, summarize } from "./harness.js";

interface Options {
  seed: number;
  rounds: number;
  insns: number;
  sets: ("arm" | "thumb")[] | undefined;
  repeat: number;
  minLength: number | undefined;
  maxLength: number | undefined;
}

function parse(argv: string[]): Options {
  const o: Options = {
    seed: (Date.now() ^ (process.pid << 16)) >>> 0,
    rounds: 10,
    insns: 500_000,
    sets: undefined,
    repeat: 1,
    minLength: undefined,
    maxLength: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${a} needs a value`);
      return x;
    };
    if (a === "--seed") o.seed = Number(v());
    else if (a === "--rounds") o.rounds = Number(v());
    else if (a === "--insns") o.insns = Number(v());
    else if (a === "--sets") o.sets = v().split(",") as ("arm" | "thumb")[];
    else if (a === "--repeat") o.repeat = Number(v());
    else if (a === "--min-length") o.minLength = Number(v());
    else if (a === "--max-length") o.maxLength = Number(v());
    else if (a === "--help" || a === "-h") {
      process.stdout.write(
        "usage: campaign.ts [--seed N] [--rounds N] [--insns N] [--sets arm,thumb] [--repeat N]\n" +
          "                   [--min-length N] [--max-length N]\n" +
          "  Each round uses seed + round; --repeat 30 also checks the block compiler (ARM cases run 30 times).\n",
      );
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  return o;
}

const o = parse(process.argv.slice(2));
let total = 0;
let failed = false;
for (let round = 0; round < o.rounds && !failed; round++) {
  const seed = (o.seed + round) >>> 0;
  const r = runCampaign({
    seed,
    instructions: o.insns,
    sets: o.sets,
    repeat: o.repeat,
    minLength: o.minLength,
    maxLength: o.maxLength,
  });
  total += r.instructions;
  process.stdout.write(`${summarize(r)}\n`);
  if (r.mismatch !== undefined || r.anomalies.some((a) => a.mismatch)) failed = true;
}
process.stdout.write(`${failed ? "FAILED" : "passed"}: ${total} instructions compared\n`);
process.exitCode = failed ? 1 : 0;
