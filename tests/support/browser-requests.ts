/**
 * Requests as a browser sends them — the navigation and form-post headers, the app's own origin as Origin and Host
 * (APP_URL), a session cookie — from a loopback address the caller picks (all of 127.0.0.0/8 reaches this machine),
 * so requests can come from different visitors as far as the address-keyed limits (ADR 013) and the audit log's
 * addresses are concerned. Answers are read whole and undecoded: no redirect is followed, no body decompressed.
 */
import { Agent, request } from "node:http";

export interface BrowserResponse {
  status: number;
  location: string | null;
  contentType: string;
  /** Every response header, lower-cased names (a download's Content-Disposition, Cache-Control…). */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export type BrowserBody =
  | { type: "form"; content: string }
  | { type: "json"; content: string }
  /** Whatever a hostile client sends: this Content-Type (none when null) and these bytes. */
  | { type: "raw"; contentType: string | null; content: string };

export interface BrowserRequest {
  /** Where the test server listens, `http://127.0.0.1:<port>`. */
  server: string;
  /** The origin the browser believes it is on: the app's APP_URL. */
  appOrigin: string;
  /** The loopback address the request comes from (see loopbackAddress). */
  localAddress: string;
  method: "GET" | "POST";
  path: string;
  cookie: string;
  body?: BrowserBody;
  /** Headers to send instead of a browser's (an Origin, a Host); `null` leaves one out. */
  headers?: Record<string, string | null>;
}

// A connection per request: each comes from its own address, and nothing is left for a closing server to cut.
const agent = new Agent({ keepAlive: false });

export const browserUserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

function headersFor(options: BrowserRequest): Record<string, string> {
  const headers: Record<string, string> = {
    Host: new URL(options.appOrigin).host,
    "User-Agent": browserUserAgent,
    "Accept-Language": "ja,en;q=0.8",
    "Sec-Fetch-Site": "same-origin",
  };
  if (options.cookie) headers.Cookie = options.cookie;
  if (options.body?.type === "json") {
    // fetch() from the app's own page (the passkey ceremonies).
    Object.assign(headers, { Accept: "application/json", "Sec-Fetch-Mode": "cors", "Sec-Fetch-Dest": "empty", "Content-Type": "application/json" });
  } else {
    Object.assign(headers, { Accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document", "Sec-Fetch-User": "?1" });
    if (options.body?.type === "form") headers["Content-Type"] = "application/x-www-form-urlencoded";
    if (options.body?.type === "raw" && options.body.contentType !== null) headers["Content-Type"] = options.body.contentType;
  }
  if (options.method === "POST") {
    headers.Origin = options.appOrigin;
    headers["Content-Length"] = String(Buffer.byteLength(options.body?.content ?? ""));
  }
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value === null) delete headers[name];
    else headers[name] = value;
  }
  return headers;
}

export function browserRequest(options: BrowserRequest): Promise<BrowserResponse> {
  const server = new URL(options.server);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { agent, host: server.hostname, port: server.port, localAddress: options.localAddress, method: options.method, path: options.path, headers: headersFor(options) },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
        incoming.on("error", reject);
        incoming.on("end", () =>
          resolve({
            status: incoming.statusCode ?? 0,
            location: incoming.headers.location ?? null,
            contentType: incoming.headers["content-type"] ?? "",
            headers: incoming.headers,
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    outgoing.on("error", reject);
    outgoing.end(options.body?.content ?? "");
  });
}

/** The n-th address of a range apart from 127.0.0.1 (n from 0): 127.2.0.1, 127.2.0.2, … (never .0 or .255). */
export function loopbackAddress(n: number): string {
  return `127.${2 + Math.floor(n / (254 * 254))}.${Math.floor(n / 254) % 254}.${(n % 254) + 1}`;
}

/**
 * Page reads and form posts against a test app server, as a browser on the app's own pages sends them, each from
 * its own loopback address (a new visitor each time, counting from `firstVisitor`, so address-keyed limits never
 * trip). A form field may repeat (checkboxes): give it an array.
 */
export function browserPages(server: () => string, appUrl: () => string, firstVisitor: number) {
  let visitor = firstVisitor;
  return (method: "GET" | "POST", path: string, cookie: string, form?: Record<string, string | string[]>): Promise<BrowserResponse> => {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(form ?? {})) for (const item of [value].flat()) body.append(name, item);
    return browserRequest({
      server: server(),
      appOrigin: new URL(appUrl()).origin,
      localAddress: loopbackAddress(visitor++),
      method,
      path,
      cookie,
      body: method === "POST" ? { type: "form", content: body.toString() } : undefined,
    });
  };
}
