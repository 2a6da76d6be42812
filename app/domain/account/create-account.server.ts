import { z } from "zod";
import { getDatabase, type Database } from "../../db.server";
import { getEnv } from "../../env.server";
import { Prisma } from "../../generated/prisma/client";
import { toStoredLanguage } from "../../i18n/languages";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import { accountKeyOf } from "../auth/index.server";
import { isStaffRole, rolesOf, type Role } from "../authz";
import { sendLoggedMail } from "../mail/index.server";
import { generateSecureRandomString, sha256 } from "@tsunagi/service-kit/secure-random.server";
import { AccountRefusal } from "./account-refusal";
import { CreateAccountSchema, welcomeLinkLifetimeHours } from "./account-schemas";

export interface CreatedAccount {
  id: string;
  email: string;
  /** False when the welcome mail could not be handed to the mail server: the account exists, its link was not sent. */
  mailed: boolean;
}

/**
 * An administrator creates a staff or committee account (issue 15; ADR 042). Nobody types a password for someone
 * else: the account starts without one, and the person is mailed a single-use sign-in link (the SignInLink that
 * participants' links use, here valid for 72 hours). Opening it, a staff member is made to enrol an authenticator
 * (the staff rule for any sign-in without a second factor), then sets a password on the account page, as anyone
 * without one does. Account, link and audit row are one transaction; the address is the account's key (unique),
 * so two admins creating the same address at once make one account and the other is told it is taken.
 */
export async function createAccount(
  options: { actorUserId: string; input: z.input<typeof CreateAccountSchema>; request: RequestContext },
  db: Database = getDatabase(),
): Promise<CreatedAccount> {
  const input = CreateAccountSchema.parse(options.input);
  const now = options.request.now ?? new Date();
  const email = accountKeyOf(input.email);
  const additionalRoles = [...new Set(input.additionalRoles)].filter((role) => role !== input.role) as Role[];
  const preferredLanguage = toStoredLanguage(input.preferredLanguage);
  const linkId = generateSecureRandomString();
  const secret = generateSecureRandomString();

  let userId: string;
  try {
    userId = await db.$transaction(async (tx) => {
      if (await tx.user.findUnique({ where: { email }, select: { id: true } })) throw new AccountRefusal("email_taken");
      const user = await tx.user.create({ data: { email, displayName: input.displayName, role: input.role, additionalRoles, preferredLanguage }, select: { id: true } });
      await tx.signInLink.create({
        data: { id: linkId, tokenHash: sha256(secret), userId: user.id, createdAt: now, expiresAt: new Date(now.getTime() + welcomeLinkLifetimeHours * 3_600_000) },
      });
      await recordAuditEvent(
        tx,
        { type: "account.created", outcome: "success", detail: { role: input.role, additionalRoles, preferredLanguage } },
        { actorUserId: options.actorUserId, subjectUserId: user.id, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent },
      );
      return user.id;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new AccountRefusal("email_taken");
    throw error;
  }

  // The link is a bearer secret: sent at once, never left waiting in the queue's table (ADR 031).
  let mailed = true;
  try {
    await sendLoggedMail({
      to: email,
      userId,
      language: input.preferredLanguage,
      template: "account-created",
      props: {
        name: input.displayName,
        url: new URL(`/sign-in/link/${linkId}.${secret}`, getEnv().APP_URL).toString(),
        expiresInHours: welcomeLinkLifetimeHours,
        secondFactorRequired: isStaffRole(rolesOf({ role: input.role, additionalRoles })),
      },
    });
  } catch {
    mailed = false;
  }
  return { id: userId, email, mailed };
}
