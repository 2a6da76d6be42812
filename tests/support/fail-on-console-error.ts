// Any console.error during a test fails that test: React warnings, unexpected failures logged by the code under
// test and the like must not scroll by unnoticed. A test that expects an error log replaces console.error itself,
// e.g. `const spy = vi.spyOn(console, "error").mockImplementation(() => {})`, and asserts on `spy`.
import { afterEach, beforeEach } from "vitest";

const original = console.error;
let logged: unknown[][] = [];

beforeEach(() => {
  logged = [];
  console.error = (...args: unknown[]) => {
    logged.push(args);
    original(...args);
  };
});

afterEach(() => {
  console.error = original;
  if (logged.length === 0) return;
  const first = logged[0]?.map((arg) => (arg instanceof Error ? arg.stack ?? arg.message : String(arg))).join(" ");
  const count = logged.length;
  logged = [];
  throw new Error(`console.error was called ${count} time(s) during this test; the first call: ${first}`);
});
