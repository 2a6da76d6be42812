// What a browser is told in a page's headers, over HTTP through the real app (server/app-server.ts): a loader's or
// action's Retry-After reaches the page only through the route's `headers` export, which calling an action directly
// (as the other tests do) cannot show; and what pages opened from a mailed link tell the browser about their address.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { pageHeaderNames } from "../../app/forms/route-headers.server";
import { languageCookie } from "../../app/i18n/language.server";
import { accountAddressLimit } from "../../app/domain/auth/sign-in-rate-limit.server";
import { createUser } from "../factories/user-factory";
import { useAppServer } from "../support/app-server";
import { useTestDatabase } from "../support/database";
import { useTempDataDir } from "../support/temp-data-dir";

useTestDatabase();
useTempDataDir();
const app = useAppServer();

const root = path.resolve(import.meta.dirname, "../..");
const languageCookieFor = async (language: string) => (await languageCookie.serialize(language)).split(";")[0]!;

/** A sign-in form as a browser without JavaScript posts it (a document request), or as the page's script does (`.data`). */
async function postSignIn(email: string, password: string, options: { script?: boolean } = {}): Promise<Response> {
  const url = options.script ? `${app.origin}/sign-in.data?index` : `${app.origin}/sign-in?index`;
  return fetch(url, {
    method: "POST",
    // As a browser posts a form on the app's own page (the Origin it would send names APP_URL, not this test's port).
    headers: { "Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "same-origin", Cookie: await languageCookieFor("en") },
    body: new URLSearchParams({ intent: "password", email, password }),
    redirect: "manual",
  });
}

describe("a page's own headers reach the browser", () => {
  it("a sign-in refused for too many tries answers 429 with Retry-After, to a plain form post and to the page's script alike", async () => {
    const user = await createUser();
    for (let attempt = 0; attempt < accountAddressLimit.points; attempt++) expect((await postSignIn(user.email, `wrong-${attempt}`)).status).toBe(401);
    const page = await postSignIn(user.email, "wrong-again");
    expect(page.status).toBe(429);
    expect(page.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(Number(page.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await page.text()).toMatch(/Please try again in about \d+ minutes?\./);
    const script = await postSignIn(user.email, "wrong-once-more", { script: true });
    expect(script.status).toBe(429);
    expect(Number(script.headers.get("Retry-After"))).toBeGreaterThan(0);
  });

  it("pages opened from a mailed link send their address to no other site, and their forms post without JavaScript", async () => {
    // same-origin, once: the secret in the address never leaves for another site (the pages load nothing from one), and
    // a plain form post still carries its Origin — under no-referrer the browser sends "Origin: null", which Remix
    // refuses as a cross-site post (ADR 107).
    const cookie = await languageCookieFor("ja");
    for (const address of [`/family/invitation/${"a".repeat(32)}`, `/review-invitation/${"b".repeat(43)}`]) {
      const page = await fetch(`${app.origin}${address}`, { headers: { Cookie: cookie } });
      expect(page.headers.get("Content-Type"), address).toMatch(/^text\/html/);
      expect([404, 410], address).toContain(page.status);
      expect(page.headers.get("Referrer-Policy"), address).toBe("same-origin");
    }
  });

  it("every page whose loader or action sets one of those headers passes them on with the shared headers export", () => {
    const routes = path.join(root, "app/routes");
    const files = readdirSync(routes, { recursive: true, encoding: "utf8" }).filter((file) => /\.tsx?$/.test(file));
    const setsOne = new RegExp(`retryAfterHeaders\\(|tooManyTries\\(|"(${pageHeaderNames.join("|")})"`);
    const pages = files.filter((file) => {
      const source = readFileSync(path.join(routes, file), "utf8");
      return /^export default /m.test(source) && setsOne.test(source);
    });
    expect(pages.length).toBeGreaterThanOrEqual(8);
    const without = pages.filter((file) => !/^export const headers = passPageHeaders;$/m.test(readFileSync(path.join(routes, file), "utf8")));
    expect(without).toEqual([]);
  });
});
