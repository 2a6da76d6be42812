import { describe, expect, it } from "vitest";
import { measureNatsMark } from "./measure-nats-mark";

describe("measureNatsMark: what a NATS heartbeat may claim (ADR 051)", () => {
  it("dates the heartbeat before the reads, however long they take to answer", async () => {
    let now = 1_000_000;
    const clock = () => now;
    const measured = await measureNatsMark(
      async () => {
        now += 1_500; // the lag's answer comes back a second and a half later on starved cores
        return 200;
      },
      async () => {
        now += 700;
        return "42";
      },
      clock,
    );
    expect(measured).toEqual({ lagMs: 200, mark: "42", measuredAt: new Date(1_000_000).toISOString() });
  });

  it("reads the mark only after the lag, so the mark holds every change the lag counted as published", async () => {
    const order: string[] = [];
    let published = 10;
    await measureNatsMark(
      async () => {
        order.push("lag");
        published = 11; // a change is published between the two reads
        return 0;
      },
      async () => {
        order.push(`mark ${published}`);
        return String(published);
      },
    );
    expect(order).toEqual(["lag", "mark 11"]);
  });

  it("sends no heartbeat when a read fails", async () => {
    expect(await measureNatsMark(async () => Promise.reject(new Error("database down")), async () => "1")).toBeUndefined();
    expect(await measureNatsMark(async () => 0, async () => Promise.reject(new Error("database down")))).toBeUndefined();
  });
});
