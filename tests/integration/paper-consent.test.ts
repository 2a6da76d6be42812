// Paper consent: the scan and the transcribed grant commit together or not at all; the scan is checked by its
// bytes, not its name or declared type; every view of a scan is an audited read.
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { offeredChoices } from "@tsunagi/consent-rules/form-content";
import { loadFormVersion, type FormVersion } from "../../app/domain/consent/forms/load-form-version.server";
import { loadPaperConsentView } from "../../app/domain/consent/journey/paper-consent-view.server";
import { readPaperScan } from "../../app/domain/consent/journey/read-paper-scan.server";
import { recordPaperConsent, type PaperConsentInput } from "../../app/domain/consent/journey/record-paper-consent.server";
import { grantConsent } from "../../app/domain/consent/records/grant-consent.server";
import { withdrawConsent } from "../../app/domain/consent/records/withdraw-consent.server";
import { detectScanType, safeScanFileName } from "../../app/domain/consent/journey/scan-file";
import { ensurePublishedFormVersion } from "../../app/wiring/demo/seed-consent-forms.server";
import { createParticipant, type CreatedParticipant } from "../factories/participant-factory";
import { createUser, type CreatedUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { useTempDataDir } from "../support/temp-data-dir";
import { everyChoice, paperConsentInput, request, scannedPng, storedCounts } from "./journey-walk";

useTestDatabase();
useTempDataDir();

const png = scannedPng;
const pdf = new Uint8Array(Buffer.from("%PDF-1.4\n% scanned consent\n%%EOF\n"));

let version: FormVersion;
let coordinator: CreatedUser;
beforeAll(async () => {
  version = await loadFormVersion(await ensurePublishedFormVersion("1.0"));
  coordinator = await createUser({ role: "coordinator" });
});

function paperInput(participant: CreatedParticipant, overrides: Partial<PaperConsentInput> = {}): PaperConsentInput {
  const choices = everyChoice(version, { "share.international": "no" });
  return paperConsentInput(participant, version, coordinator, {
    choices: offeredChoices(version.content).map((id) => choices[id]!),
    request: { ...request, now: new Date("2026-11-20T03:00:00Z") },
    ...overrides,
  });
}

describe("scan files", () => {
  it("are recognised by their first bytes", () => {
    expect(detectScanType(png)).toBe("image/png");
    expect(detectScanType(pdf)).toBe("application/pdf");
    expect(detectScanType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(detectScanType(new Uint8Array(Buffer.from("<script>alert(1)</script>")))).toBeNull();
    expect(detectScanType(new Uint8Array())).toBeNull();
    expect(safeScanFileName("../../同意書 <b>.exe", "application/pdf")).toBe("b.pdf");
    expect(safeScanFileName("同意書", "image/png")).toBe("paper-consent.png");
  });
});

describe("recording a paper consent", () => {
  it("stores the scan and the event together: method paper, marked as transcribed, tied to the scan's hash", async () => {
    const participant = await createParticipant({ fullName: "中村 文子" });
    const event = await recordPaperConsent(paperInput(participant, { printedName: "中村　文子" }));
    const sha256 = createHash("sha256").update(png).digest("hex");
    expect(event).toMatchObject({
      type: "granted",
      method: "paper",
      actorUserId: coordinator.id,
      formVersionId: version.id,
      choices: expect.objectContaining({ "share.international": "no", "core.wgs": "yes" }),
      signature: { printedName: "中村　文子" },
      detail: { transcribed: true, scanSha256: sha256, paperSignedOn: "2026-11-02" },
    });
    const scan = await getDatabase().paperConsentScan.findUniqueOrThrow({ where: { eventId: event.id } });
    expect(scan).toMatchObject({ sha256, contentType: "image/png", fileName: "scan.png", uploadedById: coordinator.id });

    const view = await loadPaperConsentView({ participantId: participant.id, coordinatorUserId: coordinator.id, language: "ja", request });
    expect(view.scans).toEqual([expect.objectContaining({ eventId: event.id, verificationCode: event.verificationCode })]);
    const read = await readPaperScan({ participantId: participant.id, eventId: event.id, coordinatorUserId: coordinator.id, request });
    expect(Buffer.from(read.content)).toEqual(Buffer.from(png));
    await expect(readPaperScan({ participantId: (await createParticipant()).id, eventId: event.id, coordinatorUserId: coordinator.id, request })).rejects.toMatchObject({ code: "not_found" });
    const audit = await getDatabase().auditEvent.findMany({ where: { type: "data.identifiable_read", actorUserId: coordinator.id, detail: { path: ["participantId"], equals: participant.id } } });
    expect(audit.map((row) => (row.detail as { resource: string }).resource).sort()).toEqual(["paper_consent_scan", "participant_identity"]);
  });

  it("records a paper form signed by a proxy, with the proxy's name", async () => {
    const child = await createParticipant({ withAccount: false, withProxy: true, fullName: "中村 陽" });
    const event = await recordPaperConsent(paperInput(child, { printedName: child.proxy!.fullName, signer: child.proxy!.assignmentId, scan: { fileName: "scan.pdf", content: pdf } }));
    expect(event).toMatchObject({ type: "proxy_granted", method: "paper", signature: { printedName: child.proxy!.fullName, onBehalfAs: "parent" } });
  });

  const refusals: [string, () => Partial<PaperConsentInput>, string][] = [
    ["a text file named .pdf", () => ({ scan: { fileName: "consent.pdf", content: new Uint8Array(Buffer.from("not really a pdf")) } }), "file_not_accepted"],
    ["an HTML file claiming to be an image", () => ({ scan: { fileName: "scan.png", content: new Uint8Array(Buffer.from("<script>alert(1)</script>")) } }), "file_not_accepted"],
    ["an empty file", () => ({ scan: { fileName: "scan.png", content: new Uint8Array() } }), "file_not_accepted"],
    ["a file over 10 MB", () => ({ scan: { fileName: "scan.png", content: (() => { const big = new Uint8Array(10 * 1024 * 1024 + 1); big.set(png); return big; })() } }), "file_not_accepted"],
    ["a name that does not match", () => ({ printedName: "別人 太郎" }), "name_mismatch"],
    ["a missing choice", () => ({ choices: ["yes"] }), "choices_incomplete"],
    ["core participation declined", () => ({ choices: offeredChoices(version.content).map((id) => (id === "core.wgs" ? "no" : "yes")) }), "choices_incomplete"],
    ["a value that is not an option", () => ({ choices: offeredChoices(version.content).map(() => "<script>") }), "choices_incomplete"],
    ["a date in the future", () => ({ signedOn: "2099-01-01" }), "invalid_input"],
    ["a date that does not exist", () => ({ signedOn: "2026-02-30" }), "invalid_input"],
    ["a tampered form version", () => ({ formVersionId: "00000000-0000-4000-8000-000000000000" }), "form_updated"],
    ["a tampered signer", () => ({ signer: "00000000-0000-4000-8000-000000000000" }), "invalid_input"],
  ];
  it.each(refusals)("stores nothing for %s", async (_label, overrides, code) => {
    const participant = await createParticipant();
    const before = await storedCounts(participant.id);
    await expect(recordPaperConsent(paperInput(participant, overrides()))).rejects.toMatchObject({ code });
    expect(await storedCounts(participant.id)).toEqual(before);
  });

  it("rolls the grant back when storing the scan fails, and the scan back when anything after it fails", async () => {
    const participant = await createParticipant();
    const before = await storedCounts(participant.id);
    const choices = everyChoice(version);
    const grant = (beforeCommit: Parameters<typeof grantConsent>[0]["beforeCommit"]) =>
      grantConsent({
        participantId: participant.id,
        formVersionId: version.id,
        choices,
        printedName: participant.fullName,
        language: "ja",
        signer: { kind: "participant" },
        actor: { userId: coordinator.id, role: "coordinator" },
        method: "paper",
        paper: { scanSha256: "0".repeat(64), signedOn: "2026-11-01" },
        request,
        beforeCommit,
      });
    await expect(
      grant(async (tx, event) => {
        await tx.paperConsentScan.create({ data: { eventId: event.id, fileName: "scan.png", contentType: "image/png", content: png, sha256: "0".repeat(64), uploadedById: coordinator.id } });
        throw new Error("storage failed after the scan row");
      }),
    ).rejects.toThrow("storage failed after the scan row");
    await expect(
      grant(async (tx, event) => {
        // A second scan for the same event breaks the unique key: the insert itself fails.
        await tx.paperConsentScan.create({ data: { eventId: event.id, fileName: "a.png", contentType: "image/png", content: png, sha256: "1".repeat(64), uploadedById: coordinator.id } });
        await tx.paperConsentScan.create({ data: { eventId: event.id, fileName: "b.png", contentType: "image/png", content: png, sha256: "2".repeat(64), uploadedById: coordinator.id } });
      }),
    ).rejects.toThrow();
    expect(await storedCounts(participant.id)).toEqual(before);
  });

  it("leaves no scan behind when the grant is refused inside the transaction (already consented)", async () => {
    const participant = await createParticipant();
    await recordPaperConsent(paperInput(participant));
    const before = await storedCounts(participant.id);
    await expect(recordPaperConsent(paperInput(participant, { scan: { fileName: "second.pdf", content: pdf } }))).rejects.toMatchObject({ code: "already_consented" });
    expect(await storedCounts(participant.id)).toEqual(before);
  });

  // A paper signed before the participant's last decision, transcribed after it, would otherwise silently undo that
  // decision — a withdrawal given online on Tuesday reversed by Monday's paper entered on Wednesday.
  it("refuses a paper signed on or before the day of a later change or withdrawal, and stores nothing", async () => {
    const jstDay = (at: Date) => new Date(at.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
    const participant = await createParticipant({ fullName: "小林 真理" });
    const now = new Date();
    const choices = everyChoice(version);
    await grantConsent({
      participantId: participant.id,
      formVersionId: version.id,
      choices,
      printedName: participant.fullName,
      language: "ja",
      signer: { kind: "participant" },
      actor: { userId: participant.user!.id, role: "participant" },
      method: "online",
      request: { ...request, now },
    });
    await withdrawConsent({ participantId: participant.id, level: "no_further_use", actor: { userId: participant.user!.id, role: "participant" }, method: "online", language: "ja", request: { ...request, now } });
    const before = await storedCounts(participant.id);
    for (const signedOn of [jstDay(new Date(now.getTime() - 86_400_000)), jstDay(now)]) {
      await expect(recordPaperConsent(paperInput(participant, { signedOn, request: { ...request, now } }))).rejects.toMatchObject({ code: "paper_superseded" });
    }
    expect(await storedCounts(participant.id)).toEqual(before);
    expect((await getDatabase().consentState.findUniqueOrThrow({ where: { participantId: participant.id } })).status).toBe("withdrawn");
  });
});
