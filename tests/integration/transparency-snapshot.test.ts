// Issue 16 item 1 (ADRs 044, 045): the transparency snapshot computed from a real PostgreSQL with a programme seeded
// through the real consent verbs (grants, withdrawals, a major form version, re-consents) over three complete months
// and the current one, the bridge's decisions and releases as the bridge writes them, findings cases and a campaign.
// The assertions are what a reader of the dashboard and the downloads would see.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import type { ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import { offeredChoices } from "@tsunagi/consent-rules/form-content";
import type { WithdrawalLevel } from "@tsunagi/consent-rules/ledger-event";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { loadCheckpointKeys } from "../../app/domain/consent/ledger/checkpoints/load-checkpoint-keys.server";
import { takeLedgerCheckpoint } from "../../app/domain/consent/ledger/checkpoints/take-ledger-checkpoint.server";
import { loadFormVersion, type FormVersion } from "../../app/domain/consent/forms/load-form-version.server";
import { grantConsent } from "../../app/domain/consent/records/grant-consent.server";
import { withdrawConsent } from "../../app/domain/consent/records/withdraw-consent.server";
import { ensurePublishedFormVersion } from "../../app/wiring/demo/seed-consent-forms.server";
import { programmeFormKeys } from "../../app/domain/consent/forms/programme-forms";
import { perturbationRangeOf, protectTable, type PublishedCount, type PublishedTable } from "../../app/domain/transparency/disclosure/disclosure-control";
import { addMonths, computeSnapshotContent, findingsChoiceIds, sharingChoiceIds, tokyoMonthOf } from "../../app/domain/transparency/snapshot/compute-snapshot.server";
import { enquiryDueAt } from "../../app/domain/enquiries/enquiry-schemas";
import { figureCsv, releaseLogCsv } from "../../app/domain/transparency/snapshot/figure-downloads";
import { loadLatestSnapshot, loadSnapshot } from "../../app/domain/transparency/snapshot/load-snapshot.server";
import { refreshTransparencySnapshot } from "../../app/domain/transparency/snapshot/refresh-transparency-snapshot.server";
import { createStudyInvitation } from "../factories/study-invitation-factory";
import type { Figure, FigureId, SnapshotContent, TransparencySnapshotView } from "../../app/domain/transparency/snapshot/snapshot-figures";
import { createApplication } from "../factories/data-access-factory";
import { createFacility } from "../factories/facility-factory";
import { createFinding } from "../factories/finding-factory";
import { createParticipant } from "../factories/participant-factory";
import { createUser, type CreatedUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { queryRows } from "../support/sql";
import { useTempDataDir } from "../support/temp-data-dir";

const database = useTestDatabase();
useTempDataDir();

// The snapshot is taken now; the programme ran through the three months before this one (A, B, C) and goes on in it.
const now = new Date();
const current = tokyoMonthOf(now);
const [A, B, C] = [addMonths(current, -3), addMonths(current, -2), addMonths(current, -1)] as const;
/** A time in a month, Japan time; `minute` keeps events in the order they are made (the ledger's time only goes on). */
const at = (month: string, day: number, minute = 0) => new Date(new Date(`${month}-${String(day).padStart(2, "0")}T09:00:00+09:00`).getTime() + minute * 60_000);
/** Moments in the current month, before now. */
const inCurrentMonth = (secondsAgo: number) => new Date(now.getTime() - secondsAgo * 1000);

interface Seeded {
  id: string;
  pseudonym: string;
  sampleCodes: string[];
  choices: ChoiceSnapshot;
  status: "active" | "reconsent_required" | "withdrawn";
  /** Each arm signs its own form (ADR 124): version 2.0 is the cancer form's, and asks only its signers again. */
  cohort: "cancer" | "rare_disease";
}

let coordinator: CreatedUser;
let version1: FormVersion;
let version2: FormVersion | undefined;
let rareDisease1: FormVersion;
const participants: Seeded[] = [];
let clock = 0;

function choicesFor(version: FormVersion, index: number): ChoiceSnapshot {
  const choices: ChoiceSnapshot = {};
  for (const id of offeredChoices(version.content)) {
    choices[id] = id === "recontact.channel" ? "email" : id === "recontact.frequency" ? "as_needed" : id === "disposition.life_event" ? "keep_using" : id.startsWith("findings.") ? "want" : "yes";
  }
  if (choices["share.industry"]) choices["share.industry"] = index % 4 === 0 ? "no" : "yes";
  if (choices["findings.secondary.hereditary_cancer"]) choices["findings.secondary.hereditary_cancer"] = (["want", "not_want", "undecided"] as const)[index % 3];
  if (choices["linkage.public_db"]) choices["linkage.public_db"] = index % 5 === 0 ? "no" : "yes";
  return choices;
}

async function sign(participant: { id: string; index: number }, version: FormVersion, when: Date) {
  const event = await grantConsent({
    participantId: participant.id,
    formVersionId: version.id,
    choices: choicesFor(version, participant.index),
    printedName: "山田 花子",
    language: "ja",
    signer: { kind: "participant" },
    actor: { userId: coordinator.id, role: "coordinator" },
    method: "assisted",
    witnessName: "立会 一郎",
    request: { ipAddress: "127.0.0.1", userAgent: "vitest", now: when },
  });
  return event.choices;
}

async function enrol(cohort: "cancer" | "rare_disease", when: Date): Promise<Seeded> {
  const created = await createParticipant({ withAccount: false });
  await getDatabase().participant.update({ where: { id: created.id }, data: { programmeArea: cohort } });
  const index = participants.length;
  const form = cohort === "rare_disease" ? rareDisease1 : (version2 ?? version1);
  const seeded: Seeded = { id: created.id, pseudonym: created.pseudonym, sampleCodes: created.sampleCodes, choices: await sign({ id: created.id, index }, form, when), status: "active", cohort };
  participants.push(seeded);
  return seeded;
}

async function enrolMonth(month: string, counts: { cancer: number; rare_disease: number }, firstDay = 2) {
  const order = [...Array<"cancer">(counts.cancer).fill("cancer"), ...Array<"rare_disease">(counts.rare_disease).fill("rare_disease")];
  for (const cohort of order) await enrol(cohort, at(month, firstDay, clock++));
}

async function withdraw(participant: Seeded, level: WithdrawalLevel, when: Date) {
  await withdrawConsent({ participantId: participant.id, actor: { userId: coordinator.id, role: "coordinator" }, method: "phone", language: "ja", level, request: { ipAddress: "127.0.0.1", userAgent: "vitest", now: when } });
  participant.status = "withdrawn";
}

/** The bridge's decision log, written as the bridge writes it (the app's role may only read the export view). */
async function logDecisions(when: Date, count: number, decision: { action: string; allowed: boolean; reason: string }) {
  await queryRows(
    database.url,
    `INSERT INTO bridge.decision_log (request_id, client_id, subject, action, allowed, reason, evaluated_at)
     SELECT gen_random_uuid(), 'pipeline-test', 'S-TEST-' || n, $1, $2, $3, $4::timestamptz FROM generate_series(1, $5::int) AS n`,
    [decision.action, decision.allowed, decision.reason, when.toISOString(), count],
  );
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");

/** A release as the bridge stores it: the manifest and its JWS; the trigger stamps the payload's SHA-256. */
async function release(options: { when: Date; recipient: string; included: string[]; excluded: Record<string, number>; approvalId?: string | null }) {
  const id = randomUUID();
  const manifest = {
    releaseId: id,
    dataset: "wgs-cancer-2026",
    recipient: options.recipient,
    purpose: "DUO:0000006",
    requestedCount: options.included.length + Object.values(options.excluded).reduce((sum, value) => sum + value, 0),
    includedCount: options.included.length,
    included: options.included,
    excludedCounts: options.excluded,
  };
  const payload = JSON.stringify(manifest);
  const jws = `${base64url(JSON.stringify({ alg: "ES256", kid: "test" }))}..${base64url(randomBytes(64))}`;
  await queryRows(
    database.url,
    `INSERT INTO bridge.release (id, dataset_id, recipient, purpose, client_id, payload, jws, created_at, approval_id) VALUES ($1, 'wgs-cancer-2026', $2, 'DUO:0000006', 'release-test', convert_to($3, 'UTF8'), $4, $5::timestamptz, $6)`,
    [id, options.recipient, payload, jws, options.when.toISOString(), options.approvalId ?? null],
  );
  return { id, manifestSha256: createHash("sha256").update(payload).digest("hex") };
}

let reconsented: Seeded[];
let pendingWithdrew: Seeded;
let withdrewThisMonth: Seeded;
/** Enrolled this month: not yet in anything published (figures stand as at the end of last month). */
let enrolledThisMonth: Seeded[];
let releases: { publicB: { id: string; manifestSha256: string }; academiaC: { id: string; manifestSha256: string }; academiaNow: { id: string; manifestSha256: string } };
let approvalReference: string;
/** The cases who had said yes to a study by the end of last month. */
let registeredInStudies: Seeded[] = [];
let checkpointDir: string;
let checkpoint: { globalSeq: string; chainHash: string; auditThroughId: string };
let refreshed: { id: string; computedAt: Date; durationMs: number };
let snapshot: TransparencySnapshotView;
/** Hours from question to answer of the desk's answered questions, by the month answered. */
const answerHours: { B: number[]; C: number[] } = { B: [], C: [] };
let surveyFacilities: { surveyed: string; few: string; unanswered: string };

beforeAll(async () => {
  coordinator = await createUser({ role: "coordinator", password: null });
  version1 = await loadFormVersion(await ensurePublishedFormVersion("1.0", { publishedAt: at(A, 1) }));
  rareDisease1 = await loadFormVersion(await ensurePublishedFormVersion("1.0", { publishedAt: at(A, 1), formKey: programmeFormKeys.rare_disease }));

  // Month A: 3 in the cancer programme, 10 in rare disease. Month B: 23 and 14; one withdraws (no further contact).
  await enrolMonth(A, { cancer: 3, rare_disease: 10 });
  await enrolMonth(B, { cancer: 23, rare_disease: 14 });
  await withdraw(participants[0]!, "no_contact", at(B, 26));

  // Month C: 12 and 10; then a major version asks everyone still consenting to consent again; 12 do, one withdraws
  // instead (and one of those who re-consented withdraws afterwards: they did re-consent).
  await enrolMonth(C, { cancer: 12, rare_disease: 10 });
  version2 = await loadFormVersion(await ensurePublishedFormVersion("2.0", { publishedAt: at(C, 15) }));
  for (const participant of participants) if (participant.status === "active" && participant.cohort === "cancer") participant.status = "reconsent_required";
  reconsented = participants.filter((participant) => participant.status === "reconsent_required").slice(0, 12);
  for (const [offset, participant] of reconsented.entries()) {
    participant.choices = await sign({ id: participant.id, index: participants.indexOf(participant) }, version2!, at(C, 18, offset));
    participant.status = "active";
  }
  pendingWithdrew = participants.filter((participant) => participant.status === "reconsent_required")[0]!;
  await withdraw(pendingWithdrew, "destroy", at(C, 20));
  await withdraw(reconsented[0]!, "no_further_use", at(C, 21));

  // This month: two more enrol, and one still asked to re-consent withdraws. None of it is published yet: time series
  // hold complete months, and where things stand is published as at the end of last month (issue 27).
  enrolledThisMonth = [await enrol("cancer", inCurrentMonth(30)), await enrol("cancer", inCurrentMonth(20))];
  withdrewThisMonth = participants.filter((participant) => participant.status === "reconsent_required")[0]!;
  await withdraw(withdrewThisMonth, "no_contact", inCurrentMonth(10));

  // The bridge: decisions over the months (one with an action a malformed request made up), and releases.
  await logDecisions(at(A, 10), 40, { action: "analyze", allowed: true, reason: "consented" });
  await logDecisions(at(B, 10), 55, { action: "analyze", allowed: true, reason: "consented" });
  await logDecisions(at(B, 11), 12, { action: "sequence", allowed: true, reason: "consented" });
  await logDecisions(at(B, 12), 3, { action: "release", allowed: false, reason: "withdrawn_destroy" });
  await logDecisions(at(C, 10), 25, { action: "analyze", allowed: true, reason: "consented" });
  await logDecisions(at(C, 11), 2, { action: "release", allowed: true, reason: "release_signed" });
  await logDecisions(at(C, 12), 1, { action: "'; DROP TABLE x; --", allowed: false, reason: "malformed_request" });
  await logDecisions(inCurrentMonth(5), 100, { action: "analyze", allowed: true, reason: "consented" });

  const approved = await createApplication({ approval: { startsAt: at(A, 1), endsAt: new Date(now.getTime() + 90 * 86_400_000) } });
  approvalReference = approved.reference;
  await createApplication({ approval: { startsAt: at(A, 1), endsAt: at(C, 1) } }); // expired
  await createApplication({ approval: { status: "suspended" } });
  await createApplication({ approval: { startsAt: new Date(now.getTime() + 7 * 86_400_000), endsAt: new Date(now.getTime() + 90 * 86_400_000) } }); // upcoming
  await createApplication({ state: "rejected" }); // not in the register
  await queryRows(database.url, `INSERT INTO bridge.dataset (id, title, clock_starts_at) VALUES ('wgs-cancer-2026', 'WGS cancer 2026', $1::timestamptz)`, [at(A, 1).toISOString()]);
  const samples = participants.flatMap((participant) => participant.sampleCodes);
  releases = {
    publicB: await release({ when: at(B, 20), recipient: "public", included: samples.slice(0, 15), excluded: { withdrawn_destroy: 2, choice_declined: 11 } }),
    academiaC: await release({ when: at(C, 22), recipient: "academia", included: samples.slice(20, 24), excluded: {}, approvalId: approved.approvalId }),
    academiaNow: await release({ when: inCurrentMonth(3), recipient: "academia", included: samples.slice(30, 60), excluded: { choice_declined: 1 }, approvalId: approved.approvalId }),
  };

  // Findings: one returned in month C (its case then closed as disclosed), one closed unreachable in month B.
  const db = getDatabase();
  const returned = await createFinding(participants[5]!.id, "hereditary_cancer", at(A, 20));
  const unreachable = await createFinding(participants[6]!.id, "other_actionable", at(A, 20));
  const session = { date: "2026-01-01", attendees: "本人", understood: "理解された" };
  await db.findingCaseEvent.createMany({
    data: [
      { findingId: unreachable, seq: 1, type: "claimed", actorUserId: coordinator.id, payload: {}, at: at(B, 11) },
      { findingId: unreachable, seq: 2, type: "closed", actorUserId: coordinator.id, payload: { reason: "unreachable" }, at: at(B, 12) },
      { findingId: returned, seq: 1, type: "claimed", actorUserId: coordinator.id, payload: {}, at: at(C, 10) },
      { findingId: returned, seq: 2, type: "counselling_recorded", actorUserId: coordinator.id, payload: session, at: at(C, 11) },
      { findingId: returned, seq: 3, type: "disclosure_recorded", actorUserId: coordinator.id, payload: session, at: at(C, 12) },
      { findingId: returned, seq: 4, type: "closed", actorUserId: coordinator.id, payload: { reason: "disclosed" }, at: at(C, 13) },
    ],
  });

  // A campaign sent in month B to 12 participants, 4 of whom answered; another sent this month.
  for (const [month, recipients, answered] of [[B, participants.slice(10, 22), 4], [current, participants.slice(22, 25), 1]] as const) {
    const sentAt = month === current ? inCurrentMonth(2) : at(month, 5);
    const campaign = await db.recontactCampaign.create({
      data: { kind: "new_study", title: "新しい研究", messageJa: "ご案内", messageJaEasy: "おしらせ", messageEn: "News", facilityIds: [], state: "sent", createdById: coordinator.id, createdAt: sentAt, sentById: coordinator.id, sentAt },
    });
    await db.recontactDelivery.createMany({
      data: recipients.map((participant, index) => ({
        campaignId: campaign.id,
        participantId: participant.id,
        channel: "email" as const,
        claimedAt: sentAt,
        sentAt,
        responseTokenHash: new Uint8Array(randomBytes(32)),
        ...(index < answered ? { tokenUsedAt: sentAt, answer: "interested" as const, answeredAt: sentAt } : {}),
      })),
    });
  }

  // Twelve cases in force said yes to a study in month B (their details handed to the study's team), one more this
  // month: the current month is never counted.
  const saidYes = inForce().filter((participant) => participant.cohort === "cancer").slice(0, 13);
  const invited = await createStudyInvitation({ approvalId: approved.approvalId!, participantIds: saidYes.map((participant) => participant.id), createdById: coordinator.id, claimedAt: at(B, 6) });
  for (const [index, participant] of saidYes.entries()) {
    await db.studyHandover.create({
      data: { deliveryId: invited.deliveries[participant.id]!, participantId: participant.id, byUserId: coordinator.id, byRole: "self", details: ["name", "email"], handedOverAt: index < 12 ? at(B, 7) : inCurrentMonth(1) },
    });
  }
  registeredInStudies = saidYes.slice(0, 12);

  // The consultation desk (ADR 146): in month B, twelve questions answered in 1 to 12 days, two received in month A and
  // answered after their due day, three closed without an answer (not in the median); in month C four answered (too few
  // for a median); this month five answered (not published yet) and one still waiting.
  const asked = (receivedAt: Date, answeredAfterHours: number | null, state: "answered" | "closed" | "received" = "answered") =>
    db.enquiry.create({
      data: {
        reference: `EQ-${randomBytes(4).toString("hex").toUpperCase()}`,
        body: "質問",
        asker: "public",
        language: "ja",
        tokenHash: new Uint8Array(randomBytes(32)),
        state,
        receivedAt,
        dueAt: enquiryDueAt(receivedAt),
        ...(answeredAfterHours === null ? {} : { answer: "回答", answeredAt: new Date(receivedAt.getTime() + answeredAfterHours * 3_600_000) }),
      },
    });
  for (let index = 0; index < 12; index++) answerHours.B.push((index + 1) * 24);
  for (const hours of answerHours.B) await asked(at(B, 1), hours);
  for (const hours of [24 * 20, 24 * 21]) {
    answerHours.B.push(hours);
    await asked(at(A, 20), hours);
  }
  for (let index = 0; index < 3; index++) await asked(at(B, 3), 1, "closed");
  for (const hours of [5, 10, 50, 100]) {
    answerHours.C.push(hours);
    await asked(at(C, 1), hours);
  }
  for (let index = 0; index < 5; index++) await asked(inCurrentMonth(40), 0.001);
  await asked(inCurrentMonth(40), null, "received");

  // How consent felt (ADR 150): twelve answers at one facility before this month, one there this month (not yet
  // counted), two at another, and a third facility whose one survey is unanswered — a column of "<10" all the same.
  const [surveyed, few, unanswered] = [await createFacility({ code: "SV-A", nameEn: "Survey Hospital A" }), await createFacility({ code: "SV-B" }), await createFacility({ code: "SV-C" })];
  surveyFacilities = { surveyed: surveyed.code, few: few.code, unanswered: unanswered.code };
  const survey = async (facilityId: string, answeredAt: Date | null, scores: [number, number, number, number]) => {
    await getDatabase().$executeRaw`
      INSERT INTO "ConsentSurvey" ("id", "participantId", "facilityId", "language", "invitedAt", "answeredAt", "understood", "enoughTime", "freeToDecline", "clear")
      VALUES (gen_random_uuid(), gen_random_uuid(), ${facilityId}::uuid, 'ja', ${at(B, 1)}, ${answeredAt}, ${answeredAt && scores[0]}, ${answeredAt && scores[1]}, ${answeredAt && scores[2]}, ${answeredAt && scores[3]})`;
  };
  for (let index = 0; index < 12; index++) await survey(surveyed.id, at(B, 2 + index), [5, index < 10 ? 4 : 3, index < 11 ? 5 : 1, 4]);
  await survey(surveyed.id, inCurrentMonth(30), [1, 1, 1, 1]);
  for (let index = 0; index < 2; index++) await survey(few.id, at(C, 2), [2, 2, 2, 2]);
  await survey(unanswered.id, null, [0, 0, 0, 0]);

  // The panel (ADR 151): eleven members seated before this month, one of whom left last month and one who leaves this
  // month (still counted: they sat at the month's end), and one seated this month (not yet counted).
  const call = await getDatabase().panelCall.create({ data: { title: { ja: "募集" }, description: { ja: "募集" }, seats: 20, opensAt: at(A, 1), closesAt: at(A, 10), createdById: coordinator.id, createdAt: at(A, 1) } });
  const seat = async (index: number, seatedAt: Date, leftAt: Date | null, fields: { area: string; prefecture: string; ageBand: string }) => {
    await getDatabase().panelApplication.create({
      data: {
        callId: call.id, name: `委員${index}`, email: `member-${index}@test.tsunagi.test`, language: "ja", connection: "participant", verified: false,
        diseaseArea: fields.area, prefecture: fields.prefecture, ageBand: fields.ageBand, motivation: "参加したい", tokenHash: new Uint8Array(randomBytes(32)),
        state: leftAt ? "withdrawn" : "selected", submittedAt: at(A, 2), decidedAt: seatedAt, reason: "理由", seatedAt, leftAt,
      },
    });
  };
  for (let index = 0; index < 11; index++) await seat(index, at(B, 1), index === 0 ? at(C, 5) : index === 1 ? inCurrentMonth(10) : null, { area: index < 7 ? "cancer" : "rare_disease", prefecture: index < 8 ? "13" : "01", ageBand: "40_59" });
  await seat(11, inCurrentMonth(20), null, { area: "none", prefecture: "47", ageBand: "75_plus" });

  // The chain head: a signed ledger checkpoint, and one published checkpoint (written as its publisher would).
  checkpointDir = mkdtempSync(path.join(tmpdir(), "tsunagi-snapshot-checkpoints-"));
  const keys = (await loadCheckpointKeys({ dataDir: checkpointDir, generate: true }))!;
  const taken = await takeLedgerCheckpoint({ keys: { signing: keys.signing!, publicJwks: keys.publicJwks }, logFile: path.join(checkpointDir, "ledger-checkpoints.jsonl"), auditSettleMs: 0 });
  expect(taken.outcome).toBe("taken");
  const [row] = await queryRows<{ seq: string; globalSeq: string; chainHash: string; auditThroughId: string }>(
    database.url,
    `SELECT "seq"::text AS "seq", "globalSeq"::text AS "globalSeq", "chainHash", "auditThroughId"::text AS "auditThroughId" FROM "LedgerCheckpoint" ORDER BY "seq" DESC LIMIT 1`,
  );
  checkpoint = { globalSeq: row!.globalSeq, chainHash: row!.chainHash, auditThroughId: row!.auditThroughId };
  await queryRows(
    database.url,
    `INSERT INTO "PublishedCheckpoint" ("seq", "publishedAt", "reason", "ledgerCheckpointSeq", "globalSeq", "chainHash", "auditThroughId", "auditRows", "auditDigest", "hash", "checkpoint", "jws")
     VALUES (7, now(), 'schedule', $1::bigint, $2::bigint, $3, $4::bigint, 0, $5, $6, '{}'::jsonb, 'x.y.z')`,
    [row!.seq, row!.globalSeq, row!.chainHash, row!.auditThroughId, "0".repeat(64), "f".repeat(64)],
  );

  refreshed = await refreshTransparencySnapshot({ reason: "schedule", now });
  snapshot = (await loadLatestSnapshot())!;
}, 120_000);

afterAll(() => {
  if (checkpointDir) rmSync(checkpointDir, { recursive: true, force: true });
});

function figureOf(content: SnapshotContent, id: FigureId): Figure {
  const figure = content.figures.find((candidate) => candidate.id === id);
  if (!figure) throw new Error(`no figure ${id}`);
  return figure;
}

/** A published cell by its row and column keys. */
function cell(figure: Figure, row: string, column: string): PublishedCount {
  const r = figure.table.rows.indexOf(row);
  const c = figure.table.columns.indexOf(column);
  if (r < 0 || c < 0) throw new Error(`${figure.id} has no cell ${row} × ${column}`);
  return figure.table.cells[r]![c]!;
}

/**
 * The snapshot's table is disclosure control's for these raw counts: the same values suppressed (which does not depend
 * on the keys) and every other one within the perturbation of the true count, never below 10. The keys themselves are
 * the records' secrets (record-keys.test.ts checks the database computes them as the module does).
 */
function expectProtected(table: PublishedTable, rows: readonly string[], columns: readonly string[], count: (row: string, column: string) => number, shape?: "questions") {
  const cells = rows.map((row) => columns.map((column) => count(row, column)));
  const zeroKeys = cells.map((values) => values.map(() => 0));
  const expected = protectTable({ rows, columns, cells, keys: zeroKeys, shape });
  const kinds = (published: PublishedTable) => JSON.stringify({ ...published, cells: published.cells.map((row) => row.map((one) => one.kind)), rowTotals: published.rowTotals?.map((one) => one.kind) ?? null, columnTotals: published.columnTotals?.map((one) => one.kind) ?? null, total: published.total?.kind ?? null });
  expect(kinds(table)).toBe(kinds(expected));
  const near = (published: PublishedCount | null, truth: number, where: string) => {
    if (published?.kind !== "count") return;
    expect(published.value, where).toBeGreaterThanOrEqual(10);
    expect(Math.abs(published.value - truth), `${where}: ${published.value} for ${truth}`).toBeLessThanOrEqual(perturbationRangeOf(truth));
  };
  cells.forEach((values, r) => values.forEach((value, c) => near(table.cells[r]![c]!, value, `${rows[r]} × ${columns[c]}`)));
  table.rowTotals?.forEach((published, r) => near(published, cells[r]!.reduce((sum, value) => sum + value, 0), `${rows[r]} total`));
  table.columnTotals?.forEach((published, c) => near(published, cells.reduce((sum, values) => sum + values[c]!, 0), `${columns[c]} total`));
  near(table.total, cells.flat().reduce((sum, value) => sum + value, 0), "total");
}

const months = [A, B, C];
/** Whose consent was in force at the end of last month: this month's withdrawal still in force, this month's enrolments not yet. */
const inForce = () => participants.filter((participant) => (participant.status !== "withdrawn" || participant === withdrewThisMonth) && !enrolledThisMonth.includes(participant));

describe("the snapshot row", () => {
  it("is stored with its reason, time, duration and the newest published checkpoint's number, and nothing that counts consent events", async () => {
    expect(snapshot.id).toBe(refreshed.id);
    expect(snapshot.computedAt.toISOString()).toBe(now.toISOString());
    expect(snapshot.reason).toBe("schedule");
    expect(Number.isInteger(refreshed.durationMs) && refreshed.durationMs >= 0).toBe(true);
    expect(snapshot.chainHead).toEqual({ checkpointSeq: "7" });
    const [stored] = await queryRows<{ chainHead: unknown }>(database.url, `SELECT "chainHead" FROM "TransparencySnapshot" WHERE "id" = $1`, [refreshed.id]);
    expect(stored!.chainHead).toEqual({ checkpointSeq: "7" });
    const [row] = await queryRows<{ checkpointSeq: string; durationMs: number }>(database.url, `SELECT "checkpointSeq"::text AS "checkpointSeq", "durationMs" FROM "TransparencySnapshot" WHERE "id" = $1`, [refreshed.id]);
    expect(row).toEqual({ checkpointSeq: "7", durationMs: refreshed.durationMs });
    expect(await loadSnapshot(refreshed.id)).toEqual(snapshot);
    expect(await loadSnapshot("not-a-uuid")).toBeNull();
    expect(await loadSnapshot(randomUUID())).toBeNull();
  });

  it("publishes one figure per id, in the dashboard's order, through the month before this one", () => {
    expect(snapshot.content.figures.map((figure) => figure.id)).toEqual([
      "enrolments",
      "consent-choices",
      "findings-preferences",
      "withdrawals",
      "reconsent",
      "bridge-decisions",
      "releases",
      "findings-returned",
      "recontact-responses",
      "study-registration",
      "enquiries",
      "consent-experience",
      "panel-makeup-area",
      "panel-makeup-region",
      "panel-makeup-age",
    ]);
    expect(snapshot.content.throughMonth).toBe(C);
  });
});

describe("what a reader sees", () => {
  it("time series run from the programme's first month to last month: the current month is never there", () => {
    for (const figure of snapshot.content.figures.filter((candidate) => candidate.columnDimension === "month")) {
      expect(figure.table.columns, figure.id).toEqual(months);
      expect(figure.table.columns).not.toContain(current);
    }
  });

  it("a month with 3 enrolments in a programme shows <10", () => {
    expect(cell(figureOf(snapshot.content, "enrolments"), "cancer", A)).toEqual({ kind: "small" });
  });

  // Complementary suppression withholds the cheapest rectangle (cancer and rare disease in A and C: 3 + 10 + 12 + 10)
  // and publishes the 23 perturbed by its records' key (ADR 044).
  it("a month with 23 enrolments shows 23 give or take 5", () => {
    const published = cell(figureOf(snapshot.content, "enrolments"), "cancer", B);
    expect(published.kind === "count" && Math.abs(published.value - 23) <= perturbationRangeOf(23)).toBe(true);
  });

  it("enrolments are counted by programme in the month of each participant's first consent", () => {
    const expected = { cancer: { [A]: 3, [B]: 23, [C]: 12 }, rare_disease: { [A]: 10, [B]: 14, [C]: 10 } } as Record<string, Record<string, number>>;
    const figure = figureOf(snapshot.content, "enrolments");
    expect(figure).toMatchObject({ unit: "participants", rowDimension: "cohort", columnDimension: "month" });
    expectProtected(figure.table, ["cancer", "rare_disease"], months, (row, column) => expected[row]![column]!);
  });

  it("withdrawals are counted by level in the month they happened", () => {
    const expected: Record<string, number> = { [`no_contact ${B}`]: 1, [`destroy ${C}`]: 1, [`no_further_use ${C}`]: 1 };
    expectProtected(figureOf(snapshot.content, "withdrawals").table, ["no_contact", "no_further_use", "destroy"], months, (row, column) => expected[`${row} ${column}`] ?? 0);
  });

  it("consent choices and findings wishes count everyone whose consent was in force at the end of last month, awaiting re-consent included", () => {
    const tally = (ids: readonly string[]) => (answer: string, choice: string) => inForce().filter((participant) => ids.includes(choice) && participant.choices[choice as keyof ChoiceSnapshot] === answer).length;
    // Questions asked of the same people: a total per question, none across them (a sum of the questions would be a
    // fixed multiple of the number in force).
    const choices = figureOf(snapshot.content, "consent-choices").table;
    expect(choices.total).toBeNull();
    expect(choices.rowTotals).toBeNull();
    expectProtected(choices, ["yes", "no"], sharingChoiceIds, tally(sharingChoiceIds), "questions");
    expectProtected(figureOf(snapshot.content, "findings-preferences").table, ["want", "not_want", "undecided"], findingsChoiceIds, tally(findingsChoiceIds), "questions");
    // Everyone in force answered every sharing question: their keys add up alike, so each question's total is the same published number.
    expect(new Set(choices.columnTotals!.map((total) => JSON.stringify(total))).size).toBe(1);
    expect(sharingChoiceIds).toContain("share.international");
    expect(sharingChoiceIds).not.toContain("core.wgs");
  });

  it("re-consent to version 2.0: re-consented (even if they withdrew afterwards), pending, or withdrew instead", () => {
    const asked = participants.filter((participant) => participant !== participants[0] && participant.cohort === "cancer" && participants.indexOf(participant) < 72);
    // As at the end of last month: this month's withdrawal was still pending then.
    const expected: Record<string, number> = { reconsented: reconsented.length, withdrew: 1, pending: asked.length - reconsented.length - 1 };
    expect(expected.pending).toBe(24);
    const figure = figureOf(snapshot.content, "reconsent");
    expect(figure).toMatchObject({ rowDimension: "reconsentState", columnDimension: "version" });
    expectProtected(figure.table, ["reconsented", "pending", "withdrew"], ["2.0"], (row) => expected[row]!);
    expect([pendingWithdrew.status, withdrewThisMonth.status, reconsented[0]!.status]).toEqual(["withdrawn", "withdrawn", "withdrawn"]);
  });

  it("the bridge's decisions by action and result per month, denials by reason, a made-up action never echoed", () => {
    const expected: Record<string, number> = {
      [`analyze:allowed ${A}`]: 40,
      [`analyze:allowed ${B}`]: 55,
      [`sequence:allowed ${B}`]: 12,
      [`release:denied:withdrawn ${B}`]: 3,
      [`analyze:allowed ${C}`]: 25,
      [`release:allowed ${C}`]: 2,
      [`unrecognised:denied:invalid_request ${C}`]: 1,
    };
    const rows = ["sequence:allowed", "analyze:allowed", "release:allowed", "release:denied:withdrawn", "unrecognised:denied:invalid_request"];
    const figure = figureOf(snapshot.content, "bridge-decisions");
    expect(figure).toMatchObject({ unit: "decisions", rowDimension: "decision" });
    expectProtected(figure.table, rows, months, (row, column) => expected[`${row} ${column}`] ?? 0);
    expect(JSON.stringify(snapshot.content)).not.toContain("DROP TABLE");
  });

  it("releases by recipient type per month; findings returned and closed; campaign messages answered or not", () => {
    const releasesExpected: Record<string, number> = { [`public ${B}`]: 1, [`academia ${C}`]: 1 };
    // Every release is in the public log one by one: the figure counts them exactly and says so (issue 27).
    const releaseFigure = figureOf(snapshot.content, "releases");
    expect(releaseFigure.disclosure).toBe("public");
    expect(releaseFigure.table.cells.map((row) => row.map((one) => (one.kind === "count" ? one.value : one.kind)))).toEqual(
      ["academia", "industry", "international", "public", "certified_producer", "regulator_pmda", "regulator_fda", "regulator_mhra", "regulator_ema"].map((row) => months.map((column) => releasesExpected[`${row} ${column}`] ?? 0)),
    );
    expect(releaseFigure.table.total).toEqual({ kind: "count", value: 2 });
    expect(snapshot.content.figures.filter((figure) => figure.disclosure === "public").map((figure) => figure.id)).toEqual(["releases"]);
    const findingsExpected: Record<string, number> = { [`disclosed ${C}`]: 1, [`unreachable ${B}`]: 1 };
    expectProtected(figureOf(snapshot.content, "findings-returned").table, ["disclosed", "participant_declined", "unreachable", "other"], months, (row, column) => findingsExpected[`${row} ${column}`] ?? 0);
    const recontactExpected: Record<string, number> = { [`responded ${B}`]: 4, [`no_response ${B}`]: 8 };
    const recontact = figureOf(snapshot.content, "recontact-responses");
    expect(recontact).toMatchObject({ unit: "letters", rowDimension: "response" });
    expectProtected(recontact.table, ["responded", "no_response"], months, (row, column) => recontactExpected[`${row} ${column}`] ?? 0);
  });

  it("cases in force are counted by programme and whether they had said yes to a study, beside the programme's goal of half", () => {
    const figure = figureOf(snapshot.content, "study-registration");
    expect(figure).toMatchObject({ unit: "participants", rowDimension: "registration", columnDimension: "cohort", target: { row: "registered", share: 0.5 } });
    const cases = inForce();
    const expected = (row: string, column: string) => {
      const inArea = cases.filter((participant) => participant.cohort === column);
      const registered = inArea.filter((participant) => registeredInStudies.includes(participant)).length;
      return row === "registered" ? registered : inArea.length - registered;
    };
    expect(registeredInStudies).toHaveLength(12);
    expectProtected(figure.table, ["registered", "not_registered"], ["cancer", "rare_disease"], expected);
  });

  it("the release log lists every release newest first, with the approval's reference, the manifest hash, and <10 for a 4-sample release", () => {
    const log = snapshot.content.releaseLog;
    expect(log.map((entry) => entry.releaseId)).toEqual([releases.academiaNow.id, releases.academiaC.id, releases.publicB.id]);
    const [latest, small, publicRelease] = log as [(typeof log)[number], (typeof log)[number], (typeof log)[number]];
    expect(small).toMatchObject({ approvalReference: approvalReference, datasetId: "wgs-cancer-2026", recipient: "academia", released: { kind: "small" }, excluded: { kind: "small" }, manifestSha256: releases.academiaC.manifestSha256 });
    expect(publicRelease).toMatchObject({ approvalReference: null, recipient: "public", released: { kind: "count" }, excluded: { kind: "count" }, manifestSha256: releases.publicB.manifestSha256 });
    expect(latest).toMatchObject({ released: { kind: "count" }, excluded: { kind: "small" }, manifestSha256: releases.academiaNow.manifestSha256 });
    for (const [published, truth] of [[publicRelease.released, 15], [publicRelease.excluded, 13], [latest.released, 30]] as const) {
      expect(published.kind === "count" && published.value >= 10 && Math.abs(published.value - truth) <= perturbationRangeOf(truth), JSON.stringify(published)).toBe(true);
    }
  });

  it("approved uses are the register's, by the status it shows now", () => {
    expect(snapshot.content.approvedUses).toEqual({ active: 1, upcoming: 1, expired: 1, suspended: 1, revoked: 0 });
  });

  it("nothing protected is ever published as a count below 10", () => {
    const published: PublishedCount[] = [];
    for (const figure of snapshot.content.figures.filter((candidate) => candidate.disclosure === "protected")) {
      published.push(...figure.table.cells.flat(), ...(figure.table.rowTotals ?? []), ...(figure.table.columnTotals ?? []), ...(figure.table.total ? [figure.table.total] : []));
    }
    for (const entry of snapshot.content.releaseLog) published.push(entry.released, entry.excluded);
    expect(published.length).toBeGreaterThan(100);
    for (const count of published) {
      if (count.kind === "count") expect(count.value >= 10, JSON.stringify(count)).toBe(true);
      else expect(["small", "withheld"]).toContain(count.kind);
    }
    // And the stored JSON holds only what the schema lets through: no stray raw numbers beside the tables (the desk's
    // medians are days, never a count of questions).
    expect(Object.keys(snapshot.content).sort()).toEqual(["approvedUses", "enquiryAnswerTimes", "figures", "releaseLog", "throughMonth", "version"]);
    expect(Object.keys(snapshot.content.enquiryAnswerTimes).sort()).toEqual(["lastTwelveMonths", "months"]);
    for (const month of snapshot.content.enquiryAnswerTimes.months) expect(Object.keys(month).sort()).toEqual(["medianDays", "month"]);
  });
});

describe("the downloads", () => {
  it("a figure's CSV carries the time it was computed and the published checkpoint on every line, and no ledger position", () => {
    const figure = figureOf(snapshot.content, "enrolments");
    const [header, ...lines] = parse(figureCsv(figure, snapshot), { bom: true }) as string[][];
    expect(header!.slice(0, 5)).toEqual(["cohort", A, B, C, "total"]);
    expect(lines.map((line) => line[0])).toEqual(["cancer", "rare_disease", "total"]);
    expect(lines[0]![1]).toBe("<10");
    const field = (line: string[], column: string) => line[header!.indexOf(column)];
    for (const line of lines) {
      expect(field(line, "computed_at")).toBe(now.toISOString());
      expect(field(line, "snapshot_id")).toBe(snapshot.id);
      expect(field(line, "through_month")).toBe(C);
      expect(field(line, "checkpoint_seq")).toBe("7");
      expect(line).not.toContain(checkpoint.chainHash);
    }
    expect(header).not.toContain("global_seq");
    expect(header).not.toContain("audit_through_id");
  });

  it("the release log's CSV carries the manifest hashes and the published checkpoint", () => {
    const [header, ...lines] = parse(releaseLogCsv(snapshot), { bom: true }) as string[][];
    expect(lines.map((line) => line[header!.indexOf("manifest_sha256")])).toEqual([releases.academiaNow.manifestSha256, releases.academiaC.manifestSha256, releases.publicB.manifestSha256]);
    expect(lines[1]![header!.indexOf("samples_released")]).toBe("<10");
    for (const line of lines) expect(line[header!.indexOf("checkpoint_seq")]).toBe("7");
  });
});

describe("the consultation desk", () => {
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = sorted.length / 2;
    return sorted.length % 2 === 0 ? (sorted[middle - 1]! + sorted[middle]!) / 2 : sorted[Math.floor(middle)]!;
  };
  const days = (hours: number) => Math.round((hours / 24) * 10) / 10;

  it("counts questions by the month they were answered or closed, and whether by the due day; this month's and the waiting one in no month", () => {
    const truth: Record<string, Record<string, number>> = { answered_in_time: { [B]: 12, [C]: 4 }, answered_late: { [B]: 2 }, closed: { [B]: 3 } };
    const figure = figureOf(snapshot.content, "enquiries");
    expect(figure.table.rows).toEqual(["answered_in_time", "answered_late", "closed"]);
    expect(figure.table.columns).toEqual(months);
    expectProtected(figure.table, figure.table.rows, months, (row, column) => truth[row]?.[column] ?? 0);
  });

  it("publishes the median days to answer for a month with ten answers or more, and none for fewer; closed questions are not in it", () => {
    expect(snapshot.content.enquiryAnswerTimes.months).toEqual([
      { month: A, medianDays: null },
      { month: B, medianDays: days(median(answerHours.B)) },
      { month: C, medianDays: null },
    ]);
    expect(snapshot.content.enquiryAnswerTimes.months[1]!.medianDays).toBe(7.5);
    expect(snapshot.content.enquiryAnswerTimes.lastTwelveMonths).toBe(days(median([...answerHours.B, ...answerHours.C])));
  });
});

describe("how consent felt", () => {
  it("counts each facility's answers by statement and band, as they stood at the end of last month, through disclosure control", () => {
    const figure = figureOf(snapshot.content, "consent-experience");
    const statements = ["understood", "enoughTime", "freeToDecline", "clear"];
    const codes = [surveyFacilities.surveyed, surveyFacilities.few, surveyFacilities.unanswered];
    const columns = codes.flatMap((code) => statements.map((statement) => `${code}:${statement}`));
    // Other tests' facilities may have been asked too: only these three are checked, in the code order the page shows.
    expect(figure.table.columns.filter((column) => codes.includes(column.split(":")[0]!))).toEqual(columns);
    expect(figure.table.rows).toEqual(["agree", "neither", "disagree"]);
    const truth: Record<string, number> = {
      [`agree|${codes[0]}:understood`]: 12,
      [`agree|${codes[0]}:enoughTime`]: 10,
      [`neither|${codes[0]}:enoughTime`]: 2,
      [`agree|${codes[0]}:freeToDecline`]: 11,
      [`disagree|${codes[0]}:freeToDecline`]: 1,
      [`agree|${codes[0]}:clear`]: 12,
      ...Object.fromEntries(statements.map((statement) => [`disagree|${codes[1]}:${statement}`, 2])),
    };
    const only = figure.table.columns.map((column, index) => ({ column, index })).filter(({ column }) => columns.includes(column));
    const table = { ...figure.table, columns: only.map(({ column }) => column), cells: figure.table.cells.map((cells) => only.map(({ index }) => cells[index]!)), columnTotals: only.map(({ index }) => figure.table.columnTotals![index]!) };
    expectProtected(table, figure.table.rows, columns, (row, column) => truth[`${row}|${column}`] ?? 0, "questions");
    // A table of questions: no total across the statements, which would count each person four times.
    expect(figure.table.total).toBeNull();
    expect(figure.table.rowTotals).toBeNull();
    expect(figure.keyNames?.[surveyFacilities.surveyed]).toEqual({ ja: expect.any(String), en: "Survey Hospital A" });
  });
});

describe("the panel's make-up against the cohort", () => {
  it("counts the members seated at the end of last month, by area, region and age, beside the cohort in force then", () => {
    const area = figureOf(snapshot.content, "panel-makeup-area");
    expect(area.table.columns).toEqual(["panel", "cohort"]);
    expect(area.table.rows).toEqual(["cancer", "rare_disease", "other"]);
    // Ten members at the month's end: seven know cancer (one of whom left), three rare disease — the one who leaves this
    // month still sat then; the one seated this month not yet.
    const panel: Record<string, number> = { cancer: 6, rare_disease: 4, other: 0 };
    const cohortCell = (row: string) => {
      const column = area.table.columns.indexOf("cohort");
      return area.table.cells[area.table.rows.indexOf(row)]![column]!;
    };
    const table = { ...area.table, columns: ["panel"], cells: area.table.cells.map((cells) => [cells[0]!]), columnTotals: [area.table.columnTotals![0]!] };
    expectProtected(table, area.table.rows, ["panel"], (row) => panel[row] ?? 0, "questions");
    expect(area.table.total).toBeNull();
    // The cohort column is the consent choices' own population: the same people, so the very same published total.
    expect(area.table.columnTotals![1]).toEqual(figureOf(snapshot.content, "consent-choices").table.columnTotals![0]);
    expect(cohortCell("other").kind).not.toBe("withheld");
    // Regions from the prefectures (Tokyo → Kanto, Hokkaido); the cohort's hospitals have none recorded here.
    const region = figureOf(snapshot.content, "panel-makeup-region");
    expect(region.table.rows).toEqual(["hokkaido", "tohoku", "kanto", "chubu", "kinki", "chugoku", "shikoku", "kyushu_okinawa", "not_recorded"]);
    const regionPanel: Record<string, number> = { kanto: 7, hokkaido: 3 };
    expectProtected({ ...region.table, columns: ["panel"], cells: region.table.cells.map((cells) => [cells[0]!]), columnTotals: [region.table.columnTotals![0]!] }, region.table.rows, ["panel"], (row) => regionPanel[row] ?? 0, "questions");
    const age = figureOf(snapshot.content, "panel-makeup-age");
    expect(age.table.rows.slice(0, 5)).toEqual(["under_18", "18_39", "40_59", "60_74", "75_plus"]);
    // The panel's total is one number in all three figures (the same members, the same key).
    expect(new Set([area, region, age].map((figure) => JSON.stringify(figure.table.columnTotals![0])))).toHaveProperty("size", 1);
  });
});

describe("computed alone", () => {
  it("reads in one read-only transaction of its own and gives the same figures for the same moment", async () => {
    expect(await computeSnapshotContent(now)).toEqual(snapshot.content);
  });

  it("before the programme's first complete month, every time series is a figure with no columns and a total of <10 (0 for the releases, which are public)", async () => {
    const early = await computeSnapshotContent(at(A, 1));
    expect(early.throughMonth).toBe(addMonths(A, -1));
    for (const figure of early.figures.filter((candidate) => candidate.columnDimension === "month")) {
      expect(figure.table.columns, figure.id).toEqual([]);
      expect(figure.table.cells.every((row) => row.length === 0)).toBe(true);
      // Nothing counted yet: "<10" where protected, and 0 where the count is public anyway (the release log is empty).
      expect(figure.table).toMatchObject({ rowTotals: null, columnTotals: null, total: figure.disclosure === "public" ? { kind: "count", value: 0 } : { kind: "small" } });
    }
    expect(figureOf(early, "bridge-decisions").table.rows).toEqual([]);
    expect(early.releaseLog).toEqual([]);
  });
});
