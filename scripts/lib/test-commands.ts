/**
 * What the test scripts share (`npm test`, `npm run test:repeat`, `npm run test:changed`): the repository's root, a
 * tool from node_modules/.bin, a command run with the terminal as its output, and whether a script was run directly.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** A tool installed by npm, e.g. `localBin("vitest")`. */
export function localBin(name: string): string {
  return path.join(repoRoot, "node_modules", ".bin", name);
}

/** Runs a command in the repository with the terminal as its stdout and stderr; resolves to its exit code. */
export function runCommand(file: string, args: string[], env: Record<string, string | undefined> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { cwd: repoRoot, stdio: "inherit", env: { ...process.env, ...env } });
    child.on("error", () => resolve(127));
    child.on("close", (code) => resolve(code ?? 1));
  });
}

/** Whether the module at `moduleUrl` (its `import.meta.url`) is the script node was started with, not an import. */
export function isEntryPoint(moduleUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && path.resolve(entry) === fileURLToPath(moduleUrl);
}
