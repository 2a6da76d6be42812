import { createCookie } from "@remix-run/node";
import { defaultLanguage, isSupportedLanguage, type SupportedLanguage } from "./languages";

// A plain preference, not a secret: readable by the server before any session exists (sign-in page).
export const languageCookie = createCookie("lang", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

export async function getLanguage(request: Request): Promise<SupportedLanguage> {
  return languageFromCookieHeader(request.headers.get("Cookie"));
}

/** The same choice from a bare Cookie header, for answers given before Remix sees the request (server/). */
export async function languageFromCookieHeader(cookieHeader: string | null | undefined): Promise<SupportedLanguage> {
  const value: unknown = await languageCookie.parse(cookieHeader ?? null);
  return isSupportedLanguage(value) ? value : defaultLanguage;
}
