/**
 * A Vitest reporter that keeps the run's unhandled errors (an error or rejection outside any test's own result:
 * a timer or socket a file left behind, a hook's stray promise) in a JSON file, for `npm test` to list them again at
 * its end. Vitest's JSON report has no field for them, so a run failed by one alone ended in "1 failed" with no test
 * named (CI of 2026-11-30, stop 77). The file is given by VITEST_UNHANDLED_ERRORS_FILE; without it this does nothing.
 */
import { writeFileSync } from "node:fs";
import type { Reporter } from "vitest/node";

export interface UnhandledError {
  /** The test file whose worker raised it, where Vitest knows (with isolate off, the file running then). */
  file?: string;
  /** The test running then, if any. */
  test?: string;
  message: string;
}

type SerializedLike = { message?: string; stack?: string; name?: string; VITEST_TEST_PATH?: string; VITEST_TEST_NAME?: string };

export function describeUnhandledErrors(errors: ReadonlyArray<unknown>): UnhandledError[] {
  return errors.map((raw) => {
    const error = (raw ?? {}) as SerializedLike;
    const message = error.stack || (error.name && error.message ? `${error.name}: ${error.message}` : error.message) || String(raw);
    return {
      ...(error.VITEST_TEST_PATH ? { file: error.VITEST_TEST_PATH } : {}),
      ...(error.VITEST_TEST_NAME ? { test: error.VITEST_TEST_NAME } : {}),
      message,
    };
  });
}

export default class UnhandledErrorsReporter implements Reporter {
  onTestRunEnd(_modules: ReadonlyArray<unknown>, unhandledErrors: ReadonlyArray<unknown>): void {
    const file = process.env.VITEST_UNHANDLED_ERRORS_FILE;
    if (file) writeFileSync(file, JSON.stringify(describeUnhandledErrors(unhandledErrors)));
  }
}
