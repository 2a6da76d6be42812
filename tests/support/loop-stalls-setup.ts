// A Vitest setup file: each worker process watches its own event loop (tests/support/loop-stalls.ts), told which file
// and test are running.
import { beforeAll, beforeEach } from "vitest";
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
