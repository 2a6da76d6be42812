// A Vitest setup file: each worker process watches its own event loop (tests/support/loop-stalls.ts), told which file
// and test are running; and after every test the worker's event loop gets a turn (ADR 171).
import { afterEach, beforeAll, beforeEach } from "vitest";
import { watchLoopStalls } from "./loop-stalls";

const watch = watchLoopStalls("worker");
if (watch) {
  beforeAll((suite) => {
    watch.file = "filepath" in suite ? suite.filepath : undefined;
    watch.test = undefined;
  });
  beforeEach((context) => {
    watch.test = context.task.name;
  });
}

// Vitest runs one test after another on promises alone, so tests whose awaits never wait on I/O (ESLint's lintText, a
// solver) hold the event loop from the first to the last: 50.7 s across lint-boundaries' four parts on a slow hour
// (docs/testing.md row 127), near the 60 s after which the worker's own RPC to the main process used to time out. One
// turn of the loop between tests lets those messages through; it costs nothing a run can measure.
afterEach(() => new Promise<void>((resolve) => setImmediate(resolve)));
