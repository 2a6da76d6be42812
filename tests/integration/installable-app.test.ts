// The installable app (issue 32 item 4; ADR 109), over HTTP through the real app: the manifest in each language, its
// icons as the PNGs they claim to be, the service worker's headers and what it keeps — only the app shell, which is the
// same with a session as without one — and the offline pages.
import { describe, expect, it } from "vitest";
import { languageCookie } from "../../app/i18n/language.server";
import { htmlLangOf, supportedLanguages } from "../../app/i18n/languages";
import { appShellPaths, offlinePath } from "../../app/pwa/installable-app";
import { precacheListOf } from "../../app/pwa/service-worker-script.server";
import { translator } from "../../app/i18n/i18n";
import { signedInCookie } from "../e2e/support/accounts";
import { createUser } from "../factories/user-factory";
import { useAppServer } from "../support/app-server";
import { useTestDatabase } from "../support/database";
import { useTempDataDir } from "../support/temp-data-dir";

useTestDatabase();
useTempDataDir();
const app = useAppServer();

const get = (path: string, cookie?: string) => fetch(`${app.origin}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });

/** Width and height from a PNG's IHDR chunk, after checking the signature: the file is a PNG, not only named one. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.subarray(12, 16).toString("latin1")).toBe("IHDR");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

interface Manifest {
  id: string;
  name: string;
  short_name: string;
  description: string;
  lang: string;
  dir: string;
  start_url: string;
  scope: string;
  display: string;
  theme_color: string;
  background_color: string;
  icons: { src: string; sizes: string; type: string; purpose: string }[];
}

describe("the installable app", () => {
  it.each(supportedLanguages)("the %s manifest is valid, in its language, and every icon is what it declares", async (language) => {
    const response = await get(`/manifest/${language}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/manifest\+json/);
    const manifest = (await response.json()) as Manifest;
    const t = translator(language, "common");
    expect(manifest).toMatchObject({
      id: "/home",
      name: t("installableApp.name"),
      short_name: t("installableApp.shortName"),
      description: t("installableApp.description"),
      lang: htmlLangOf(language),
      dir: "ltr",
      start_url: "/home",
      scope: "/",
      display: "standalone",
    });
    expect(manifest.short_name.length).toBeLessThanOrEqual(12);
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/);
    expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/);
    const pngs = manifest.icons.filter((icon) => icon.type === "image/png");
    expect(pngs.map((icon) => `${icon.sizes} ${icon.purpose}`).sort()).toEqual(["192x192 any", "512x512 any", "512x512 maskable"]);
    for (const icon of manifest.icons) {
      const file = await get(icon.src);
      expect(file.status, icon.src).toBe(200);
      expect(file.headers.get("Content-Type"), icon.src).toContain(icon.type);
      if (icon.type !== "image/png") continue;
      const [width, height] = icon.sizes.split("x").map(Number);
      expect(pngSize(Buffer.from(await file.arrayBuffer())), icon.src).toEqual({ width, height });
    }
    // Every language is the same app: only the words differ.
    expect(manifest.id).toBe(((await (await get("/manifest/ja")).json()) as Manifest).id);
  });

  it("a language the app does not speak has no manifest and no offline page", async () => {
    expect((await get("/manifest/fr")).status).toBe(404);
    expect((await get("/offline/fr")).status).toBe(404);
  });

  it("the service worker is sent uncached, at the root, and keeps only the app shell — the same with a session as without", async () => {
    const response = await get("/sw.js?lang=en");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/javascript/);
    expect(response.headers.get("Cache-Control")).toBe("no-cache");
    const script = await response.text();
    const kept = precacheListOf(script);
    expect(kept).toEqual(appShellPaths());
    // No page a session could change: nothing under the signed-in areas, no page but the offline pages.
    const offlinePages = supportedLanguages.map(offlinePath);
    for (const path of kept) {
      expect(path, path).toMatch(/^\/(offline|manifest)\/[a-z-]+$|^\/[a-z-]+(-\d+)?\.(png|svg|css)$/);
      expect(path, path).not.toMatch(/^\/(home|consent|family|account|staff|admin|panel|applications|committee|sign-in)/);
    }
    // Each answer kept is public and identical for a signed-in participant: nothing personal can reach the device.
    const participant = await createUser({ role: "participant" });
    const { cookie } = await signedInCookie(participant);
    for (const path of kept) {
      const anonymous = await get(path);
      const signedIn = await get(path, cookie);
      expect(anonymous.status, path).toBe(200);
      expect(anonymous.headers.get("Set-Cookie"), path).toBeNull();
      const bytes = Buffer.from(await anonymous.arrayBuffer());
      expect(Buffer.from(await signedIn.arrayBuffer()).equals(bytes), path).toBe(true);
      if (offlinePages.includes(path)) expect(bytes.toString("utf8"), path).not.toContain(participant.email);
    }
    // The worker stores nothing beyond its cache of the shell.
    expect(script).not.toMatch(/indexedDB|localStorage|cache\.put\(/);
    // Every register() names the language; the script itself is the same for each.
    expect(await (await get("/sw.js?lang=ja")).text()).toBe(script);
  });

  it.each(supportedLanguages)("the %s offline page is whole, in its language, needs no script and says nothing is stored", async (language) => {
    const cookie = (await languageCookie.serialize("en")).split(";")[0]!;
    const response = await get(`/offline/${language}`, cookie);
    expect(response.status).toBe(200);
    const policy = response.headers.get("Content-Security-Policy") ?? "";
    expect(policy).toContain("script-src 'none'");
    expect(policy).not.toMatch(/nonce-|unsafe-inline/);
    const html = await response.text();
    expect(html).toMatch(new RegExp(`^<!DOCTYPE html><html lang="${htmlLangOf(language)}" data-language="${language}"`));
    expect(html).not.toMatch(/<script/i);
    // Readings are added to やさしい日本語 (ADR 037); the words are compared without them.
    const text = html
      .replace(/<rt\b[^>]*>[^<]*<\/rt>/g, "")
      .replace(/<[^>]+>/g, "")
      .replace(/&#x27;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, "&");
    const t = translator(language, "common");
    expect(text).toContain(t("installableApp.offline.title"));
    expect(text).toContain(t("installableApp.offline.nothingStored"));
    if (language === "ja-easy") expect(html).toContain("<ruby>");
  });

  it("every page links the manifest of its reader's language and registers the worker with it", async () => {
    for (const language of supportedLanguages) {
      const cookie = (await languageCookie.serialize(language)).split(";")[0]!;
      const html = await (await get("/sign-in", cookie)).text();
      expect(html).toContain(`<link rel="manifest" href="/manifest/${language}"/>`);
      expect(html).toContain(`register("/sw.js?lang=${language}",{scope:"/"})`);
    }
    const policy = (await get("/sign-in")).headers.get("Content-Security-Policy") ?? "";
    expect(policy).toContain("worker-src 'self'");
    expect(policy).toContain("manifest-src 'self'");
  });
});
