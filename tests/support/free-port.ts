import { createServer } from "node:net";

/**
 * Ports handed out here lie below the kernel's ephemeral range (Linux 32768–60999, macOS and Windows from 49152): a
 * port the kernel gives as the local end of an outgoing connection, or to a server listening on port 0, is never one
 * of them. A test often starts a server on its port seconds after asking for it (`npm start` binds its bridge after
 * the demo is seeded); a port the kernel chose was free when asked, and could be some other process's connection by
 * then (stop 84's clean run: `listen EADDRINUSE` on the bridge's port, taken in the thirteen seconds of the seed).
 */
const FIRST_PORT = 20_000;
const LAST_PORT = 32_767;
const span = LAST_PORT - FIRST_PORT + 1;

/** Each process walks the range from its own random place, so two processes asking at once rarely meet. */
let next = Math.floor(Math.random() * span);

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/**
 * A port nothing listens on now, and that no outgoing connection will take: free for a server a test starts, and
 * refusing connections for a test about an unreachable peer. Never the same port twice in a row from one process
 * (the walk moves on). (Loaded by the global setup too: no vitest import here.)
 */
export async function freePort(): Promise<number> {
  for (let tried = 0; tried < span; tried += 1) {
    const port = FIRST_PORT + (next % span);
    next += 1;
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port between ${FIRST_PORT} and ${LAST_PORT}`);
}
