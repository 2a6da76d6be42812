import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { enrolParticipant } from "../../app/domain/consent/participants/enrolment/enrol-participant.server";
import { listParticipants } from "../../app/domain/consent/participants/enrolment/list-participants.server";
import { loadParticipantRecord } from "../../app/domain/consent/records/load-participant-record.server";
import { openHandover } from "../../app/domain/consent/participants/invitations/handover-code.server";
import { listCapturedMail } from "../../app/domain/mail/list-captured-mail.server";
import { appendConsentEvent } from "../../app/domain/consent/ledger/append-consent-event.server";
import { lockParticipantConsent } from "../../app/domain/consent/ledger/lock-participant-consent.server";
import { ensurePublishedFormVersion, seededFormContent } from "../../app/wiring/demo/seed-consent-forms.server";
import { readHandoverCookie } from "../../app/auth/handover-cookie.server";
import { action as enrolAction } from "../../app/routes/staff/staff.participants.new";
import { action as participantAction } from "../../app/routes/staff/staff.participants.$id._index";
import { loader as participantListLoader } from "../../app/routes/staff/staff.participants._index";
import { createFacility } from "../factories/facility-factory";
import { createParticipant } from "../factories/participant-factory";
import { loader as handoverLoader } from "../../app/routes/staff/staff.participants.$id.handover";
import { createUser, requestFrom } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { useTempDataDir } from "../support/temp-data-dir";
import { cookieFor, formPost, loadContext, pageGet, replyErrors, settle } from "../support/route-requests";

useTestDatabase();
useTempDataDir();

const kana = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモ";
function uniqueName(): string {
  // Letters only (names refuse digits), random enough that no name contains another.
  return `登録 ${Array.from({ length: 8 }, () => kana[Math.floor(Math.random() * kana.length)]).join("")}`;
}

function validInput(overrides: Record<string, unknown> = {}) {
  return {
    fullName: uniqueName(),
    fullNameKana: "とうろく はなこ",
    dateOfBirth: "1962-07-15",
    email: `patient-${Math.random().toString(36).slice(2, 10)}@test.tsunagi.test`,
    phone: "03-1234-5678",
    // A patient's own number: one already enrolled at the facility is refused (ADR 016).
    medicalRecordNumber: `MRN-${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
    preferredLanguage: "ja-easy",
    programmeArea: "cancer",
    samples: ["tumour", "blood"],
    ...overrides,
  };
}

const sha256hex = (value: string) => createHash("sha256").update(value).digest("hex");

async function rowsNamed(fullName: string) {
  const db = getDatabase();
  const identities = await db.participantIdentity.findMany({ where: { fullName } });
  const ids = identities.map((identity) => identity.participantId);
  return {
    identities: identities.length,
    participants: await db.participant.count({ where: { id: { in: ids } } }),
    samples: await db.sample.count({ where: { participantId: { in: ids } } }),
    invitations: await db.invitation.count({ where: { participantId: { in: ids } } }),
  };
}

describe("enrolling a patient", () => {
  it("creates the participant, identity, samples and invitation in one go, audits it and mails the link", async () => {
    const coordinator = await createUser({ role: "coordinator" });
    const input = validInput();
    const enrolment = await enrolParticipant({ input, enrolledById: coordinator.id, request: requestFrom() });

    expect(enrolment.pseudonym).toMatch(/^TGP-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(enrolment.sampleCodes).toHaveLength(2);
    for (const code of enrolment.sampleCodes) expect(code).toMatch(/^S-[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(enrolment.invitation.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(enrolment.mailSent).toBe(true);

    const db = getDatabase();
    const participant = await db.participant.findUniqueOrThrow({ where: { id: enrolment.participantId }, include: { identity: true, samples: true, invitations: true, proxies: true } });
    expect(participant.identity).toMatchObject({ fullName: input.fullName, fullNameKana: "とうろく はなこ", email: input.email, phone: "03-1234-5678", medicalRecordNumber: input.medicalRecordNumber, preferredLanguage: "ja_easy" });
    expect(participant.identity!.dateOfBirth.toISOString().slice(0, 10)).toBe("1962-07-15");
    expect(participant.samples.map((sample) => sample.kind).sort()).toEqual(["blood", "tumour"]);
    // The arm they join through: what a recontact campaign aimed at cancer or rare disease selects on.
    expect(participant.programmeArea).toBe("cancer");
    expect(participant.proxies).toEqual([]);
    // The pseudonym says nothing about the person.
    expect(participant.pseudonym).not.toContain(input.fullName);

    const [invitation] = participant.invitations;
    expect(invitation).toMatchObject({ recipient: "participant", email: input.email, language: "ja_easy", reason: "enrolment", failedAttempts: 0, acceptedAt: null });
    const days = (invitation!.expiresAt.getTime() - invitation!.createdAt.getTime()) / 86_400_000;
    expect(days).toBe(30);
    // Neither the code nor the link secret is stored in clear.
    const stored = JSON.stringify(invitation, (_key, value) => (value instanceof Uint8Array ? Buffer.from(value).toString("hex") : value));
    expect(stored).not.toContain(enrolment.invitation.code);
    expect(stored).not.toContain(enrolment.invitation.linkSecret);
    expect(Buffer.from(invitation!.tokenHash).toString("hex")).toBe(sha256hex(enrolment.invitation.linkSecret));

    const audit = await db.auditEvent.findMany({ where: { actorUserId: coordinator.id }, orderBy: { id: "asc" } });
    expect(audit.map((row) => row.type)).toEqual(["participant.enrolled", "invitation.sent"]);
    expect(audit[0]!.detail).toMatchObject({ participantId: participant.id, pseudonym: participant.pseudonym, samples: 2, proxy: false });

    const [mail] = await listCapturedMail({ to: input.email, limit: 5 });
    expect(mail).toBeDefined();
    expect(mail!.language).toBe("ja-easy");
    expect(mail!.text).toContain(`/invitation/${invitation!.id}?t=${enrolment.invitation.linkSecret}`);
    // The code travels separately, by hand; it must never be in the mail.
    expect(mail!.text).not.toContain(enrolment.invitation.code);
  });

  it("sends the invitation to the proxy when there is one", async () => {
    const coordinator = await createUser({ role: "coordinator" });
    const proxyEmail = `proxy-${Math.random().toString(36).slice(2, 10)}@test.tsunagi.test`;
    const input = validInput({ email: undefined, samples: ["blood"], withProxy: true, proxyFullName: "保護者 一郎", proxyEmail, proxyRelationship: "parent", preferredLanguage: "en" });
    const enrolment = await enrolParticipant({ input, enrolledById: coordinator.id, request: requestFrom() });
    const db = getDatabase();
    const proxy = await db.proxyAssignment.findFirstOrThrow({ where: { participantId: enrolment.participantId } });
    expect(proxy).toMatchObject({ fullName: "保護者 一郎", email: proxyEmail, relationship: "parent", proxyUserId: null });
    const invitation = await db.invitation.findFirstOrThrow({ where: { participantId: enrolment.participantId } });
    expect(invitation).toMatchObject({ recipient: "proxy", email: proxyEmail, proxyAssignmentId: proxy.id, language: "en" });
    const [mail] = await listCapturedMail({ to: proxyEmail, limit: 1 });
    expect(mail!.text).toContain("Dear 保護者 一郎");
  });

  it("draws a new pseudonym when the random one is already taken", async () => {
    const coordinator = await createUser({ role: "coordinator" });
    const first = await enrolParticipant({ input: validInput(), enrolledById: coordinator.id, request: requestFrom() });
    const draws = [first.pseudonym, "TGP-ZZZZ-0001"];
    const second = await enrolParticipant({
      input: validInput(),
      enrolledById: coordinator.id,
      request: requestFrom(),
      codes: { pseudonym: () => draws.shift() ?? "TGP-ZZZZ-0002", sampleCode: () => `S-${Math.random().toString(36).slice(2, 12).toUpperCase()}` },
    });
    expect(second.pseudonym).toBe("TGP-ZZZZ-0001");
  });

  it("leaves nothing behind when a step fails half-way", async () => {
    const coordinator = await createUser({ role: "coordinator" });
    const existing = await enrolParticipant({ input: validInput(), enrolledById: coordinator.id, request: requestFrom() });
    const input = validInput();
    const auditBefore = await getDatabase().auditEvent.count();
    // Every sample code drawn clashes with one already issued: the participant and identity rows were written
    // before the samples, so only a rolled-back transaction leaves no trace of them.
    await expect(
      enrolParticipant({ input, enrolledById: coordinator.id, request: requestFrom(), codes: { pseudonym: () => `TGP-${Math.random().toString(36).slice(2, 6).toUpperCase()}-AAAA`, sampleCode: () => existing.sampleCodes[0]! } }),
    ).rejects.toThrow();
    expect(await rowsNamed(input.fullName)).toEqual({ identities: 0, participants: 0, samples: 0, invitations: 0 });
    expect(await getDatabase().auditEvent.count()).toBe(auditBefore);
    expect(await listCapturedMail({ to: input.email, limit: 1 })).toEqual([]);
  });
});

describe("the enrolment form", () => {
  async function post(fields: Record<string, string | string[]>, language = "ja") {
    const coordinator = await createUser({ role: "coordinator", withTotp: true });
    const request = formPost("/staff/participants/new", fields, await cookieFor(coordinator, language));
    return settle(() => enrolAction({ request, context: loadContext, params: {} }));
  }

  const good = () => {
    const input = validInput();
    return { ...input, samples: input.samples as string[] } as Record<string, string | string[]>;
  };

  it("enrols and hands the code to the confirmation page through a sealed cookie, shown once", async () => {
    const coordinator = await createUser({ role: "coordinator", withTotp: true });
    const cookie = await cookieFor(coordinator);
    const fields = good();
    const response = await settle(() => enrolAction({ request: formPost("/staff/participants/new", fields, cookie), context: loadContext, params: {} }));
    expect(response.status).toBe(302);
    const location = response.headers.get("Location")!;
    const participantId = location.match(/^\/staff\/participants\/([0-9a-f-]{36})\/handover$/)![1]!;
    const setCookie = response.headers.get("Set-Cookie")!;
    const handoverCookie = setCookie.split(";")[0]!;

    const sealed = await readHandoverCookie(new Request(appUrl(location), { headers: { Cookie: handoverCookie } }));
    const handover = openHandover(sealed, { participantId, viewerId: coordinator.id });
    expect(handover?.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    // Only the coordinator who enrolled can open it; the cookie itself holds no readable code.
    expect(openHandover(sealed, { participantId, viewerId: (await createUser({ role: "coordinator" })).id })).toBeNull();
    expect(setCookie).not.toContain(handover!.code);

    const page = await settle(() => handoverLoader({ request: pageGet(location, `${cookie}; ${handoverCookie}`), context: loadContext, params: { id: participantId } }));
    const body = (await page.json()) as { handover: { code: string } | null };
    expect(body.handover?.code).toBe(handover!.code);
    expect(page.headers.get("Set-Cookie")).toMatch(/Max-Age=0/);
    expect(page.headers.get("Cache-Control")).toBe("no-store");
  });

  const badInputs: [string, (fields: Record<string, string | string[]>) => Record<string, string | string[]>, string[]][] = [
    ["an empty form", () => ({}), ["入力してください。"]],
    ["a name that is too long", (fields) => ({ ...fields, fullName: "あ".repeat(101) }), ["101 文字あります。100 文字以内で入力してください。"]],
    ["a script tag in the name", (fields) => ({ ...fields, fullName: "<script>alert(1)</script>" }), ["「<」（U+003C）は氏名に使えません。"]],
    ["a script tag in the kana", (fields) => ({ ...fields, fullNameKana: "<script>" }), ["「<」（U+003C）はふりがなに使えません。"]],
    ["a script tag in the proxy's name", (fields) => ({ ...fields, withProxy: "on", proxyFullName: "<img src=x onerror=alert(1)>", proxyEmail: "p@test.tsunagi.test", proxyRelationship: "parent" }), ["「<」（U+003C）は氏名に使えません。"]],
    ["digits in the name", (fields) => ({ ...fields, fullName: "山田 123" }), ["「1」（U+0031）は氏名に使えません。"]],
    ["a tampered phone number", (fields) => ({ ...fields, phone: "call me maybe" }), ["数字で入力してください。"]],
    ["a date that is not a date", (fields) => ({ ...fields, dateOfBirth: "yesterday" }), ["この日付はありません"]],
    ["30 February", (fields) => ({ ...fields, dateOfBirth: "1960-02-30" }), ["この日付はありません（例：2月30日はありません）。月と日を確かめてください。"]],
    ["a birth date in the future", (fields) => ({ ...fields, dateOfBirth: "2999-01-01" }), ["未来の日付になっています。年を確かめてください。"]],
    ["a tampered language", (fields) => ({ ...fields, preferredLanguage: "fr" }), ["選べる項目にない値です。"]],
    ["a tampered sample kind", (fields) => ({ ...fields, samples: ["liver"] }), ["選べる項目にない値です。"]],
    ["no sample", (fields) => ({ ...fields, samples: [] }), ["1 つ以上選んでください。"]],
    ["no programme area", ({ programmeArea: _unchosen, ...fields }) => fields, ["選んでください"]],
    ["a tampered programme area", (fields) => ({ ...fields, programmeArea: "oncology" }), ["選べる項目にない値です。"]],
    ["a bad email", (fields) => ({ ...fields, email: "not-an-address" }), ["メールアドレスの形式で入力してください"]],
    ["a proxy without details", (fields) => ({ ...fields, email: "", withProxy: "on" }), ["入力してください。"]],
    ["a tampered relationship", (fields) => ({ ...fields, withProxy: "on", proxyFullName: "保護者 花子", proxyEmail: "p@test.tsunagi.test", proxyRelationship: "boss" }), ["選べる項目にない値です。"]],
  ];

  for (const [label, change, expected] of badInputs) {
    it(`refuses ${label} with a translated error and stores nothing`, async () => {
      const fields = change(good());
      const before = await getDatabase().participant.count();
      const response = await post(fields);
      expect(response.status).toBe(400);
      const errors = replyErrors(await response.json());
      for (const message of expected) expect(errors.join("\n")).toContain(message);
      expect(await getDatabase().participant.count()).toBe(before);
    });
  }

  it("answers in the coordinator's language", async () => {
    const response = await post({}, "en");
    expect(replyErrors(await response.json())).toContain("Please fill this in.");
  });

  it("is closed to roles without the enrolment permission, and to anyone signed out", async () => {
    const before = await getDatabase().participant.count();
    const counsellor = await createUser({ role: "counsellor", withTotp: true });
    const counsellorCookie = await cookieFor(counsellor);
    const forbidden = await settle(() => enrolAction({ request: formPost("/staff/participants/new", good(), counsellorCookie), context: loadContext, params: {} }));
    expect(forbidden.status).toBe(403);
    const anonymousCookie = await cookieFor(null);
    const signedOut = await settle(() => enrolAction({ request: formPost("/staff/participants/new", good(), anonymousCookie), context: loadContext, params: {} }));
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("Location")).toMatch(/^\/sign-in/);
    expect(await getDatabase().participant.count()).toBe(before);
  });
});

function appUrl(path: string) {
  return new URL(path, "http://localhost:3000");
}

describe("reissuing an invitation", () => {
  it("revokes the open invitation and issues a new code; a tampered id changes nothing", async () => {
    const coordinator = await createUser({ role: "coordinator", withTotp: true });
    const enrolment = await enrolParticipant({ input: validInput(), enrolledById: coordinator.id, request: requestFrom() });
    const cookie = await cookieFor(coordinator);
    const path = `/staff/participants/${enrolment.participantId}`;

    const tampered = await settle(() => participantAction({ request: formPost(path, { intent: "reissue", invitationId: "a".repeat(24) }, cookie), context: loadContext, params: { id: enrolment.participantId } }));
    expect(tampered.status).toBe(400);
    // An invitation not this participant's is a mistake in what was sent: the page's words above it (ADR 131).
    expect(replyErrors(await tampered.json())).toEqual(["この参加者の招待が見つかりませんでした。何も変更していません。"]);
    const garbage = await settle(() => participantAction({ request: formPost(path, { intent: "delete-everything", invitationId: "<script>" }, cookie), context: loadContext, params: { id: enrolment.participantId } }));
    expect(garbage.status).toBe(400);
    expect(await getDatabase().invitation.count({ where: { participantId: enrolment.participantId } })).toBe(1);

    const response = await settle(() => participantAction({ request: formPost(path, { intent: "reissue", invitationId: enrolment.invitation.id }, cookie), context: loadContext, params: { id: enrolment.participantId } }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`${path}/handover`);
    const invitations = await getDatabase().invitation.findMany({ where: { participantId: enrolment.participantId }, orderBy: { createdAt: "asc" } });
    expect(invitations).toHaveLength(2);
    expect(invitations.find((row) => row.id === enrolment.invitation.id)!.revokedAt).not.toBeNull();
    const fresh = invitations.find((row) => row.id !== enrolment.invitation.id)!;
    expect(fresh).toMatchObject({ reason: "reissue", revokedAt: null, email: enrolment.invitation.email });
    const audit = await getDatabase().auditEvent.findFirstOrThrow({ where: { type: "invitation.sent", actorUserId: coordinator.id }, orderBy: { id: "desc" } });
    expect(audit.detail).toMatchObject({ invitationId: fresh.id, reissuedFrom: enrolment.invitation.id });
  });
});

describe("reading participants", () => {
  it("lists a facility 25 at a time, newest first, every participant on exactly one page, each page audited for the rows it shows", async () => {
    const facility = await createFacility();
    const enrolled: string[] = [];
    for (let index = 0; index < 27; index++) enrolled.push((await createParticipant({ withAccount: false, facility })).pseudonym);
    const coordinator = await createUser({ role: "coordinator", withTotp: true, facilities: [facility] });
    const cookie = await cookieFor(coordinator, "en");
    const page = async (query: string) => (await participantListLoader({ request: pageGet(`/staff/participants${query}`, cookie), context: loadContext, params: {} })) as {
      participants: { pseudonym: string }[];
      page: number;
      hasNext: boolean;
    };

    const first = await page("");
    const second = await page("?page=2");
    expect(first).toMatchObject({ page: 1, hasNext: true });
    expect(second).toMatchObject({ page: 2, hasNext: false });
    expect(first.participants).toHaveLength(25);
    expect([...first.participants, ...second.participants].map((row) => row.pseudonym)).toEqual([...enrolled].reverse());
    // A page number that is not one shows the first page; nothing fails.
    for (const bad of ["0", "-1", "abc", "1.5", "99999999", "２"]) expect((await page(`?page=${encodeURIComponent(bad)}`)).page).toBe(1);
    const reads = await getDatabase().auditEvent.findMany({ where: { actorUserId: coordinator.id, type: "data.identifiable_read" }, orderBy: { id: "asc" } });
    expect(reads.slice(0, 2).map((row) => (row.detail as { rows: number }).rows)).toEqual([25, 2]);
  });

  it("audits the list and each record as reads of identifiable data", async () => {
    const coordinator = await createUser({ role: "coordinator" });
    const input = validInput();
    const enrolment = await enrolParticipant({ input, enrolledById: coordinator.id, request: requestFrom() });
    const reader = { actorUserId: coordinator.id, ipAddress: "192.0.2.1", userAgent: "vitest" };
    const scope = { kind: "facilities" as const, facilityIds: coordinator.facilityIds };

    const { participants: byName } = await listParticipants({ query: input.fullName, scope, reader });
    expect(byName.map((row) => row.pseudonym)).toEqual([enrolment.pseudonym]);
    const { participants: byPseudonym } = await listParticipants({ query: enrolment.pseudonym.toLowerCase(), scope, reader });
    expect(byPseudonym.map((row) => row.id)).toEqual([enrolment.participantId]);

    const record = await loadParticipantRecord({ participantId: enrolment.participantId, language: "en", reader });
    expect(record.identity?.fullName).toBe(input.fullName);
    expect(record.invitations.map((invitation) => invitation.status)).toEqual(["pending"]);
    expect(record.consent).toBeNull();

    const reads = await getDatabase().auditEvent.findMany({ where: { actorUserId: coordinator.id, type: "data.identifiable_read" }, orderBy: { id: "asc" } });
    expect(reads.map((row) => row.detail)).toEqual([
      { resource: "participant_list", purpose: "enrolment", rows: 1, scope: "facilities" },
      { resource: "participant_list", purpose: "enrolment", rows: 1, scope: "facilities" },
      { resource: "participant_identity", purpose: "enrolment", rows: 1, participantId: enrolment.participantId, facilityId: coordinator.facilityIds[0] },
    ]);
    await expect(loadParticipantRecord({ participantId: "not-a-uuid", language: "en", reader })).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("the participant record", () => {
  it("shows consent status and choices in the form's own words for the reader's language, and the ledger events", async () => {
    const coordinator = await createUser({ role: "coordinator" });
    const enrolment = await enrolParticipant({ input: validInput(), enrolledById: coordinator.id, request: requestFrom() });
    const formVersionId = await ensurePublishedFormVersion("1.0");
    const form = await getDatabase().consentFormVersion.findUniqueOrThrow({ where: { id: formVersionId } });
    const { event } = await getDatabase().$transaction(async (tx) =>
      appendConsentEvent(tx, await lockParticipantConsent(tx, enrolment.participantId), {
        type: "granted",
        actorUserId: coordinator.id,
        actorRole: "coordinator",
        method: "assisted",
        formVersionId,
        formVersionHash: form.contentHash,
        choices: { "core.wgs": "yes", "share.industry": "no" },
      }),
    );
    const reader = { actorUserId: coordinator.id, ipAddress: "192.0.2.1", userAgent: "vitest" };
    const content = seededFormContent("1.0");
    for (const language of ["en", "ja-easy"] as const) {
      const record = await loadParticipantRecord({ participantId: enrolment.participantId, language, reader });
      expect(record.consent).toMatchObject({ status: "active", formVersion: "1.0", consentedBy: "self" });
      const words = content.languages[language].choices;
      expect(record.consent!.choices).toEqual([
        { id: "core.wgs", title: words["core.wgs"]!.title, value: words["core.wgs"]!.options.yes },
        { id: "share.industry", title: words["share.industry"]!.title, value: words["share.industry"]!.options.no },
      ]);
      expect(record.events).toEqual([expect.objectContaining({ type: "granted", method: "assisted", verificationCode: event.verificationCode, participantSeq: 1 })]);
    }
  });
});
