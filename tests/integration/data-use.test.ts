// "Who used my data" and the personal-data disclosure (issue 16 item 3; ADR 047) on real PostgreSQL: releases and
// decisions written into the bridge's own tables (as the superuser, the way the bridge's role would), read back only
// through the bridge_export views; staff reads through the real audited verbs; findings through the real counselling
// steps, so the findings rule is tested against what the counsellor's page would have written.
import { randomUUID } from "node:crypto";
import type { FindingsCategory } from "@tsunagi/consent-rules/choice-catalogue";
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { purposeLabel } from "../../app/domain/access/register/duo-purpose-labels";
import { isAppError } from "../../app/domain/kernel/app-error";
import { extractPdfText } from "../../app/domain/consent/records/documents/extract-pdf-text.server";
import { loadParticipantRecord } from "../../app/domain/consent/records/load-participant-record.server";
import { readConsentDocument } from "../../app/domain/consent/records/documents/read-consent-document.server";
import { takeCaseStep } from "../../app/domain/findings/take-case-step.server";
import { buildPersonalDisclosure, type PersonalDisclosure } from "../../app/domain/transparency/data-use/build-personal-disclosure.server";
import { loadDataUse } from "../../app/domain/transparency/data-use/load-data-use.server";
import { loader as dataUseLoader } from "../../app/routes/participant/consent.data-use";
import { loader as jsonLoader } from "../../app/routes/participant/consent.my-data[.]json";
import { loader as pdfLoader } from "../../app/routes/participant/consent.my-data[.]pdf";
import { createApplication } from "../factories/data-access-factory";
import { createFacility } from "../factories/facility-factory";
import { createUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { cookieFor, loadContext, pageGet, settle } from "../support/route-requests";
import { queryRows } from "../support/sql";
import { useTempDataDir } from "../support/temp-data-dir";
import { consentedParticipant } from "./dashboard-fixtures";
import { recordConsentStep } from "./finding-cases-support";

const db = useTestDatabase();
useTempDataDir();

const request = { ipAddress: "127.0.0.1", userAgent: "vitest" };

/** A release as the bridge commits one: a signed manifest, its `included` codes not yet written to release_sample (ADR 082). */
async function insertRelease(options: { samples: string[]; approvalId: string | null; at: Date; recipient?: string }): Promise<string> {
  const id = randomUUID();
  const manifest = { releaseId: id, included: options.samples, requestedCount: options.samples.length, includedCount: options.samples.length, excludedCounts: {} };
  await queryRows(db.url, `INSERT INTO bridge.dataset (id, title, clock_starts_at) VALUES ('wgs-test-2026', 'Test dataset', now()) ON CONFLICT DO NOTHING`);
  await queryRows(
    db.url,
    `INSERT INTO bridge.release (id, dataset_id, recipient, purpose, client_id, payload, jws, created_at, approval_id) VALUES ($1, 'wgs-test-2026', $2, 'DUO:0000006', 'test-client', convert_to($3, 'UTF8'), 'eyJhbGciOiJFUzI1NiJ9..c2lnbmF0dXJl', $4, $5)`,
    [id, options.recipient ?? "academia", JSON.stringify(manifest), options.at, options.approvalId],
  );
  return id;
}

async function insertDecision(subject: string, action: string, allowed: boolean, at: string): Promise<void> {
  await queryRows(db.url, `INSERT INTO bridge.decision_log (request_id, client_id, subject, action, allowed, reason, evaluated_at) VALUES (gen_random_uuid(), 'test-client', $1, $2, $3, $4, $5)`, [
    subject,
    action,
    allowed,
    allowed ? "consented" : "choice_declined",
    at,
  ]);
}

/** A finding as the intake stores one, with a variant a test can look for. */
async function insertFinding(participantId: string, category: FindingsCategory, gene: string, variant: string): Promise<string> {
  const prisma = getDatabase();
  const sample = await prisma.sample.findFirstOrThrow({ where: { participantId }, select: { id: true } });
  const finding = await prisma.finding.create({
    data: { labId: "LAB-TEST", labFindingId: `LABF-${randomUUID()}`, sampleId: sample.id, participantId, category, gene, geneListVersion: "3.2", latestVersion: 0, createdAt: new Date(Date.now() - 60_000) },
  });
  await addVersion(finding.id, 1, variant, new Date(Date.now() - 60_000));
  return finding.id;
}

async function addVersion(findingId: string, version: number, variant: string, submittedAt: Date): Promise<void> {
  const prisma = getDatabase();
  await prisma.findingVersion.create({
    data: {
      findingId,
      version,
      variantHgvs: variant,
      classification: version === 1 ? "P" : "LP",
      evidenceSummary: `evidence for ${variant}`,
      reportPdf: new Uint8Array(Buffer.from("%PDF-1.7\n%%EOF\n")),
      reportSha256: randomUUID(),
      contentHash: randomUUID(),
      reinterpretation: version > 1,
      submittedByTokenId: "test",
      submittedAt,
    },
  });
  await prisma.finding.update({ where: { id: findingId }, data: { latestVersion: version } });
}

const appointment = { at: "2026-12-01T10:00", mode: "in_person", place: "遺伝カウンセリング外来 3番", language: "ja" };
const session = { date: "2026-12-01", attendees: "本人", understood: "結果の意味を理解された" };

async function disclosureJson(userId: string, participantId?: string): Promise<PersonalDisclosure> {
  const file = await buildPersonalDisclosure({ userId, participantId, format: "json", language: "ja", request });
  return JSON.parse(new TextDecoder().decode(file.bytes)) as PersonalDisclosure;
}

describe("who used my data", () => {
  it("lists exactly the releases that included the participant's samples, under the register's words, and nothing for another participant", async () => {
    const [ann, ben, cara] = [await consentedParticipant(), await consentedParticipant(), await consentedParticipant()];
    const kyoto = await createApplication({ content: { purposeCodes: ["DS"], diseases: ["DOID:9256"] } });
    const osaka = await createApplication({ content: { purposeCodes: ["HMB"], diseases: [] } });
    const unrelated = await createApplication();
    const day = (n: number) => new Date(Date.UTC(2026, 9, n, 3));
    const first = await insertRelease({ approvalId: kyoto.approvalId, samples: [ann.sampleCodes[0]!, ben.sampleCodes[1]!], at: day(1) });
    const second = await insertRelease({ approvalId: kyoto.approvalId, samples: [ann.sampleCodes[1]!], at: day(8) });
    const bensOnly = await insertRelease({ approvalId: osaka.approvalId, samples: [ben.sampleCodes[0]!], at: day(15) });
    await insertRelease({ approvalId: unrelated.approvalId, samples: ["S-SOMEONE-ELSE"], at: day(20) });
    const toPublic = await insertRelease({ approvalId: null, recipient: "public", samples: [ann.sampleCodes[0]!], at: day(22) });

    const annsPage = await loadDataUse({ userId: ann.user!.id, language: "ja" });
    expect(annsPage.subject).toMatchObject({ participantId: ann.id, as: "self" });
    expect(annsPage.uses.map((use) => use.approvalId)).toEqual([kyoto.approvalId]);
    const [use] = annsPage.uses;
    expect(use!.releases.map((release) => release.releaseId)).toEqual([second, first]);
    expect(use!.releases.map((release) => release.releasedAt)).toEqual([day(8).toISOString(), day(1).toISOString()]);
    expect(use).toMatchObject({ reference: kyoto.reference, title: kyoto.content.titleJa, institution: kyoto.applicant.institution, summary: kyoto.content.laySummaryJa, status: "active" });
    expect(use!.purposes).toEqual([{ code: "DS", label: purposeLabel("DS", "ja") }]);
    // The disease by its name in the reader's language, its code beside it (issue 29 item 7).
    expect(use!.diseases).toEqual(["大腸がん（結腸・直腸がん） (DOID:9256)"]);
    expect(annsPage.otherReleases.map((release) => release.releaseId)).toEqual([toPublic]);

    const bensPage = await loadDataUse({ userId: ben.user!.id, language: "en" });
    expect(bensPage.uses.map((entry) => entry.approvalId)).toEqual([osaka.approvalId, kyoto.approvalId]);
    expect(bensPage.uses[0]!.releases.map((release) => release.releaseId)).toEqual([bensOnly]);
    expect(bensPage.uses[1]!.releases.map((release) => release.releaseId)).toEqual([first]);
    expect(bensPage.uses[0]!.purposes).toEqual([{ code: "HMB", label: purposeLabel("HMB", "en") }]);
    expect(bensPage.otherReleases).toEqual([]);

    const carasPage = await loadDataUse({ userId: cara.user!.id, language: "ja" });
    expect(carasPage.uses).toEqual([]);
    expect(carasPage.otherReleases).toEqual([]);
    // No decision about Ann is counted, but releases included her samples: the page must not say the analysis
    // system never handled them (issue 29 item 7); for Cara, with no release either, it may.
    expect(annsPage.activity).toEqual([]);
    expect(annsPage.releasedWithoutCounts).toBe(true);
    expect(carasPage.releasedWithoutCounts).toBe(false);
    // Nothing of Ann's reaches Ben's or Cara's page, by id or by date.
    for (const page of [bensPage, carasPage]) expect(JSON.stringify(page)).not.toContain(second);

    // Those releases were read while pending (committed, their per-sample rows not yet written: ADR 082); once the
    // bridge has written the rows, every page reads the same.
    for (const id of [first, second, bensOnly, toPublic]) await queryRows(db.url, `SELECT bridge.record_release_samples($1)`, [id]);
    expect(await loadDataUse({ userId: ann.user!.id, language: "ja" })).toEqual(annsPage);
    expect(await loadDataUse({ userId: ben.user!.id, language: "en" })).toEqual(bensPage);
    expect(await loadDataUse({ userId: cara.user!.id, language: "ja" })).toEqual(carasPage);
  });

  it("counts the pipeline's decisions about their pseudonym and samples per Japan-time month and action, never a return of results or a call back", async () => {
    const [ann, ben] = [await consentedParticipant(), await consentedParticipant()];
    const [tumour, blood] = ann.sampleCodes as [string, string];
    await insertDecision(ann.pseudonym, "sequence", true, "2026-10-05T01:00:00Z");
    await insertDecision(tumour, "analyze", true, "2026-11-02T01:00:00Z");
    await insertDecision(blood, "analyze", true, "2026-11-20T01:00:00Z");
    await insertDecision(tumour, "analyze", false, "2026-11-21T01:00:00Z");
    // 00:30 on 1 November in Japan: November's, though it is still October in UTC.
    await insertDecision(tumour, "store", true, "2026-10-31T15:30:00Z");
    await insertDecision(tumour, "return_secondary", true, "2026-11-03T01:00:00Z");
    await insertDecision(ann.pseudonym, "recontact", true, "2026-11-03T01:00:00Z");
    await insertDecision(tumour, "return_primary", true, "2026-11-03T01:00:00Z");
    await insertDecision(ben.sampleCodes[0]!, "analyze", true, "2026-11-02T01:00:00Z");

    const page = await loadDataUse({ userId: ann.user!.id, language: "ja" });
    expect(page.activity).toEqual([
      {
        month: "2026-11",
        actions: [
          { action: "analyze", allowed: 2, refused: 1 },
          { action: "store", allowed: 1, refused: 0 },
        ],
      },
      { month: "2026-10", actions: [{ action: "sequence", allowed: 1, refused: 0 }] },
    ]);
    const bens = await loadDataUse({ userId: ben.user!.id, language: "ja" });
    expect(bens.activity).toEqual([{ month: "2026-11", actions: [{ action: "analyze", allowed: 1, refused: 0 }] }]);
  });

  it("lists each time staff opened the record — role, facility, purpose, time, never a name — and not the participant's own reads or another participant's", async () => {
    const facility = await createFacility({ nameJa: "照合がんセンター", nameEn: "Shogo Cancer Centre" });
    const coordinator = await createUser({ role: "coordinator", facilities: [facility] });
    const ann = await consentedParticipantAt(facility.id);
    const ben = await consentedParticipantAt(facility.id);
    await loadParticipantRecord({ participantId: ann.id, language: "ja", reader: { actorUserId: coordinator.id, ...request } });
    await loadParticipantRecord({ participantId: ben.id, language: "ja", reader: { actorUserId: coordinator.id, ...request } });
    // Ann opening her own consent copy is her own read, not "who else looked".
    await readConsentDocument({ eventId: ann.grant.id, reader: { userId: ann.user!.id, role: "participant" }, request });

    const page = await loadDataUse({ userId: ann.user!.id, language: "ja" });
    expect(page.openings).toHaveLength(1);
    expect(page.openings[0]).toMatchObject({ role: "coordinator", facility: "照合がんセンター", purpose: "enrolment", resource: "participant_identity" });
    const english = await loadDataUse({ userId: ann.user!.id, language: "en" });
    expect(english.openings[0]!.facility).toBe("Shogo Cancer Centre");
    const staff = await getDatabase().user.findUniqueOrThrow({ where: { id: coordinator.id } });
    for (const secret of [staff.displayName, staff.email, coordinator.id]) expect(JSON.stringify(page)).not.toContain(secret);

    // The participant's own read is in the disclosure's access log instead, as theirs.
    const disclosure = await disclosureJson(ann.user!.id);
    expect(disclosure.accessLog.filter((entry) => entry.event === "record_opened").map((entry) => entry.by)).toEqual(["staff", "self"]);
  });

  it("shows a proxy the child's page, and refuses any participant the person does not act for", async () => {
    const child = await consentedParticipant({ byProxy: true });
    const ann = await consentedParticipant();
    const approval = await createApplication();
    await insertRelease({ approvalId: approval.approvalId, samples: [child.sampleCodes[0]!], at: new Date(Date.now() - 86_400_000) });
    const coordinator = await createUser({ role: "coordinator" });
    await loadParticipantRecord({ participantId: child.id, language: "ja", reader: { actorUserId: coordinator.id, ...request } });

    const page = await loadDataUse({ userId: child.proxy!.id, participantId: child.id, language: "ja" });
    expect(page.subject).toMatchObject({ participantId: child.id, as: "proxy" });
    expect(page.uses.map((use) => use.approvalId)).toEqual([approval.approvalId]);
    expect(page.openings).toHaveLength(1);

    for (const [userId, participantId] of [
      [child.proxy!.id, ann.id],
      [ann.user!.id, child.id],
      [ann.user!.id, "not-a-participant"],
    ] as const) {
      const refused = await loadDataUse({ userId, participantId, language: "ja" }).catch((error: unknown) => error);
      expect(isAppError(refused) && refused.code).toBe("forbidden");
    }
  });
});

describe("the personal-data disclosure", () => {
  it("holds a finding the participant chose to know and was told, and nothing of one they declined, one not yet told, or a later re-interpretation — in the JSON and the PDF", async () => {
    const pat = await consentedParticipant({ choices: { "findings.secondary.hereditary_cancer": "want", "findings.secondary.other_actionable": "not_want" } });
    const counsellor = await createUser({ role: "counsellor" });
    const take = (findingId: string, step: Parameters<typeof takeCaseStep>[0]["step"], input: unknown = {}) => takeCaseStep({ findingId, step, input, actorId: counsellor.id, request });

    const told = await insertFinding(pat.id, "hereditary_cancer", "BRCA1", "c.1111TOLD");
    await take(told, "claim");
    await take(told, "schedule_appointment", appointment);
    await take(told, "record_counselling", session);
    await take(told, "record_disclosure", session);
    await addVersion(told, 2, "c.2222LATER", new Date(Date.now() + 1000));
    const declined = await insertFinding(pat.id, "other_actionable", "LDLR", "c.3333DECLINED");
    const notYet = await insertFinding(pat.id, "hereditary_cancer", "MLH1", "c.4444NOTYET");
    await take(notYet, "claim");
    await take(notYet, "schedule_appointment", appointment);

    const disclosure = await disclosureJson(pat.user!.id);
    expect(disclosure.findings).toEqual([{ category: "hereditary_cancer", gene: "BRCA1", variant: "c.1111TOLD", classification: "P", version: 1, disclosedAt: expect.any(String) }]);
    const json = JSON.stringify(disclosure);
    const pdf = await buildPersonalDisclosure({ userId: pat.user!.id, format: "pdf", language: "ja", request });
    expect(Buffer.from(pdf.bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    const pdfText = (await extractPdfText(pdf.bytes)).replace(/\s+/g, "");
    expect(pdfText).toContain("BRCA1");
    expect(pdfText).toContain("c.1111TOLD");
    const labIds = (await getDatabase().finding.findMany({ where: { participantId: pat.id }, select: { labFindingId: true } })).map((row) => row.labFindingId);
    for (const secret of ["LDLR", "c.3333DECLINED", "MLH1", "c.4444NOTYET", "c.2222LATER", declined, notYet, told, ...labIds, "evidence for", "3番"]) {
      expect(json, secret).not.toContain(secret);
      expect(pdfText, secret).not.toContain(secret.replace(/\s+/g, ""));
    }
    // The one care-team mail kept is the one about the finding that was told.
    const careTeamMails = await getDatabase().mailMessage.count({ where: { participantId: pat.id, sourceKey: { startsWith: "care-team-notice:" } } });
    const allMails = await getDatabase().mailMessage.count({ where: { participantId: pat.id } });
    const toldMails = await getDatabase().mailMessage.count({ where: { participantId: pat.id, sourceKey: { startsWith: `care-team-notice:${told}:` } } });
    expect(careTeamMails).toBeGreaterThan(toldMails);
    expect(disclosure.mail).toHaveLength(allMails - careTeamMails + toldMails);

    // Having been told is not enough: once they no longer want such findings, the told one leaves the disclosure too.
    await recordConsentStep(pat.id, counsellor.id, { kind: "change", category: "hereditary_cancer", value: "not_want" });
    const afterward = await disclosureJson(pat.user!.id);
    expect(afterward.findings).toEqual([]);
    for (const secret of ["BRCA1", "c.1111TOLD"]) expect(JSON.stringify(afterward)).not.toContain(secret);
    expect(afterward.mail).toHaveLength(allMails - careTeamMails);
  });

  it("is the same, byte for byte apart from its time and access log, before and after an undecided participant's finding arrives and a counsellor books a talk", async () => {
    const quinn = await consentedParticipant({ choices: { "findings.secondary.hereditary_cancer": "undecided", "findings.secondary.other_actionable": "not_want" } });
    const counsellor = await createUser({ role: "counsellor" });
    const comparable = ({ generatedAt: _time, accessLog: _log, ...rest }: PersonalDisclosure) => rest;
    const before = await disclosureJson(quinn.user!.id);

    const finding = await insertFinding(quinn.id, "hereditary_cancer", "BRCA2", "c.5555UNDECIDED");
    await takeCaseStep({ findingId: finding, step: "claim", input: {}, actorId: counsellor.id, request });
    await takeCaseStep({ findingId: finding, step: "schedule_appointment", input: appointment, actorId: counsellor.id, request });
    await insertFinding(quinn.id, "other_actionable", "LDLR", "c.6666NOTWANT");
    expect(await getDatabase().mailMessage.count({ where: { participantId: quinn.id, sourceKey: { startsWith: "care-team-notice:" } } })).toBeGreaterThan(0);

    const after = await disclosureJson(quinn.user!.id);
    expect(comparable(after)).toEqual(comparable(before));
    const pdfText = await extractPdfText((await buildPersonalDisclosure({ userId: quinn.user!.id, format: "pdf", language: "en", request })).bytes);
    for (const secret of ["BRCA2", "c.5555UNDECIDED", "LDLR", "c.6666NOTWANT"]) expect(pdfText).not.toContain(secret);
  });

  it("holds identity, choices and their history, and records each download in the same transaction", async () => {
    const ann = await consentedParticipant({ fullName: "開示 花子", phone: "090-1234-5678", medicalRecordNumber: "MRN-DISCLOSE-1" });
    const disclosure = await disclosureJson(ann.user!.id);
    expect(disclosure.identity).toMatchObject({ fullName: "開示 花子", phone: "090-1234-5678", medicalRecordNumber: "MRN-DISCLOSE-1", dateOfBirth: ann.dateOfBirth });
    expect(disclosure.samples.map((sample) => sample.sampleCode).sort()).toEqual([...ann.sampleCodes].sort());
    expect(disclosure.consent.history.map((entry) => entry.eventId)).toEqual([ann.grant.id]);
    expect(disclosure.consent.current?.choices.length).toBeGreaterThan(0);
    expect(disclosure.requestedBy).toBe("self");

    const pdf = await buildPersonalDisclosure({ userId: ann.user!.id, format: "pdf", language: "ja-easy", request });
    const text = (await extractPdfText(pdf.bytes)).replace(/\s+/g, "");
    for (const expected of ["開示花子", "MRN-DISCLOSE-1", ann.grant.verificationCode]) expect(text).toContain(expected);
    // In やさしい日本語 with furigana (ADR 123): the title's words whole, then their readings.
    expect(text).toContain("Tsunagiが持っているあなたの情報もじょうほう");

    const audits = await getDatabase().auditEvent.findMany({ where: { type: "participant.disclosure_downloaded", actorUserId: ann.user!.id }, orderBy: { id: "asc" } });
    expect(audits.map((audit) => audit.detail)).toEqual([
      { participantId: ann.id, format: "json", by: "self" },
      { participantId: ann.id, format: "pdf", by: "self" },
    ]);
    // The next disclosure lists the earlier ones.
    const again = await disclosureJson(ann.user!.id);
    expect(again.accessLog.filter((entry) => entry.event === "disclosure_downloaded").map((entry) => entry.format)).toEqual(["json", "pdf"]);
  });

  it("gives a proxy the child's disclosure, recorded as theirs", async () => {
    const child = await consentedParticipant({ byProxy: true, fullName: "代諾 さくら" });
    const disclosure = await disclosureJson(child.proxy!.id, child.id);
    expect(disclosure.participant.id).toBe(child.id);
    expect(disclosure.identity?.fullName).toBe("代諾 さくら");
    expect(disclosure.requestedBy).toBe("proxy");
    const audit = await getDatabase().auditEvent.findFirstOrThrow({ where: { type: "participant.disclosure_downloaded", actorUserId: child.proxy!.id } });
    expect(audit.detail).toEqual({ participantId: child.id, format: "json", by: "proxy" });
    // About the child, by name, never "your" (ADR 119; issue 55 defect 5): the notes and the PDF's headings, in three languages.
    expect(disclosure.notes.pipeline).toContain("代諾 さくらさん");
    expect(disclosure.notes.findings).not.toContain("あなた");
    // Every heading and note the document writes itself; the signed form's own words (its choices, in the first person) stay as signed.
    const read = async (language: "ja" | "en") =>
      (await extractPdfText((await buildPersonalDisclosure({ userId: child.proxy!.id, participantId: child.id, format: "pdf", language, request })).bytes)).replace(/\s+/g, "");
    const ja = await read("ja");
    expect(ja).toContain("代諾さくらさんの試料");
    expect(ja).not.toContain("あなた");
    const en = await read("en");
    for (const heading of ["PersonaldataTsunagiholdsabout代諾さくら", "代諾さくら'ssamples", "Wholookedat代諾さくら'srecord", "代諾さくら'sconsentnow", "Everychangeto代諾さくら'sconsent"]) expect(en).toContain(heading);
    for (const heading of ["Yoursamples", "Wholookedatyourrecord", "Yourconsentnow", "Everychangetoyourconsent", "Yourplaceintheprogramme", "aboutyou"]) expect(en).not.toContain(heading);
  });
});

describe("the routes", () => {
  it("answer the page and both downloads for one's own record, with no-store and a file name; anyone else's id or a nonsense id is 403 and writes nothing", async () => {
    const [ann, ben] = [await consentedParticipant(), await consentedParticipant()];
    const annsCookie = await cookieFor(ann.user!);
    const get = (loader: typeof jsonLoader, path: string, cookie: string) => settle(() => loader({ request: pageGet(path, cookie), context: loadContext, params: {} }));

    const page = await get(dataUseLoader, "/consent/data-use", annsCookie);
    expect(page.status).toBe(200);
    expect(((await page.json()) as { page: { subject: { participantId: string } } }).page.subject.participantId).toBe(ann.id);

    const json = await get(jsonLoader, "/consent/my-data.json", annsCookie);
    expect(json.status).toBe(200);
    expect(json.headers.get("Cache-Control")).toBe("no-store");
    expect(json.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(json.headers.get("Content-Disposition")).toMatch(/^attachment; filename="tsunagi-my-data-TGP-[A-Z0-9-]+-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(((await json.json()) as PersonalDisclosure).participant.id).toBe(ann.id);

    const pdf = await get(pdfLoader, "/consent/my-data.pdf", annsCookie);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("Content-Type")).toBe("application/pdf");
    expect(pdf.headers.get("Cache-Control")).toBe("no-store");
    expect(pdf.headers.get("Content-Disposition")).toMatch(/^attachment; filename="tsunagi-my-data-.+\.pdf"$/);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString("latin1")).toBe("%PDF-");

    const downloadsBefore = await getDatabase().auditEvent.count({ where: { type: "participant.disclosure_downloaded" } });
    for (const query of [`?participant=${ben.id}`, "?participant=not-a-uuid", "?participant=%00%27%3B--", `?participant=${randomUUID()}`]) {
      for (const [loader, path] of [
        [dataUseLoader, "/consent/data-use"],
        [jsonLoader, "/consent/my-data.json"],
        [pdfLoader, "/consent/my-data.pdf"],
      ] as const) {
        const response = await get(loader as typeof jsonLoader, `${path}${query}`, annsCookie);
        expect(response.status, `${path}${query}`).toBe(403);
      }
    }
    expect(await getDatabase().auditEvent.count({ where: { type: "participant.disclosure_downloaded" } })).toBe(downloadsBefore);

    // Unrelated or repeated query parameters change nothing: the download is still one's own.
    const noisy = await get(jsonLoader, "/consent/my-data.json?format=xml&lang=zz&participant=", annsCookie);
    expect(noisy.status).toBe(200);
    expect(((await noisy.json()) as PersonalDisclosure).participant.id).toBe(ann.id);
  });

  it("send the signed-out to sign in and refuse staff, who have no record of their own here", async () => {
    const coordinator = await createUser({ role: "coordinator", withTotp: true });
    const [signedOut, staffCookie] = [await cookieFor(null), await cookieFor(coordinator)];
    for (const loader of [dataUseLoader, jsonLoader, pdfLoader] as (typeof jsonLoader)[]) {
      const anonymous = await settle(() => loader({ request: pageGet("/consent/my-data.json", signedOut), context: loadContext, params: {} }));
      expect(anonymous.status).toBe(302);
      expect(anonymous.headers.get("Location")).toMatch(/^\/sign-in/);
      const staff = await settle(() => loader({ request: pageGet("/consent/my-data.json", staffCookie), context: loadContext, params: {} }));
      expect(staff.status).toBe(403);
    }
  });
});

async function consentedParticipantAt(facilityId: string) {
  const participant = await consentedParticipant();
  await getDatabase().participant.update({ where: { id: participant.id }, data: { facilityId } });
  return participant;
}
