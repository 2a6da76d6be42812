/**
 * The real web app for a test file: server/app-server.ts started as `npm run dev` starts it (Express, the request
 * edge, Vite compiling the Remix app on demand) on HOST (by default 127.0.0.1) and a free port, against the file's
 * test database.
 * Development mode needs no production build, so these tests run before (and without) `vite build`; the edge they
 * test — body limits, headers, proxies, methods — is the same code in both modes. Call after useTestDatabase()
 * and useTempDataDir(), so the app reads their settings.
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
    server = await startAppServer({ mode: "development", port: 0, host: getEnv().HOST, hotReload: false });
    // Vite compiles the app on the first request; done here, it is not charged to the first test.
    const warmUp = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`);
    if (!warmUp.ok) throw new Error(`The app server answered /healthz with ${warmUp.status}`);
  }, 120_000);
  afterAll(async () => {
    if (server) {
      const closing = new Promise<void>((resolve) => server!.close(() => resolve()));
      server.closeAllConnections();
      await closing;
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
