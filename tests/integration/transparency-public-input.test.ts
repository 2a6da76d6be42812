// Bad input to the public transparency pages and downloads (issue 16 acceptance): a period, a page or a snapshot id
// out of range, an unknown figure — each a 4xx in the reader's language, and nothing written (no snapshot, no audit
// row, no checkpoint). Through the real app server over HTTP, on real PostgreSQL.
import { beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { languageCookie } from "../../app/i18n/language.server";
import { translator } from "../../app/i18n/i18n";
import { refreshTransparencySnapshot } from "../../app/domain/transparency/snapshot/refresh-transparency-snapshot.server";
import { useAppServer } from "../support/app-server";
import { useTestDatabase } from "../support/database";
import { useTempDataDir } from "../support/temp-data-dir";

useTestDatabase();
useTempDataDir();
const app = useAppServer();

const languages = ["ja", "ja-easy", "en"] as const;

async function get(path: string, language: (typeof languages)[number]): Promise<Response> {
  return fetch(`${app.origin}${path}`, { headers: { Cookie: (await languageCookie.serialize(language)).split(";")[0]! }, redirect: "manual" });
}

async function written() {
  const db = getDatabase();
  return { snapshots: await db.transparencySnapshot.count(), audit: await db.auditEvent.count(), checkpoints: await db.publishedCheckpoint.count() };
}

describe("public transparency input", () => {
  let snapshotId: string;
  beforeAll(async () => {
    snapshotId = (await refreshTransparencySnapshot({ reason: "schedule" })).id;
  });

  it("answers the dashboard, a figure and the release log when asked well", async () => {
    expect((await get("/transparency?months=24", "en")).status).toBe(200);
    expect((await get("/transparency?months=all", "en")).status).toBe(200);
    const figure = await get(`/transparency/figures/consent-choices.json?snapshot=${snapshotId}`, "en");
    expect(figure.status).toBe(200);
    expect(await figure.json()).toMatchObject({ snapshotId });
    expect((await get("/transparency/releases?page=1", "en")).status).toBe(200);
  });

  const pages: [path: string, status: number][] = [
    ["/transparency?months=0", 400],
    ["/transparency?months=121", 400],
    ["/transparency?months=12.5", 400],
    ["/transparency?months=%E2%80%AEall", 400],
    ["/transparency?months=12&months=24", 400],
    [`/transparency?months=${"9".repeat(5000)}`, 400],
    ["/transparency/releases?page=0", 400],
    ["/transparency/releases?page=-1", 400],
    ["/transparency/releases?page=abc", 400],
    ["/transparency/releases?page=2", 404],
  ];
  for (const [path, status] of pages) {
    it(`${path.slice(0, 60)} is a ${status} page in the reader's language, and nothing is written`, async () => {
      const before = await written();
      for (const language of languages) {
        const response = await get(path, language);
        expect(response.status).toBe(status);
        const html = await response.text();
        const t = translator(language, "common");
        const key = status === 400 ? "errorPage.badRequest.title" : "errorPage.notFound.title";
        // やさしい日本語 pages carry readings and spaces between phrases: compare the words without either.
        const words = (text: string) => text.replace(/<rt[^>]*>.*?<\/rt>/g, "").replace(/<[^>]+>/g, "").replace(/\s+/g, "");
        expect(words(html)).toContain(words(t(key)));
      }
      expect(await written()).toEqual(before);
    });
  }

  const downloads: [path: string, status: number][] = [
    ["/transparency/figures/no-such-figure.csv", 404],
    ["/transparency/figures/consent-choices.xml", 400],
    ["/transparency/figures/..%2F..%2Fetc%2Fpasswd", 400],
    ["/transparency/figures/consent-choices.csv?snapshot=not-a-uuid", 400],
    ["/transparency/figures/consent-choices.csv?snapshot=00000000-0000-4000-8000-000000000000", 404],
  ];
  for (const [path, status] of downloads) {
    it(`${path.slice(0, 70)} is a ${status} with a sentence in the reader's language`, async () => {
      const before = await written();
      for (const language of languages) {
        const response = await get(path, language);
        expect(response.status).toBe(status);
        expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
        expect(await response.text()).toBe(translator(language, "transparency")(status === 400 ? "download.badRequest" : "download.notFound"));
      }
      expect(await written()).toEqual(before);
    });
  }
});
