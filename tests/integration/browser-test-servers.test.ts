// The browser tests' server table (tests/e2e/support/e2e-servers.ts, ADR 023): every worker of every slot gets its
// own ports, PostgreSQL port and data folder, and worker 0 keeps what a single-server run always had.
import { describe, expect, it } from "vitest";
import { e2eServer, e2eWorkerCount, maxE2eWorkers } from "../e2e/support/e2e-servers";

const slots = Array.from({ length: 10 }, (_, slot) => slot);
const workers = Array.from({ length: maxE2eWorkers }, (_, index) => index);

describe("browser-test servers", () => {
  it("never give two servers, in any slot, the same port, PostgreSQL port or data folder", () => {
    const servers = slots.flatMap((slot) => workers.map((index) => e2eServer(index, { E2E_SLOT: String(slot) })));
    const ports = servers.flatMap((server) => [server.port, server.bridgePort]);
    expect(new Set(ports).size).toBe(ports.length);
    expect(new Set(servers.map((server) => server.postgresPort)).size).toBe(servers.length);
    expect(new Set(servers.map((server) => server.dataFolder)).size).toBe(servers.length);
    // Nor the development server's ports (3000, 3100, 54329) or the Vitest PostgreSQL (54330).
    for (const taken of [3000, 3100, 54329, 54330]) expect([...ports, ...servers.map((server) => server.postgresPort)]).not.toContain(taken);
  });

  it("keep a slot's servers inside the slot's ten ports", () => {
    for (const slot of slots) {
      for (const index of workers) {
        const server = e2eServer(index, { E2E_SLOT: String(slot) });
        expect(server.port).toBeGreaterThanOrEqual(3200 + slot * 10);
        expect(server.bridgePort).toBeLessThan(3200 + (slot + 1) * 10);
      }
    }
  });

  it("give worker 0 the ports and folder a one-server run always used", () => {
    expect(e2eServer(0, {})).toMatchObject({ baseURL: "http://localhost:3200", bridgePort: 3201, postgresPort: 54331, dataFolder: ".data/e2e" });
    expect(e2eServer(0, { E2E_SLOT: "6" })).toMatchObject({ baseURL: "http://localhost:3260", bridgePort: 3261, postgresPort: 54391, dataFolder: ".data/e2e-6" });
    expect(e2eServer(1, { E2E_SLOT: "6" })).toMatchObject({ baseURL: "http://localhost:3262", bridgePort: 3263, postgresPort: 54392, dataFolder: ".data/e2e-6-w1" });
  });

  it("give each worker its own database when DATABASE_URL names one server for all", () => {
    const env = { DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/tsunagi?sslmode=disable" };
    expect(e2eServer(0, env).databaseUrl).toBe(env.DATABASE_URL);
    expect(e2eServer(1, env).databaseUrl).toBe("postgresql://postgres@127.0.0.1:5432/tsunagi_e2e_w1?sslmode=disable");
    expect(e2eServer(1, {}).databaseUrl).toBeUndefined();
  });

  it("run one and a half workers per core (three on two cores, five on four) unless E2E_WORKERS says otherwise, and refuse a count the slots cannot hold", () => {
    expect(e2eWorkerCount({}, 1)).toBe(3);
    expect(e2eWorkerCount({}, 2)).toBe(3);
    expect(e2eWorkerCount({}, 4)).toBe(maxE2eWorkers);
    expect(e2eWorkerCount({}, 64)).toBe(maxE2eWorkers);
    expect(e2eWorkerCount({ E2E_WORKERS: "2" }, 64)).toBe(2);
    expect(e2eWorkerCount({ E2E_WORKERS: "1" })).toBe(1);
    expect(() => e2eWorkerCount({ E2E_WORKERS: String(maxE2eWorkers + 1) })).toThrow(/E2E_WORKERS/);
    expect(() => e2eWorkerCount({ E2E_WORKERS: "two" })).toThrow(/E2E_WORKERS/);
    expect(() => e2eServer(0, { E2E_SLOT: "10" })).toThrow(/E2E_SLOT/);
  });
});
