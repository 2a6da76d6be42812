import { z } from "zod";
import { countryField, emailField } from "../../kernel/index";
import { getDatabase, type Database } from "../../../db.server";
import { toStoredLanguage, type SupportedLanguage } from "../../../i18n/languages";
import { recordAuditEvent } from "../../kernel/index.server";
import type { RequestContext } from "../../kernel/index";
import { requestSignInLink, accountKeyOf } from "../../auth/index.server";
import { takeAttempt, type AttemptLimit } from "../../security/index.server";
import { personNameSchema, singleLineTextSchema } from "../../kernel/index";

/** Sign-ups one address may make in an hour: enough for a lab signing up its researchers, too few to fill the table. */
export const signUpsPerAddressLimit: AttemptLimit = { name: "applicant-sign-up:address", points: 10, durationSeconds: 3600 };

export const ApplicantSignUpSchema = z.object({
  email: emailField(),
  displayName: personNameSchema(100),
  institution: singleLineTextSchema(200).pipe(z.string().min(1)),
  department: singleLineTextSchema(200).default(""),
  // Stored as its ISO code; the name in Japanese or English is read as the code (issue 55 defect 9).
  country: countryField(),
});
export type ApplicantSignUp = z.infer<typeof ApplicantSignUpSchema>;

/**
 * A researcher signs up to apply for data (issue 15 item 1): an `applicant` account with their institution, which
 * the secretariat verifies before a submission is accepted, and a sign-in link by mail (applicants sign in by link;
 * no password is asked here). The answer is the same whether or not the address already had an account, so the form
 * cannot tell anyone who is registered: an existing account is left as it is and gets a sign-in link if its roles
 * allow one (an existing account that should also apply is given the role by an admin).
 */
export async function signUpApplicant(
  input: ApplicantSignUp & { language: SupportedLanguage },
  request: RequestContext,
  db: Database = getDatabase(),
): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> {
  const decision = await takeAttempt([{ limit: signUpsPerAddressLimit, key: [request.ipAddress ?? "unknown"] }]);
  if (!decision.allowed) return { ok: false, retryAfterSeconds: decision.retryAfterSeconds };
  const email = accountKeyOf(input.email);
  const now = request.now ?? new Date();
  await db.$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email }, select: { id: true } });
    if (existing) return;
    const user = await tx.user.create({
      data: { email, displayName: input.displayName, role: "applicant", preferredLanguage: toStoredLanguage(input.language), createdAt: now },
    });
    await tx.applicantProfile.create({ data: { userId: user.id, institution: input.institution, department: input.department, country: input.country, createdAt: now } });
    await recordAuditEvent(
      tx,
      { type: "access.application_changed", outcome: "success", detail: { change: "applicant_signed_up" } },
      { actorUserId: user.id, ipAddress: request.ipAddress, userAgent: request.userAgent },
    );
  });
  await requestSignInLink({ email, language: input.language }, request, db);
  return { ok: true };
}
