// Issue 30 item 4 (ADR 071): the public pages a signed-out reader gets come from the cache the app's processes share,
// with the headers a CDN needs and a CSP of script hashes instead of a nonce; a signed-in reader's page is theirs
// alone, as before; and every kind of write to what those pages show is on the next read (publish → read).
import { describe, expect, it } from "vitest";
import { languageCookie } from "../../app/i18n/language.server";
import { createProgrammeUpdate } from "../../app/domain/updates/create-programme-update.server";
import { publishProgrammeUpdate } from "../../app/domain/updates/publish-programme-update.server";
import { startUpdateCorrection } from "../../app/domain/updates/start-update-correction.server";
import { editProgrammeUpdateDraft } from "../../app/domain/updates/edit-programme-update-draft.server";
import type { ProgrammeUpdateDraftInput } from "../../app/domain/updates/programme-update-schema";
import { refreshTransparencySnapshot } from "../../app/domain/transparency/snapshot/refresh-transparency-snapshot.server";
import { createReport } from "../../app/domain/transparency/reports/create-report.server";
import { loadStaffReport } from "../../app/domain/transparency/reports/load-staff-report.server";
import { saveReportDraft } from "../../app/domain/transparency/reports/save-report-draft.server";
import { publishReportVersion } from "../../app/domain/transparency/reports/publish-report-version.server";
import type { ReportSection, ReportText } from "../../app/domain/transparency/reports/report-content";
import type { SupportedLanguage } from "../../app/i18n/languages";
import { createPublishedConsultation } from "../factories/consultation-factory";
import { createApplication } from "../factories/data-access-factory";
import { createUser } from "../factories/user-factory";
import { useAppServer } from "../support/app-server";
import { useTestDatabase } from "../support/database";
import { signedInCookie } from "../support/session-cookies";
import { useTempDataDir } from "../support/temp-data-dir";

useTestDatabase();
useTempDataDir();
const app = useAppServer();

const tag = () => Math.random().toString(36).slice(2, 8);

async function get(path: string, options: { language?: SupportedLanguage; cookie?: string; headers?: Record<string, string> } = {}): Promise<Response> {
  const cookie = options.cookie ?? (options.language ? (await languageCookie.serialize(options.language)).split(";")[0]! : undefined);
  return fetch(`${app.origin}${path}`, { headers: { ...(cookie ? { Cookie: cookie } : {}), ...options.headers } });
}
const textOf = async (path: string, language: SupportedLanguage = "en") => (await get(path, { language })).text();

const updateText = (title: string): ProgrammeUpdateDraftInput => ({
  audiences: ["public"],
  titleJa: `${title}（日本語）`,
  titleJaEasy: `${title}（やさしい）`,
  titleEn: `${title} (English)`,
  bodyJa: "本文です。",
  bodyJaEasy: "ほんぶん です。",
  bodyEn: "The body.",
});

describe("a public page, signed out", () => {
  it("is shared: public Cache-Control, an ETag, Vary on Cookie, a CSP of hashes (no nonce, no 'unsafe-inline'), 304 when unchanged", async () => {
    const first = await get("/transparency", { language: "en" });
    expect(first.status).toBe(200);
    const html = await first.text();
    expect(first.headers.get("cache-control")).toMatch(/^public, .*s-maxage=\d+.*stale-while-revalidate=\d+/);
    expect(first.headers.get("vary")).toMatch(/Cookie/);
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^W\/".+"$/);
    const policy = first.headers.get("content-security-policy")!;
    const scriptSrc = /script-src ([^;]*)/.exec(policy)![1]!;
    expect(scriptSrc).toMatch(/'sha256-[A-Za-z0-9+/=]+'/);
    expect(scriptSrc).not.toMatch(/nonce|unsafe-inline/);
    expect(policy).toContain("object-src 'none'");
    expect(html).not.toMatch(/nonce=/);
    // Each inline script the page carries is one the policy names.
    const { createHash } = await import("node:crypto");
    const inline = [...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((match) => `'sha256-${createHash("sha256").update(match[1]!).digest("base64")}'`);
    expect(inline.length).toBeGreaterThan(0);
    for (const hash of inline) expect(scriptSrc).toContain(hash);

    const again = await get("/transparency", { language: "en", headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    expect(await again.text()).toBe("");
  });

  it("is the same bytes for every reader of a language, another for another language, and compressed as asked", async () => {
    const a = await get("/updates", { language: "ja-easy" });
    const b = await get("/updates", { language: "ja-easy", headers: { "Accept-Encoding": "br" } });
    const en = await get("/updates", { language: "en" });
    expect(b.headers.get("content-encoding")).toBe("br");
    expect(a.headers.get("etag")).toBe(b.headers.get("etag"));
    expect(await a.text()).toBe(await b.text());
    expect(en.headers.get("etag")).not.toBe(a.headers.get("etag"));
    // No cookie at all: the default language's page, the same as a `lang` cookie naming it.
    expect((await get("/register")).headers.get("etag")).toBe((await get("/register", { language: "ja" })).headers.get("etag"));
  });

  it("on a first visit (no cookie) is in the browser's language, Japanese or English; a chosen language wins (issue 55)", async () => {
    const etagOf = async (options: Parameters<typeof get>[1]) => (await get("/register", options)).headers.get("etag");
    const english = await etagOf({ language: "en" });
    const japanese = await etagOf({ language: "ja" });
    expect(await etagOf({ headers: { "Accept-Language": "en-GB,en;q=0.9" } })).toBe(english);
    expect(await etagOf({ headers: { "Accept-Language": "de-DE,en;q=0.8,ja;q=0.5" } })).toBe(english);
    expect(await etagOf({ headers: { "Accept-Language": "ja-JP,ja;q=0.9,en;q=0.8" } })).toBe(japanese);
    expect(await etagOf({ headers: { "Accept-Language": "fr, de" } })).toBe(japanese);
    // やさしい日本語 only by choice: the cookie, never a browser's header.
    expect(await etagOf({ language: "ja-easy", headers: { "Accept-Language": "en" } })).toBe(await etagOf({ language: "ja-easy" }));
    expect(await etagOf({ language: "ja", headers: { "Accept-Language": "en" } })).toBe(japanese);
    const response = await get("/register", { headers: { "Accept-Language": "en" } });
    expect(response.headers.get("vary")).toMatch(/Accept-Language/);
    expect(await response.text()).toMatch(/<html[^>]* lang="en"/);
  });

  it("is not served to a signed-in reader, nor for a query the page does not take, nor with another cookie", async () => {
    const participant = await createUser({ role: "participant" });
    const signedIn = await get("/updates", { cookie: await signedInCookie(participant, "en") });
    expect(signedIn.headers.get("cache-control")).toBe("no-store");
    expect(signedIn.headers.get("etag")).toBeNull();
    expect(signedIn.headers.get("content-security-policy")).toMatch(/'nonce-[^']+'/);
    const odd = await get("/transparency?months=12&x=1", { language: "en" });
    expect(odd.headers.get("cache-control")).toBe("no-store");
    const responder = await get("/consultations", { cookie: "tsunagi_responder=abc; lang=x" });
    expect(responder.headers.get("cache-control")).toBe("no-store");
    // A Host header the client made up is not echoed into anyone's cached page.
    const hosted = await (await get("/", { language: "en", headers: { "X-Forwarded-Host": "evil.example" } })).text();
    expect(hosted).not.toContain("evil.example");
  });

  it("serves each period of the transparency page as its own page", async () => {
    const twelve = await get("/transparency?months=12", { language: "en" });
    const all = await get("/transparency?months=all", { language: "en" });
    expect(twelve.headers.get("cache-control")).toMatch(/^public/);
    expect(all.headers.get("cache-control")).toMatch(/^public/);
    expect(twelve.headers.get("etag")).not.toBe(all.headers.get("etag"));
  });
});

describe("what changes a public page is on its next read", () => {
  it("an update published, then its correction published: /updates shows each at once, in each language", async () => {
    const staff = await createUser({ role: "elsi_staff" });
    const title = `cached-${tag()}`;
    await textOf("/updates");
    const { id } = await createProgrammeUpdate({ update: updateText(title), actorUserId: staff.id });
    expect(await textOf("/updates")).not.toContain(title);
    await publishProgrammeUpdate({ updateId: id, publishAt: null, actorUserId: staff.id });
    expect(await textOf("/updates")).toContain(`${title} (English)`);
    expect(await textOf("/updates", "ja")).toContain(`${title}（日本語）`);

    const corrected = `${title}-corrected`;
    await startUpdateCorrection({ updateId: id, actorUserId: staff.id });
    await editProgrammeUpdateDraft({ updateId: id, draft: { ...updateText(corrected), changeNoteJa: "訂正しました。", changeNoteJaEasy: "なおしました。", changeNoteEn: "Corrected." }, actorUserId: staff.id });
    expect(await textOf("/updates")).not.toContain(corrected);
    await publishProgrammeUpdate({ updateId: id, publishAt: null, actorUserId: staff.id });
    expect(await textOf("/updates")).toContain(`${corrected} (English)`);
  });

  it("a new transparency snapshot: /transparency shows its time", async () => {
    await textOf("/transparency");
    const { computedAt } = await refreshTransparencySnapshot({ reason: "schedule" });
    expect(await textOf("/transparency")).toContain(computedAt.toISOString());
    const second = await refreshTransparencySnapshot({ reason: "schedule" });
    expect(await textOf("/transparency")).toContain(second.computedAt.toISOString());
  });

  it("a report published: the reports list and its own page", async () => {
    const text = (value: string): ReportText => ({ ja: `${value}（日本語）`, "ja-easy": `${value}（やさしい）`, en: `${value} (English)` });
    const section: ReportSection = { heading: text("Decisions"), body: text("The number of decisions."), figures: ["bridge-decisions"] };
    const staff = await createUser({ role: "elsi_staff" });
    const title = `report-${tag()}`;
    const slug = `cached-${tag()}`;
    const { id } = await createReport({ report: { slug, schedule: null, title: text(title) }, actorUserId: staff.id });
    const draft = await loadStaffReport({ reportId: id });
    await saveReportDraft({ reportId: id, expectedUpdatedAt: draft.working!.updatedAt, change: { kind: "section", index: 0, section }, actorUserId: staff.id });
    const saved = await loadStaffReport({ reportId: id });
    expect(await textOf("/transparency/reports")).not.toContain(title);
    await publishReportVersion({ reportId: id, version: 1, expectedUpdatedAt: saved.working!.updatedAt, actorUserId: staff.id });
    expect(await textOf("/transparency/reports")).toContain(`${title} (English)`);
    const page = await get(`/transparency/reports/${slug}`, { language: "en" });
    expect(page.headers.get("cache-control")).toMatch(/^public/);
    expect(await page.text()).toContain(`${title} (English)`);
  });

  it("a consultation published: /consultations and the transparency page", async () => {
    await textOf("/consultations");
    await textOf("/transparency");
    const { id } = await createPublishedConsultation();
    expect(await textOf("/consultations")).toContain(`/consultations/${id}`);
    expect(await textOf("/transparency")).toContain(`/consultations/${id}`);
  });

  it("a data use approved: the register", async () => {
    await textOf("/register");
    const approved = await createApplication({ content: { purposeCodes: ["HMB"] }, approval: {} });
    expect(await textOf("/register")).toContain(approved.reference);
  });
});
