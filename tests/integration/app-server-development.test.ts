// The app in development mode (`npm run dev`: server/app-server.ts with Vite compiling the app on demand). Every other
// test that serves the app serves the production build (tests/support/app-server.ts, issue 26), so this file keeps
// the development path honest: it starts, serves a page through Vite with the development CSP, and watches no files
// when it will never reload (server/vite-file-watching.ts).
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startAppServer } from "../../server/app-server";
import { viteWatchOffVariable } from "../../server/vite-file-watching";
import { useTestDatabase } from "../support/database";
import { useTempDataDir } from "../support/temp-data-dir";

useTestDatabase();
useTempDataDir();

let server: Server | undefined;
const origin = () => `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;

beforeAll(async () => {
  server = await startAppServer({ mode: "development", port: 0, host: "127.0.0.1", hotReload: false });
}, 120_000);

afterAll(async () => {
  if (!server) return;
  const closing = new Promise<void>((resolve) => server!.close(() => resolve()));
  server.closeAllConnections();
  await closing;
});

it("serves the sign-in page compiled by Vite, under the development CSP that lets Vite inject styles", async () => {
  const response = await fetch(`${origin()}/sign-in`);
  expect(response.status).toBe(200);
  const html = await response.text();
  expect(html).toContain('<html lang="ja"');
  // Vite serves the route modules from source in development; the production build links hashed files in /assets/.
  expect(html).toContain('<link rel="modulepreload" href="/app/routes/auth/sign-in._index.tsx"/>');
  expect(html).not.toContain('href="/assets/');
  const csp = response.headers.get("content-security-policy") ?? "";
  expect(csp).toContain("style-src 'self' 'unsafe-inline'");
  expect(csp).toContain("frame-ancestors 'none'");
});

it("a server that never reloads says so to vite.config.ts, which then watches no files", () => {
  expect(process.env[viteWatchOffVariable]).toBe("1");
});
