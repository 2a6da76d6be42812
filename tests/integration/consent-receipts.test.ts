// Issue 32 item 2 (ADR 108): the signed receipt a participant keeps for each change — downloaded from the history,
// checked by anyone on /consent-receipts/verify against the published keys. Real PostgreSQL, the real ledger and keys.
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import type { JSONWebKeySet } from "jose";
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { verifyConsentReceipt } from "../../app/domain/consent/records/receipts/consent-receipt-jws.server";
import { japanDate } from "../../app/domain/time";
import { loader as historyLoader } from "../../app/routes/participant/consent.history";
import { loader as receiptLoader } from "../../app/routes/participant/consent.receipts.$eventId[.]jws";
import { loader as jwksLoader } from "../../app/routes/public/consent-receipts.jwks[.]json";
import { action as verifyAction } from "../../app/routes/public/consent-receipts.verify";
import { createParticipant } from "../factories/participant-factory";
import { useTestDatabase } from "../support/database";
import { withdrawOnline } from "../support/withdraw-online";
import { appOrigin, consentedParticipant, cookieFor, loadContext, settle } from "./dashboard-fixtures";
import { pageGet } from "../support/route-requests";

useTestDatabase();

const schema = JSON.parse(readFileSync(new URL("../../packages/consent-rules/dpv-27560/consent-record.schema.json", import.meta.url), "utf8")) as object;
const validate = new Ajv({ allErrors: true, formats: { "date-time": /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, uri: /^[a-z][a-z0-9+.-]*:[^\s]+$/i } }).compile(schema);

const publishedKeys = async () => (await (await jwksLoader()).json()) as JSONWebKeySet;

async function download(eventId: string, cookie: string) {
  return settle(() => receiptLoader({ request: pageGet(`/consent/receipts/${eventId}.jws`, cookie), context: loadContext, params: { eventId } }));
}

/** Posts the public check the way a browser without scripts does: multipart, a file or pasted text. */
async function check(fields: { file?: { bytes: string | Uint8Array<ArrayBuffer>; name?: string }; text?: string }, language = "en") {
  const form = new FormData();
  form.append("receipt", fields.file ? new File([fields.file.bytes], fields.file.name ?? "receipt.jws", { type: "application/jose" }) : new File([], "", { type: "application/octet-stream" }));
  form.append("text", fields.text ?? "");
  const request = new Request(`${appOrigin}/consent-receipts/verify`, { method: "POST", body: form, headers: { Origin: appOrigin, Cookie: await cookieFor(null, language) } });
  const response = await settle(() => verifyAction({ request, context: loadContext, params: {} }));
  return { status: response.status, body: (await response.json()) as { fieldErrors: string[]; check: { valid: boolean; reason?: string; receipt?: Record<string, unknown> } | null } };
}

describe("the participant's receipt of a change", () => {
  it("downloads from the history as a signed .jws that checks against the published keys, holds the record after that change, and is audited", async () => {
    const participant = await consentedParticipant({ language: "en" });
    const withdrawal = await withdrawOnline(participant, { level: "no_contact" });
    const cookie = await cookieFor(participant.user!);

    const history = await settle(() => historyLoader({ request: pageGet("/consent/history", cookie), context: loadContext, params: {} }));
    expect(history.status).toBe(200);

    const response = await download(participant.grant.id, cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/jose");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="tsunagi-consent-receipt-${japanDate(participant.grant.occurredAt)}-${participant.grant.verificationCode}.jws"`);
    const checked = await verifyConsentReceipt(await response.text(), await publishedKeys());
    if (!checked.ok) throw new Error(`the receipt did not verify: ${checked.reason}`);
    const record = checked.receipt["dpv:hasRecordOfActivity"];
    // The grant's receipt is the record as it stood after the grant: the later withdrawal is not in it.
    expect(record["dct:identifier"]).toBe(participant.grant.id);
    expect(record["dpv:hasDataSubject"]["dct:identifier"]).toBe(participant.pseudonym);
    expect(record["dpv:hasConsentStatus"].map((state) => state["tsunagi:event"])).toEqual(["granted"]);
    const withContext = { "@context": checked.receipt["@context"], ...record };
    expect(validate(withContext) ? [] : validate.errors).toEqual([]);

    const later = await verifyConsentReceipt(await (await download(withdrawal.id, cookie)).text(), await publishedKeys());
    expect(later).toMatchObject({ ok: true, receipt: { "dpv:hasRecordOfActivity": { "dct:identifier": withdrawal.id, "tsunagi:withdrawalLevel": "no_contact" } } });

    const reads = await getDatabase().auditEvent.findMany({ where: { actorUserId: participant.user!.id, type: "data.identifiable_read" }, select: { detail: true } });
    expect(reads.filter((row) => (row.detail as { resource?: string }).resource === "consent_receipt")).toHaveLength(2);
  });

  it("is refused to anyone else as if the change did not exist, and to the signed-out", async () => {
    const participant = await consentedParticipant({ language: "ja" });
    const stranger = await createParticipant();
    expect((await download(participant.grant.id, await cookieFor(stranger.user!))).status).toBe(404);
    expect((await download("../../etc/passwd", await cookieFor(participant.user!))).status).toBe(404);
    const signedOut = await download(participant.grant.id, await cookieFor(null));
    expect(signedOut.status).toBe(302);
    const reads = await getDatabase().auditEvent.count({ where: { actorUserId: stranger.user!.id, type: "data.identifiable_read" } });
    expect(reads).toBe(0);
  });
});

describe("the public check of a receipt, /consent-receipts/verify", () => {
  it("says a receipt is valid from its file or its pasted text, and what the change was; an altered one is not", async () => {
    const participant = await consentedParticipant({ language: "en" });
    const jws = await (await download(participant.grant.id, await cookieFor(participant.user!))).text();

    const fromFile = await check({ file: { bytes: jws } });
    expect(fromFile.status).toBe(200);
    expect(fromFile.body.check).toMatchObject({ valid: true, receipt: { pseudonym: participant.pseudonym, change: { eventId: participant.grant.id, type: "granted", method: "online" } } });
    expect((await check({ text: `\n${jws}\n` })).body.check).toMatchObject({ valid: true });

    // One character of the signed content changed: the signature no longer matches.
    const [header, payload, signature] = jws.split(".") as [string, string, string];
    const altered = Buffer.from(payload, "base64url").toString("utf8").replace(participant.pseudonym, "TGP-ZZZZ-ZZZZ");
    const tampered = await check({ text: `${header}.${Buffer.from(altered).toString("base64url")}.${signature}` });
    expect(tampered).toMatchObject({ status: 200, body: { check: { valid: false, reason: "bad_signature" } } });
  });

  it("answers bad input with a clear error in the reader's language and checks nothing", async () => {
    const missing = await check({}, "ja");
    expect(missing).toMatchObject({ status: 400, body: { fieldErrors: ["受領証のファイルを選ぶか、その中身を貼り付けてください。"], check: null } });
    expect((await check({ file: { bytes: "a.b.c" }, text: "a.b.c" })).body.fieldErrors).toEqual(["Please choose a file or paste text, not both."]);
    expect((await check({ text: "x".repeat(1_000_001) })).status).toBe(400);
    const hostile = await check({ text: "\u202Eeyj.\uFEFF\u0301.🤖" });
    expect(hostile).toMatchObject({ status: 400, body: { check: { valid: false, reason: "malformed" } } });
    expect((await check({ text: "eyJ\u0000.a.b" })).status).toBe(400);
    const pdf = await check({ file: { bytes: new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0xff, 0xfe]), name: "copy.pdf" } });
    expect(pdf).toMatchObject({ status: 400, body: { check: { valid: false, reason: "malformed" } } });
  });
});
