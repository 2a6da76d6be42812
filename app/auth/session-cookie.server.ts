import { createCookie } from "@remix-run/node";
import { cookiesAreSecure as secure } from "./cookie-security.server";

// HttpOnly so scripts never see the token; Lax so the e-mailed sign-in link's page can still post back.
export function sessionCookie() {
  return createCookie(secure() ? "__Host-tsunagi_session" : "tsunagi_session", {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: secure(),
  });
}

export function deviceCookie() {
  return createCookie(secure() ? "__Host-tsunagi_device" : "tsunagi_device", {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: secure(),
    maxAge: 60 * 60 * 24 * 400,
  });
}

export async function readSessionToken(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" ? value : null;
}

export async function readDeviceToken(request: Request): Promise<string | null> {
  const value: unknown = await deviceCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" ? value : null;
}

export function setSessionCookie(token: string, expires: Date): Promise<string> {
  return sessionCookie().serialize(token, { expires });
}

export function clearSessionCookie(): Promise<string> {
  return sessionCookie().serialize("", { maxAge: 0 });
}

export function setDeviceCookie(token: string): Promise<string> {
  return deviceCookie().serialize(token);
}
