import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBridgeServer } from "./server";

describe("pipeline bridge", () => {
  let base = "";
  let close: () => Promise<void>;

  beforeAll(async () => {
    const server = await startBridgeServer(0);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise((resolve) => server.close(() => resolve()));
  });
  afterAll(() => close());

  it("reports health", async () => {
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", service: "tsunagi-pipeline-bridge" });
  });

  it("refuses what it does not serve", async () => {
    const response = await fetch(`${base}/v1/decisions`, { method: "POST", body: "{}" });
    expect(response.status).toBe(404);
  });
});
