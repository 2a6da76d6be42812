import { randomBytes } from "node:crypto";
import type { ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import { applyConsentEvent, type ConsentProjection } from "@tsunagi/consent-rules/consent-projection";
import { OUTBOX_NOTIFY_CHANNEL } from "@tsunagi/consent-rules/consent-change-message";
import { offeredChoices } from "@tsunagi/consent-rules/form-content";
import type { LedgerEventBody, LedgerEventRecord, WithdrawalLevel } from "@tsunagi/consent-rules/ledger-event";
import { Prisma } from "../../generated/prisma/client";
import { getDatabase, type Database, type Transaction } from "../../db.server";
import { hashPassword } from "../../domain/auth/index.server";
import { programmeFormKeys } from "../../domain/consent/index";
import { loadFormVersion, type FormVersion } from "../../domain/consent/index.server";
import { LEDGER_LOCK_KEY } from "../../domain/consent/index.server";
import { chainHashOf, GENESIS_HASH, hashEventBody, verificationCodeOf } from "../../domain/consent/index.server";
import { rowFromProjection } from "../../domain/consent/index";
import { completeChoices } from "../../domain/consent/index";
import { consentChangeMessage } from "../../domain/consent/index.server";
import type { DemoCohort } from "./demo-file";
import { ensurePublishedFormVersion } from "./seed-consent-forms.server";
import { seedDemoFacilities } from "./seed-demo-facilities.server";

/**
 * The demo cohort (issue 29): a few thousand synthetic participants enrolled over the last two years, so the
 * transparency dashboard and the staff lists show real figures rather than six people. Each has a paper consent
 * signed at one of the demo facilities, one blood sample, and some a later change of choices or a withdrawal.
 *
 * Written in bulk, in one transaction: the rows are the ones the ledger's verbs write (events with both hash chains,
 * consent states, outbox rows, audit rows), computed here with the ledger's own hashing and projection, and inserted
 * a few hundred to a statement. A verb at a time would take minutes: each append is several round trips under the
 * ledger lock. The history lies in the past, so it can only go in front of a ledger's first event (time never runs
 * against the chains, and a published month's figures never change, ADR 044): the cohort is made in a database
 * whose ledger is still empty, and skipped in one that already has events. Made once: a second run finds it.
 *
 * One member, the last enrolled, has a sign-in of their own, for trying withdrawal on someone nothing else in the
 * demo rests on.
 */

/** How many `npm start` makes; `npm run db:seed` too. */
export const DEMO_COHORT_SIZE = 3000;
/** How far back the cohort's enrolments go. */
export const DEMO_COHORT_MONTHS = 24;
/** Pseudonyms `TGP-U000-0042`: U is outside the alphabet of the other demo pseudonyms, so none can look like these. */
export const DEMO_COHORT_PREFIX = "TGP-U";
export const DEMO_WITHDRAWAL_EMAIL = "participant-try-withdrawal@demo.tsunagi.test";

const BATCH = 500;
const DAY_MS = 86_400_000;

const familyNames = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田", "佐々木", "山口", "松本", "井上"];
const givenNames = ["太郎", "花子", "健一", "由美", "誠", "恵子", "大輔", "陽子", "翔太", "美穂", "浩二", "直美", "拓也", "明美", "和夫", "幸子"];

/** A small deterministic generator (mulberry32): the same cohort from one run to the next, whatever the clock. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function cohortPseudonym(index: number): string {
  return `${DEMO_COHORT_PREFIX}${String(Math.floor(index / 10_000)).padStart(3, "0")}-${String(index % 10_000).padStart(4, "0")}`;
}

interface Member {
  id: string;
  pseudonym: string;
  sampleCode: string;
  fullName: string;
  dateOfBirth: Date;
  facilityId: string;
  programmeArea: "cancer" | "rare_disease";
  enrolledAt: Date;
}

interface PlannedEvent {
  member: Member;
  at: Date;
  type: "granted" | "choices_changed" | "withdrawn";
  method: "paper" | "phone" | "letter";
  choices: ChoiceSnapshot;
  withdrawalLevel: WithdrawalLevel | null;
  detail: Record<string, unknown>;
  signature: LedgerEventBody["signature"];
}

function uuidFrom(random: () => number): string {
  const bytes = Buffer.from(Array.from({ length: 16 }, () => Math.floor(random() * 256)));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface SeedDemoCohortResult {
  /** What demo.json says about the cohort; null when it was not made (the ledger already held other events). */
  cohort: DemoCohort | null;
  created: boolean;
}

/**
 * Makes the cohort of `size` participants if the ledger is empty, or finds the one made before (`known` keeps the
 * trial participant's password across runs). `now` fixes the clock (tests).
 */
export async function seedDemoCohort(options: { size?: number; known?: DemoCohort | null; now?: Date } = {}, db: Database = getDatabase()): Promise<SeedDemoCohortResult> {
  const size = options.size ?? DEMO_COHORT_SIZE;
  const existing = await db.participant.count({ where: { pseudonym: { startsWith: DEMO_COHORT_PREFIX } } });
  if (existing > 0) return { cohort: await describeExisting(db, existing, options.known ?? null), created: false };
  if (size <= 0 || (await db.consentEvent.count({ take: 1 })) > 0) return { cohort: null, created: false };

  const now = options.now ?? new Date();
  const random = generator(29);
  // Signed on paper on the form current at the cohort's start (cancer 1.1, 1.0 before it; rare disease 1.0).
  const start = new Date(now.getTime() - DEMO_COHORT_MONTHS * 30 * DAY_MS);
  await ensurePublishedFormVersion("1.0", { publishedAt: new Date(start.getTime() - 60 * DAY_MS) }, db);
  // Each arm signs its own form (ADR 124): the cancer cohort 1.1, the rare-disease cohort the rare-disease form's 1.0.
  const versions: Record<Member["programmeArea"], FormVersion> = {
    cancer: await loadFormVersion(await ensurePublishedFormVersion("1.1", { publishedAt: new Date(start.getTime() - 30 * DAY_MS) }, db), db),
    rare_disease: await loadFormVersion(await ensurePublishedFormVersion("1.0", { publishedAt: new Date(start.getTime() - 30 * DAY_MS), formKey: programmeFormKeys.rare_disease }, db), db),
  };
  const facilityIds = [...(await seedDemoFacilities(db)).values()];

  // Enrolments spread over the months, a little more each month as the programme grows; the last is the trial member.
  const members: Member[] = Array.from({ length: size }, (_, index): Member => {
    const position = Math.sqrt((index + random()) / size);
    const enrolledAt = new Date(start.getTime() + Math.floor(position * (now.getTime() - start.getTime() - 2 * DAY_MS)));
    return {
      id: uuidFrom(random),
      pseudonym: cohortPseudonym(index),
      sampleCode: `S-U${String(index).padStart(9, "0")}`,
      fullName: `${familyNames[Math.floor(random() * familyNames.length)]} ${givenNames[Math.floor(random() * givenNames.length)]}`,
      dateOfBirth: new Date(Date.UTC(1940 + Math.floor(random() * 60), Math.floor(random() * 12), 1 + Math.floor(random() * 28))),
      facilityId: facilityIds[index % facilityIds.length]!,
      programmeArea: random() < 0.7 ? "cancer" : "rare_disease",
      enrolledAt,
    };
  }).sort((a, b) => a.enrolledAt.getTime() - b.enrolledAt.getTime());
  const trial = members[members.length - 1]!;

  const pick = <T>(values: readonly T[], weights: readonly number[]): T => {
    let roll = random() * weights.reduce((sum, weight) => sum + weight, 0);
    for (let index = 0; index < values.length; index++) if ((roll -= weights[index]!) < 0) return values[index]!;
    return values[values.length - 1]!;
  };
  const events: PlannedEvent[] = [];
  for (const member of members) {
    const version = versions[member.programmeArea];
    const offered = new Set<string>(offeredChoices(version.content));
    const only = (choices: Record<string, string>) => Object.fromEntries(Object.entries(choices).filter(([id]) => offered.has(id)));
    const statement = version.content.languages.ja.signatureStatement;
    // Overseas sharing stays "no": the demo's version 2.0 then asks none of the cohort to re-consent.
    const choices = completeChoices(
      version.content,
      only({
        "core.wgs": "yes",
        "return.primary": "yes",
        "findings.secondary.hereditary_cancer": pick(["want", "not_want", "undecided"], [70, 18, 12]),
        "findings.secondary.other_actionable": pick(["want", "not_want", "undecided"], [60, 25, 15]),
        "share.academia": pick(["yes", "no"], [92, 8]),
        "share.industry": pick(["yes", "no"], [65, 35]),
        "share.international": "no",
        "share.public_db": pick(["yes", "no"], [80, 20]),
        "specimen.joint_research": pick(["yes", "no"], [85, 15]),
        "specimen.industry_only": pick(["yes", "no"], [40, 60]),
        "recontact.research": pick(["yes", "no"], [75, 25]),
        "recontact.findings_update": pick(["yes", "no"], [85, 15]),
        "recontact.channel": pick(["email", "post"], [60, 40]),
        "recontact.frequency": "as_needed",
        "linkage.public_db": pick(["yes", "no"], [70, 30]),
        // Asked from version 2.0 on (ADR 143); drawn only where offered, so the cohort of an earlier version stays the same.
        ...(offered.has("disposition.life_event") ? { "disposition.life_event": pick(["keep_using", "stop_new_use", "destroy"], [55, 35, 10]) } : {}),
      }),
    );
    events.push({
      member,
      at: member.enrolledAt,
      type: "granted",
      method: "paper",
      choices,
      withdrawalLevel: null,
      detail: { formVersion: version.version, permittedPurposes: version.content.permittedPurposes },
      signature: { printedName: member.fullName, signedAt: member.enrolledAt.toISOString(), statement, language: "ja" },
    });
    if (member === trial) continue;
    const remaining = now.getTime() - DAY_MS - member.enrolledAt.getTime();
    let current = choices;
    let at = member.enrolledAt;
    if (random() < 0.12 && remaining > 20 * DAY_MS) {
      at = new Date(at.getTime() + Math.floor((0.1 + random() * 0.5) * remaining));
      const id = "share.industry";
      const next = { ...current, [id]: current[id] === "yes" ? "no" : "yes" } as ChoiceSnapshot;
      events.push({ member, at, type: "choices_changed", method: "phone", choices: next, withdrawalLevel: null, detail: { changed: [id], previous: { [id]: current[id] }, language: "ja" }, signature: null });
      current = next;
    }
    const left = now.getTime() - DAY_MS - at.getTime();
    if (random() < 0.09 && left > 10 * DAY_MS) {
      events.push({
        member,
        at: new Date(at.getTime() + Math.floor((0.2 + random() * 0.8) * left)),
        type: "withdrawn",
        method: pick(["phone", "letter"], [60, 40]),
        choices: current,
        withdrawalLevel: pick<WithdrawalLevel>(["no_contact", "no_further_use", "destroy"], [45, 40, 15]),
        detail: { language: "ja" },
        signature: null,
      });
    }
  }
  events.sort((a, b) => a.at.getTime() - b.at.getTime());

  const password = `demo-${randomBytes(9).toString("base64url")}`;
  const passwordHash = await hashPassword(password);
  await db.$transaction(
    async (tx) => {
      // The ledger's own lock: no verb appends while the cohort goes in front, and the ledger is still empty under it.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LEDGER_LOCK_KEY})`;
      if ((await tx.consentEvent.count({ take: 1 })) > 0) return;
      await insertCohort(tx, members, events, versions, trial, passwordHash);
    },
    { timeout: 300_000, maxWait: 30_000 },
  );
  if ((await db.participant.count({ where: { pseudonym: { startsWith: DEMO_COHORT_PREFIX } } })) === 0) return { cohort: null, created: false };
  return { cohort: cohortOf(size, members[0]!.enrolledAt, trial.pseudonym, password), created: true };
}

async function insertCohort(
  tx: Transaction,
  members: Member[],
  planned: PlannedEvent[],
  versions: Record<Member["programmeArea"], FormVersion>,
  trial: Member,
  passwordHash: string,
): Promise<void> {
  const user = await tx.user.create({ data: { email: DEMO_WITHDRAWAL_EMAIL, role: "participant", displayName: trial.fullName, passwordHash } });
  // As withdrawConsent does at "destroy": the samples marked for destruction, the identity's erasable details erased.
  const destroyedAt = new Map(planned.filter((plan) => plan.withdrawalLevel === "destroy").map((plan) => [plan.member.id, plan.at]));
  for (let first = 0; first < members.length; first += BATCH) {
    const batch = members.slice(first, first + BATCH);
    await tx.participant.createMany({
      data: batch.map((member) => ({ id: member.id, pseudonym: member.pseudonym, facilityId: member.facilityId, programmeArea: member.programmeArea, createdAt: member.enrolledAt, userId: member === trial ? user.id : null })),
    });
    await tx.participantIdentity.createMany({
      data: batch.map((member) => ({ participantId: member.id, fullName: member.fullName, dateOfBirth: member.dateOfBirth, email: member === trial ? DEMO_WITHDRAWAL_EMAIL : null, erasedAt: destroyedAt.get(member.id) ?? null })),
    });
    await tx.sample.createMany({
      data: batch.map((member) => ({ participantId: member.id, sampleCode: member.sampleCode, kind: "blood" as const, createdAt: member.enrolledAt, destroyedAt: destroyedAt.get(member.id) ?? null })),
    });
  }

  // Both chains and every projection, as appendConsentEvent computes them, one event after another in time order.
  const random = generator(2029);
  const states = new Map<string, ConsentProjection>();
  const heads = new Map<string, { seq: number; hash: string }>();
  let globalPrevHash = GENESIS_HASH;
  const labels = new Map(Object.values(versions).map((version) => [version.id, version.version]));
  const rows: { event: LedgerEventRecord; occurredAt: Date; state: ConsentProjection; message: unknown; pseudonym: string }[] = [];
  for (const [index, plan] of planned.entries()) {
    const own = heads.get(plan.member.id);
    const version = versions[plan.member.programmeArea];
    const body: LedgerEventBody = {
      id: uuidFrom(random),
      globalSeq: String(index + 1),
      participantId: plan.member.id,
      participantSeq: (own?.seq ?? 0) + 1,
      type: plan.type,
      occurredAt: plan.at.toISOString(),
      actorUserId: null,
      actorRole: "coordinator",
      method: plan.method,
      formVersionId: version.id,
      formVersionHash: version.contentHash,
      choices: Object.fromEntries(Object.entries(plan.choices).filter((entry): entry is [string, string] => typeof entry[1] === "string")),
      signature: plan.signature,
      withdrawalLevel: plan.withdrawalLevel,
      detail: plan.detail,
      prevHash: own?.hash ?? GENESIS_HASH,
    };
    const hash = hashEventBody(body);
    const event: LedgerEventRecord = { ...body, hash, globalPrevHash, chainHash: chainHashOf(globalPrevHash, hash), verificationCode: verificationCodeOf(hash) };
    globalPrevHash = event.chainHash;
    heads.set(plan.member.id, { seq: body.participantSeq, hash });
    const state = applyConsentEvent(states.get(plan.member.id) ?? null, { ...event, choices: plan.choices })!;
    states.set(plan.member.id, state);
    const message = await consentChangeMessage(tx, event, state, { pseudonym: plan.member.pseudonym, samples: [{ sampleCode: plan.member.sampleCode, destroyedAt: null }], formVersionLabels: labels });
    rows.push({ event, occurredAt: plan.at, state, message, pseudonym: plan.member.pseudonym });
  }

  for (let first = 0; first < rows.length; first += BATCH) {
    const batch = rows.slice(first, first + BATCH);
    await tx.consentEvent.createMany({
      data: batch.map(({ event, occurredAt }) => ({
        id: event.id,
        globalSeq: BigInt(event.globalSeq),
        participantId: event.participantId,
        participantSeq: event.participantSeq,
        type: event.type,
        occurredAt,
        actorUserId: event.actorUserId,
        actorRole: event.actorRole,
        method: event.method,
        formVersionId: event.formVersionId,
        formVersionHash: event.formVersionHash,
        choices: event.choices,
        signature: event.signature ?? Prisma.DbNull,
        withdrawalLevel: event.withdrawalLevel,
        detail: event.detail as Prisma.InputJsonValue,
        prevHash: event.prevHash,
        hash: event.hash,
        globalPrevHash: event.globalPrevHash,
        chainHash: event.chainHash,
        verificationCode: event.verificationCode,
      })),
    });
    await tx.consentOutbox.createMany({
      data: batch.map(({ event, message, pseudonym }) => ({ globalSeq: BigInt(event.globalSeq), eventId: event.id, pseudonym, payload: message as Prisma.InputJsonValue })),
    });
    await tx.auditEvent.createMany({
      data: batch.map(({ event }) => ({
        type: "consent.recorded",
        outcome: "success",
        detail: { participantId: event.participantId, eventId: event.id, eventType: event.type, method: event.method },
        actorUserId: null,
        subjectUserId: null,
        ipAddress: "127.0.0.1",
        userAgent: "tsunagi-seed (demo cohort)",
      })),
    });
  }
  const finalStates = [...states.values()];
  for (let first = 0; first < finalStates.length; first += BATCH) {
    await tx.consentState.createMany({
      data: finalStates.slice(first, first + BATCH).map((state) => {
        const row = rowFromProjection(state);
        return { ...row, choices: row.choices as Prisma.InputJsonValue };
      }),
    });
  }
  // As each append does: the relay hears of the new outbox rows at commit.
  await tx.$executeRaw`SELECT pg_notify(${OUTBOX_NOTIFY_CHANNEL}, ${String(rows.length)})`;
}

function cohortOf(size: number, since: Date, pseudonym: string, password: string): DemoCohort {
  return { participants: size, months: DEMO_COHORT_MONTHS, since: since.toISOString().slice(0, 10), tryWithdrawal: { pseudonym, email: DEMO_WITHDRAWAL_EMAIL, password } };
}

/** The cohort made before: its size and start from the database, the trial member's password from demo.json (or a new one). */
async function describeExisting(db: Database, size: number, known: DemoCohort | null): Promise<DemoCohort> {
  const first = await db.participant.findFirst({ where: { pseudonym: { startsWith: DEMO_COHORT_PREFIX } }, orderBy: { createdAt: "asc" }, select: { createdAt: true } });
  const trial = await db.user.findUnique({ where: { email: DEMO_WITHDRAWAL_EMAIL }, select: { id: true } });
  const member = trial ? await db.participant.findUnique({ where: { userId: trial.id }, select: { pseudonym: true } }) : null;
  const pseudonym = member?.pseudonym ?? known?.tryWithdrawal.pseudonym ?? "";
  let password = known?.tryWithdrawal.password;
  if (trial && !password) {
    password = `demo-${randomBytes(9).toString("base64url")}`;
    await db.user.update({ where: { id: trial.id }, data: { passwordHash: await hashPassword(password) } });
  }
  return { participants: size, months: DEMO_COHORT_MONTHS, since: (first?.createdAt ?? new Date()).toISOString().slice(0, 10), tryWithdrawal: { pseudonym, email: DEMO_WITHDRAWAL_EMAIL, password: password ?? "" } };
}
