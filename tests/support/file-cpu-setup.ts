// A Vitest setup file: each test file's CPU, the worker's and its children's, noted when TSUNAGI_FILE_CPU_LOG is set
// (tests/support/file-cpu.ts). Its afterAll runs after the file's own (Vitest runs after-hooks last-registered first,
// and a setup file's hooks are registered before the file's), so a file's teardown — stopping what it spawned — counts.
import { afterAll, beforeAll } from "vitest";
import { noteFileCpu, readOwnCpu, type ProcessCpu } from "./file-cpu";

if (process.env.TSUNAGI_FILE_CPU_LOG) {
  let before: ProcessCpu | undefined;
  let file: string | undefined;
  beforeAll((suite) => {
    before = readOwnCpu();
    file = "filepath" in suite ? suite.filepath : undefined;
  });
  afterAll(() => {
    const after = readOwnCpu();
    if (before && after && file) noteFileCpu(file, before, after);
  });
}
