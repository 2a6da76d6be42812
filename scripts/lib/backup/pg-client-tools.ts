/**
 * Finds a PostgreSQL client program (pg_dump, pg_restore) whose major version is at least the server's: an older
 * pg_dump refuses a newer server, and a pg_restore must read what its pg_dump wrote. Looks on PATH and in Debian's
 * side-by-side folders (/usr/lib/postgresql/<major>/bin); the newest fitting one wins. The embedded PostgreSQL ships
 * none, so with it the answer is usually null and the backup takes the snapshot way (ADR 050).
 */
import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

export interface ClientTool {
  path: string;
  /** As the program prints it, e.g. `15.20 (Debian 15.20-0+deb12u1)`. */
  version: string;
  major: number;
}

async function candidates(program: string): Promise<string[]> {
  const found = new Set<string>();
  for (const dir of (process.env.PATH ?? "").split(path.delimiter).filter(Boolean)) found.add(path.join(dir, program));
  const debian = "/usr/lib/postgresql";
  for (const entry of await fs.readdir(debian).catch(() => [] as string[])) found.add(path.join(debian, entry, "bin", program));
  return [...found];
}

async function versionOf(file: string): Promise<ClientTool | null> {
  try {
    await fs.access(file, fs.constants.X_OK);
    const { stdout } = await execFileAsync(file, ["--version"], { timeout: 10_000 });
    const match = /\(PostgreSQL\)\s+((\d+)(?:\.\d+)?.*)$/m.exec(stdout.trim());
    if (!match) return null;
    // The path as found, not its target: Debian's /usr/bin/pg_dump is a link to pg_wrapper, which reads its own name.
    return { path: file, version: match[1]!.trim(), major: Number(match[2]) };
  } catch {
    return null;
  }
}

/** The newest `program` whose major version is at least `serverMajor`, or null. */
export async function findClientTool(program: "pg_dump" | "pg_restore", serverMajor: number): Promise<ClientTool | null> {
  let best: ClientTool | null = null;
  for (const file of await candidates(program)) {
    const tool = await versionOf(file);
    if (tool && tool.major >= serverMajor && (!best || tool.major > best.major)) best = tool;
  }
  return best;
}

/** PostgreSQL's server_version_num → major version (150020 → 15, 180001 → 18). */
export function majorOf(versionNum: number): number {
  return Math.floor(versionNum / 10_000);
}
