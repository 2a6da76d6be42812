// `npm run test:changed [-- <git ref>]`: the quick loop before a commit (issue 26 item 5). Runs only the tests related
// to the files changed since <ref> (default main), committed or not:
//
//   - Vitest's `--changed <ref>`: every unit and integration test file that imports a changed file, directly or not;
//   - Playwright's `--only-changed=<ref>`: every browser spec changed, or importing a changed file (the browser specs
//     reach the app over HTTP, so a changed route runs no spec here: `npm test` is still the whole check).
//
// Then it prints which of the two ran what and exits non-zero if either failed. Locales, types and lint are not run:
// the editor shows those, and `npm test` runs them all.

import path from "node:path";
import { ensureChromium } from "./ensure-chromium";
import { ensureAppBuild } from "./lib/app-build";
import { isEntryPoint, localBin, runCommand } from "./lib/test-commands";

async function run(file: string, args: string[], env: Record<string, string | undefined> = {}): Promise<boolean> {
  console.log(`\n==== ${path.basename(file)} ${args.join(" ")} ====`);
  return (await runCommand(file, args, env)) === 0;
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
  const vitestPassed = await run(localBin("vitest"), commands.vitest);
  const chromium = await ensureChromium();
  const playwrightPassed = await run(localBin("playwright"), commands.playwright, { CHROMIUM_PATH: chromium });
  console.log(`\n==== Tests related to the changes since ${ref}: unit and integration ${vitestPassed ? "passed" : "FAILED"}, browser ${playwrightPassed ? "passed" : "FAILED"} ====`);
  return vitestPassed && playwrightPassed ? 0 : 1;
}

if (isEntryPoint(import.meta.url)) {
  process.exitCode = await main();
}
