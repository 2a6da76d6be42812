import type { Plugin } from "vite";

/** Set (to "1") in a process whose Vite dev servers never reload: server/app-server.ts with hotReload: false. */
export const viteWatchOffVariable = "TSUNAGI_VITE_WATCH_OFF";

/**
 * Vite's file watcher, for vite.config.ts (issue 26). It watched the whole repository, `.data/` included: PostgreSQL
 * clusters, mail and logs, over a thousand files that change all the time and are never source, with a stat per file
 * at start and again on every change. `.data/` and `build/` are left out always; in a process that set
 * TSUNAGI_VITE_WATCH_OFF, nothing is watched.
 *
 * A plugin, not `server.watch`, because it has to reach two Vite servers: Vite drops an inline `watch: null` when it
 * merges the inline config into this file's (it skips null values), and Remix's child compiler, a second dev server,
 * takes only this file's plugins and replaces `server` wholesale. In the test runs that start the app in development
 * mode, the two watchers cost about a CPU-second per test file.
 */
export function fileWatching(): Plugin {
  return {
    name: "tsunagi:file-watching",
    config(config) {
      config.server ??= {};
      if (process.env[viteWatchOffVariable] === "1") {
        config.server.watch = null;
        return;
      }
      const ignored = config.server.watch?.ignored;
      config.server.watch = {
        ...config.server.watch,
        ignored: [...(Array.isArray(ignored) ? ignored : ignored ? [ignored] : []), "**/.data/**", "**/build/**"],
      };
    },
  };
}
