import type { Rollup } from "vite";

type RollupLog = Rollup.RollupLog;

/**
 * Rollup's warnings for `vite build` (vite.config.ts, build.rollupOptions.onwarn), with one left out: EMPTY_BUNDLE,
 * "Generated an empty chunk". A resource route (a loader or action and no component: feeds, JSON, CSV, PDF) has
 * nothing to run in the browser, so the client build makes an empty chunk for each, some thirty lines a build that
 * say nothing is wrong (issue 29). Every other warning goes on to Vite's handler as before.
 */
export function onBuildWarning(warning: RollupLog, handler: (warning: RollupLog) => void): void {
  if (warning.code === "EMPTY_BUNDLE") return;
  handler(warning);
}
