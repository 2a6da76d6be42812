/**
 * A deliberately rude HTTP/1.1 client on a bare TCP socket, for tests of the servers' edge: it sends a body as
 * the test says (chunked, with a Content-Length that may lie, or none), keeps sending while the answer arrives,
 * and reports how many bytes the server's side accepted before the connection ended — so a test can tell a server
 * that stopped reading at its limit from one that read everything to throw it away, without timing anything.
 */
import net from "node:net";

export type Framing = { kind: "chunked" } | { kind: "content-length"; announced: number } | { kind: "none" };

export interface RudeRequest {
  /** `http://host:port` of the server. */
  origin: string;
  method?: string;
  path: string;
  headers?: Record<string, string>;
  framing: Framing;
  /** Bytes of body to try to send in all. */
  totalBytes: number;
  /** Size of each write (each chunk, when chunked). Default 64 KiB. */
  chunkBytes?: number;
  /** A pause between writes, for a slow drip. Default none. */
  pauseMs?: number;
}

export interface RudeOutcome {
  /** Status of the first answer, if one came. */
  status: number | undefined;
  /** Its headers, lower-cased names. */
  headers: Record<string, string>;
  /** Its body as text (chunked bodies joined). */
  body: string;
  /** Body bytes the client's kernel took from it (write callbacks without error) before the connection ended. */
  bytesAccepted: number;
  /** True when every byte was sent: the server read it all. */
  sentEverything: boolean;
  /** True when the server ended the connection. */
  closedByServer: boolean;
}

interface ParsedAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  complete: boolean;
}

function parseAnswer(raw: Buffer): ParsedAnswer | undefined {
  const headEnd = raw.indexOf("\r\n\r\n");
  if (headEnd === -1) return undefined;
  const [statusLine = "", ...lines] = raw.subarray(0, headEnd).toString("latin1").split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const status = Number(statusLine.split(" ")[1]);
  const rest = raw.subarray(headEnd + 4);
  if (headers["content-length"] !== undefined) {
    const length = Number(headers["content-length"]);
    return { status, headers, body: rest.subarray(0, length).toString("utf8"), complete: rest.length >= length };
  }
  if (headers["transfer-encoding"]?.includes("chunked")) {
    const parts: Buffer[] = [];
    let at = 0;
    for (;;) {
      const lineEnd = rest.indexOf("\r\n", at);
      if (lineEnd === -1) return { status, headers, body: Buffer.concat(parts).toString("utf8"), complete: false };
      const size = parseInt(rest.subarray(at, lineEnd).toString("latin1"), 16);
      if (size === 0) return { status, headers, body: Buffer.concat(parts).toString("utf8"), complete: true };
      if (rest.length < lineEnd + 2 + size + 2) return { status, headers, body: Buffer.concat(parts).toString("utf8"), complete: false };
      parts.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
  }
  return { status, headers, body: rest.toString("utf8"), complete: false };
}

/** Sends the request and resolves once the server has closed the connection, or has answered after taking everything. */
export function sendRudeRequest(request: RudeRequest): Promise<RudeOutcome> {
  const url = new URL(request.origin);
  const chunkBytes = request.chunkBytes ?? 64 * 1024;
  const framingHeader =
    request.framing.kind === "chunked"
      ? "Transfer-Encoding: chunked\r\n"
      : request.framing.kind === "content-length"
        ? `Content-Length: ${request.framing.announced}\r\n`
        : "";
  const extraHeaders = Object.entries(request.headers ?? {})
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join("");
  const head = `${request.method ?? "POST"} ${request.path} HTTP/1.1\r\nHost: ${url.host}\r\n${framingHeader}${extraHeaders}\r\n`;

  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), url.hostname);
    const received: Buffer[] = [];
    let attempted = 0;
    let accepted = 0;
    let finished = false;
    let closedByServer = false;
    let sentEverything = false;

    const finish = () => {
      if (finished) return;
      finished = true;
      const answer = parseAnswer(Buffer.concat(received));
      socket.destroy();
      resolve({
        status: answer?.status,
        headers: answer?.headers ?? {},
        body: answer?.body ?? "",
        bytesAccepted: accepted,
        sentEverything,
        closedByServer,
      });
    };
    const answered = () => parseAnswer(Buffer.concat(received))?.complete === true;

    socket.on("data", (data) => {
      received.push(data);
      if (sentEverything && answered()) finish();
    });
    socket.on("end", () => {
      closedByServer = true;
      finish();
    });
    socket.on("close", () => {
      closedByServer = true;
      finish();
    });
    // EPIPE / ECONNRESET: the server closed while we were still sending — what a server that stopped reading does.
    socket.on("error", () => {
      closedByServer = true;
      finish();
    });

    const filler = Buffer.alloc(chunkBytes, "a");
    const pump = () => {
      while (!finished && !socket.destroyed && attempted < request.totalBytes) {
        const size = Math.min(chunkBytes, request.totalBytes - attempted);
        attempted += size;
        const payload = filler.subarray(0, size);
        const frame = request.framing.kind === "chunked" ? Buffer.concat([Buffer.from(`${size.toString(16)}\r\n`), payload, Buffer.from("\r\n")]) : payload;
        const flushed = socket.write(frame, (error) => {
          if (!error) accepted += size;
        });
        if (request.pauseMs) return void setTimeout(pump, request.pauseMs);
        if (!flushed) return void socket.once("drain", pump);
      }
      if (finished || socket.destroyed || attempted < request.totalBytes) return;
      // The last chunk of a chunked body; otherwise an empty write, only to learn when everything before it was taken.
      socket.write(request.framing.kind === "chunked" ? "0\r\n\r\n" : Buffer.alloc(0), (error) => {
        if (error) return;
        sentEverything = true;
        if (answered()) finish();
      });
    };
    socket.write(head, () => pump());
  });
}
