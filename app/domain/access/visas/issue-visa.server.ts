import { createHmac, hkdfSync, randomUUID } from "node:crypto";
import { getDatabase, type Database } from "../../../db.server";
import { getEnv } from "../../../env.server";
import { recordAuditEvent } from "../../kernel/index.server";
import type { AuditContext } from "../../kernel/index";
import { appSecret } from "../../security/index.server";
import { registerStatus } from "../register/register-status";
import { signVisaJwt } from "./visa-jwt.server";
import { loadVisaKeys } from "./visa-keys.server";

/**
 * A GA4GH Passport v1.2 `ControlledAccessGrants` visa for an approved application (issue 15 item 6; ADR 043): a JWT
 * in the Visa Document Token format (`jku` and `kid` in the header; signed ES256 with the key of visa-keys.server.ts),
 * for the applicant who owns the application, while its approval is active (started, not ended, not suspended, not
 * revoked). It lives at most `VISA_LIFETIME_SECONDS` (five minutes) and never past the approval's end: a revocation
 * or suspension stops every visa within five minutes even for a service that never asks, and at once for one that
 * asks `/api/v1/visas/status` (check-visa-status.server.ts). The applicant's tools ask for a new visa as they need one.
 *
 * The approval's row is read `FOR SHARE` in the transaction that signs and writes the audit row: a suspension or
 * revocation (an UPDATE of that row) waits for it, so a visa is never issued on a state that had already changed, and
 * each issuance or refusal has its audit row.
 */
export const VISA_LIFETIME_SECONDS = 300;

export type VisaRefusal = "not_approved" | "not_yet_active" | "expired" | "suspended" | "revoked";

export type VisaOutcome = { kind: "issued"; visa: string; expiresAt: Date } | { kind: "not_found" } | { kind: "refused"; reason: VisaRefusal };

export interface IssueVisaInput {
  applicationId: string;
  /** The signed-in applicant: only their own application's approval gives a visa. */
  applicantId: string;
  /** The path asked for, for the audit row of an out-of-scope id. */
  path: string;
  request: Pick<AuditContext, "ipAddress" | "userAgent">;
  now?: Date;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

let subjectKey: { secret: string; key: Buffer } | undefined;

/**
 * The visa's `sub`: a pseudonym of the applicant's account, stable across visas (a clearinghouse can tell one person's
 * visas apart) and meaningless elsewhere — an HMAC of the user id under a key derived from APP_SECRET, never an e-mail.
 */
export function visaSubjectOf(userId: string): string {
  const secret = appSecret();
  if (subjectKey?.secret !== secret) subjectKey = { secret, key: Buffer.from(hkdfSync("sha256", secret, "tsunagi", "tsunagi visa subject v1", 32)) };
  return createHmac("sha256", subjectKey.key).update(userId, "utf8").digest("base64url");
}

export function visaUrls(): { issuer: string; jku: string; source: string; valueOf: (reference: string) => string } {
  const base = getEnv().APP_URL.replace(/\/$/, "");
  return { issuer: base, jku: `${base}/.well-known/jwks.json`, source: `${base}/committee`, valueOf: (reference) => `${base}/register/${encodeURIComponent(reference)}` };
}

interface ApprovalRow {
  id: string;
  status: string;
  startsAt: Date;
  endsAt: Date;
  version: number;
  decidedAt: Date;
}

export async function issueVisa(input: IssueVisaInput, db: Database = getDatabase()): Promise<VisaOutcome> {
  if (!uuid.test(input.applicationId)) return { kind: "not_found" };
  const now = input.now ?? new Date();
  const context = { actorUserId: input.applicantId, ipAddress: input.request.ipAddress, userAgent: input.request.userAgent };
  const keys = await loadVisaKeys(now.getTime());
  return db.$transaction(async (tx) => {
    const application = await tx.dataAccessApplication.findUnique({ where: { id: input.applicationId }, select: { id: true, reference: true, applicantId: true, state: true } });
    if (!application) return { kind: "not_found" } as const;
    if (application.applicantId !== input.applicantId) {
      // Another applicant's application: answered as an unknown id, and recorded.
      await recordAuditEvent(tx, { type: "authz.application_out_of_scope", outcome: "denied", detail: { applicationId: application.id, path: input.path } }, context);
      return { kind: "not_found" } as const;
    }
    const [approval] = await tx.$queryRaw<ApprovalRow[]>`
      SELECT p."id", p."status"::text AS "status", p."startsAt", p."endsAt", p."version", d."decidedAt"
        FROM "DataAccessApproval" p JOIN "ApplicationDecision" d ON d."id" = p."decisionId"
       WHERE p."applicationId" = ${application.id}::uuid
         FOR SHARE OF p`;
    const refuse = async (reason: VisaRefusal) => {
      await recordAuditEvent(tx, { type: "access.visa_refused", outcome: "failure", detail: { applicationId: application.id, approvalId: approval?.id, reason } }, context);
      return { kind: "refused", reason } as const;
    };
    if (!approval || application.state !== "approved") return refuse("not_approved");
    const status = registerStatus(approval, now);
    if (status === "upcoming") return refuse("not_yet_active");
    if (status !== "active") return refuse(status);

    const issuedAt = Math.floor(now.getTime() / 1000);
    const expiresAt = Math.min(issuedAt + VISA_LIFETIME_SECONDS, Math.floor(approval.endsAt.getTime() / 1000));
    const jti = randomUUID();
    const urls = visaUrls();
    const visa = await signVisaJwt(
      {
        ga4gh_visa_v1: { type: "ControlledAccessGrants", asserted: Math.floor(approval.decidedAt.getTime() / 1000), value: urls.valueOf(application.reference), source: urls.source, by: "dac" },
        iss: urls.issuer,
        sub: visaSubjectOf(input.applicantId),
        iat: issuedAt,
        exp: expiresAt,
        jti,
      },
      keys.signing,
      urls.jku,
    );
    await recordAuditEvent(
      tx,
      { type: "access.visa_issued", outcome: "success", detail: { applicationId: application.id, approvalId: approval.id, approvalVersion: approval.version, jti, expiresAt: new Date(expiresAt * 1000).toISOString() } },
      context,
    );
    return { kind: "issued", visa, expiresAt: new Date(expiresAt * 1000) } as const;
  });
}
