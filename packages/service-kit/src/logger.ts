import { randomUUID } from "node:crypto";
import { ServerResponse, type IncomingMessage, type OutgoingHttpHeaders } from "node:http";
import pino, { type Logger } from "pino";
import pretty from "pino-pretty";
import { z } from "zod";
import { parseEnvWith } from "./env-fields";

/**
 * Structured logs for every service (ADR 027): one JSON object a line — `level` (a name), `time` (UTC ISO 8601),
 * `pid`, `service`, `msg` and the event's own fields; for an HTTP request also `requestId`, `method`, `route`,
 * `status` and `durationMs`. In a terminal the same lines are printed readably (pino-pretty); anywhere else (a
 * pipe, a file, a log shipper) they stay JSON. LOG_LEVEL sets the least level written, LOG_FILE a file to append
 * to instead of stdout.
 *
 * Never logged: names, e-mail addresses, birth dates, postal addresses, phone numbers, passwords, tokens, codes,
 * cookies or request bodies. Lines carry ids (pseudonymous or row ids) instead; `redactFields` below is a belt for the
 * keys that would hold such a value, and e-mail addresses are cut out of error messages (an SMTP refusal quotes its
 * recipient).
 */

export type { Logger };

/** The processes that log: the web app, the outbox relay, the pipeline bridge and the ledger checkpointer. */
export const serviceNames = ["app", "relay", "bridge", "checkpointer"] as const;
export type ServiceName = (typeof serviceNames)[number];

export const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof logLevels)[number];

/** The logging variables, for each service's environment schema (app/env.server.ts, the bridge's). */
export const logEnvFields = {
  /** The least level written: fatal, error, warn, info (default: one line per request and per notable event), debug, trace, or silent. */
  LOG_LEVEL: z.enum(logLevels).default("info"),
  /** A file the JSON lines are appended to instead of stdout (created with its folder). Unset: stdout. */
  LOG_FILE: z.string().min(1).optional(),
};

/**
 * Keys whose value is personal data or a secret wherever they appear, at the top of a line or one level down. Lines
 * are written with ids, so these are a belt, not the method: a value that slips in under one of them is replaced.
 */
export const redactedKeys = [
  "email",
  "to",
  "name",
  "fullName",
  "displayName",
  "printedName",
  "dateOfBirth",
  "birthDate",
  "address",
  "postalAddress",
  "phone",
  "phoneNumber",
  "password",
  "passwordHash",
  "token",
  "secret",
  "totpSecret",
  "invitationCode",
  "oneTimeCode",
  "recoveryCode",
  "cookie",
  "authorization",
  "body",
] as const;

const redactedKeySet: ReadonlySet<string> = new Set(redactedKeys);
const REDACTED = "[redacted]";

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/**
 * A line's fields with the value under every known personal or secret key replaced: at the top, one level down and
 * two (`req.headers.cookie`); `code` only at the top (one level down it is an error's code, such as ECONNREFUSED,
 * which operators need). Copies only what it changes; the caller's objects are left as they were. Written here
 * rather than with pino's `redact`, whose wildcard paths cost about 12 µs a line against 2 µs for the whole rest of
 * the line: on the bridge, which logs every decision request, that alone cost a quarter of its throughput (ADR 027).
 */
export function redactFields(fields: Record<string, unknown>, depth = 0): Record<string, unknown> {
  let result = fields;
  for (const key in fields) {
    const value = fields[key];
    let replacement: unknown = value;
    if (redactedKeySet.has(key) || (depth === 0 && key === "code")) replacement = REDACTED;
    else if (depth < 2 && isPlainObject(value)) replacement = redactFields(value, depth + 1);
    if (replacement !== value) {
      if (result === fields) result = { ...fields };
      result[key] = replacement;
    }
  }
  return result;
}

const emailPattern = /[^\s<>"'(),;:@]+@[^\s<>"'(),;:@]+\.[^\s<>"'(),;:@]+/g;

/** A text with every e-mail-shaped part replaced: error messages from SMTP and the like quote addresses. */
export function withoutEmails(text: string): string {
  return text.replace(emailPattern, "[email]");
}

/** An error as one short phrase (its message, without addresses), for a line's `error` field. */
export function errorText(error: unknown): string {
  return withoutEmails(error instanceof Error ? error.message : String(error)).slice(0, 500);
}

function serializeError(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown;
  if (typeof serialized !== "object" || serialized === null) return typeof serialized === "string" ? withoutEmails(serialized) : serialized;
  const record = serialized as Record<string, unknown>;
  for (const key of ["message", "stack"]) if (typeof record[key] === "string") record[key] = withoutEmails(record[key]);
  return record;
}

// ─── One root per process ─────────────────────────────────────────────────────────────────────────────────────

interface LineTarget {
  write(line: string): unknown;
}

interface LoggingState {
  root: Logger;
  /** Every line passes through here, so a test can take them (captureLogs) without recreating the loggers. */
  sink: { target: LineTarget; write(line: string): void };
  services: Map<ServiceName, Logger>;
}

// On globalThis, not in this module: the app's Remix build may be a second copy of this module (Vite's SSR loader in
// development, the bundled build in production), and one process must still have one root and one sink.
const stateKey = Symbol.for("tsunagi.service-kit.logging");
type Global = typeof globalThis & { [stateKey]?: LoggingState };
const shared = globalThis as Global;

function defaultTarget(file: string | undefined): LineTarget {
  if (file) return pino.destination({ dest: file, mkdir: true, append: true, sync: true });
  // A person is reading: the same lines, readably. Anything else gets the JSON as written.
  if (process.stdout.isTTY) return pretty({ colorize: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,service", messageFormat: "[{service}] {msg}", singleLine: true, sync: true });
  return pino.destination({ dest: 1, sync: true });
}

function loggingState(): LoggingState {
  if (shared[stateKey]) return shared[stateKey];
  const env = parseEnvWith(z.object(logEnvFields), process.env);
  const sink = {
    target: defaultTarget(env.LOG_FILE),
    write(line: string) {
      this.target.write(line);
    },
  };
  const root = pino(
    {
      level: env.LOG_LEVEL,
      // pid tells the processes of one app apart; the host is the log shipper's to add.
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }), log: (fields) => redactFields(fields) },
      serializers: { err: serializeError, error: (value: unknown) => (typeof value === "string" ? withoutEmails(value) : serializeError(value)) },
    },
    sink,
  );
  shared[stateKey] = { root, sink, services: new Map() };
  return shared[stateKey];
}

/** The logger of one service: every line it writes names the service. One per service per process. */
export function serviceLogger(service: ServiceName): Logger {
  const state = loggingState();
  let logger = state.services.get(service);
  if (!logger) {
    logger = state.root.child({ service });
    state.services.set(service, logger);
  }
  return logger;
}

/**
 * Sends every line of this process to `target` instead (tests read them); returns the function that puts the
 * previous target back.
 */
export function captureLogs(target: LineTarget): () => void {
  const { sink } = loggingState();
  const previous = sink.target;
  sink.target = target;
  return () => {
    sink.target = previous;
  };
}

// ─── HTTP requests ────────────────────────────────────────────────────────────────────────────────────────────

const safeRequestId = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The request's id: the caller's X-Request-Id when it is a short token that cannot forge or break a log line (a
 * proxy's or the relay's id ties their lines to ours), else a fresh UUID.
 */
export function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === "string" && safeRequestId.test(header) ? header : randomUUID();
}

const wordSegment = /^[._]?[a-z]+(?:[-_.][a-z]+)*$/;
const versionSegment = /^v\d{1,2}$/;

/**
 * A path as it may be logged when no route names it: the query is dropped and every segment that is not a plain
 * lower-case word becomes `:param`, so ids, one-time tokens, invitation codes and e-mail addresses never reach a log
 * (`/invite/Q7X…` → `/invite/:param`).
 */
export function pathForLog(path: string): string {
  const queryAt = path.search(/[?#]/);
  const pathname = queryAt === -1 ? path : path.slice(0, queryAt);
  return pathname
    .split("/")
    .map((segment) => (segment === "" || (segment.length <= 40 && (wordSegment.test(segment) || versionSegment.test(segment))) ? segment : ":param"))
    .join("/");
}

/** What the code answering a request adds to its line: the route that answered, and why the edge refused it. */
export interface RequestLogEntry {
  readonly requestId: string;
  /** A route's id or pattern (`routes/participant/consent._index`, `/v1/subjects/{id}`); unset: the path, through pathForLog. */
  route?: string;
  /** Set by a refusal at the edge whose status alone does not say which (`cross_site`, `body_too_large`…). */
  refusal?: string;
  /**
   * Set by a route whose every answer is recorded elsewhere, row by row (the bridge's decisions, in its decision
   * log): its successful answers are logged at debug, not info. Its refusals and failures stay at info and above.
   */
  routine?: boolean;
  /** Set by a refusal that deserves a look (a forged or probing request): the line is written at warn, not info. */
  warn?: boolean;
}

/** A request line's level: error for a 500 (a failure of ours), warn for another 5xx (a designed answer: 503 not
 * ready, fail closed), debug for a routine success (see `routine`), else info. */
export function requestLineLevel(status: number, routine: boolean | undefined, warn?: boolean): "error" | "warn" | "info" | "debug" {
  if (status === 500) return "error";
  if (status >= 500 || warn) return "warn";
  return routine && status < 400 ? "debug" : "info";
}

/**
 * Gives the request its id (echoed as X-Request-Id) and writes its one line when the answer is finished or the
 * client has gone: method, route, status and duration; at level error for a 500, warn for another 5xx, else info.
 */
export function logRequest(log: Logger, request: IncomingMessage, response: ServerResponse): RequestLogEntry {
  const started = performance.now();
  // Read now: Express rewrites request.url inside a mounted handler (static files under /assets).
  const path = request.url ?? "/";
  const entry: RequestLogEntry = { requestId: requestIdOf(request.headers["x-request-id"]) };
  response.setHeader("X-Request-Id", entry.requestId);
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    if (requestObserver) requestObserver(request.method, entry.route, response.statusCode, performance.now() - started);
    const line = {
      requestId: entry.requestId,
      method: request.method,
      route: entry.route ?? pathForLog(path),
      status: response.statusCode,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      ...(entry.refusal ? { refusal: entry.refusal } : {}),
      // The client closed the connection before the whole answer was written.
      ...(response.writableFinished ? {} : { clientGone: true }),
    };
    log[requestLineLevel(response.statusCode, entry.routine, entry.warn)](line, "request");
  };
  // "close" comes once an answer is handed over whole, and also when the client went away first (then
  // writableFinished is false). One plain listener: with a "finish" and a "close" once-listener on every response,
  // the bridge answered 10–16 % fewer single decisions over HTTP than before it logged (bench/RESULTS.md).
  response.on("close", write);
  return entry;
}

type RequestObserver = (method: string | undefined, route: string | undefined, status: number, durationMs: number) => void;
let requestObserver: RequestObserver | undefined;

/** Called with every request's route, status and time as its log line is written (the metrics, ADR 169); one a process. */
export function setRequestObserver(observer: RequestObserver | undefined): void {
  requestObserver = observer;
}

/**
 * The same line for a plain node:http server, without a listener on every response (the bridge, ADR 027): pass
 * `loggedResponseClass(log)` as `createServer`'s `ServerResponse`. Each response carries its id (sent as X-Request-Id
 * in the head it writes) and writes its line when it is ended; a response destroyed before its end, or given up
 * because the client went (`logClientGone()`), writes it then with `clientGone`. Measured against `logRequest` with a
 * plain node:http server on this 2-core machine, it saves the 'close' listener and the header merge Node does when a
 * header was set before `writeHead` — about 1.5 µs of the 6.5 µs a logged request costs (bench/RESULTS.md).
 */
export abstract class LoggedResponse extends ServerResponse implements RequestLogEntry {
  readonly requestId: string;
  route?: string;
  refusal?: string;
  routine?: boolean;
  warn?: boolean;
  readonly #started = performance.now();
  // Read now, as logRequest does.
  readonly #path: string;
  #logged = false;

  constructor(request: IncomingMessage, options?: { highWaterMark?: number; rejectNonStandardBodyWrites?: boolean }) {
    // Node's own options (the socket's high-water mark); its types declare only the request.
    // @ts-expect-error -- ServerResponse(req, options), as node:http's server constructs it
    super(request, options);
    this.#path = request.url ?? "/";
    this.requestId = requestIdOf(request.headers["x-request-id"]);
  }

  protected abstract get log(): Logger;

  override writeHead(statusCode: number, ...rest: unknown[]): this {
    const last = rest[rest.length - 1];
    if (typeof last === "object" && last !== null && !Array.isArray(last)) {
      rest[rest.length - 1] = { ...(last as OutgoingHttpHeaders), "X-Request-Id": this.requestId };
    } else if (!this.headersSent) this.setHeader("X-Request-Id", this.requestId);
    return (super.writeHead as (status: number, ...more: unknown[]) => this)(statusCode, ...rest);
  }

  override end(...args: unknown[]): this {
    (super.end as (...more: unknown[]) => this)(...args);
    this.#writeLine(false);
    return this;
  }

  override destroy(error?: Error): this {
    super.destroy(error);
    this.#writeLine(true);
    return this;
  }

  /** Writes the line now, marked `clientGone`, for a request given up because its client closed the connection. */
  logClientGone(): void {
    this.#writeLine(true);
  }

  #writeLine(clientGone: boolean): void {
    if (this.#logged) return;
    this.#logged = true;
    if (requestObserver) requestObserver(this.req.method, this.route, this.statusCode, performance.now() - this.#started);
    const level = requestLineLevel(this.statusCode, this.routine, this.warn);
    // A routine line below the logger's level (a decision's, at debug) is not built at all: thousands a second.
    if (!this.log.isLevelEnabled(level)) return;
    const line = {
      requestId: this.requestId,
      method: this.req.method,
      route: this.route ?? pathForLog(this.#path),
      status: this.statusCode,
      durationMs: Math.round((performance.now() - this.#started) * 10) / 10,
      ...(this.refusal ? { refusal: this.refusal } : {}),
      ...(clientGone ? { clientGone: true } : {}),
    };
    this.log[level](line, "request");
  }
}

/** The LoggedResponse class whose lines go to `log`, for `createServer({ ServerResponse })`. */
export function loggedResponseClass(log: Logger): typeof ServerResponse {
  return class extends LoggedResponse {
    protected override get log(): Logger {
      return log;
    }
  } as unknown as typeof ServerResponse;
}
