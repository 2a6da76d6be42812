import type { BridgePool } from "../db/bridge-pool";
import { queryWithinDeadline } from "../db/bridge-pool";
import type { InvitationExclusionReason, InvitationRequest } from "./invitation-schemas";

/** How long the contact history and the request's record may take before the question is refused (503). */
const DATABASE_DEADLINE_MS = 10_000;

/**
 * Each pseudonym's research messages already claimed (campaigns and invitations alike), read from the app's export
 * (`app_export.research_contact`: pseudonym and times, nothing else; ADR 138). Only participants with at least one.
 */
export async function readContactHistory(pool: BridgePool, pseudonyms: readonly string[]): Promise<Map<string, Date[]>> {
  const history = new Map<string, Date[]>();
  if (pseudonyms.length === 0) return history;
  const { rows } = await queryWithinDeadline<{ pseudonym: string; contacted_at: Date[] }>(
    pool,
    DATABASE_DEADLINE_MS,
    `SELECT c.pseudonym, c.contacted_at FROM unnest($1::text[]) AS asked(pseudonym)
       JOIN app_export.research_contact c ON c.pseudonym = asked.pseudonym
      WHERE cardinality(c.contacted_at) > 0`,
    [pseudonyms],
  );
  for (const row of rows) history.set(row.pseudonym, row.contacted_at);
  return history;
}

export interface StoredInvitationRequest {
  id: string;
  clientId: string;
  approvalVersion: number;
  request: InvitationRequest;
  invitable: readonly string[];
  excludedCounts: Partial<Record<InvitationExclusionReason, number>>;
  askedAt: Date;
}

/** The question, its counts and the invitable pseudonyms, stored before the answer is given: the app invites from it. */
export async function insertInvitationRequest(pool: BridgePool, stored: StoredInvitationRequest): Promise<void> {
  const { request } = stored;
  await queryWithinDeadline(
    pool,
    DATABASE_DEADLINE_MS,
    `INSERT INTO bridge.study_invitation_request
       (id, client_id, approval_id, approval_version, registry, study_id, gene, origin, asked, invitable, excluded, pseudonyms, asked_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      stored.id,
      stored.clientId,
      request.approval,
      stored.approvalVersion,
      request.study.registry,
      request.study.id,
      request.criterion.gene,
      request.criterion.origin,
      request.pseudonyms.length,
      stored.invitable.length,
      JSON.stringify(stored.excludedCounts),
      stored.invitable,
      stored.askedAt,
    ],
  );
}
