import { getDatabase, type Database } from "../../db.server";
import { getEnv } from "../../env.server";
import { fromStoredLanguage } from "../../i18n/languages";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import { isStaffRole, rolesOf } from "../authz";
import { sendLoggedMail } from "../mail/index.server";
import { uuidPattern } from "../kernel/index";
import { AccountRefusal, type AccountRefusalReason } from "./account-refusal";
import { welcomeLinkLifetimeHours } from "./account-schemas";
import { lockAccount, replaceOpenLinks, welcomeStandingOf, type WelcomeStanding } from "./welcome-links.server";

/** Why an administrator may not send a welcome link now, as a sentence on the page (admin.json "refusals"). */
export function welcomeRefusalOf(standing: WelcomeStanding): AccountRefusalReason | null {
  switch (standing.kind) {
    case "waiting":
      return null;
    case "set_up":
      return standing.how === "factors" ? "welcome_set_up_factors" : "welcome_set_up_signed_in";
    case "disabled":
      return "welcome_disabled";
    case "not_from_admin":
      return "welcome_not_from_admin";
  }
}

/**
 * An administrator sends a new account its welcome link again (issue 27 item 7; ADR 042 amended) — it expired, or the
 * first mail never arrived: a fresh single-use link for 72 hours, and every link the account had not used stops
 * working, so a forwarded or intercepted earlier mail is worth nothing. Refused, with the reason the page states,
 * once the account has its own way in (set up), while it is disabled, and for participants, proxies and family members,
 * whose way in is their invitation. Under the account's row lock: two sends at once leave exactly one working link,
 * the later one. Audited (`account.welcome_link_resent`) with how many links it ended. The link is a bearer secret:
 * mailed at once, never queued (ADR 031); `mailed` is false when the mail server refused it.
 */
export async function resendWelcomeLink(
  options: { actorUserId: string; userId: string; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ mailed: boolean; expiresAt: Date }> {
  if (!uuidPattern.test(options.userId)) throw new AppError("not_found");
  const { account, link } = await db.$transaction(async (tx) => {
    const account = await lockAccount(tx, options.userId);
    if (!account) throw new AppError("not_found");
    // The time is read once the lock is held: a send that waited for another must not count, as still open, the
    // links the other ended at a later time than this one read before waiting.
    const now = options.request.now ?? new Date();
    const refusal = welcomeRefusalOf(await welcomeStandingOf(tx, account));
    if (refusal) throw new AccountRefusal(refusal);
    const link = await replaceOpenLinks(tx, account.id, { lifetimeMs: welcomeLinkLifetimeHours * 3_600_000, now });
    await recordAuditEvent(
      tx,
      { type: "account.welcome_link_resent", outcome: "success", detail: { by: "admin", replacedLinks: link.replaced, expiresAt: link.expiresAt.toISOString() } },
      { actorUserId: options.actorUserId, subjectUserId: account.id, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent },
    );
    return { account, link };
  });
  try {
    await sendLoggedMail({
      to: account.email,
      userId: account.id,
      language: fromStoredLanguage(account.preferredLanguage),
      template: "account-created",
      props: {
        name: account.displayName,
        url: new URL(`/sign-in/link/${link.token}`, getEnv().APP_URL).toString(),
        expiresInHours: welcomeLinkLifetimeHours,
        secondFactorRequired: isStaffRole(rolesOf(account)),
        replacesEarlier: true,
      },
    });
    return { mailed: true, expiresAt: link.expiresAt };
  } catch {
    return { mailed: false, expiresAt: link.expiresAt };
  }
}
