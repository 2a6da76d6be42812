import { describe, expect, it } from "vitest";
import { Waker } from "./waker";

const elapsed = async (wait: Promise<void>) => {
  const started = performance.now();
  await wait;
  return performance.now() - started;
};

describe("Waker", () => {
  it("ends an idle wait when woken, and remembers a wake that came while the loop was busy", async () => {
    const waker = new Waker();
    const idle = waker.idle(5_000);
    setTimeout(() => waker.wake(), 20);
    expect(await elapsed(idle)).toBeLessThan(1_000);

    waker.wake();
    expect(await elapsed(waker.idle(5_000))).toBeLessThan(50);
    // …once: the next idle wait runs its course.
    expect(await elapsed(waker.idle(60))).toBeGreaterThanOrEqual(50);
  });

  it("does not cut a backoff pause short on wake, but does on stop", async () => {
    const waker = new Waker();
    const pause = waker.pause(150);
    setTimeout(() => waker.wake(), 10);
    expect(await elapsed(pause)).toBeGreaterThanOrEqual(140);

    const long = waker.pause(10_000);
    setTimeout(() => waker.stop(), 10);
    expect(await elapsed(long)).toBeLessThan(1_000);
    expect(waker.stopped).toBe(true);
    expect(waker.stopSignal.aborted).toBe(true);
    expect(await elapsed(waker.idle(10_000))).toBeLessThan(50);
  });

  it("ends a backoff pause on retryNow (the receiver answered again), and retryNow outside a pause changes nothing", async () => {
    const waker = new Waker();
    waker.retryNow();
    expect(await elapsed(waker.pause(80))).toBeGreaterThanOrEqual(70);
    const pause = waker.pause(10_000);
    setTimeout(() => waker.retryNow(), 10);
    expect(await elapsed(pause)).toBeLessThan(1_000);
    expect(waker.stopped).toBe(false);
  });
});
