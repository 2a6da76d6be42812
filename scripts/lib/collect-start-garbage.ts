import v8 from "node:v8";
import vm from "node:vm";

/**
 * One full garbage collection, at the end of `npm start` (ADR 111). The start makes the demo in the long-lived
 * process (ADR 091 would move it out; held), leaving a few hundred megabytes of garbage that V8's memory reducer
 * otherwise collects in the first two minutes after "started", on the helper threads, while the system is meant to be
 * idle. Collected here, once, it is part of the start (tens of milliseconds). `--expose-gc` is turned on only to take
 * the collector and off again, so nothing else in the process can call it.
 */
export function collectStartGarbage(): void {
  v8.setFlagsFromString("--expose-gc");
  const gc = vm.runInNewContext("gc") as (() => void) | undefined;
  v8.setFlagsFromString("--no-expose-gc");
  gc?.();
}
