/**
 * An operator's command run as `npm run ledger:verify` and the others run it (ADR 136): compiled, `node
 * build-services/current/<name>.mjs`, the bundle made current first. Resolves to its exit code and everything it printed
 * (stdout, then stderr). Under tsx each run compiled the app's sources again: about 2 CPU-seconds of the suite's time per
 * run, and the suite runs these commands some sixty times.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { ensureServicesBuild, servicesEntry, type ServicesEntryName } from "../../scripts/lib/services-build";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

export type OperatorCommand = Extract<ServicesEntryName, "ledger-verify" | "verify-checkpoints" | "restart-checkpoint-log" | "export-history" | "rotate-signing-keys">;

export interface CommandRun {
  code: number;
  output: string;
}

/** The bundle is checked once per test file (the check hashes every source it was built from: a quarter of a second). */
let bundleChecked: Promise<unknown> | undefined;

export async function runOperatorCommand(command: OperatorCommand, args: readonly string[], env: NodeJS.ProcessEnv, options: { timeout?: number } = {}): Promise<CommandRun> {
  bundleChecked ??= ensureServicesBuild();
  await bundleChecked;
  return new Promise((resolve) => {
    execFile(process.execPath, [servicesEntry(command), ...args], { cwd: repoRoot, env, timeout: options.timeout ?? 90_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, output: `${stdout}${stderr}` });
    });
  });
}
