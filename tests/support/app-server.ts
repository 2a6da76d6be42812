/**
 * The real web app for a test file: server/app-server.ts serving the production build as `npm start` serves it
 * (Express, the request edge, the Remix build in build/), on HOST (by default 127.0.0.1) and a free port, against the
 * file's test database. Vitest's global setup makes sure build/ is a build of the current code (scripts/lib/app-build.ts).
 * Served in development mode (Vite compiling on demand) each file paid a compile of the whole app and every request
 * Vite's module resolution: twice the CPU of the build for the authorization matrix (issue 26). Development mode keeps
 * a test of its own (tests/integration/app-server-development.test.ts). Call after useTestDatabase() and
 * useTempDataDir(), so the app reads their settings.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";
import { getEnv, resetEnvCache } from "../../app/env.server";

export interface TestAppServer {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  readonly server: Server;
}

/** `env` is set in process.env before the app starts (TRUST_PROXY and the like) and removed after. */
export function useAppServer(env: Record<string, string> = {}): TestAppServer {
  let server: Server | undefined;
  const previous: Record<string, string | undefined> = {};
  beforeAll(async () => {
    for (const [name, value] of Object.entries(env)) {
      previous[name] = process.env[name];
      process.env[name] = value;
    }
    resetEnvCache();
    const { startAppServer } = await import("../../server/app-server");
    // The address `npm start` would listen on (HOST), on a free port.
    // Its own instance of the build: the worker process has served other files' apps before, with their settings.
    server = await startAppServer({ mode: "production", port: 0, host: getEnv().HOST, hotReload: false, ownBuildInstance: true });
    // The first request loads what the build loads lazily; done here, it is not charged to the first test.
    const warmUp = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`);
    if (!warmUp.ok) throw new Error(`The app server answered /healthz with ${warmUp.status}`);
  }, 120_000);
  afterAll(async () => {
    if (server) {
      // Its build's database pool and key watch too: the next test file in this worker has its own (issue 26).
      const { closeAppServer } = await import("../../server/app-server");
      await closeAppServer(server);
    }
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetEnvCache();
  });
  return {
    get origin() {
      if (!server) throw new Error("The app server runs only while the file's tests run (from beforeAll on).");
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    get server() {
      if (!server) throw new Error("The app server runs only while the file's tests run (from beforeAll on).");
      return server;
    },
  };
}
