import { createCookie } from "@remix-run/node";
import { handoverLifetimeMs } from "../domain/consent/index.server";
import { cookiesAreSecure } from "./cookie-security.server";

// Carries the sealed invitation code from the enrolment (or reissue) POST to the page that shows it once.
function handoverCookie() {
  const secure = cookiesAreSecure();
  return createCookie(secure ? "__Host-tsunagi_handover" : "tsunagi_handover", {
    path: "/",
    httpOnly: true,
    sameSite: "strict",
    secure,
    maxAge: handoverLifetimeMs / 1000,
  });
}

export function setHandoverCookie(sealed: string): Promise<string> {
  return handoverCookie().serialize(sealed);
}

export async function readHandoverCookie(request: Request): Promise<string | null> {
  const value: unknown = await handoverCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" ? value : null;
}

export function clearHandoverCookie(): Promise<string> {
  return handoverCookie().serialize("", { maxAge: 0 });
}
