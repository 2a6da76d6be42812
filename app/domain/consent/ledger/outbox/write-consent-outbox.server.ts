import { sql, sqlRows, type SqlTransaction } from "../../../../db.server";
import type { AuditRowValues } from "../../../kernel/index.server";
import type { JobArguments } from "../../../jobs/index.server";
import type { LedgerEventRecord } from "@tsunagi/consent-rules/ledger-event";
import type { ConsentProjection } from "@tsunagi/consent-rules/consent-projection";
import { lifeEventLevel } from "@tsunagi/consent-rules/decide-action";
import { ConsentChangeMessageSchema, messageKindOf, messageSchemaVersionFor, type ConsentChangeMessage } from "@tsunagi/consent-rules/consent-change-message";

/** What the message needs about the participant, read before the ledger lock is taken. */
export interface OutboxContext {
  pseudonym: string;
  samples: { sampleCode: string; destroyedAt: Date | null }[];
  /** Form version labels by id, for the version the event names; another is looked up when the state needs it. */
  formVersionLabels: Map<string, string>;
}

/** Rows a consent change writes beside its event, before the ledger lock (ADR 083): its audit row, its follow-up job. */
export interface WrittenBesideTheEvent {
  audit?: AuditRowValues;
  job?: JobArguments | null;
}

interface OutboxContextRow {
  pseudonym: string;
  samples: { sampleCode: string; destroyedAt: string | null }[];
  labels: Record<string, string>;
  audited: number;
  jobs: number;
}

/**
 * Read before the ledger lock: the pseudonym, the samples, and the labels of the form versions the message may name
 * (the event's, and the participant's current one, which a withdrawal or a change keeps). In the same statement —
 * one round trip instead of up to four, each of which costs the app's process more CPU than the statement costs the
 * database — the rows the change writes beside its event (`beside`): its audit row and its follow-up job, in the
 * caller's transaction as before (ADR 083).
 */
export async function readOutboxContext(
  tx: SqlTransaction,
  participantId: string,
  formVersionIds: readonly (string | null | undefined)[],
  beside: WrittenBesideTheEvent = {},
): Promise<OutboxContext> {
  const ids = [...new Set(formVersionIds.filter((id): id is string => typeof id === "string"))];
  const { audit, job } = beside;
  // A CTE that only reads is run only if the query reads it, so the job's count is selected; the audit row's INSERT
  // runs whether read or not, and is counted too. The audit row's time is the app's clock now, as Prisma's
  // @default(now()) gave it (the column's own default would be the transaction's start).
  const rows = await sqlRows<OutboxContextRow>(tx, sql`
    WITH audit AS (
      INSERT INTO "AuditEvent" ("occurredAt", "type", "outcome", "actorUserId", "subjectUserId", "ipAddress", "userAgent", "detail")
      SELECT ${new Date()}::timestamptz, ${audit?.type ?? null}::text, ${audit?.outcome ?? null}::text, ${audit?.actorUserId ?? null}::uuid, ${audit?.subjectUserId ?? null}::uuid,
             ${audit?.ipAddress ?? null}::text, ${audit?.userAgent ?? null}::text, ${audit ? JSON.stringify(audit.detail) : null}::jsonb
      WHERE ${audit !== undefined}::boolean
      RETURNING 1
    ), job AS (
      SELECT (graphile_worker.add_job(${job?.name ?? null}::text, payload => ${job ? JSON.stringify(job.payload) : null}::json, max_attempts => ${job?.maxAttempts ?? null}::int)).id
      WHERE ${job != null}::boolean
    )
    SELECT p."pseudonym",
      coalesce((SELECT json_agg(json_build_object('sampleCode', s."sampleCode", 'destroyedAt', s."destroyedAt") ORDER BY s."sampleCode")
                FROM "Sample" s WHERE s."participantId" = p."id"), '[]'::json) AS "samples",
      coalesce((SELECT json_object_agg(v."id", v."version") FROM "ConsentFormVersion" v WHERE v."id" = ANY(${ids}::uuid[])), '{}'::json) AS "labels",
      (SELECT count(*) FROM audit)::int AS "audited",
      (SELECT count(*) FROM job)::int AS "jobs"
    FROM "Participant" p WHERE p."id" = ${participantId}::uuid`);
  const row = rows[0];
  if (!row) throw new Error(`Participant ${participantId} not found for the consent change's message`);
  if (row.audited !== (audit ? 1 : 0) || row.jobs !== (job ? 1 : 0)) throw new Error(`Consent change of ${participantId}: its audit row or follow-up job was not written`);
  return {
    pseudonym: row.pseudonym,
    samples: row.samples.map((sample) => ({ sampleCode: sample.sampleCode, destroyedAt: sample.destroyedAt === null ? null : new Date(sample.destroyedAt) })),
    formVersionLabels: new Map(Object.entries(row.labels)),
  };
}

/**
 * The pseudonymous change message for one ledger event — `consent_changed`, or `samples_changed` for a sample event;
 * the same whole state either way (ADR 024). The ledger append writes it to the outbox in the event's own statement
 * (appendConsentEvent), with a NOTIFY PostgreSQL holds until commit and drops on rollback, as it does the row.
 */
export async function consentChangeMessage(tx: SqlTransaction, event: LedgerEventRecord, state: ConsentProjection, context: OutboxContext): Promise<ConsentChangeMessage> {
  let formVersion: string | null = null;
  if (state.formVersionId) {
    formVersion = context.formVersionLabels.get(state.formVersionId) ?? null;
    formVersion ??= (await sqlRows<{ version: string }>(tx, sql`SELECT "version" FROM "ConsentFormVersion" WHERE "id" = ${state.formVersionId}::uuid`))[0]?.version ?? null;
  }
  // A withdrawal at "destroy", or a life event whose chosen disposition is to destroy (ADR 143).
  const destroyAll = state.withdrawalLevel === "destroy" || lifeEventLevel(state) === "destroy";
  const message = ConsentChangeMessageSchema.parse({
    schemaVersion: messageSchemaVersionFor(state),
    kind: messageKindOf(event.type),
    eventId: event.id,
    globalSeq: event.globalSeq,
    pseudonym: context.pseudonym,
    version: state.version,
    type: event.type,
    occurredAt: event.occurredAt,
    samples: context.samples.map((sample) => ({ code: sample.sampleCode, destroyed: destroyAll || sample.destroyedAt !== null })),
    consent: {
      status: state.status,
      formVersion,
      formVersionHash: state.formVersionHash,
      choices: state.choices,
      permittedPurposes: state.permittedPurposes,
      withdrawalLevel: state.withdrawalLevel,
      interimRule: state.interimRule,
      consentedBy: state.consentedBy,
      provision: state.provision,
      lifeEvent: state.lifeEvent,
    },
  });
  return message;
}
