import { randomBytes } from "node:crypto";
import { getDatabase, type Database } from "../../db.server";
import { hashPassword } from "../../domain/auth/index.server";
import type { ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import { currentFormVersionForParticipant } from "../../domain/consent/index.server";
import { programmeFormKeys } from "../../domain/consent/index";
import { grantConsent } from "../../domain/consent/index.server";
import { recordAssent } from "../../domain/consent/index.server";
import { withdrawConsent } from "../../domain/consent/index.server";
import type { DemoAccount, DemoParticipant } from "./demo-file";
import { demoEmail } from "./seed-demo-accounts.server";
import { ensurePublishedFormVersion } from "./seed-consent-forms.server";
import { seedDemoFacilities } from "./seed-demo-facilities.server";
import type { ProgrammeArea } from "../../domain/consent/index";

interface Spec {
  state: DemoParticipant["state"];
  /** Where they are enrolled (seed-demo-facilities): the demo coordinator's DEMO01, or DEMO02. */
  facility: string;
  email: string;
  fullName: string;
  dateOfBirth: string;
  choices: Partial<ChoiceSnapshot>;
}

const everything: ChoiceSnapshot = {
  "core.wgs": "yes",
  "return.primary": "yes",
  "findings.secondary.hereditary_cancer": "want",
  "findings.secondary.other_actionable": "want",
  "share.academia": "yes",
  "share.industry": "yes",
  "share.international": "no",
  "share.public_db": "yes",
  "specimen.joint_research": "yes",
  "specimen.industry_only": "no",
  "recontact.research": "yes",
  "recontact.findings_update": "yes",
  "recontact.channel": "email",
  "recontact.frequency": "as_needed",
  "linkage.public_db": "yes",
  // Asked from version 2.0 on (ADR 143); left out for a version that does not offer it.
  "disposition.life_event": "stop_new_use",
};

/** The demo's answers for the choices this version offers, and no others (a version refuses a choice it does not ask). */
function answersFor(version: { content: { choiceIds: readonly string[] } }, choices: ChoiceSnapshot): ChoiceSnapshot {
  return Object.fromEntries(Object.entries(choices).filter(([id]) => version.content.choiceIds.includes(id)));
}

// Signed under 1.1, before 2.0 (a major change to overseas sharing) is published; only the one who allowed
// overseas sharing is then asked to re-consent.
const beforeMajorVersion: Spec[] = [
  { state: "secondary_findings_declined", facility: "DEMO02", email: "participant-findings-declined@demo.tsunagi.test", fullName: "鈴木 一郎", dateOfBirth: "1958-09-14", choices: { "findings.secondary.hereditary_cancer": "not_want", "findings.secondary.other_actionable": "not_want" } },
  { state: "reconsent_required", facility: "DEMO01", email: "participant-reconsent@demo.tsunagi.test", fullName: "高橋 直子", dateOfBirth: "1971-02-03", choices: { "share.international": "yes" } },
  { state: "withdrawn", facility: "DEMO02", email: "participant-withdrawn@demo.tsunagi.test", fullName: "伊藤 誠", dateOfBirth: "1949-11-30", choices: {} },
];
const consented: Spec = { state: "consented", facility: "DEMO01", email: demoEmail("participant"), fullName: "山田 花子", dateOfBirth: "1962-07-21", choices: {} };
// Left both findings categories to decide after counselling, so the demo counsellor (DEMO02) has a finding to offer
// a conversation about; added after the others, so every earlier demo participant stays as it was.
const findingsUndecided: Spec = {
  state: "secondary_findings_undecided",
  facility: "DEMO02",
  email: "participant-findings-undecided@demo.tsunagi.test",
  fullName: "中村 美咲",
  dateOfBirth: "1980-03-18",
  choices: { "findings.secondary.hereditary_cancer": "undecided", "findings.secondary.other_actionable": "undecided" },
};
const child = { fullName: "佐藤 陽太", dateOfBirth: "2014-05-05", facility: "DEMO01" };

const request = { ipAddress: "127.0.0.1", userAgent: "tsunagi-seed" };

function newPassword(): string {
  return `demo-${randomBytes(9).toString("base64url")}`;
}

function code(length: number): string {
  const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  return Array.from(randomBytes(length), (byte) => alphabet[byte % 32]).join("");
}

async function createParticipantRecord(
  db: Database,
  facilityId: string,
  fullName: string,
  dateOfBirth: string,
  email: string,
  userId: string | null,
  programmeArea: ProgrammeArea = "cancer",
) {
  const id = code(8);
  return db.participant.create({
    data: {
      pseudonym: `TGP-${id.slice(0, 4)}-${id.slice(4)}`,
      facilityId,
      programmeArea,
      userId,
      identity: { create: { fullName, dateOfBirth: new Date(`${dateOfBirth}T00:00:00Z`), email } },
      samples: { create: [{ sampleCode: `S-${code(10)}`, kind: "tumour" }, { sampleCode: `S-${code(10)}`, kind: "blood" }] },
    },
    include: { samples: true },
  });
}

/**
 * A demo participant stays at the facility the demo puts them at: databases seeded before facilities existed
 * had every one at DEMO01, and a re-run moves the DEMO02 ones there (enrolment site is not part of the ledger).
 */
async function keepAtFacility(db: Database, participant: { id: string; facilityId: string }, facilityId: string): Promise<void> {
  if (participant.facilityId !== facilityId) await db.participant.update({ where: { id: participant.id }, data: { facilityId } });
}

function describe(
  participant: { pseudonym: string; samples: { sampleCode: string }[] },
  spec: { state: DemoParticipant["state"]; fullName: string; dateOfBirth: string; facility: string },
  signIn: DemoParticipant["signIn"],
): DemoParticipant {
  return {
    state: spec.state,
    pseudonym: participant.pseudonym,
    sampleCodes: participant.samples.map((sample) => sample.sampleCode).sort(),
    fullName: spec.fullName,
    dateOfBirth: spec.dateOfBirth,
    signIn,
    facility: spec.facility,
  };
}

/** A participant account with a known password: kept from demo.json when possible, otherwise set afresh. */
async function participantUser(db: Database, spec: Spec, known: DemoParticipant[], accounts: DemoAccount[]): Promise<{ id: string; password: string }> {
  // The role accounts (demo.json "accounts") already have their credentials; reuse them rather than reset them.
  const account = accounts.find((entry) => entry.email === spec.email);
  const accountUser = account ? await db.user.findUnique({ where: { email: spec.email } }) : null;
  if (account && accountUser) return { id: accountUser.id, password: account.password };
  const previous = known.find((entry) => entry.signIn.email === spec.email);
  const existing = await db.user.findUnique({ where: { email: spec.email } });
  if (existing && previous) return { id: existing.id, password: previous.signIn.password };
  const password = previous?.signIn.password ?? newPassword();
  const passwordHash = await hashPassword(password);
  const user = await db.user.upsert({
    where: { email: spec.email },
    create: { email: spec.email, role: "participant", displayName: spec.fullName, passwordHash },
    update: { passwordHash, displayName: spec.fullName, disabledAt: null },
  });
  return { id: user.id, password };
}

async function seedSelf(db: Database, spec: Spec, facilityIds: Map<string, string>, known: DemoParticipant[], accounts: DemoAccount[]): Promise<DemoParticipant> {
  const user = await participantUser(db, spec, known, accounts);
  const signIn = { as: "participant" as const, email: spec.email, password: user.password };
  const facilityId = facilityIds.get(spec.facility)!;
  const existing = await db.participant.findUnique({ where: { userId: user.id }, include: { samples: true } });
  if (existing) {
    await keepAtFacility(db, existing, facilityId);
    return describe(existing, spec, signIn);
  }
  const participant = await createParticipantRecord(db, facilityId, spec.fullName, spec.dateOfBirth, spec.email, user.id);
  const version = await currentFormVersionForParticipant(participant.id, db);
  await grantConsent(
    { participantId: participant.id, formVersionId: version.id, choices: answersFor(version, { ...everything, ...spec.choices }), printedName: spec.fullName, language: "ja", signer: { kind: "participant" }, actor: { userId: user.id, role: "participant" }, method: "online", request },
    db,
  );
  if (spec.state === "withdrawn") {
    await withdrawConsent({ participantId: participant.id, level: "no_further_use", actor: { userId: user.id, role: "participant" }, method: "online", language: "ja", request }, db);
  }
  return describe(participant, spec, signIn);
}

async function seedProxyWithChild(db: Database, facilityIds: Map<string, string>, accounts: DemoAccount[]): Promise<DemoParticipant | null> {
  const proxyAccount = accounts.find((account) => account.role === "proxy");
  const proxyUser = proxyAccount ? await db.user.findUnique({ where: { email: proxyAccount.email } }) : null;
  if (!proxyAccount || !proxyUser) return null;
  const spec = { state: "proxy_with_child" as const, ...child };
  const signIn = { as: "proxy" as const, email: proxyAccount.email, password: proxyAccount.password };
  const facilityId = facilityIds.get(child.facility)!;
  const existing = await db.proxyAssignment.findFirst({ where: { proxyUserId: proxyUser.id }, include: { participant: { include: { samples: true } } } });
  if (existing) {
    await keepAtFacility(db, existing.participant, facilityId);
    return describe(existing.participant, spec, signIn);
  }
  // The child joined through the rare-disease arm, so a campaign aimed at either arm has someone to reach, and the
  // proxy signs the rare-disease form for them (ADR 124).
  const participant = await createParticipantRecord(db, facilityId, child.fullName, child.dateOfBirth, proxyAccount.email, null, "rare_disease");
  const assignment = await db.proxyAssignment.create({
    data: { participantId: participant.id, proxyUserId: proxyUser.id, fullName: proxyUser.displayName, email: proxyUser.email, relationship: "parent" },
  });
  const version = await currentFormVersionForParticipant(participant.id, db);
  const actor = { userId: proxyUser.id, role: "proxy" };
  await grantConsent(
    { participantId: participant.id, formVersionId: version.id, choices: answersFor(version, { ...everything, "share.industry": "no" }), printedName: proxyUser.displayName, language: "ja", signer: { kind: "proxy", proxyAssignmentId: assignment.id }, actor, method: "online", request },
    db,
  );
  const assentStatement = version.content.languages["ja-easy"].signatureStatement;
  await recordAssent({ participantId: participant.id, childPrintedName: child.fullName, statement: assentStatement, language: "ja-easy", actor, method: "online", request }, db);
  return describe(participant, spec, signIn);
}

/**
 * Demo participants in every state the issue names, spread over the two demo facilities (the demo coordinator's
 * DEMO01: consented, re-consent required, the proxy's child; DEMO02: findings declined, withdrawn, findings undecided). Idempotent:
 * people who exist keep their records (a ledger cannot be re-seeded) and, when demo.json still knows them,
 * their passwords.
 */
export async function seedDemoParticipants(known: DemoParticipant[], accounts: DemoAccount[], db: Database = getDatabase()): Promise<DemoParticipant[]> {
  await ensurePublishedFormVersion("1.0", {}, db);
  await ensurePublishedFormVersion("1.1", {}, db);
  await ensurePublishedFormVersion("1.0", { formKey: programmeFormKeys.rare_disease }, db);
  const facilityIds = await seedDemoFacilities(db);
  const participants: DemoParticipant[] = [];
  for (const spec of beforeMajorVersion) participants.push(await seedSelf(db, spec, facilityIds, known, accounts));
  const proxied = await seedProxyWithChild(db, facilityIds, accounts);
  if (proxied) participants.push(proxied);
  // Staff ask the demo's re-consent by six weeks from the seed, as they would a real one (ADR 120): home and /consent say so.
  await ensurePublishedFormVersion("2.0", { reconsentDeadline: new Date(Date.now() + 42 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10) }, db);
  participants.unshift(await seedSelf(db, consented, facilityIds, known, accounts));
  participants.push(await seedSelf(db, findingsUndecided, facilityIds, known, accounts));
  return participants;
}
