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
  const value: unknown = await languageCookie.parse(request.headers.get("Cookie"));
  return isSupportedLanguage(value) ? value : defaultLanguage;
}
