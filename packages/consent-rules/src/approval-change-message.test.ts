import { describe, expect, it } from "vitest";
import { ApprovalChangeMessageSchema, readApprovalMessage } from "./approval-change-message";

const granted = {
  schemaVersion: "1.0",
  kind: "approval_changed",
  eventId: "6f0c7c1e-0000-4000-8000-000000000010",
  seq: "3",
  approvalId: "6f0c7c1e-0000-4000-8000-000000000001",
  version: 1,
  change: "granted",
  occurredAt: "2026-11-28T01:00:00.000Z",
  approval: {
    status: "active",
    applicationReference: "DA-2026-0001",
    recipientInstitution: "Kyoto University",
    recipientType: "academia",
    recipientCountry: "JP",
    datasets: ["lung-2026"],
    dataKinds: ["genome"],
    purposeCodes: ["HMB"],
    purposeDiseases: [],
    commercial: false,
    startsAt: "2026-11-28T00:00:00.000Z",
    endsAt: "2027-11-28T00:00:00.000Z",
  },
} as const;

describe("approval_changed (issue 15 item 5, ADR 041)", () => {
  it("the writer takes exactly this version and nothing unknown", () => {
    expect(ApprovalChangeMessageSchema.parse(granted)).toEqual(granted);
    expect(ApprovalChangeMessageSchema.safeParse({ ...granted, extra: 1 }).success).toBe(false);
    expect(ApprovalChangeMessageSchema.safeParse({ ...granted, approval: { ...granted.approval, recipientName: "Taro" } }).success).toBe(false);
    expect(ApprovalChangeMessageSchema.safeParse({ ...granted, schemaVersion: "1.1" }).success).toBe(false);
  });

  it("the reader applies any 1.x, ignoring members it does not know", () => {
    const newer = { ...granted, schemaVersion: "1.4", note: "x", approval: { ...granted.approval, visaIssuer: "y" } };
    expect(readApprovalMessage(newer)).toEqual({ outcome: "apply", message: { ...granted, schemaVersion: "1.4" } });
  });

  it("parks a kind it does not know or a newer major, and refuses a known one that does not match", () => {
    expect(readApprovalMessage({ ...granted, kind: "approval_transferred" })).toMatchObject({ outcome: "park", reason: "unknown_kind", kind: "approval_transferred" });
    expect(readApprovalMessage({ ...granted, schemaVersion: "2.0" })).toMatchObject({ outcome: "park", reason: "newer_major" });
    expect(readApprovalMessage({ eventId: granted.eventId, seq: "4", approvalId: granted.approvalId })).toMatchObject({ outcome: "park", reason: "unknown_kind" });
    // A reader one release behind (knowing no approval kind at all) parks it rather than refusing the batch.
    expect(readApprovalMessage(granted, [])).toMatchObject({ outcome: "park", reason: "unknown_kind" });
    expect(readApprovalMessage({ ...granted, version: 0 }).outcome).toBe("malformed");
    expect(readApprovalMessage({ ...granted, approvalId: "nope" }).outcome).toBe("malformed");
  });
});
