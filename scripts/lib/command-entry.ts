/**
 * Whether a command-line script is the process's entry, run either way an operator runs it (ADR 136):
 *
 * - as its source, `tsx scripts/ledger-verify.ts` (node's argv[1] is the source file), or
 * - compiled, `node build-services/current/ledger-verify.mjs` (scripts/lib/services-build.ts bundles each operator
 *   command as an entry named after its source; `npm run ledger:verify` runs that). In the bundle, `import.meta.url`
 *   still names the source file, so the source's name is matched against the entry's, inside a services bundle folder.
 *
 * A script imported by another (a test, the bridge) is neither, and runs nothing.
 */
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export function isCommandEntry(moduleUrl: string, argv1: string | undefined = process.argv[1]): boolean {
  if (!argv1) return false;
  if (moduleUrl === pathToFileURL(argv1).href) return true;
  if (!moduleUrl.startsWith("file:")) return false;
  const source = path.basename(fileURLToPath(moduleUrl)).replace(/\.[cm]?tsx?$/, "");
  const entry = path.resolve(argv1);
  // build-services/current/<name>.mjs, or the bundle folder current links to: build-services/<id>/<name>.mjs.
  return path.basename(entry) === `${source}.mjs` && path.basename(path.dirname(path.dirname(entry))) === "build-services";
}
