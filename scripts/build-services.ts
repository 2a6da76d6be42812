/**
 * `npm start`'s first step (package.json): compiles the services into build-services/current/ (ADR 081) unless it
 * already holds them as the sources are now, then exits; `node build-services/current/start.mjs` runs next. Takes a
 * fraction of a second when nothing changed, a second or two when something did.
 */
import { ensureServicesBuild } from "./lib/services-build";

const started = Date.now();
try {
  const { built } = await ensureServicesBuild({ log: (line) => console.log(`[tsunagi] ${line}`) });
  if (built) console.log(`[tsunagi] Compiled the services in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  console.error(`[tsunagi] Could not compile the services: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
