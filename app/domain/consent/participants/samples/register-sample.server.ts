import { randomUUID } from "node:crypto";
import { z } from "zod";
import { getDatabase, type Database } from "../../../../db.server";
import { Prisma } from "../../../../generated/prisma/client";
import { AppError } from "../../../kernel/index";
import { recordAuditEvent } from "../../../kernel/index.server";
import type { RequestContext } from "../../../kernel/index";
import type { LedgerEventRecord } from "@tsunagi/consent-rules/ledger-event";
import { newSampleCode } from "../enrolment/pseudonymous-codes.server";
import { appendConsentEvent, lockParticipantConsent } from "../../ledger/index.server";
import { registrableSampleKinds, sampleRegistrationFor, type RegistrableSampleKind, type SampleRegistration } from "./sample-registration";

// A string first, so a form without a choice says "please choose" rather than "please check".
export const RegisterSampleSchema = z.object({ kind: z.string().min(1).pipe(z.enum(registrableSampleKinds)) });

export interface RegisteredSample {
  participantId: string;
  sampleCode: string;
  kind: RegistrableSampleKind;
  /** The ledger event that carries the sample to the pipeline; null before the participant's first consent. */
  event: LedgerEventRecord | null;
}

/** Random codes can clash with ones already issued; a fresh draw almost always succeeds. */
const maxAttempts = 5;

function isUniqueClash(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/**
 * Registers a sample taken after enrolment (issue 12, ADR 024): under the participant's consent lock (ADR 016), in one
 * transaction, the Sample row, its audit row, a `sample_registered` ledger event and that event's outbox message
 * (`samples_changed`, the participant's whole state with the new sample). Until the message arrives the bridge does
 * not know the sample, so it denies it; once it arrives, the sample is decided by the consent as it stands.
 *
 * Before the participant's first consent there is no consent to amend and nothing to tell the pipeline: the sample is
 * registered as at enrolment (row and audit only), and the first grant's message carries it. After a withdrawal of
 * further use (or of everything) it is refused: nothing more of theirs may be used, so there is nothing to register.
 * The caller has checked the participant is in the coordinator's facilities (requireParticipantAccess).
 */
export async function registerSample(
  options: { participantId: string; input: unknown; registeredBy: { userId: string; role: string }; request: RequestContext; sampleCode?: () => string },
  db: Database = getDatabase(),
): Promise<RegisteredSample> {
  const { kind } = RegisterSampleSchema.parse(options.input);
  const code = options.sampleCode ?? newSampleCode;
  const context = { actorUserId: options.registeredBy.userId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent };
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.$transaction(async (tx) => {
        const turn = await lockParticipantConsent(tx, options.participantId, { now: options.request.now, missing: "not_found" });
        if (sampleRegistrationFor(turn.state) === "closed") throw new AppError("consent_withdrawn", undefined, { namespace: "enrolment", key: "samples.errors.consent_withdrawn" });
        const participant = await tx.participant.findUniqueOrThrow({ where: { id: options.participantId }, select: { facilityId: true } });
        // Before the append, which reads the samples for its message: the new one travels with it.
        const sample = await tx.sample.create({ data: { participantId: options.participantId, sampleCode: code(), kind, createdAt: turn.now } });
        // The audit row first, naming the event to come: nothing but the append runs under the ledger-wide lock.
        const eventId = turn.state ? randomUUID() : null;
        await recordAuditEvent(
          tx,
          {
            type: "sample.registered",
            outcome: "success",
            detail: { participantId: options.participantId, sampleCode: sample.sampleCode, kind, facilityId: participant.facilityId, ...(eventId ? { eventId } : {}) },
          },
          context,
        );
        let event: LedgerEventRecord | null = null;
        if (eventId) {
          ({ event } = await appendConsentEvent(tx, turn, {
            eventId,
            type: "sample_registered",
            actorUserId: options.registeredBy.userId,
            actorRole: options.registeredBy.role,
            // Nobody expressed consent: the record is the programme's, made by the coordinator named as its actor.
            method: "system",
            choices: {},
            detail: { sampleCode: sample.sampleCode, sampleKind: kind },
          }));
        }
        return { participantId: options.participantId, sampleCode: sample.sampleCode, kind, event };
      });
    } catch (error) {
      if (!isUniqueClash(error) || attempt >= maxAttempts) throw error;
    }
  }
}

export interface SampleRegistrationView {
  participantId: string;
  pseudonym: string;
  registration: SampleRegistration;
  samples: { sampleCode: string; kind: string; createdAt: Date; destroyedAt: Date | null }[];
}

/** The registration page: pseudonymous only (no identity is read), so it is no identifiable read. */
export async function loadSampleRegistration(participantId: string, db: Database = getDatabase()): Promise<SampleRegistrationView> {
  if (!z.uuid().safeParse(participantId).success) throw new AppError("not_found");
  const participant = await db.participant.findUnique({
    where: { id: participantId },
    select: {
      id: true,
      pseudonym: true,
      state: { select: { withdrawalLevel: true } },
      samples: { select: { sampleCode: true, kind: true, createdAt: true, destroyedAt: true }, orderBy: [{ createdAt: "asc" }, { sampleCode: "asc" }] },
    },
  });
  if (!participant) throw new AppError("not_found");
  return { participantId: participant.id, pseudonym: participant.pseudonym, registration: sampleRegistrationFor(participant.state), samples: participant.samples };
}
