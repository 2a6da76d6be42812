import { randomUUID } from "node:crypto";
import { getDatabase } from "../../app/db.server";
import { completeChoices } from "../../app/domain/consent/records/validate-choices";
import { auditConsentRecorded } from "../../app/domain/consent/records/audit-consent-recorded.server";
import { loadFormVersion } from "../../app/domain/consent/forms/load-form-version.server";
import { appendConsentEvent } from "../../app/domain/consent/ledger/append-consent-event.server";
import { lockParticipantsConsent } from "../../app/domain/consent/ledger/lock-participant-consent.server";
import { ensurePublishedFormVersion } from "../../app/wiring/demo/seed-consent-forms.server";
import { typicalChoices } from "./synthetic-projection";

export interface ConsentedCohort {
  participantIds: string[];
  /** The sample the gate is asked about, per participant (same order). */
  sampleCodes: string[];
  /** The coordinator recorded as acting (a phone withdrawal, an assisted grant). */
  coordinatorId: string;
}

const GRANTS_PER_TRANSACTION = 50;
const benchRequest = { ipAddress: "127.0.0.1", userAgent: "tsunagi bench" };

/**
 * `count` participants (pseudonym `TGP-W<n>`, samples `S-W<n>-T` and `-B`, no account, so no mail) consented on
 * the seeded form 1.0. Participants are written in bulk. Each grant is the ledger append grantConsent makes — event,
 * consent state, outbox row and NOTIFY, audit row — with the same form version, complete choices and signature,
 * fifty to a transaction; grantConsent itself renders a PDF copy after each commit, close to half a second of CPU
 * here, which would make seeding a cohort take longer than the whole benchmark run.
 */
export async function seedConsentedParticipants(count: number): Promise<ConsentedCohort> {
  const db = getDatabase();
  const version = await loadFormVersion(await ensurePublishedFormVersion("1.0"));
  const coordinator = await db.user.create({ data: { email: `coordinator-${randomUUID()}@bench.tsunagi.test`, role: "coordinator", displayName: "Bench coordinator" } });
  const participantIds = Array.from({ length: count }, () => randomUUID());
  const code = (index: number) => `W${String(index).padStart(6, "0")}`;
  const facility = await db.facility.upsert({ where: { code: "BENCH" }, create: { code: "BENCH", nameJa: "ベンチマーク病院", nameEn: "Benchmark Hospital" }, update: {}, select: { id: true } });
  await db.participant.createMany({ data: participantIds.map((id, index) => ({ id, pseudonym: `TGP-${code(index)}`, facilityId: facility.id })) });
  await db.participantIdentity.createMany({ data: participantIds.map((participantId) => ({ participantId, fullName: "山田 花子", dateOfBirth: new Date("1960-04-01T00:00:00Z") })) });
  await db.sample.createMany({
    data: participantIds.flatMap((participantId, index) => [
      { participantId, sampleCode: `S-${code(index)}-T`, kind: "tumour" as const },
      { participantId, sampleCode: `S-${code(index)}-B`, kind: "blood" as const },
    ]),
  });

  const choices = completeChoices(version.content, typicalChoices());
  const statement = version.content.languages.ja.signatureStatement;
  for (let first = 0; first < count; first += GRANTS_PER_TRANSACTION) {
    const ids = participantIds.slice(first, first + GRANTS_PER_TRANSACTION);
    await db.$transaction(
      async (tx) => {
        // Every verb appends under the participant's lock (ADR 016); fifty at once are locked in one statement.
        const turns = await lockParticipantsConsent(tx, ids);
        for (const participantId of ids) {
          const turn = turns.get(participantId)!;
          const { event } = await appendConsentEvent(tx, turn, {
            type: "granted",
            actorUserId: coordinator.id,
            actorRole: "coordinator",
            method: "assisted",
            formVersionId: version.id,
            formVersionHash: version.contentHash,
            choices,
            signature: { printedName: "山田 花子", signedAt: turn.now.toISOString(), statement, language: "ja", witnessName: "Bench witness" },
            detail: { formVersion: version.version, permittedPurposes: version.content.permittedPurposes },
          });
          await auditConsentRecorded(tx, event, coordinator.id, benchRequest);
        }
      },
      { timeout: 60_000, maxWait: 30_000 },
    );
  }
  return { participantIds, sampleCodes: participantIds.map((_, index) => `S-${code(index)}-T`), coordinatorId: coordinator.id };
}
