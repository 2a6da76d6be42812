import { describe, expect, it } from "vitest";
import { markToClaim, measureMark } from "./measure-mark";

describe("measureMark: what a heartbeat may claim (ADR 051)", () => {
  it("dates the heartbeat before the read, however long it takes to answer", async () => {
    let now = 1_000_000;
    const clock = () => now;
    const measured = await measureMark(async () => {
      now += 1_500; // the answer comes back a second and a half later on starved cores
      return { lagMs: 200, mark: "42" };
    }, clock);
    expect(measured).toEqual({ lagMs: 200, mark: "42", measuredAt: new Date(1_000_000).toISOString() });
  });

  it("sends no heartbeat when the read fails", async () => {
    expect(await measureMark(async () => Promise.reject(new Error("database down")))).toBeUndefined();
  });
});

describe("markToClaim: what the heartbeat to the bridge over HTTP claims (ADR 066)", () => {
  const measured = { mark: "40", lagMs: 0, measuredAt: new Date(0).toISOString() };
  it("claims what the bridge acknowledged while nothing has waited past the bound", async () => {
    expect(await markToClaim({ ...measured, lagMs: 1_000 }, 1_000, async () => "45")).toBe("40");
  });

  it("claims the outbox's head once a change has waited longer, so a bridge that lacks it denies", async () => {
    expect(await markToClaim({ ...measured, lagMs: 1_001 }, 1_000, async () => "45")).toBe("45");
    // Numbers, not text: "100" is past "45".
    expect(await markToClaim({ ...measured, mark: "45", lagMs: 5_000 }, 1_000, async () => "100")).toBe("100");
  });

  it("never claims less than the acknowledged mark, and sends nothing when the head cannot be read", async () => {
    expect(await markToClaim({ ...measured, lagMs: 5_000 }, 1_000, async () => "0")).toBe("40");
    expect(await markToClaim({ ...measured, lagMs: 5_000 }, 1_000, async () => Promise.reject(new Error("database down")))).toBeUndefined();
  });
});
