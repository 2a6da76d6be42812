export type RelayLogLevel = "info" | "warn";

/** One structured line per notable event (start, a failed attempt and its backoff, recovery, stop); never one per row. */
export type RelayLog = (level: RelayLogLevel, message: string, fields?: Record<string, unknown>) => void;

/** JSON lines: info to stdout, warnings to stderr, so a log shipper can parse them and a terminal can still read them. */
export const jsonLinesLog: RelayLog = (level, message, fields = {}) => {
  const line = JSON.stringify({ time: new Date().toISOString(), level, component: "outbox-relay", msg: message, ...fields });
  (level === "warn" ? process.stderr : process.stdout).write(`${line}\n`);
};

/** A failure as one short phrase: "HTTP 500: …", "ECONNREFUSED", "TIMEOUT" and the like. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 300);
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  if (error.name === "TimeoutError") return "timed out";
  const code = typeof cause?.code === "string" ? cause.code : undefined;
  const detail = code ?? (typeof cause?.message === "string" ? cause.message : undefined);
  return (detail && error.message === "fetch failed" ? detail : detail ? `${error.message} (${detail})` : error.message).slice(0, 300);
}
