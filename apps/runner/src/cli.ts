#!/usr/bin/env node
// The xena command line. Today it can only describe itself: no platform can boot yet.
import { runCli } from "./main.js";

process.exitCode = runCli(
  process.argv.slice(2),
  (s) => process.stdout.write(s),
  (s) => process.stderr.write(s),
);
