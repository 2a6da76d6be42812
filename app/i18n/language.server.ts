import { createCookie } from "@remix-run/node";
import { isSupportedLanguage, type SupportedLanguage } from "./languages";

// A plain preference, not a secret: readable by the server before any session exists (sign-in page).
export const languageCookie = createCookie("lang", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

/**
 * The reader's language: the one they chose (the cookie), else their browser's (Accept-Language: Japanese or English,
 * whichever it prefers first; やさしい日本語 only by choice, as no browser asks for it), else Japanese (issue 55).
 */
export async function getLanguage(request: Request): Promise<SupportedLanguage> {
  return languageFromHeaders(request.headers.get("Cookie"), request.headers.get("Accept-Language"));
}

/** The same choice from bare headers, for answers given before Remix sees the request (server/). */
export async function languageFromHeaders(cookieHeader: string | null | undefined, acceptLanguage: string | null | undefined): Promise<SupportedLanguage> {
  const value: unknown = await languageCookie.parse(cookieHeader ?? null);
  return isSupportedLanguage(value) ? value : languageFromAcceptLanguage(acceptLanguage);
}

/**
 * Japanese or English from an Accept-Language header (RFC 9110 §12.5.4): the first of `ja…` and `en…` by quality, in
 * the order given among equals; anything else, `*` or no header at all is Japanese, the programme's language.
 */
export function languageFromAcceptLanguage(header: string | null | undefined): "ja" | "en" {
  if (!header) return "ja";
  const ranges = header
    .split(",")
    .slice(0, 32)
    .map((part, position) => {
      const [tag = "", ...parameters] = part.trim().split(";");
      const quality = parameters.map((parameter) => /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(parameter)?.[1]).find((value) => value !== undefined);
      return { primary: tag.trim().toLowerCase().split("-")[0] ?? "", quality: quality === undefined ? 1 : Number(quality), position };
    })
    .filter((range) => range.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.position - b.position);
  for (const range of ranges) {
    if (range.primary === "ja") return "ja";
    if (range.primary === "en") return "en";
  }
  return "ja";
}
