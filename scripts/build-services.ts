/**
 * `npm start`'s first step (package.json): compiles the services into build-services/current/ (ADR 081) unless it
 * already holds them as the sources are now, then exits; `node build-services/current/start.mjs` runs next. Takes a
 * fraction of a second when nothing changed, a second or two when something did. The operator's commands run the same
 * way (ADR 136): `npm run ledger:verify` is this, then `node build-services/current/ledger-verify.mjs`. What it says goes
 * to stderr, so a command's own output (an export written to stdout) stays only its own.
 */
import { ensureServicesBuild } from "./lib/services-build";

const started = Date.now();
try {
  const { built } = await ensureServicesBuild({ log: (line) => console.error(`[tsunagi] ${line}`) });
  if (built) console.error(`[tsunagi] Compiled the services in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  console.error(`[tsunagi] Could not compile the services: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
