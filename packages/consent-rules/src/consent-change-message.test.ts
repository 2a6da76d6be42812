import { describe, expect, it } from "vitest";
import { ConsentChangeMessageSchema, messageKindOf, readOutboxMessage } from "./consent-change-message";
import { decideAction } from "./decide-action";

// The participant's whole state after their third event: a grant, a change, then a sample registered later.
const consent = {
  status: "active",
  formVersion: "1.0",
  formVersionHash: "a".repeat(64),
  choices: { "core.wgs": "yes", "share.industry": "no" },
  permittedPurposes: ["DUO:0000006"],
  withdrawalLevel: null,
  interimRule: null,
  consentedBy: "self",
} as const;
const changed = {
  schemaVersion: "1.2",
  kind: "consent_changed",
  eventId: "6f0c7c1e-0000-4000-8000-000000000002",
  globalSeq: "41",
  pseudonym: "TGP-ABCD-EFGH",
  version: 2,
  type: "choices_changed",
  occurredAt: "2026-11-24T01:00:00.000Z",
  samples: [{ code: "S-0000000001", destroyed: false }],
  consent,
} as const;
const sampleRegistered = {
  ...changed,
  kind: "samples_changed",
  eventId: "6f0c7c1e-0000-4000-8000-000000000003",
  globalSeq: "57",
  version: 3,
  type: "sample_registered",
  occurredAt: "2026-11-24T02:00:00.000Z",
  samples: [...changed.samples, { code: "S-0000000002", destroyed: false }],
} as const;

describe("samples_changed (issue 12, ADR 024)", () => {
  it("is the kind a sample event leaves as; every other event stays consent_changed", () => {
    expect(messageKindOf("sample_registered")).toBe("samples_changed");
    for (const type of ["granted", "choices_changed", "withdrawn", "reconsent_requested", "assent"] as const) expect(messageKindOf(type)).toBe("consent_changed");
  });

  it("the writer takes each event only under its own kind, so a reader one release behind parks a sample event instead of refusing it", () => {
    expect(ConsentChangeMessageSchema.parse(sampleRegistered)).toEqual(sampleRegistered);
    expect(ConsentChangeMessageSchema.parse(changed)).toEqual(changed);
    expect(ConsentChangeMessageSchema.safeParse({ ...sampleRegistered, kind: "consent_changed" }).success).toBe(false);
    expect(ConsentChangeMessageSchema.safeParse({ ...changed, kind: "samples_changed" }).success).toBe(false);
  });

  it("this release's reader applies it like consent_changed: the whole state, the new sample with it", () => {
    const read = readOutboxMessage(sampleRegistered);
    expect(read).toEqual({ outcome: "apply", message: sampleRegistered });
    if (read.outcome !== "apply") return;
    expect(read.message.samples.map((sample) => sample.code)).toContain("S-0000000002");
    expect(read.message.consent).toEqual(consent);
  });

  it("a reader that knows only consent_changed (the release before) parks it, and still applies consent_changed", () => {
    const before = ["consent_changed"] as const;
    expect(readOutboxMessage(sampleRegistered, before)).toEqual({ outcome: "park", reason: "unknown_kind", kind: "samples_changed", schemaVersion: "1.2" });
    expect(readOutboxMessage(changed, before)).toEqual({ outcome: "apply", message: changed });
  });

  it("a later minor of samples_changed with members this reader does not know is still applied; a newer major is parked", () => {
    const minor = { ...sampleRegistered, schemaVersion: "1.4", samples: sampleRegistered.samples.map((sample) => ({ ...sample, tissue: "saliva" })) };
    expect(readOutboxMessage(minor)).toEqual({ outcome: "apply", message: { ...sampleRegistered, schemaVersion: "1.4" } });
    expect(readOutboxMessage({ ...sampleRegistered, schemaVersion: "3.0" })).toMatchObject({ outcome: "park", reason: "newer_major", kind: "samples_changed" });
  });
});

describe("life_changed and major 2 (issue 58, ADR 143)", () => {
  const died = {
    ...changed,
    schemaVersion: "2.0",
    kind: "life_changed",
    eventId: "6f0c7c1e-0000-4000-8000-000000000005",
    globalSeq: "61",
    version: 3,
    type: "death_recorded",
    consent: { ...consent, lifeEvent: { kind: "death", on: "2026-11-20" } },
  } as const;

  it("a message that carries a life event is major 2, every other stays 1.2: the writer takes no other pairing", () => {
    expect(messageKindOf("death_recorded")).toBe("life_changed");
    expect(messageKindOf("incapacity_recorded")).toBe("life_changed");
    expect(ConsentChangeMessageSchema.parse(died)).toEqual(died);
    expect(ConsentChangeMessageSchema.safeParse({ ...died, schemaVersion: "1.2" }).success).toBe(false);
    expect(ConsentChangeMessageSchema.safeParse({ ...changed, schemaVersion: "2.0" }).success).toBe(false);
    // A later consent event of the same person carries the life event too, and so is major 2 as well.
    const later = { ...changed, schemaVersion: "2.0", consent: died.consent } as const;
    expect(ConsentChangeMessageSchema.parse(later)).toEqual(later);
  });

  it("a reader that does not know the kind parks it; this release applies it, and the rule then denies what the disposition stops", () => {
    expect(readOutboxMessage(died, ["consent_changed", "samples_changed", "provision_changed"])).toMatchObject({ outcome: "park", reason: "unknown_kind", kind: "life_changed" });
    const read = readOutboxMessage(died);
    expect(read.outcome).toBe("apply");
    if (read.outcome === "apply") expect(decideAction(read.message.consent, { action: "analyze", purpose: "DUO:0000006" })).toMatchObject({ allowed: false, reason: "life_event_no_further_use" });
  });
});

describe("provision_changed (issue 58, ADR 140)", () => {
  const stopped = {
    ...changed,
    kind: "provision_changed",
    eventId: "6f0c7c1e-0000-4000-8000-000000000004",
    globalSeq: "60",
    version: 3,
    type: "provision_stopped",
    consent: { ...consent, provision: { noticeVersion: "2024-04.1", stopped: true } },
  } as const;
  const producer = { action: "share", recipient: "certified_producer", purpose: "TSUNAGI:0000001" } as const;

  it("is the kind the 2024 law's events leave as, and the writer takes them under no other", () => {
    expect(messageKindOf("notice_given")).toBe("provision_changed");
    expect(messageKindOf("provision_stopped")).toBe("provision_changed");
    expect(ConsentChangeMessageSchema.parse(stopped)).toEqual(stopped);
    expect(ConsentChangeMessageSchema.safeParse({ ...stopped, kind: "consent_changed" }).success).toBe(false);
    expect(ConsentChangeMessageSchema.safeParse({ ...changed, kind: "provision_changed" }).success).toBe(false);
  });

  it("a reader of 1.0 parks it, so the participant is denied until it reads the stop, never provided meanwhile", () => {
    expect(readOutboxMessage(stopped, ["consent_changed", "samples_changed"])).toMatchObject({ outcome: "park", reason: "unknown_kind", kind: "provision_changed" });
    const read = readOutboxMessage(stopped);
    expect(read.outcome).toBe("apply");
    if (read.outcome === "apply") expect(decideAction(read.message.consent, producer)).toMatchObject({ allowed: false, reason: "provision_stopped" });
  });

  it("a 1.0 message has no standing under the law: read as nobody notified, so nothing goes to a certified producer", () => {
    const read = readOutboxMessage({ ...changed, schemaVersion: "1.0" });
    expect(read.outcome).toBe("apply");
    if (read.outcome !== "apply") return;
    expect(read.message.consent.provision).toBeUndefined();
    expect(decideAction(read.message.consent, producer)).toMatchObject({ allowed: false, reason: "notice_not_given" });
    const notified = readOutboxMessage({ ...changed, consent: { ...consent, provision: { noticeVersion: "2024-04.1", stopped: false } } });
    if (notified.outcome === "apply") expect(decideAction(notified.message.consent, producer)).toMatchObject({ allowed: true, reason: "notified_not_stopped" });
  });
});
