// `npm run test:changed [-- <git ref>]`: the quick loop before a commit (issue 26 item 5). Runs only the tests related
// to the files changed since <ref> (default main), committed or not:
//
//   - Vitest's `--changed <ref>`: every unit and integration test file that imports a changed file, directly or not;
//   - Playwright's `--only-changed=<ref>`: every browser spec changed, or importing a changed file (the browser specs
//     reach the app over HTTP, so a changed route runs no spec here: `npm test` is still the whole check).
//
// Then it prints which of the two ran what and exits non-zero if either failed. Locales, types and lint are not run:
// the editor shows those, and `npm test` runs them all.

import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureChromium } from "./ensure-chromium";
import { ensureAppBuild } from "./lib/app-build";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name: string) => path.join(repoRoot, "node_modules", ".bin", name);

function run(file: string, args: string[], env: Record<string, string | undefined> = {}): Promise<boolean> {
  console.log(`\n==== ${path.basename(file)} ${args.join(" ")} ====`);
  return new Promise((resolve) => {
    const child = spawn(file, args, { cwd: repoRoot, stdio: "inherit", env: { ...process.env, ...env } });
    child.on("error", () => resolve(false));
    child.on("close", (code) => resolve(code === 0));
  });
}

/** The commands the loop runs for a ref: exported for its test. */
export function changedCommands(ref: string): { vitest: string[]; playwright: string[] } {
  if (!/^[\w./@^~-]+$/.test(ref) || ref.startsWith("-")) throw new Error(`not a git ref: ${ref}`);
  return {
    vitest: ["run", `--changed=${ref}`, "--passWithNoTests"],
    playwright: ["test", `--only-changed=${ref}`, "--pass-with-no-tests"],
  };
}

async function main(): Promise<number> {
  const ref = process.argv[2] ?? "main";
  let commands: ReturnType<typeof changedCommands>;
  try {
    commands = changedCommands(ref);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\nusage: npm run test:changed [-- <git ref, default main>]`);
    return 2;
  }
  await ensureAppBuild({ output: (text) => process.stdout.write(text) });
  const vitestPassed = await run(bin("vitest"), commands.vitest);
  const chromium = await ensureChromium();
  const playwrightPassed = await run(bin("playwright"), commands.playwright, { CHROMIUM_PATH: chromium });
  console.log(`\n==== Tests related to the changes since ${ref}: unit and integration ${vitestPassed ? "passed" : "FAILED"}, browser ${playwrightPassed ? "passed" : "FAILED"} ====`);
  return vitestPassed && playwrightPassed ? 0 : 1;
}

function isMain(): boolean {
  const entry = process.argv[1];
  return entry !== undefined && path.resolve(entry) === fileURLToPath(import.meta.url);
}

if (isMain()) {
  process.exitCode = await main();
}
