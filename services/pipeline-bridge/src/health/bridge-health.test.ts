import { describe, expect, it } from "vitest";
import { BridgeHealth } from "./bridge-health";

// When the bridge probes its database (ADR 111): every beat while it is asked to answer or its last probe failed,
// otherwise only when the idle interval has run out.
describe("BridgeHealth.probeDue", () => {
  it("skips the beat of a bridge nobody asked, until the idle probe is due", () => {
    const health = new BridgeHealth(5_000, () => 0);
    expect(health.probeDue(false)).toBe(false);
    expect(health.probeDue(false)).toBe(false);
    expect(health.probeDue(true)).toBe(true);
  });

  it("probes on the next beat after anyone asked whether it may answer, once per asking", () => {
    const health = new BridgeHealth(5_000, () => 0);
    health.current();
    health.current();
    expect(health.probeDue(false)).toBe(true);
    expect(health.probeDue(false)).toBe(false);
  });

  it("keeps probing every beat while the last probe failed, asked or not, so a database back is seen within a beat", () => {
    const health = new BridgeHealth(5_000, () => 0);
    health.recordProbe(false);
    expect(health.current()).toEqual({ ready: false, reason: "database_unavailable" });
    expect(health.probeDue(false)).toBe(true);
    expect(health.probeDue(false)).toBe(true);
    health.recordProbe(true);
    expect(health.probeDue(false)).toBe(false);
  });
});
