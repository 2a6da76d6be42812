import { z } from "zod";
import { emailField } from "../../kernel/index";
import { getDatabase, type Database } from "../../../db.server";
import { getEnv } from "../../../env.server";
import type { SupportedLanguage } from "../../../i18n/languages";
import { lockAccount, replaceOpenLinks, welcomeStandingOf } from "../../account/index.server";
import type { AuditEvent } from "../../kernel/index";
import { recordAuditEvent } from "../../kernel/index.server";
import { signInLinkLifetimeMinutes, accountKeyOf } from "../../auth/index.server";
import type { RequestContext } from "../../kernel/index";
import { rolesOf, usesEmailLinks } from "../../authz";
import { sendMail } from "../../mail/index.server";
import { takeAttempt, type AttemptLimit } from "../../security/index.server";
import { errorText, serviceLogger } from "@tsunagi/service-kit/logger";

const log = serviceLogger("app");

export const WelcomeLinkRequestSchema = z.object({ email: emailField() });

/** Requests one address may make in an hour: a lab re-sending its researchers' links, not a way to mail many inboxes. */
export const welcomeLinksPerAddressLimit: AttemptLimit = { name: "applicant-welcome-link:address", points: 10, durationSeconds: 3600 };
/** Welcome links one account may be sent in 15 minutes: enough for a lost mail, too few to flood an inbox. */
export const welcomeLinksPerAccountLimit: AttemptLimit = { name: "applicant-welcome-link:account", points: 3, durationSeconds: 15 * 60 };

type Resent = Extract<AuditEvent, { type: "account.welcome_link_resent" }>;

/**
 * An applicant who signed up and whose link expired (or never arrived) asks for it again with their address (issue 27
 * item 7; ADR 042 amended): a fresh 15-minute link, as at sign-up, and every link the account had not used stops
 * working. Only for an account holding the applicant role, whose roles all sign in by link, that is not disabled and
 * has never signed in; anything else gets nothing, and says nothing: the answer is the same whether or not the address
 * has an account, and why nothing was sent is only in the audit row. Counted per address (a refusal the page says,
 * with when to try again) and per account (silent). Under the account's row lock: two requests at once leave one
 * working link, the later one.
 */
export async function resendApplicantWelcomeLink(
  input: z.infer<typeof WelcomeLinkRequestSchema> & { language: SupportedLanguage },
  request: RequestContext,
  db: Database = getDatabase(),
): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> {
  const byAddress = await takeAttempt([{ limit: welcomeLinksPerAddressLimit, key: [request.ipAddress ?? "unknown"] }]);
  if (!byAddress.allowed) return { ok: false, retryAfterSeconds: byAddress.retryAfterSeconds };
  const email = accountKeyOf(WelcomeLinkRequestSchema.parse(input).email);
  const audit = (db2: Parameters<typeof recordAuditEvent>[0], outcome: Resent["outcome"], detail: Resent["detail"], subjectUserId?: string) =>
    recordAuditEvent(db2, { type: "account.welcome_link_resent", outcome, detail }, { actorUserId: subjectUserId, subjectUserId, ipAddress: request.ipAddress, userAgent: request.userAgent });

  const found = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (!found) {
    await audit(db, "ignored", { by: "self", reason: "no_account", attemptedEmail: email });
    return { ok: true };
  }
  const byAccount = await takeAttempt([{ limit: welcomeLinksPerAccountLimit, key: [found.id] }]);
  if (!byAccount.allowed) {
    await audit(db, "rate_limited", { by: "self", attemptedEmail: email }, found.id);
    return { ok: true };
  }
  const issued = await db.$transaction(async (tx) => {
    const account = await lockAccount(tx, found.id);
    if (!account) return null;
    if (!rolesOf(account).includes("applicant") || !usesEmailLinks(account)) {
      await audit(tx, "ignored", { by: "self", reason: "not_an_applicant", attemptedEmail: email }, account.id);
      return null;
    }
    const standing = await welcomeStandingOf(tx, account);
    if (standing.kind !== "waiting") {
      const reason = standing.kind === "disabled" ? "disabled" : standing.kind === "set_up" ? "set_up" : "not_an_applicant";
      await audit(tx, "ignored", { by: "self", reason, attemptedEmail: email }, account.id);
      return null;
    }
    // Read under the account's lock (as resendWelcomeLink): links another request ended meanwhile stay ended.
    const now = request.now ?? new Date();
    const link = await replaceOpenLinks(tx, account.id, { lifetimeMs: signInLinkLifetimeMinutes * 60_000, now });
    await audit(tx, "success", { by: "self", replacedLinks: link.replaced, expiresAt: link.expiresAt.toISOString() }, account.id);
    return { account, link };
  });
  if (!issued) return { ok: true };
  // A bearer secret: sent at once, never queued (ADR 031). A mail server that refuses it is logged, and the page
  // answers as it always does (another answer would tell who has an account); the applicant may ask again.
  try {
    await sendMail({
      to: issued.account.email,
      language: input.language,
      template: "sign-in-link",
      props: { url: new URL(`/sign-in/link/${issued.link.token}`, getEnv().APP_URL).toString(), expiresInMinutes: signInLinkLifetimeMinutes, replacesEarlier: true },
    });
  } catch (error) {
    log.warn({ userId: issued.account.id, error: errorText(error) }, "applicant welcome link not sent");
  }
  return { ok: true };
}
