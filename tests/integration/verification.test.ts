import pg from "pg";
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { changeOwnChoice } from "../../app/domain/consent/dashboard/change-own-choice.server";
import { maxVerificationLookupsPerAddress } from "../../app/domain/consent/records/verification/verification-rate-limit.server";
import { verifyConsentRecord } from "../../app/domain/consent/records/verification/verify-consent-record.server";
import { loader as verifyLoader, action as verifyAction } from "../../app/routes/auth/verify";
import { requestFrom } from "../factories/user-factory";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { useTempDataDir } from "../support/temp-data-dir";
import { appOrigin, consentedParticipant, cookieFor, loadContext, settle } from "./dashboard-fixtures";

const db: TestDatabase = useTestDatabase();
useTempDataDir();

async function asSuperuser(sql: string, values: unknown[]): Promise<void> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query("SET session_replication_role = replica");
    const result = await client.query(sql, values);
    expect(result.rowCount).toBe(1);
  } finally {
    await client.end();
  }
}

describe("the public verification check", () => {
  it("confirms an intact record from its code as typed, showing only what the PDF already shows", async () => {
    const participant = await consentedParticipant({ fullName: "検証 花子" });
    const code = participant.grant.verificationCode;
    const lower = code.toLowerCase();
    const sloppy = ` ${lower.slice(0, 4)} ${lower.slice(5, 9)}${lower.slice(10, 14)}  ${lower.slice(15)} `;
    for (const typed of [code, lower, code.replace(/-/g, ""), sloppy]) {
      const result = await verifyConsentRecord({ code: typed, request: requestFrom() });
      expect(result, typed).toMatchObject({
        kind: "intact",
        code,
        pdf: null,
        record: {
          type: "granted",
          method: "online",
          occurredAt: participant.grant.occurredAt,
          formVersion: "1.0",
          formVersionHash: participant.version.contentHash,
          eventHash: participant.grant.hash,
          verificationCode: code,
        },
      });
      // Nothing about the person: no name, no choices, no pseudonym, no internal id.
      const shown = JSON.stringify(result);
      for (const secret of [participant.fullName, participant.pseudonym, participant.id, participant.email, "share.industry", "choices", "printedName"]) expect(shown).not.toContain(secret);
    }
  });

  it("answers a malformed code and an unknown one without telling anything else", async () => {
    expect(await verifyConsentRecord({ code: "<script>alert(1)</script>", request: requestFrom() })).toEqual({ kind: "malformed" });
    expect(await verifyConsentRecord({ code: "ABCD-EFGH", request: requestFrom() })).toEqual({ kind: "malformed" });
    expect(await verifyConsentRecord({ code: "7K2M-9QXD-4RTB-C8NH", request: requestFrom() })).toEqual({ kind: "not_found", code: "7K2M-9QXD-4RTB-C8NH" });
  });

  it("compares an uploaded PDF with the stored copy", async () => {
    const participant = await consentedParticipant();
    const stored = await getDatabase().consentDocument.findUniqueOrThrow({ where: { eventId: participant.grant.id } });
    const code = participant.grant.verificationCode;
    const check = (pdf: Uint8Array) => verifyConsentRecord({ code, pdf, request: requestFrom() });
    expect(await check(stored.pdf)).toMatchObject({ kind: "intact", pdf: "match" });
    const altered = Buffer.from(stored.pdf);
    altered.writeUInt8(altered.readUInt8(altered.length - 20) ^ 1, altered.length - 20);
    expect(await check(altered)).toMatchObject({ kind: "intact", pdf: "mismatch" });
    expect(await check(Buffer.from("hello, not a pdf"))).toMatchObject({ kind: "intact", pdf: "not_pdf" });
  });

  it("reports a record tampered with in the database, and a later record whose chain it breaks", async () => {
    const participant = await consentedParticipant();
    const change = await changeOwnChoice({
      actor: { userId: participant.user!.id, role: "participant" },
      choiceId: "share.industry",
      input: { intent: "confirm", value: "no", from: "yes" },
      language: "ja",
      request: requestFrom(),
    });
    expect(await verifyConsentRecord({ code: change.verificationCode, request: requestFrom() })).toMatchObject({ kind: "intact" });

    // Someone with database access rewrites the signed choices of the first record.
    await asSuperuser(`UPDATE "ConsentEvent" SET choices = jsonb_set(choices, '{share.industry}', '"no"') WHERE id = $1`, [participant.grant.id]);
    expect(await verifyConsentRecord({ code: participant.grant.verificationCode, request: requestFrom() })).toEqual({ kind: "broken", code: participant.grant.verificationCode, problem: "hash_mismatch" });
    // The later record is itself untouched, but it rests on the altered one, so it cannot be confirmed either.
    expect(await verifyConsentRecord({ code: change.verificationCode, request: requestFrom() })).toMatchObject({ kind: "broken", problem: "hash_mismatch" });

    await asSuperuser(`UPDATE "ConsentEvent" SET choices = jsonb_set(choices, '{share.industry}', '"yes"') WHERE id = $1`, [participant.grant.id]);
    expect(await verifyConsentRecord({ code: change.verificationCode, request: requestFrom() })).toMatchObject({ kind: "intact" });

    // Rewriting the form version the record was signed under is caught too.
    await asSuperuser(`UPDATE "ConsentFormVersion" SET content = jsonb_set(content, '{languages,en,title}', '"Another title"') WHERE id = $1`, [participant.version.id]);
    expect(await verifyConsentRecord({ code: change.verificationCode, request: requestFrom() })).toMatchObject({ kind: "broken", problem: "form_hash_mismatch" });
    await asSuperuser(`UPDATE "ConsentFormVersion" SET content = jsonb_set(content, '{languages,en,title}', to_jsonb($2::text)) WHERE id = $1`, [
      participant.version.id,
      participant.version.content.languages.en.title,
    ]);
    expect(await verifyConsentRecord({ code: change.verificationCode, request: requestFrom() })).toMatchObject({ kind: "intact" });
  });

  it("limits lookups per address and audits each one", async () => {
    const participant = await consentedParticipant();
    const code = participant.grant.verificationCode;
    const address = "198.51.100.77";
    for (let lookup = 0; lookup < maxVerificationLookupsPerAddress; lookup++) {
      expect((await verifyConsentRecord({ code: lookup % 2 ? code : "7K2M-9QXD-4RTB-C8NH", request: requestFrom(address) })).kind).not.toBe("rate_limited");
    }
    expect(await verifyConsentRecord({ code, request: requestFrom(address) })).toEqual({ kind: "rate_limited" });
    expect((await verifyConsentRecord({ code, request: requestFrom("198.51.100.78") })).kind).toBe("intact");
    const audited = await getDatabase().auditEvent.groupBy({ by: ["outcome"], where: { type: "consent_record.verified", ipAddress: address }, _count: true });
    expect(Object.fromEntries(audited.map((row) => [row.outcome, row._count]))).toEqual({ success: 15, failure: 15, rate_limited: 1 });
  });

  it("the page checks ?code= at once, explains bad input in the reader's language, and compares an uploaded PDF", async () => {
    const participant = await consentedParticipant();
    const code = participant.grant.verificationCode;
    const get = async (query: string, language = "ja") => {
      const request = new Request(new URL(`/verify${query}`, appOrigin), { headers: { Cookie: await cookieFor(null, language), "User-Agent": "vitest" } });
      const response = await settle(() => verifyLoader({ request, context: { ...loadContext, clientAddress: "203.0.113.9" }, params: {} }));
      return { status: response.status, body: (await response.json()) as { code: string; fieldErrors: string[]; result: { kind: string } | null } };
    };
    expect(await get("")).toMatchObject({ status: 200, body: { code: "", result: null } });
    expect(await get(`?code=${code.toLowerCase()}`)).toMatchObject({ status: 200, body: { code: code.toLowerCase(), result: { kind: "intact" } } });
    expect(await get("?code=")).toMatchObject({ status: 400, body: { fieldErrors: ["入力してください。"], result: null } });
    expect(await get(`?code=${"A".repeat(65)}`)).toMatchObject({ status: 400, body: { fieldErrors: ["64 文字以内で入力してください。"] } });
    expect(await get("?code=%3Cscript%3E")).toMatchObject({ status: 400, body: { result: { kind: "malformed" } } });

    const stored = await getDatabase().consentDocument.findUniqueOrThrow({ where: { eventId: participant.grant.id } });
    const form = new FormData();
    form.set("code", code);
    form.set("pdf", new File([Buffer.from(stored.pdf)], "copy.pdf", { type: "application/pdf" }));
    const posted = await settle(() =>
      verifyAction({ request: new Request(new URL("/verify", appOrigin), { method: "POST", body: form, headers: { "User-Agent": "vitest" } }), context: { ...loadContext, clientAddress: "203.0.113.10" }, params: {} }),
    );
    expect(posted.status).toBe(200);
    expect(await posted.json()).toMatchObject({ result: { kind: "intact", pdf: "match" } });
  });
});
