import { z } from "zod";
import { getDatabase, type Database } from "../../../db.server";
import { registerStatus, type RegisterStatus } from "../register/register-status";
import { takeAttempt, type AttemptLimit } from "../../security/index.server";
import { verifyVisaJwt } from "./visa-jwt.server";
import { visaJwks } from "./visa-keys.server";
import { visaUrls } from "./issue-visa.server";

/**
 * Whether a visa this programme issued may still be relied on now (issue 27 item 3): a relying service asks before
 * it starts a long job, or on a schedule while one runs, instead of trusting the visa's `exp` alone. A visa lives at
 * most five minutes (issue-visa.server.ts), and this check closes even that window: it answers from the approval's
 * state now, so a visa issued a moment before a revocation or suspension is refused by it at once.
 *
 * The answer follows OAuth token introspection (RFC 7662): `active` is the one field to act on; `status` says why.
 * Nothing personal is read or returned — the approval's state is on the public register already — so it needs no
 * account, as the register does not.
 */
export const VisaStatusRequestSchema = z.object({ visa: z.string().min(1).max(8_192) }).strict();

/** Every register status but active, and the visa's own expiry. */
const notAllowedNow = ["upcoming", "expired", "suspended", "revoked", "visa_expired"] as const satisfies readonly (Exclude<RegisterStatus, "active"> | "visa_expired")[];

const visaStatusAbout = {
  reference: z.string().meta({ description: "The application's reference on the public register" }),
  approvalVersion: z.number().int().min(1).meta({ description: "The approval's version now (a sanction or an extension raises it)" }),
  visaExpiresAt: z.iso.datetime({ offset: true }),
  checkedAt: z.iso.datetime({ offset: true }),
};

/** The answer (RFC 7662's shape): the verb builds it as this type, the OpenAPI document shows this schema. */
export const VisaStatusSchema = z.union([
  /** The approval allows the access now. */
  z.strictObject({ active: z.literal(true), status: z.literal("active"), ...visaStatusAbout }),
  /** The visa is ours and well signed, but the approval does not allow it now, or the visa itself has expired. */
  z.strictObject({ active: z.literal(false), status: z.enum(notAllowedNow), ...visaStatusAbout }),
  /** Not a visa this programme signed (a bad signature, another issuer, not a ControlledAccessGrants visa), or for no approval it knows. */
  z.strictObject({ active: z.literal(false), status: z.literal("invalid"), checkedAt: visaStatusAbout.checkedAt }),
]);
export type VisaStatus = z.output<typeof VisaStatusSchema>;

/**
 * Per client address: a relying service checks each running job's visa every minute or so and before each start;
 * 300 a minute covers hundreds of jobs from one host, and keeps a signature check per request in proportion.
 */
export const visaStatusLimit: AttemptLimit = { name: "visa-status", points: 300, durationSeconds: 60 };

/** The rate limit first, then the check (checkVisaStatus). */
export async function answerVisaStatus(input: { visa: string; clientAddress: string }): Promise<({ allowed: true } & { answer: VisaStatus }) | { allowed: false; retryAfterSeconds: number }> {
  const decision = await takeAttempt([{ limit: visaStatusLimit, key: [input.clientAddress] }]);
  if (!decision.allowed) return decision;
  return { allowed: true, answer: await checkVisaStatus({ visa: input.visa }) };
}

const VisaClaimsSchema = z.object({
  exp: z.number().int(),
  ga4gh_visa_v1: z.object({ type: z.literal("ControlledAccessGrants"), value: z.string() }),
});

export async function checkVisaStatus(input: { visa: string; now?: Date }, db: Database = getDatabase()): Promise<VisaStatus> {
  const now = input.now ?? new Date();
  const checkedAt = now.toISOString();
  const invalid = { active: false, status: "invalid", checkedAt } as const;
  const urls = visaUrls();
  // Every published key, retired ones too: a visa signed before a rotation is still ours. Its expiry is judged
  // below, against `now`, so an expired visa is told apart from a forged one.
  const payload = await verifyVisaJwt(input.visa, await visaJwks(), urls.issuer);
  if (!payload) return invalid;
  const claims = VisaClaimsSchema.safeParse(payload);
  if (!claims.success) return invalid;
  const prefix = urls.valueOf("");
  const value = claims.data.ga4gh_visa_v1.value;
  if (!value.startsWith(prefix)) return invalid;
  const reference = decodeURIComponent(value.slice(prefix.length));
  const approval = await db.dataAccessApproval.findFirst({
    where: { application: { reference } },
    select: { status: true, startsAt: true, endsAt: true, version: true },
  });
  if (!approval) return invalid;
  const visaExpiresAt = new Date(claims.data.exp * 1000).toISOString();
  const common = { reference, approvalVersion: approval.version, visaExpiresAt, checkedAt };
  const status = registerStatus(approval, now);
  if (status !== "active") return { active: false, status, ...common };
  if (claims.data.exp * 1000 <= now.getTime()) return { active: false, status: "visa_expired", ...common };
  return { active: true, status: "active", ...common };
}
