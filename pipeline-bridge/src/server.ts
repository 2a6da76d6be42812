import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

/**
 * The pipeline bridge: a separate service that will answer allow/deny decisions from its own pseudonymous
 * projection of consent (issue #4). For now it only reports that it is alive.
 */
export function createBridgeServer(): Server {
  return createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://bridge.invalid");
    if (request.method === "GET" && url.pathname === "/healthz") {
      send(response, 200, { status: "ok", service: "tsunagi-pipeline-bridge" });
      return;
    }
    // Fail closed: anything not explicitly served is refused, never guessed at.
    send(response, 404, { error: "not_found" });
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  });
  response.end(JSON.stringify(body));
}

export function startBridgeServer(port: number): Promise<Server> {
  const server = createBridgeServer();
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => resolve(server));
  });
}
