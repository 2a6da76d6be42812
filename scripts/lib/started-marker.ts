import path from "node:path";
import { dataDir, getEnv } from "../../app/env.server";

/**
 * `<data folder>/started`: written by `npm start` (scripts/start.ts) once everything it does is done — services up,
 * the demo seeded with its release and transparency snapshot — and removed when a start begins. /healthz answers as
 * soon as the app listens, which is before the demo is whole; the browser tests' servers-ready waits for this file.
 */
export function startedMarkerPath(dataFolder: string = dataDir(getEnv())): string {
  return path.join(dataFolder, "started");
}
