// apt-get with a private state directory: armhf package lists and downloads that leave the
// host's apt configuration alone and need no root.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export class GuestFetchError extends Error {
  override readonly name = "GuestFetchError";
}

export interface AptOptions {
  /** Folder for lists, archives and the private sources.list. */
  readonly dir: string;
  readonly arch: string;
  /** Debian release to take guests from (bookworm: Linux 6.1). */
  readonly suite: string;
  readonly mirror: string;
  readonly securityMirror: string;
  readonly log: (line: string) => void;
}

export class PrivateApt {
  private readonly args: string[];

  constructor(private readonly o: AptOptions) {
    for (const d of ["lists/partial", "archives/partial", "etc"]) mkdirSync(join(o.dir, d), { recursive: true });
    const sources = [
      `deb [arch=${o.arch}] ${o.mirror} ${o.suite} main`,
      `deb [arch=${o.arch}] ${o.mirror} ${o.suite}-updates main`,
      `deb [arch=${o.arch}] ${o.securityMirror} ${o.suite}-security main`,
    ];
    writeFileSync(join(o.dir, "etc/sources.list"), `${sources.join("\n")}\n`);
    writeFileSync(join(o.dir, "etc/status"), "");
    this.args = [
      `-oDir::Etc::SourceList=${join(o.dir, "etc/sources.list")}`,
      "-oDir::Etc::SourceParts=/nonexistent",
      `-oDir::State::Lists=${join(o.dir, "lists")}`,
      `-oDir::Cache=${o.dir}`,
      `-oDir::Cache::Archives=${join(o.dir, "archives")}`,
      `-oDir::State::status=${join(o.dir, "etc/status")}`,
      `-oAPT::Architecture=${o.arch}`,
      `-oAPT::Architectures=${o.arch}`,
      "-oDebug::NoLocking=1",
      "-oAPT::Sandbox::User=root",
      "-oAcquire::Retries=3",
      "-qq",
    ];
  }

  static available(): boolean {
    return spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0;
  }

  /**
   * Refreshes the package lists. A mirror in mid-sync often fails one index; that is not fatal
   * as long as the packages we need are still found afterwards (checked by the callers).
   */
  update(): void {
    const r = spawnSync("apt-get", [...this.args, "update"], { encoding: "utf8" });
    if (r.error) throw new GuestFetchError(`apt-get update could not run: ${r.error.message}`);
    if (r.status !== 0) {
      const why = `${r.stderr}${r.stdout}`.trim().split("\n").slice(-3).join(" / ");
      this.o.log(`apt-get update reported a problem (continuing with what it fetched): ${why}`);
    }
  }

  /** The candidate version of a package, or undefined if no list has it. */
  candidate(pkg: string): string | undefined {
    const r = spawnSync("apt-cache", [...this.args, "policy", pkg], { encoding: "utf8" });
    const m = /Candidate:\s*(\S+)/.exec(r.stdout ?? "");
    return m && m[1] !== "(none)" ? m[1] : undefined;
  }

  /** Direct dependencies of a package (first alternative of each). */
  depends(pkg: string): string[] {
    const r = spawnSync("apt-cache", [...this.args, "depends", pkg], { encoding: "utf8" });
    return [...(r.stdout ?? "").matchAll(/^\s+Depends:\s*(\S+)/gm)].map((m) => m[1]);
  }

  /** Downloads a package's .deb into `dest` (skipped if that version is already there). Returns its path. */
  download(pkg: string, dest: string): string {
    const version = this.candidate(pkg);
    if (version === undefined) {
      throw new GuestFetchError(`Debian package ${pkg} (${this.o.arch}) is in none of the fetched package lists`);
    }
    mkdirSync(dest, { recursive: true });
    const fileVersion = version.replace(/:/g, "%3a");
    const want = `${pkg}_${fileVersion}_${this.o.arch}.deb`;
    if (existsSync(join(dest, want))) return join(dest, want);
    this.o.log(`downloading ${pkg} ${version}`);
    const r = spawnSync("apt-get", [...this.args, "download", `${pkg}=${version}`], { cwd: dest, encoding: "utf8" });
    if (r.status !== 0 || !existsSync(join(dest, want))) {
      const found = readdirSync(dest).filter((f) => f.startsWith(`${pkg}_`));
      throw new GuestFetchError(
        `apt-get download ${pkg}=${version} failed (exit ${r.status}): ${(r.stderr ?? "").trim()} ${found.length ? `(have: ${found.join(", ")})` : ""}`,
      );
    }
    return join(dest, want);
  }
}

/** Unpacks a .deb's files into `dest` with dpkg-deb (present wherever apt-get is). */
export function extractDeb(deb: string, dest: string): void {
  mkdirSync(dest, { recursive: true });
  const r = spawnSync("dpkg-deb", ["-x", deb, dest], { encoding: "utf8" });
  if (r.status !== 0) throw new GuestFetchError(`dpkg-deb -x ${deb} failed: ${r.stderr ?? r.error?.message}`);
}
