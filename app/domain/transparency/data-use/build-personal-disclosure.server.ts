import { japanDate } from "../../time";
import type { ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import type { ConsentView } from "@tsunagi/consent-rules/decide-action";
import { getDatabase, type Database, type Transaction } from "../../../db.server";
import { translator } from "../../../i18n/i18n";
import type { SupportedLanguage } from "../../../i18n/languages";
import { recordAuditEvent } from "../../kernel/index.server";
import type { RequestContext } from "../../kernel/index";
import { choiceLinesOf, consentViewOfRow, recordFromRow } from "../../consent";
import { consentDocumentFileName, loadFormVersion, type FormVersion, requireConsentSubject } from "../../consent/index.server";
import { findingQueueState } from "../../findings";
import { readParticipantDataUse } from "./load-data-use.server";
import { renderDisclosurePdf } from "./render-disclosure-pdf.server";

/**
 * Everything the platform holds about one participant (issue 16 item 3; ADR 047): the disclosure a person may ask
 * for under Japan's personal-information law (個人情報保護法 第33条, 保有個人データの開示) — identity and contact
 * details, account, proxies, samples, consent choices and their full history from the ledger, consent documents,
 * journeys, questions and answers, invitations, family access, mail sent, recontact, what was done with their data
 * ("who used my data") and the access log.
 *
 * **Findings.** A secondary finding is in it only when the participant has chosen to know findings of its category
 * — the consent rule's `return_secondary` answer now, the one `findingQueueState` gives the counsellor — *and* a
 * counsellor has recorded disclosing it; only the version that was current when it was disclosed. Anything else about
 * a finding stays out, its existence included: no row, no count, no care-team mail about it, no counsellor's step in
 * the access log (findings' audit types are never read here). The law lets a business withhold what would harm the
 * person's rights or interests (第33条第2項第1号); the right not to know is such an interest. Every disclosure carries
 * the same sentence about results whether or not any exist, so the document's shape says nothing either.
 *
 * Read in one REPEATABLE READ transaction, with the audit row in it: what was downloaded is one consistent picture,
 * and a download that failed to render records nothing.
 */

export { disclosureFormats, type AccessLogEntry, type DisclosedFinding, type DisclosureFormat, type DisclosureHistoryEntry, type PersonalDisclosure } from "./personal-disclosure";
import { disclosureSubject, type AccessLogEntry, type DisclosedFinding, type DisclosureFormat, type PersonalDisclosure } from "./personal-disclosure";
import { subjectSentence } from "../../../i18n/sentence-subject";
import { readDisclosedReports } from "../../results/index.server";

const iso = (value: Date | null | undefined): string | null => (value ? value.toISOString() : null);
const isoDate = (value: Date | null | undefined): string | null => (value ? value.toISOString().slice(0, 10) : null);
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function formVersions(tx: Transaction, ids: (string | null)[]): Promise<Map<string, FormVersion>> {
  const versions = new Map<string, FormVersion>();
  for (const id of new Set(ids)) if (id) versions.set(id, await loadFormVersion(id, tx));
  return versions;
}

function wordedChoices(version: FormVersion | undefined, language: SupportedLanguage, choices: ChoiceSnapshot) {
  if (!version) return Object.entries(choices).map(([id, value]) => ({ id, title: id, value: String(value), label: String(value) }));
  return choiceLinesOf(version.content, language, choices).map((line) => ({ id: line.id, title: line.title, value: line.value, label: line.valueLabel }));
}

/**
 * The findings the participant has chosen to know and been told, each as the version current when a counsellor
 * recorded the disclosure. A finding in a category they do not want now (`not_want`, undecided, withdrawn, no
 * consent) is not read past its id and category — its versions and case are never loaded.
 */
async function readDisclosedFindings(tx: Transaction, participantId: string, consent: ConsentView | null): Promise<{ findings: DisclosedFinding[]; disclosedIds: Set<string> }> {
  const all = await tx.finding.findMany({ where: { participantId, latestVersion: { gt: 0 } }, select: { id: true, category: true } });
  const wanted = all.filter((finding) => findingQueueState(consent, finding.category) === "to_return").map((finding) => finding.id);
  if (wanted.length === 0) return { findings: [], disclosedIds: new Set() };
  const disclosures = await tx.findingCaseEvent.findMany({ where: { findingId: { in: wanted }, type: "disclosure_recorded" }, select: { findingId: true, at: true }, orderBy: [{ at: "asc" }, { seq: "asc" }] });
  const disclosedIds = new Set(disclosures.map((event) => event.findingId));
  if (disclosedIds.size === 0) return { findings: [], disclosedIds };
  const rows = await tx.finding.findMany({ where: { id: { in: [...disclosedIds] } }, select: { id: true, category: true, gene: true } });
  const versions = await tx.findingVersion.findMany({
    where: { findingId: { in: [...disclosedIds] } },
    select: { findingId: true, version: true, variantHgvs: true, classification: true, submittedAt: true },
    orderBy: { version: "asc" },
  });
  const findings: DisclosedFinding[] = [];
  for (const disclosure of disclosures) {
    const finding = rows.find((row) => row.id === disclosure.findingId)!;
    // What was disclosed is the version the counsellor had in hand: the latest one that had arrived by then. A
    // re-interpretation that arrived later has not been told, so it is not here until it is disclosed in turn.
    const told = versions.filter((version) => version.findingId === finding.id && version.submittedAt.getTime() <= disclosure.at.getTime()).at(-1);
    if (!told) continue;
    findings.push({ category: finding.category, gene: finding.gene, variant: told.variantHgvs, classification: told.classification, version: told.version, disclosedAt: disclosure.at.toISOString() });
  }
  return { findings, disclosedIds };
}

/** The finding a care-team mail was about, from its contact check or its source key; null for any other mail. */
function careTeamFindingOf(mail: { sourceKey: string | null; contactCheck: unknown }): string | null | undefined {
  const check = mail.contactCheck as { kind?: unknown; findingId?: unknown } | null;
  if (check && check.kind === "care_team_notice") return typeof check.findingId === "string" ? check.findingId : null;
  const key = /^care-team-notice:([^:]+):/.exec(mail.sourceKey ?? "");
  if (key) return key[1] ?? null;
  return undefined;
}

interface AuditRow {
  at: Date;
  type: string;
  actorUserId: string | null;
  detail: Record<string, unknown>;
}

/**
 * Who looked at the participant's record and summary, and every earlier disclosure: an allow-list of audit types
 * keyed by their participantId. Findings' audit types (submissions, counsellors' steps, sealed openings) are not in
 * the list, so nothing about a finding reaches this log.
 */
async function readAccessLog(
  tx: Transaction,
  participant: { id: string; userId: string | null; facilityId: string; proxyUserIds: Set<string> },
  language: SupportedLanguage,
): Promise<AccessLogEntry[]> {
  const rows = await tx.$queryRaw<AuditRow[]>`
    SELECT a."occurredAt" AS "at", a.type, a."actorUserId"::text AS "actorUserId", a.detail
      FROM "AuditEvent" a
     WHERE a.type IN ('data.identifiable_read', 'family.summary_read', 'participant.disclosure_downloaded')
       AND a.detail->>'participantId' = ${participant.id}
     ORDER BY a."occurredAt", a.id`;
  const actorIds = [...new Set(rows.flatMap((row) => (row.actorUserId ? [row.actorUserId] : [])))];
  const accessIds = [...new Set(rows.flatMap((row) => (typeof row.detail.accessId === "string" && uuidPattern.test(row.detail.accessId) ? [row.detail.accessId] : [])))];
  const facilityIds = [...new Set([participant.facilityId, ...rows.flatMap((row) => (typeof row.detail.facilityId === "string" && uuidPattern.test(row.detail.facilityId) ? [row.detail.facilityId] : []))])];
  const actors = actorIds.length ? await tx.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, role: true } }) : [];
  const accesses = accessIds.length ? await tx.familyAccess.findMany({ where: { id: { in: accessIds } }, select: { id: true, fullName: true } }) : [];
  const facilities = await tx.facility.findMany({ where: { id: { in: facilityIds } }, select: { id: true, nameJa: true, nameEn: true } });
  const roleOf = new Map(actors.map((actor) => [actor.id, actor.role as string]));
  const nameOf = new Map(accesses.map((access) => [access.id, access.fullName]));
  const facilityName = new Map(facilities.map((facility) => [facility.id, language === "en" ? facility.nameEn : facility.nameJa]));
  const byWhom = (actorUserId: string | null): AccessLogEntry["by"] =>
    actorUserId === null ? "unknown" : actorUserId === participant.userId ? "self" : participant.proxyUserIds.has(actorUserId) ? "proxy" : "staff";
  return rows.map((row): AccessLogEntry => {
    const text = (field: string) => (typeof row.detail[field] === "string" ? (row.detail[field] as string) : null);
    const base = { at: row.at.toISOString(), role: null, facility: null, purpose: null, resource: null, familyMember: null, format: null };
    if (row.type === "family.summary_read") return { ...base, event: "family_summary_read", by: "family", familyMember: nameOf.get(text("accessId") ?? "") ?? null };
    if (row.type === "participant.disclosure_downloaded") return { ...base, event: "disclosure_downloaded", by: text("by") === "proxy" ? "proxy" : "self", format: text("format") };
    const by = byWhom(row.actorUserId);
    return {
      ...base,
      event: "record_opened",
      by,
      role: by === "staff" && row.actorUserId ? (roleOf.get(row.actorUserId) ?? null) : null,
      facility: by === "staff" ? (facilityName.get(text("facilityId") ?? participant.facilityId) ?? facilityName.get(participant.facilityId) ?? null) : null,
      purpose: text("purpose"),
      resource: text("resource"),
    };
  });
}

async function readDisclosure(tx: Transaction, subject: { participantId: string; as: "self" | "proxy" }, language: SupportedLanguage, now: Date): Promise<PersonalDisclosure> {
  const t = translator(language, "data-use");
  // One relation a statement: Prisma reads several included relations at once, which one transaction's connection
  // cannot do (pg warns, and will refuse in pg 9).
  const id = subject.participantId;
  const row = await tx.participant.findUniqueOrThrow({ where: { id } });
  const participant = {
    ...row,
    identity: await tx.participantIdentity.findUnique({ where: { participantId: id } }),
    facility: await tx.facility.findUniqueOrThrow({ where: { id: row.facilityId }, select: { code: true, nameJa: true, nameEn: true } }),
    samples: await tx.sample.findMany({ where: { participantId: id }, orderBy: [{ createdAt: "asc" }, { sampleCode: "asc" }] }),
    proxies: await tx.proxyAssignment.findMany({ where: { participantId: id }, orderBy: { startedAt: "asc" } }),
    invitations: await tx.invitation.findMany({ where: { participantId: id }, orderBy: { createdAt: "asc" } }),
    journeys: await tx.consentJourney.findMany({ where: { participantId: id }, orderBy: { createdAt: "asc" } }),
    questions: await tx.participantQuestion.findMany({ where: { participantId: id }, orderBy: { askedAt: "asc" } }),
    events: await tx.consentEvent.findMany({ where: { participantId: id }, orderBy: { participantSeq: "asc" } }),
    state: await tx.consentState.findUnique({ where: { participantId: id } }),
    familyInvitations: await tx.familyInvitation.findMany({ where: { participantId: id }, orderBy: { createdAt: "asc" } }),
    familyAccess: await tx.familyAccess.findMany({ where: { participantId: id }, orderBy: { grantedAt: "asc" } }),
    recontactDeliveries: await tx.recontactDelivery.findMany({ where: { participantId: id }, orderBy: { claimedAt: "asc" }, include: { campaign: { select: { title: true, kind: true } } } }),
  };
  const account = participant.userId ? await tx.user.findUnique({ where: { id: participant.userId }, select: { email: true, displayName: true, preferredLanguage: true, createdAt: true } }) : null;
  const eventIds = participant.events.map((event) => event.id);
  const documents = await tx.consentDocument.findMany({ where: { eventId: { in: eventIds } }, select: { eventId: true, language: true, sha256: true, createdAt: true }, orderBy: { createdAt: "asc" } });
  const scans = await tx.paperConsentScan.findMany({ where: { eventId: { in: eventIds } }, select: { eventId: true, fileName: true, contentType: true, sha256: true, createdAt: true }, orderBy: { createdAt: "asc" } });
  const events = participant.events.map(recordFromRow);
  const versions = await formVersions(tx, [...events.map((event) => event.formVersionId), participant.state?.formVersionId ?? null, ...participant.journeys.map((journey) => journey.formVersionId)]);

  const consent = participant.state ? consentViewOfRow(participant.state) : null;
  const { findings, disclosedIds } = await readDisclosedFindings(tx, participant.id, consent);
  const reports = await readDisclosedReports(tx, participant.id);
  const mails = await tx.mailMessage.findMany({
    where: { participantId: participant.id },
    select: { toAddress: true, template: true, language: true, state: true, createdAt: true, sentAt: true, sourceKey: true, contactCheck: true },
    orderBy: { createdAt: "asc" },
  });
  const identity = participant.identity;
  const erased = identity?.erasedAt ? identity : null;
  const state = participant.state;
  const about = disclosureSubject(subject.as, identity && !identity.erasedAt ? identity.fullName : null, participant.pseudonym);
  const eventById = new Map(events.map((event) => [event.id, event]));

  return {
    kind: "tsunagi-personal-disclosure",
    schemaVersion: 1,
    generatedAt: now.toISOString(),
    language,
    requestedBy: subject.as,
    // To a proxy the notes are about the participant, by name (ADR 119), as the rest of the document is.
    notes: { findings: subjectSentence(t, "disclosure.notes.findings", about), pipeline: subjectSentence(t, "disclosure.notes.pipeline", about) },
    participant: {
      id: participant.id,
      pseudonym: participant.pseudonym,
      facility: { code: participant.facility.code, name: language === "en" ? participant.facility.nameEn : participant.facility.nameJa },
      programmeArea: participant.programmeArea,
      enrolledAt: participant.createdAt.toISOString(),
    },
    // A destroy-level withdrawal erased what could be erased: the marker and the date are what is held.
    identity: identity
      ? {
          fullName: erased ? null : identity.fullName,
          fullNameKana: erased ? null : identity.fullNameKana,
          dateOfBirth: erased ? null : isoDate(identity.dateOfBirth),
          email: erased ? null : identity.email,
          phone: erased ? null : identity.phone,
          medicalRecordNumber: erased ? null : identity.medicalRecordNumber,
          preferredLanguage: identity.preferredLanguage,
          erasedAt: iso(identity.erasedAt),
        }
      : null,
    account: account ? { email: account.email, displayName: account.displayName, preferredLanguage: account.preferredLanguage, createdAt: account.createdAt.toISOString() } : null,
    proxies: participant.proxies.map((proxy) => ({ fullName: proxy.fullName, email: proxy.email, relationship: proxy.relationship, startedAt: proxy.startedAt.toISOString(), endedAt: iso(proxy.endedAt) })),
    samples: participant.samples.map((sample) => ({ sampleCode: sample.sampleCode, kind: sample.kind, registeredAt: sample.createdAt.toISOString(), destroyedAt: iso(sample.destroyedAt) })),
    consent: {
      current: state
        ? {
            status: state.status,
            withdrawalLevel: state.withdrawalLevel,
            formVersion: state.formVersionId ? (versions.get(state.formVersionId)?.version ?? null) : null,
            consentedBy: state.consentedBy,
            updatedAt: state.updatedAt.toISOString(),
            choices: wordedChoices(state.formVersionId ? versions.get(state.formVersionId) : undefined, language, state.choices as ChoiceSnapshot),
          }
        : null,
      history: events.map((event) => ({
        eventId: event.id,
        type: event.type,
        occurredAt: event.occurredAt,
        method: event.method,
        actorRole: event.actorRole,
        formVersion: event.formVersionId ? (versions.get(event.formVersionId)?.version ?? null) : null,
        withdrawalLevel: event.withdrawalLevel,
        signedBy: event.signature?.printedName ?? null,
        witness: event.signature?.witnessName ?? null,
        choices: wordedChoices(event.formVersionId ? versions.get(event.formVersionId) : undefined, language, event.choices as ChoiceSnapshot),
        verificationCode: event.verificationCode,
      })),
    },
    documents: documents.map((document) => {
      const event = eventById.get(document.eventId)!;
      return { eventId: document.eventId, fileName: consentDocumentFileName(event), language: document.language, sha256: document.sha256, createdAt: document.createdAt.toISOString() };
    }),
    paperScans: scans.map((scan) => ({ eventId: scan.eventId, fileName: scan.fileName, contentType: scan.contentType, sha256: scan.sha256, createdAt: scan.createdAt.toISOString() })),
    journeys: participant.journeys.map((journey) => ({
      startedAt: journey.createdAt.toISOString(),
      updatedAt: journey.updatedAt.toISOString(),
      formVersion: versions.get(journey.formVersionId)?.version ?? null,
      method: journey.method,
      language: journey.language,
      status: journey.status,
      sectionsRead: journey.sectionsRead,
    })),
    questions: participant.questions.map((question) => ({ askedAt: question.askedAt.toISOString(), question: question.body, answer: question.answer, answeredAt: iso(question.answeredAt) })),
    invitations: participant.invitations.map((invitation) => ({
      recipient: invitation.recipient,
      email: invitation.email,
      sentAt: invitation.createdAt.toISOString(),
      expiresAt: invitation.expiresAt.toISOString(),
      acceptedAt: iso(invitation.acceptedAt),
      revokedAt: iso(invitation.revokedAt),
    })),
    family: {
      invitations: participant.familyInvitations.map((invitation) => ({
        fullName: invitation.fullName,
        email: invitation.email,
        relationship: invitation.relationship,
        scope: invitation.scope,
        sentAt: invitation.createdAt.toISOString(),
        acceptedAt: iso(invitation.acceptedAt),
        withdrawnAt: iso(invitation.withdrawnAt),
      })),
      access: participant.familyAccess.map((access) => ({
        fullName: access.fullName,
        relationship: access.relationship,
        scope: access.scope,
        grantedAt: access.grantedAt.toISOString(),
        pausedAt: iso(access.pausedAt),
        endedAt: iso(access.endedAt),
        lastViewedAt: iso(access.lastViewedAt),
      })),
    },
    // A care-team mail is about one finding: it is listed only beside a finding listed here (see the module comment).
    mail: mails
      .filter((mail) => {
        const finding = careTeamFindingOf(mail);
        return finding === undefined || (finding !== null && disclosedIds.has(finding));
      })
      .map((mail) => ({ to: mail.toAddress, template: mail.template, language: mail.language, state: mail.state, createdAt: mail.createdAt.toISOString(), sentAt: iso(mail.sentAt) })),
    recontact: participant.recontactDeliveries.map((delivery) => ({
      campaign: delivery.campaign.title,
      kind: delivery.campaign.kind,
      channel: delivery.channel,
      claimedAt: delivery.claimedAt.toISOString(),
      sentAt: iso(delivery.sentAt),
      answer: delivery.answer,
      answeredAt: iso(delivery.answeredAt),
    })),
    findings,
    reports,
    dataUse: await readParticipantDataUse({ participantId: participant.id, language, now }, tx),
    accessLog: await readAccessLog(
      tx,
      { id: participant.id, userId: participant.userId, facilityId: participant.facilityId, proxyUserIds: new Set(participant.proxies.flatMap((proxy) => (proxy.proxyUserId ? [proxy.proxyUserId] : []))) },
      language,
    ),
  };
}

export interface DisclosureFile {
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
}

/**
 * The personal-data disclosure for the signed-in participant, or for the child a proxy acts for (`participantId`),
 * as JSON or as a readable PDF in the reader's language. Reads, renders and writes the
 * `participant.disclosure_downloaded` audit row in one transaction. An id this person may not act for is `forbidden`.
 */
export async function buildPersonalDisclosure(
  options: { userId: string; participantId?: string | null; format: DisclosureFormat; language: SupportedLanguage; request: RequestContext; now?: Date },
  db: Database = getDatabase(),
): Promise<DisclosureFile> {
  return db.$transaction(
    async (tx) => {
      const subject = await requireConsentSubject(options.userId, options.participantId, tx);
      const now = options.now ?? new Date();
      const disclosure = await readDisclosure(tx, subject, options.language, now);
      const stamp = japanDate(now);
      const file: DisclosureFile =
        options.format === "json"
          ? { fileName: `tsunagi-my-data-${subject.pseudonym}-${stamp}.json`, contentType: "application/json; charset=utf-8", bytes: new TextEncoder().encode(`${JSON.stringify(disclosure, null, 2)}\n`) }
          : { fileName: `tsunagi-my-data-${subject.pseudonym}-${stamp}.pdf`, contentType: "application/pdf", bytes: await renderDisclosurePdf(disclosure) };
      const participantUser = await tx.participant.findUnique({ where: { id: subject.participantId }, select: { userId: true } });
      await recordAuditEvent(
        tx,
        { type: "participant.disclosure_downloaded", outcome: "success", detail: { participantId: subject.participantId, format: options.format, by: subject.as } },
        { actorUserId: options.userId, subjectUserId: participantUser?.userId ?? null, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent },
      );
      return file;
    },
    // A PDF of a long history takes a moment to set; the picture stays one snapshot throughout.
    { isolationLevel: "RepeatableRead", timeout: 60_000, maxWait: 10_000 },
  );
}
