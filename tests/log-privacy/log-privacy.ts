// The check behind the log-privacy test (ADR 027): the lines a browser run's servers wrote are JSON lines with the
// fields operators query, and none holds a demo person's name, e-mail address or birth date, nor a demo password
// or token. The list of what must not appear is read from the run's own demo file (scripts/seed.ts writes it from
// the seed data), never typed here.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { serviceNames } from "@tsunagi/service-kit/logger";
import { DemoFileSchema, type DemoFile } from "../../app/wiring/demo/demo-file";

/** One value that must not appear in a log, and what it is (printed instead of the value). */
export interface Secret {
  what: string;
  value: string;
}

export interface Finding {
  file: string;
  /** 1-based; 0 for a finding about the whole file. */
  line: number;
  problem: string;
}

const levels = new Set(["fatal", "error", "warn", "info", "debug", "trace"]);
const utcIsoTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const emailShaped = /[^\s"'<>()@\\]+@[^\s"'<>()@\\]+\.[A-Za-z]{2,}/;

/** Ways a birth date or a name could be written into a line. */
function spellings(secret: Secret): string[] {
  const { value } = secret;
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (date) return [value, `${date[1]}/${date[2]}/${date[3]}`, `${date[1]}${date[2]}${date[3]}`];
  if (/\s/.test(value)) return [value, value.replace(/\s+/g, "")];
  return [value];
}

/** What the demo file's people and credentials are: every participant's and account's name, e-mail, birth date, password; the tokens. */
export function secretsOf(demo: DemoFile): Secret[] {
  const secrets: Secret[] = [];
  for (const participant of demo.participants) {
    secrets.push({ what: `name of demo participant ${participant.pseudonym}`, value: participant.fullName });
    secrets.push({ what: `birth date of demo participant ${participant.pseudonym}`, value: participant.dateOfBirth });
    secrets.push({ what: `e-mail of demo participant ${participant.pseudonym}`, value: participant.signIn.email });
    secrets.push({ what: `password of demo participant ${participant.pseudonym}`, value: participant.signIn.password });
  }
  for (const account of demo.accounts) {
    secrets.push({ what: `name of the demo ${account.role}`, value: account.displayName });
    secrets.push({ what: `e-mail of the demo ${account.role}`, value: account.email });
    secrets.push({ what: `password of the demo ${account.role}`, value: account.password });
  }
  if (demo.bridgeToken) secrets.push({ what: "the demo bridge token", value: demo.bridgeToken });
  if (demo.fhirToken) secrets.push({ what: "the demo FHIR token", value: demo.fhirToken });
  // A participant may also be a role's account (the demo "participant"): each value once, under its first name.
  return secrets.filter((secret, index) => secrets.findIndex((other) => other.value === secret.value) === index);
}

export function readDemoFile(file: string): DemoFile {
  if (!existsSync(file)) throw new Error(`No demo file at ${file}: the browser run's server writes it when it starts`);
  return DemoFileSchema.parse(JSON.parse(readFileSync(file, "utf8")));
}

/** Every problem with one log file's text: a line that is not a JSON log line with its fields, or that holds a secret. */
export function checkLogText(text: string, secrets: readonly Secret[], file = "log"): Finding[] {
  const findings: Finding[] = [];
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  if (lines.length === 0) return [{ file, line: 0, problem: "the log is empty" }];
  lines.forEach((text, index) => {
    const at = (problem: string) => findings.push({ file, line: index + 1, problem });
    for (const secret of secrets) if (spellings(secret).some((spelling) => text.includes(spelling))) at(`holds the ${secret.what}`);
    if (emailShaped.test(text)) at("holds an e-mail address");
    let line: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
      line = parsed as Record<string, unknown>;
    } catch {
      return at("is not a JSON object");
    }
    if (typeof line.level !== "string" || !levels.has(line.level)) at(`has no level name (level ${JSON.stringify(line.level)})`);
    if (typeof line.time !== "string" || !utcIsoTime.test(line.time)) at(`has no UTC ISO 8601 time (time ${JSON.stringify(line.time)})`);
    if (!(serviceNames as readonly unknown[]).includes(line.service)) at(`names no service (service ${JSON.stringify(line.service)})`);
    if (typeof line.msg !== "string" || line.msg === "") at("has no message");
    if (line.msg === "request") {
      if (typeof line.requestId !== "string" || line.requestId === "") at("is a request without requestId");
      if (typeof line.method !== "string") at("is a request without method");
      if (typeof line.route !== "string" || line.route.includes("?")) at(`is a request without a route, or with a query (${JSON.stringify(line.route)})`);
      if (!Number.isInteger(line.status)) at("is a request without status");
      if (typeof line.durationMs !== "number") at("is a request without durationMs");
    }
  });
  return findings;
}

export interface LogSummary {
  lines: number;
  /** Lines per service. */
  services: Record<string, number>;
  /** Request lines per service. */
  requests: Record<string, number>;
}

export function summarize(text: string): LogSummary {
  const summary: LogSummary = { lines: 0, services: {}, requests: {} };
  for (const text_ of text.split("\n")) {
    if (text_ === "") continue;
    summary.lines++;
    try {
      const line = JSON.parse(text_) as { service?: string; msg?: string };
      const service = String(line.service);
      summary.services[service] = (summary.services[service] ?? 0) + 1;
      if (line.msg === "request") summary.requests[service] = (summary.requests[service] ?? 0) + 1;
    } catch {
      // checkLogText reports it.
    }
  }
  return summary;
}

/** A browser-test server's log and its demo file, as found after a run: missing or empty is a finding, never a pass. */
export function checkServerLogs(options: { logFile: string; demoFile: string }): { findings: Finding[]; summary?: LogSummary; secrets: number } {
  const file = path.relative(process.cwd(), options.logFile) || options.logFile;
  if (!existsSync(options.logFile)) return { findings: [{ file, line: 0, problem: "the log file is missing: run the browser tests first (npx playwright test)" }], secrets: 0 };
  const secrets = secretsOf(readDemoFile(options.demoFile));
  const text = readFileSync(options.logFile, "utf8");
  const findings = checkLogText(text, secrets, file);
  const summary = summarize(text);
  for (const service of serviceNames) if (!summary.services[service]) findings.push({ file, line: 0, problem: `no line from the ${service}` });
  for (const service of ["app", "bridge"]) if (!summary.requests[service]) findings.push({ file, line: 0, problem: `no request line from the ${service}` });
  return { findings, summary, secrets: secrets.length };
}
