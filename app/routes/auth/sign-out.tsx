import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { getSession } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { clearSessionCookie } from "../../auth/session-cookie.server";
import { endSession } from "../../domain/session/index.server";

export async function loader() {
  throw redirect("/");
}

/**
 * Ends the session on the server, so a copied cookie is worthless afterwards; and clears the site's storage in this
 * browser (ADR 110): its service worker is unregistered, which ends its push subscription, so a shared phone signed
 * out of stops hearing the account's notifications (the push service then answers 410, and the device is removed).
 * The next page registers a fresh worker with no subscription. Cookies other than the session's (the language) stay.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const session = await getSession(request, context);
  if (session) {
    const { ipAddress, userAgent } = await requestContextOf(request, context);
    await endSession({ sessionId: session.id, userId: session.userId, reason: "sign_out", context: { actorUserId: session.userId, ipAddress, userAgent } });
  }
  throw redirect("/sign-in?signedOut=1", { headers: { "Set-Cookie": await clearSessionCookie(), "Clear-Site-Data": '"storage"' } });
}
