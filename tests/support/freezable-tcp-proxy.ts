/**
 * A TCP proxy in front of a server (PostgreSQL) that can be frozen: while frozen, it keeps every connection open and
 * accepts new ones but passes no byte either way, which is what a client sees of a database stopped with SIGSTOP or
 * cut off by a partition that drops packets. Freezing the shared test PostgreSQL itself would stop every other test
 * file; this freezes it for one client only. Thawing passes on whatever was held, in order.
 */
import net from "node:net";

export interface FreezableProxy {
  /** `postgres://…` with the proxy's host and port in place of the server's. */
  url(databaseUrl: string): string;
  freeze(): void;
  thaw(): void;
  close(): Promise<void>;
}

export async function startFreezableProxy(target: { host: string; port: number }): Promise<FreezableProxy> {
  let frozen = false;
  const sockets = new Set<net.Socket>();
  const held: (() => void)[] = [];
  const pipe = (from: net.Socket, to: net.Socket) => {
    from.on("data", (chunk) => {
      if (!frozen) return void to.write(chunk);
      // Held, with the sender paused, until thawed.
      from.pause();
      held.push(() => {
        to.write(chunk);
        from.resume();
      });
    });
    from.on("end", () => (frozen ? held.push(() => to.end()) : to.end()));
    from.on("error", () => to.destroy());
    from.on("close", () => sockets.delete(from));
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    for (const socket of [client, upstream]) sockets.add(socket);
    pipe(client, upstream);
    pipe(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url(databaseUrl) {
      const url = new URL(databaseUrl);
      url.hostname = "127.0.0.1";
      url.port = String(port);
      return url.toString();
    },
    freeze() {
      frozen = true;
    },
    thaw() {
      frozen = false;
      for (const release of held.splice(0)) release();
    },
    async close() {
      frozen = false;
      held.length = 0;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
