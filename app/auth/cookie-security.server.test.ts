import { afterEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "../env.server";
import { cookiesAreSecure } from "./cookie-security.server";
import { setDeviceCookie, setSessionCookie } from "./session-cookie.server";

function withAppUrl(appUrl: string) {
  process.env.APP_URL = appUrl;
  resetEnvCache();
}

describe("the session and device cookies", () => {
  const original = process.env.APP_URL;
  afterEach(() => {
    if (original === undefined) delete process.env.APP_URL;
    else process.env.APP_URL = original;
    resetEnvCache();
  });

  it("are Secure (and __Host-) whenever the app is reached beyond this machine, over http too", async () => {
    for (const appUrl of ["http://192.168.1.20:3000", "http://tsunagi.lan", "https://tsunagi.example.jp", "http://[fd00::5]:3000"]) {
      withAppUrl(appUrl);
      expect(cookiesAreSecure(), appUrl).toBe(true);
      const session = await setSessionCookie("token", new Date(Date.now() + 60_000));
      expect(session, appUrl).toMatch(/^__Host-tsunagi_session=.*; Secure/);
      expect(await setDeviceCookie("device"), appUrl).toMatch(/^__Host-tsunagi_device=.*; Secure/);
    }
  });

  it("are not Secure only on this machine's loopback, where plain http never leaves it", async () => {
    for (const appUrl of ["http://localhost:3000", "http://127.0.0.1:3200", "http://[::1]:3000"]) {
      withAppUrl(appUrl);
      expect(cookiesAreSecure(), appUrl).toBe(false);
      const session = await setSessionCookie("token", new Date(Date.now() + 60_000));
      expect(session, appUrl).toMatch(/^tsunagi_session=/);
      expect(session, appUrl).not.toMatch(/Secure/);
    }
  });
});
