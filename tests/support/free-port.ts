import { createServer } from "node:net";

/**
 * A port something listened on a moment ago and nothing does now: free for a server a test starts, and refusing
 * connections for a test about an unreachable peer. (Loaded by the global setup too: no vitest import here.)
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
