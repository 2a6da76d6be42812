import { redirect } from "@remix-run/node";
import type { CompletedSignIn } from "../domain/auth/index.server";
import { safeRedirectPath } from "./guards.server";
import { setDeviceCookie, setSessionCookie } from "./session-cookie.server";

/** After a first factor: the session cookie, the device cookie, and on to the second factor or the page asked for. */
export async function signedInRedirect(completed: CompletedSignIn, redirectTo: unknown): Promise<Response> {
  const headers = new Headers();
  // The cookie may outlive an idle staff session; the server-side check is what ends it.
  headers.append("Set-Cookie", await setSessionCookie(completed.sessionToken, new Date(Date.now() + 90 * 24 * 3600_000)));
  headers.append("Set-Cookie", await setDeviceCookie(completed.deviceToken));
  const next = safeRedirectPath(redirectTo);
  const target = completed.secondFactorRequired ? `/sign-in/second-factor?redirectTo=${encodeURIComponent(next)}` : next;
  return redirect(target, { headers });
}
