import type { UserConfig } from "vite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fileWatching, viteWatchOffVariable } from "./vite-file-watching";

function configAfter(config: UserConfig): UserConfig {
  const hook = fileWatching().config as (config: UserConfig) => void;
  hook(config);
  return config;
}

describe("Vite's file watcher (issue 26)", () => {
  // A server started earlier in this process (hotReload: false) may have set the variable: as it was, before and after.
  let before: string | undefined;
  beforeEach(() => {
    before = process.env[viteWatchOffVariable];
    delete process.env[viteWatchOffVariable];
  });
  afterEach(() => {
    if (before === undefined) delete process.env[viteWatchOffVariable];
    else process.env[viteWatchOffVariable] = before;
  });

  it("never watches .data/ (PostgreSQL clusters, mail, logs) or build/, and keeps what the config ignored already", () => {
    const config = configAfter({ server: { watch: { ignored: ["**/coverage/**"] } } });
    expect(config.server?.watch).toEqual({ ignored: ["**/coverage/**", "**/.data/**", "**/build/**"] });
    expect(configAfter({}).server?.watch).toEqual({ ignored: ["**/.data/**", "**/build/**"] });
  });

  it("watches nothing at all in a process whose server never reloads, in the dev server and in Remix's child compiler alike", () => {
    process.env[viteWatchOffVariable] = "1";
    // The child compiler's own server options (watch undefined in development) are what the hook sees there.
    expect(configAfter({ server: { watch: undefined, hmr: false } }).server?.watch).toBeNull();
    expect(configAfter({}).server?.watch).toBeNull();
  });
});
