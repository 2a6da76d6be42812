// Test files share worker processes (ADR 133): an app a test serves must read its own settings, not those of an app an
// earlier file served in the same process, whose build Node keeps loaded for the process's life.
import type { AddressInfo } from "node:net";
import { afterEach, expect, it } from "vitest";
import { resetEnvCache } from "../../app/env.server";
import { closeAppServer, startAppServer } from "../../server/app-server";
import { useTestDatabase } from "../support/database";
import { useTempDataDir } from "../support/temp-data-dir";

useTestDatabase();
useTempDataDir();

const previousAppUrl = process.env.APP_URL;
afterEach(() => {
  if (previousAppUrl === undefined) delete process.env.APP_URL;
  else process.env.APP_URL = previousAppUrl;
  resetEnvCache();
});

/** Serves the production build with APP_URL set to `appUrl`, reads the public feed (which links to APP_URL), closes. */
async function feedServedWith(appUrl: string, ownBuildInstance: boolean): Promise<string> {
  process.env.APP_URL = appUrl;
  resetEnvCache();
  const server = await startAppServer({ mode: "production", port: 0, host: "127.0.0.1", hotReload: false, ownBuildInstance });
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/updates/feed/en`);
    expect(response.status).toBe(200);
    return await response.text();
  } finally {
    await closeAppServer(server);
  }
}

it("an app served after another in the same process reads its own settings when it asks for its own build", async () => {
  const first = await feedServedWith("http://first.tsunagi.test", true);
  expect(first).toContain("http://first.tsunagi.test/");
  const second = await feedServedWith("http://second.tsunagi.test", true);
  expect(second).toContain("http://second.tsunagi.test/");
  expect(second).not.toContain("first.tsunagi.test");
  // Two loads of the whole production build, each with every route: 10 s on a quiet machine, past the default 20 s when
  // the machine is loaded (a clean clone's run on 2026-11-29, docs/testing.md row 88). The per-file guard is 60 s.
}, 60_000);

it("without its own build, the second app would answer with the first one's settings: the hazard the option exists for", async () => {
  // The first of the two may find the build already loaded by an earlier file of this worker, so only the second's
  // failure to read its own settings is certain.
  await feedServedWith("http://shared-one.tsunagi.test", false);
  const again = await feedServedWith("http://shared-two.tsunagi.test", false);
  expect(again).not.toContain("shared-two.tsunagi.test");
});
