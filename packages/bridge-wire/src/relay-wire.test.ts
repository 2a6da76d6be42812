import { describe, expect, it } from "vitest";
import { approvalWire, BatchAnswerSchema, consentWire, heartbeatsPath, RelayHeartbeatsSchema, streamWires, type WirePath } from "./relay-wire";

const mark = { relayId: "relay-1", highWaterMark: "42", sentAt: "2026-12-01T00:00:00.000Z" };

describe("the relay → bridge wire (ADR 128)", () => {
  it("gives every endpoint its own path under /internal/v1/", () => {
    const paths = [...streamWires.flatMap((wire) => [wire.changes.path, wire.heartbeat.path]), heartbeatsPath];
    expect(new Set(paths).size).toBe(paths.length);
    for (const path of paths) expect(path).toMatch(/^\/internal\/v1\/[a-z-]+$/);
  });

  it("keys each stream's mark apart, and exactly one mark (consent's) is never left out", () => {
    const keys = streamWires.map((wire) => wire.heartbeat.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(streamWires.filter((wire) => !wire.heartbeat.optional)).toEqual([consentWire]);
  });

  it("reads the combined heartbeat as { consent, approvals? } and nothing else", () => {
    expect(RelayHeartbeatsSchema.safeParse({ consent: mark, approvals: mark }).success).toBe(true);
    expect(RelayHeartbeatsSchema.safeParse({ consent: mark }).success).toBe(true);
    expect(RelayHeartbeatsSchema.safeParse({ approvals: mark }).success).toBe(false);
    expect(RelayHeartbeatsSchema.safeParse({ consent: mark, notes: mark }).success).toBe(false);
  });

  it("takes 1–1000 messages a batch, and answers with counts", () => {
    const approval = { eventId: "00000000-0000-4000-8000-000000000001", seq: "1", approvalId: "00000000-0000-4000-8000-0000000000a1", kind: "approval_changed", schemaVersion: "1.0" };
    expect(approvalWire.changes.body.safeParse({ changes: [approval] }).success).toBe(true);
    expect(approvalWire.changes.body.safeParse({ changes: [] }).success).toBe(false);
    expect(approvalWire.changes.body.safeParse({ changes: Array.from({ length: 1001 }, () => approval) }).success).toBe(false);
    expect(BatchAnswerSchema.parse({ applied: 1, duplicates: 0, stale: 0 })).toEqual({ applied: 1, duplicates: 0, stale: 0 });
    expect(BatchAnswerSchema.safeParse({ applied: 1, duplicates: 0, stale: 0, parked: 0 }).success).toBe(false);
  });

  it("is the only maker of a wire path: one typed as text is not one", () => {
    // @ts-expect-error A path typed as text is not a WirePath: the relay and the bridge take theirs from here.
    const typed: WirePath = "/internal/v1/consent-changes";
    expect(typed).toBe(consentWire.changes.path);
  });
});
