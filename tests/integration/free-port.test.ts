// The ports tests give the servers they start (tests/support/free-port.ts): free when handed out, and outside the range
// the kernel takes the local ends of outgoing connections from, so none is taken in the seconds before its server binds.
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { expect, it } from "vitest";
import { freePort } from "../support/free-port";

it("hands out ports a server can listen on, each different, none from the kernel's ephemeral range", async () => {
  const ports = [await freePort(), await freePort(), await freePort()];
  expect(new Set(ports).size).toBe(3);
  const rangeFile = "/proc/sys/net/ipv4/ip_local_port_range";
  const [low, high] = existsSync(rangeFile) ? readFileSync(rangeFile, "utf8").trim().split(/\s+/).map(Number) : [49_152, 65_535];
  for (const port of ports) expect(port < low! || port > high!, `${port} inside ${low}–${high}`).toBe(true);
  // Each is free: a server listens on all three at once.
  const servers = ports.map(() => createServer());
  await Promise.all(servers.map((server, index) => new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(ports[index], "127.0.0.1", () => resolve());
  })));
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});
