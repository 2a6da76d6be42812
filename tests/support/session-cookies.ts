import { sessionCookie } from "../../app/auth/session-cookie.server";
import { getDatabase } from "../../app/db.server";
import type { Role } from "../../app/domain/authz/roles";
import { createSession } from "../../app/domain/session/create-session.server";
import { languageCookie } from "../../app/i18n/language.server";
import type { SupportedLanguage } from "../../app/i18n/languages";
import { browserUserAgent } from "./browser-requests";

/** The Cookie header of a signed-in browser (second factor passed) reading in `language`, or of no one. */
export async function signedInCookie(user: { id: string; role: Role } | null, language: SupportedLanguage = "ja"): Promise<string> {
  const parts = [(await languageCookie.serialize(language)).split(";")[0]!];
  if (user) {
    const { token } = await createSession(getDatabase(), { userId: user.id, role: user.role, secondFactorVerified: true, ipAddress: "127.0.0.1", userAgent: browserUserAgent });
    parts.push((await sessionCookie().serialize(token)).split(";")[0]!);
  }
  return parts.join("; ");
}
