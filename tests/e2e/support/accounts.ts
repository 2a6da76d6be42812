import type { BrowserContext } from "@playwright/test";
import { e2eBaseUrl } from "./e2e-env";
import { sessionCookie } from "../../../app/auth/session-cookie.server";
import { getDatabase } from "../../../app/db.server";
import { createSession } from "../../../app/domain/session/create-session.server";
import { createUser, type CreatedUser } from "../../factories/user-factory";

export { createUser, type CreatedUser };

/**
 * Signs a user in by creating a real session row and handing its cookie to the browser — the login fixture
 * for tests whose subject is not the sign-in form itself.
 */
export async function signInAs(context: BrowserContext, user: CreatedUser): Promise<string> {
  const { token, cookie } = await signedInCookie(user);
  const separator = cookie.indexOf("=");
  await context.addCookies([{ name: cookie.slice(0, separator), value: cookie.slice(separator + 1), url: e2eBaseUrl, httpOnly: true, sameSite: "Lax" }]);
  return token;
}

/** A real session for the user, as the `name=value` pair of its cookie: for requests made without a browser. */
export async function signedInCookie(user: CreatedUser): Promise<{ token: string; cookie: string }> {
  const { token } = await createSession(getDatabase(), { userId: user.id, role: user.role, secondFactorVerified: true, ipAddress: "127.0.0.1", userAgent: "playwright" });
  const serialized = await sessionCookie().serialize(token);
  return { token, cookie: serialized.split(";")[0]! };
}
