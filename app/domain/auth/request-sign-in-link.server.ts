import { z } from "zod";
import { emailField } from "../kernel/index";
import { getDatabase, type Database } from "../../db.server";
import { getEnv } from "../../env.server";
import type { SupportedLanguage } from "../../i18n/languages";
import { recordAuditEvent } from "../kernel/index.server";
import { usesEmailLinks } from "../authz";
import { sendMail } from "../mail/index.server";
import { takeAttempt, type AttemptLimit } from "../security/index.server";
import { generateSecureRandomString, sha256 } from "@tsunagi/service-kit/secure-random.server";
import type { RequestContext } from "../kernel/index";
import { accountKeyOf } from "./sign-in-rate-limit.server";

export const SignInLinkRequestSchema = z.object({ email: emailField() });

export const signInLinkLifetimeMinutes = 15;
/** Links one account may be sent per 15 minutes: enough for a lost mail, too few to flood an inbox. */
export const linksPerAccountLimit: AttemptLimit = { name: "sign-in-link:account", points: 5, durationSeconds: 15 * 60 };
/** Links one address may have sent in an hour, to anyone: stops one visitor from mailing many inboxes. */
export const linksPerAddressLimit: AttemptLimit = { name: "sign-in-link:address", points: 30, durationSeconds: 3600 };

/**
 * Sends a single-use sign-in link to participants and the people around them. Staff never get one (they
 * need password + TOTP), and the caller's answer is the same whatever happened, so the form cannot be
 * used to learn who has an account.
 */
export async function requestSignInLink(
  input: z.infer<typeof SignInLinkRequestSchema> & { language: SupportedLanguage },
  request: RequestContext,
  db: Database = getDatabase(),
): Promise<void> {
  const { email } = SignInLinkRequestSchema.parse(input);
  const accountKey = accountKeyOf(email);
  const now = request.now ?? new Date();
  const audit = { ipAddress: request.ipAddress, userAgent: request.userAgent };
  const user = await db.user.findUnique({ where: { email: accountKey } });

  const eligible = user && !user.disabledAt && usesEmailLinks(user);
  if (!eligible) {
    await recordAuditEvent(db, { type: "auth.sign_in_link_requested", outcome: "ignored", detail: { attemptedEmail: accountKey } }, { subjectUserId: user?.id, ...audit });
    return;
  }

  // Counted before the link is made, in one atomic step per limit: five requests at once cannot all see "four so
  // far". Failed sign-ins do not block a link: it goes only to the owner's own inbox, their way back in.
  const decision = await takeAttempt([
    { limit: linksPerAccountLimit, key: [user.id] },
    { limit: linksPerAddressLimit, key: [request.ipAddress] },
  ]);
  if (!decision.allowed) {
    await recordAuditEvent(db, { type: "auth.sign_in_link_requested", outcome: "rate_limited", detail: { attemptedEmail: accountKey } }, { subjectUserId: user.id, ...audit });
    return;
  }

  const id = generateSecureRandomString();
  const secret = generateSecureRandomString();
  await db.$transaction(async (tx) => {
    await tx.signInLink.create({
      data: { id, tokenHash: sha256(secret), userId: user.id, createdAt: now, expiresAt: new Date(now.getTime() + signInLinkLifetimeMinutes * 60_000) },
    });
    await recordAuditEvent(tx, { type: "auth.sign_in_link_requested", outcome: "success", detail: { attemptedEmail: accountKey } }, { subjectUserId: user.id, ...audit });
  });
  await sendMail({
    to: user.email,
    language: input.language,
    template: "sign-in-link",
    props: { url: new URL(`/sign-in/link/${id}.${secret}`, getEnv().APP_URL).toString(), expiresInMinutes: signInLinkLifetimeMinutes },
  });
}
