// Every line the code under test logs through @tsunagi/service-kit/logger is kept here instead of printed (a test
// reads them with loggedLines()); warnings and errors are still shown on stderr. A line at level error or fatal fails
// the test, as a console.error does (fail-on-console-error.ts): a test that expects one says so with expectErrorLines().
// A Vitest setup file (vitest.config.ts).
import { afterEach, beforeEach } from "vitest";
import { captureLogs } from "@tsunagi/service-kit/logger";

export interface LogLine {
  level: "fatal" | "error" | "warn" | "info" | "debug" | "trace";
  time: string;
  service: string;
  msg: string;
  [field: string]: unknown;
}

interface Capture {
  lines: LogLine[];
  errorsExpected: boolean;
}

// On globalThis: a test file and this setup file must see one capture, however their imports were resolved.
const captureKey = Symbol.for("tsunagi.tests.captured-logs");
const shared = globalThis as typeof globalThis & { [captureKey]?: Capture };
const capture = (shared[captureKey] ??= { lines: [], errorsExpected: false });

captureLogs({
  write(text: string) {
    const line = JSON.parse(text) as LogLine;
    capture.lines.push(line);
    if (line.level === "warn" || line.level === "error" || line.level === "fatal") process.stderr.write(`[log ${line.level}] ${text}`);
  },
});

/** The lines logged since this test began, parsed. */
export function loggedLines(): LogLine[] {
  return [...capture.lines];
}

/** This test means to cause lines at level error (a failure it provokes); they do not fail it. */
export function expectErrorLines(): void {
  capture.errorsExpected = true;
}

beforeEach(() => {
  capture.lines = [];
  capture.errorsExpected = false;
});

afterEach(() => {
  const errors = capture.lines.filter((line) => line.level === "error" || line.level === "fatal");
  const expected = capture.errorsExpected;
  capture.lines = [];
  capture.errorsExpected = false;
  if (errors.length === 0 || expected) return;
  throw new Error(`${errors.length} line(s) were logged at level error during this test; the first: ${JSON.stringify(errors[0])}`);
});
