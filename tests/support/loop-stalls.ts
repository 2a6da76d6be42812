// Where a worker's event loop stood still (issue 62). Vitest's worker asks the main process for each task update over
// an RPC with a fixed 60 s deadline; a worker whose loop is held longer than that (a synchronous child process, a long
// synchronous computation) finds the deadline's timer fired before the answer that waited behind it, and the run fails
// with "[vitest-worker]: Timeout calling onTaskUpdate" — an error outside any test, naming none (rows 121 and 127 of
// docs/testing.md). This names the file: one timer per worker process notes each stall over STALL_SECONDS, with the
// file and test that were running, in the file TSUNAGI_STALL_LOG names (`npm test` sets it and lists what it holds).
import { appendFileSync } from "node:fs";

const STALL_SECONDS = 10;
const TICK_MS = 1_000;

interface StallWatch {
  file?: string;
  test?: string;
}

const key = Symbol.for("tsunagi.loopStalls");
const holder = globalThis as { [key]?: StallWatch };

/**
 * Notes every stall of this process's event loop over STALL_SECONDS in TSUNAGI_STALL_LOG, with `where` (the process's
 * role) and what `watch` says was running. Once per process; without TSUNAGI_STALL_LOG it does nothing.
 */
export function watchLoopStalls(where: string): StallWatch | undefined {
  const log = process.env.TSUNAGI_STALL_LOG;
  if (holder[key] || !log) return holder[key];
  const watch: StallWatch = {};
  holder[key] = watch;
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    const stalled = (now - last - TICK_MS) / 1000;
    last = now;
    if (stalled < STALL_SECONDS) return;
    const line = { at: new Date().toISOString(), where, pid: process.pid, seconds: Math.round(stalled * 10) / 10, file: watch.file, test: watch.test };
    try {
      appendFileSync(log, `${JSON.stringify(line)}\n`);
    } catch {
      // The report folder is gone: the run has ended.
    }
  }, TICK_MS).unref();
  return watch;
}
