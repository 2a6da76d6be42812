import { createCookie, redirect, type AppLoadContext } from "@remix-run/node";
import { ensureMailboxKey, isMailboxKey } from "../domain/mail/index.server";
import { capturedMailEnabled } from "../domain/mail/index.server";
import { cookiesAreSecure } from "./cookie-security.server";

// Scoped to the mailbox's pages: the key is sent nowhere else. Strict: no other site can make the browser use it.
function mailboxCookie() {
  return createCookie(cookiesAreSecure() ? "__Secure-tsunagi_mailbox" : "tsunagi_mailbox", {
    path: "/dev/mailbox",
    httpOnly: true,
    sameSite: "strict",
    secure: cookiesAreSecure(),
    maxAge: 60 * 60 * 24 * 30,
  });
}

/**
 * Who may read the development mailbox (ADR 014): nobody when mail goes to a real SMTP server or the request comes
 * from another machine (404, as if the page did not exist); otherwise only a browser holding the mailbox key
 * ("locked" for anyone else). The link `npm start` prints carries the key once in `?key=`: it is exchanged here
 * for a cookie and the browser sent on without it.
 */
export async function mailboxAccess(request: Request, context: AppLoadContext): Promise<"open" | "locked"> {
  if (!capturedMailEnabled(context.clientAddress)) throw new Response("Not found", { status: 404 });
  ensureMailboxKey();
  const url = new URL(request.url);
  const offered = url.searchParams.get("key");
  if (offered !== null) {
    if (!isMailboxKey(offered)) return "locked";
    url.searchParams.delete("key");
    throw redirect(`${url.pathname}${url.search}`, { headers: { "Set-Cookie": await mailboxCookie().serialize(offered) } });
  }
  const held: unknown = await mailboxCookie().parse(request.headers.get("Cookie"));
  return typeof held === "string" && isMailboxKey(held) ? "open" : "locked";
}
