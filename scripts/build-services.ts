/**
 * `npm start`'s first step (package.json): compiles the services into build-services/current/ (ADR 081) unless it
 * already holds them as the sources are now, then exits; `node build-services/current/start.mjs` runs next. Takes a
 * fraction of a second when nothing changed, a second or two when something did. The operator's commands run the same
 * way (ADR 136): `npm run ledger:verify` is this, then `node build-services/current/ledger-verify.mjs`. What it says goes
 * to stderr, so a command's own output (an export written to stdout) stays only its own.
 */
import { ensureBundleOrExit } from "./lib/bundle-command";
import { ensureServicesBuild } from "./lib/services-build";

await ensureBundleOrExit("the services", ensureServicesBuild);
