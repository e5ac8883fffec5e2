// Drives `xena` in a child process through its serial console, as a person at a terminal would:
// wait for a prompt, type a command, read its output.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const CLI = join(here, "..", "src", "cli.ts");

/** busybox ash's prompt; the first one also asks the terminal for the cursor position (ESC [6n). */
export const PROMPT = /\n\/ # (\x1b\[6n)?$/;

export class Console {
  output = "";
  stderr = "";
  private readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<number>;
  private waiters: (() => void)[] = [];

  constructor(args: readonly string[]) {
    this.child = spawn(process.execPath, ["--conditions=@xena/source", "--import", "tsx", CLI, ...args], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.child.stdout.on("data", (d: Buffer) => {
      this.output += d.toString("latin1");
      this.notify();
    });
    this.child.stderr.on("data", (d: Buffer) => {
      this.stderr += d.toString();
      this.notify();
    });
    this.exited = new Promise((resolve) => this.child.on("exit", (code) => resolve(code ?? -1)));
    this.exited.then(() => this.notify());
  }

  private notify(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Waits until the console output (after `from`) contains `text`; fails after `ms`. */
  async expect(text: string | RegExp, ms: number, from = 0): Promise<string> {
    const deadline = Date.now() + ms;
    for (;;) {
      const tail = this.output.slice(from);
      const hit = typeof text === "string" ? tail.includes(text) : text.test(tail);
      if (hit) return tail;
      if (this.child.exitCode !== null)
        throw new Error(
          `xena exited (${this.child.exitCode}) before printing ${text}:\n${this.output}\n${this.stderr}`,
        );
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${text}; console so far:\n${this.output}\n${this.stderr}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 1000);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Types a command line and returns the output up to the next shell prompt. */
  async run(command: string, ms = 120_000): Promise<string> {
    const from = this.output.length;
    this.child.stdin.write(`${command}\n`);
    const out = await this.expect(PROMPT, ms, from);
    return out.slice(0, out.lastIndexOf("\n/ # "));
  }

  type(text: string): void {
    this.child.stdin.write(text);
  }

  kill(): void {
    this.child.kill("SIGKILL");
  }
}
