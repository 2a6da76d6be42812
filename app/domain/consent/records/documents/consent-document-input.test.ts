import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FormContentSchema } from "@tsunagi/consent-rules/form-content";
import type { LedgerEventRecord } from "@tsunagi/consent-rules/ledger-event";
import { consentDocumentInput } from "./ensure-consent-document.server";

// What the certificate says about who signed and how, from the ledger event as recorded (issue 11, defect 10).
const content = FormContentSchema.parse(JSON.parse(readFileSync(new URL("../../../../../prisma/seed-data/consent-forms/wgs-cancer-1.1.json", import.meta.url), "utf8")));

function event(overrides: Partial<LedgerEventRecord>): LedgerEventRecord {
  return {
    id: "00000000-0000-4000-8000-000000000001",
    globalSeq: "1",
    participantId: "00000000-0000-4000-8000-000000000002",
    participantSeq: 1,
    type: "granted",
    occurredAt: "2026-11-21T03:04:05.123Z",
    actorUserId: "00000000-0000-4000-8000-000000000003",
    actorRole: "participant",
    method: "online",
    formVersionId: "00000000-0000-4000-8000-000000000004",
    formVersionHash: "a".repeat(64),
    choices: { "core.wgs": "yes" },
    signature: { printedName: "山田 花子", signedAt: "2026-11-21T03:04:05.123Z", statement: "同意します。", language: "ja" },
    withdrawalLevel: null,
    detail: {},
    prevHash: "0".repeat(64),
    hash: "b".repeat(64),
    globalPrevHash: "0".repeat(64),
    chainHash: "c".repeat(64),
    verificationCode: "7KQ2-M9XD-4TRA-PL3C",
    ...overrides,
  };
}

describe("the certificate's signer and capacity", () => {
  it("names the participant who signed for themself", () => {
    const input = consentDocumentInput(event({}), content, "ja", { participant: "山田 花子" });
    expect(input).toMatchObject({ participantName: "山田 花子", signerName: "山田 花子", capacity: "本人" });
    expect(input.verificationUrl).toMatch(/\/verify\?code=7KQ2-M9XD-4TRA-PL3C$/);
  });

  it("names a proxy, their relationship and the participant they sign for, in each language", () => {
    const proxy = event({ type: "proxy_granted", actorRole: "proxy", signature: { printedName: "山田 一郎", signedAt: "2026-11-21T03:04:05.123Z", statement: "同意します。", language: "ja", onBehalfAs: "parent" } });
    expect(consentDocumentInput(proxy, content, "ja", { participant: "山田 さくら" })).toMatchObject({ participantName: "山田 さくら", signerName: "山田 一郎", capacity: "代諾者（山田 さくら さんの親）" });
    expect(consentDocumentInput(proxy, content, "ja-easy", { participant: "山田 さくら" }).capacity).toBe("山田 さくら さんの 代わりの 人（親）");
    expect(consentDocumentInput(proxy, content, "en", { participant: "山田 さくら" }).capacity).toBe("Proxy (代諾者) for 山田 さくら: Parent");
  });

  it("shows the witness of an assisted consent and the day and scan of a paper one", () => {
    const assisted = event({ method: "assisted", actorRole: "coordinator", signature: { printedName: "山田 花子", signedAt: "2026-11-21T03:04:05.123Z", statement: "同意します。", language: "en", witnessName: "鈴木 恵子" } });
    expect(consentDocumentInput(assisted, content, "en", { participant: "山田 花子" })).toMatchObject({ method: "In person at the clinic (witnessed)", witnessName: "鈴木 恵子", capacity: "The participant" });
    const paper = event({ method: "paper", actorRole: "coordinator", detail: { transcribed: true, scanSha256: "d".repeat(64), paperSignedOn: "2026-11-20" } });
    expect(consentDocumentInput(paper, content, "en", { participant: "山田 花子" }).paperNote).toBe(`Signed on paper on 2026-11-20; scan kept (SHA-256 ${"d".repeat(64)})`);
  });

  it("says who recorded an unsigned change: the participant, or staff at the participant's request", () => {
    const own = event({ type: "withdrawn", withdrawalLevel: "no_contact", signature: null });
    expect(consentDocumentInput(own, content, "ja", { participant: "山田 花子" })).toMatchObject({ capacity: "本人", participantName: "山田 花子" });
    expect(consentDocumentInput(own, content, "ja", { participant: "山田 花子" }).signerName).toBeUndefined();
    const byPhone = event({ type: "withdrawn", withdrawalLevel: "no_contact", signature: null, method: "phone", actorRole: "coordinator" });
    expect(consentDocumentInput(byPhone, content, "ja", { participant: "山田 花子" }).capacity).toBe("病院の担当者（本人の申し出を記録）");
  });
});
