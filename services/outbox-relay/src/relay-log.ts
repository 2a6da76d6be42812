import { serviceLogger, type ServiceName } from "@tsunagi/service-kit/logger";

export type RelayLogLevel = "info" | "warn" | "error";

/** One structured line per notable event (start, a failed attempt and its backoff, recovery, stop); never one per row. */
export type RelayLog = (level: RelayLogLevel, message: string, fields?: Record<string, unknown>) => void;

/** A RelayLog writing through the service's logger (@tsunagi/service-kit/logger, ADR 027). */
export function serviceLog(service: ServiceName): RelayLog {
  const log = serviceLogger(service);
  return (level, message, fields = {}) => log[level](fields, message);
}

/** The relay's lines: JSON with service "relay" (readable in a terminal). */
export const jsonLinesLog: RelayLog = (level, message, fields) => serviceLog("relay")(level, message, fields);

/** A failure as one short phrase: "HTTP 500: …", "ECONNREFUSED", "TIMEOUT" and the like. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 300);
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  if (error.name === "TimeoutError") return "timed out";
  const code = typeof cause?.code === "string" ? cause.code : undefined;
  const detail = code ?? (typeof cause?.message === "string" ? cause.message : undefined);
  return (detail && error.message === "fetch failed" ? detail : detail ? `${error.message} (${detail})` : error.message).slice(0, 300);
}
