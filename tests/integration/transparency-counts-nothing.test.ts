/**
 * Issue 54 item 3: nothing under /transparency counts consent events. The figures hide hourly change, yet every CSV row,
 * JSON download and the dashboard carried the ledger's global sequence number (6,260 → 6,263 across one refresh: three
 * consent events), and a checkpoint was published within seconds of each ledger write. Every public route under
 * /transparency — taken from the served build's route table, so a new one is covered the day it is added — is read
 * over HTTP in every language after a ledger with a checkpointed history, a published checkpoint, a snapshot and a
 * published report exist: no response holds a ledger position, an audit id or any chain hash of the ledger.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { extractPdfText } from "../../app/domain/consent/records/documents/extract-pdf-text.server";
import { createReport } from "../../app/domain/transparency/reports/create-report.server";
import { loadStaffReport } from "../../app/domain/transparency/reports/load-staff-report.server";
import { publishReportVersion } from "../../app/domain/transparency/reports/publish-report-version.server";
import type { ReportText } from "../../app/domain/transparency/reports/report-content";
import { saveReportDraft } from "../../app/domain/transparency/reports/save-report-draft.server";
import { publishCheckpoint } from "../../app/domain/transparency/checkpoints/publish-checkpoint.server";
import { loadLatestSnapshot } from "../../app/domain/transparency/snapshot/load-snapshot.server";
import { refreshTransparencySnapshot } from "../../app/domain/transparency/snapshot/refresh-transparency-snapshot.server";
import { languageCookie } from "../../app/i18n/language.server";
import { createUser } from "../factories/user-factory";
import { useAppServer } from "../support/app-server";
import { useTestDatabase } from "../support/database";
import { readLedger } from "../support/ledger-attacks";
import { commitConsentChange } from "../support/outbox-fixtures";
import { loadRouteManifest, type ManifestRoute } from "../support/route-manifest";
import { useTempDataDir } from "../support/temp-data-dir";

useTestDatabase();
useTempDataDir();
const app = useAppServer();

const languages = ["ja", "ja-easy", "en"] as const;
const text = (ja: string, jaEasy: string, en: string): ReportText => ({ ja, "ja-easy": jaEasy, en });

/** Field names that would carry a position in the ledger or the audit log, in any case or spelling the app uses. */
const positionFields = /global_?seq|through_?id|audit_?through|ledger_?position|global #/i;

describe("the public transparency pages and downloads", () => {
  let secrets: { label: string; value: string }[] = [];
  let urls: string[] = [];

  beforeAll(async () => {
    // A history: 13 consent events over five participants, checkpointed and published twice on the schedule.
    const participants: string[] = [];
    for (let index = 0; index < 5; index++) participants.push((await commitConsentChange()).participantId);
    for (let index = 0; index < 4; index++) await commitConsentChange(participants[index]);
    expect(await publishCheckpoint({ reason: "schedule" })).not.toBeNull();
    for (let index = 0; index < 4; index++) await commitConsentChange(participants[index + 1]);
    expect(await publishCheckpoint({ reason: "schedule" })).not.toBeNull();
    await refreshTransparencySnapshot({ reason: "schedule" });

    // A report, published (it publishes a checkpoint of its own and names it).
    const staff = await createUser({ role: "elsi_staff" });
    const slug = `counts-${Math.random().toString(36).slice(2, 8)}`;
    const { id } = await createReport({ report: { slug, schedule: null, title: text("透明性報告", "ようすの 報告", "Transparency report") }, actorUserId: staff.id });
    const draft = await loadStaffReport({ reportId: id });
    await saveReportDraft({
      reportId: id,
      expectedUpdatedAt: draft.working!.updatedAt,
      change: { kind: "section", index: 0, section: { heading: text("同意", "同意", "Consent"), body: text("同意の状況です。", "同意の ようすです。", "How consent stands."), figures: ["consent-choices"] } },
      actorUserId: staff.id,
    });
    const saved = await loadStaffReport({ reportId: id });
    expect(await publishReportVersion({ reportId: id, version: 1, expectedUpdatedAt: saved.working!.updatedAt, actorUserId: staff.id })).toEqual({ version: 1, published: true });

    // What must not be found: every chain hash of the ledger and of every ledger checkpoint, and the positions as fields.
    const ledger = await readLedger();
    expect(ledger).toHaveLength(13);
    const checkpoints = await getDatabase().ledgerCheckpoint.findMany({ select: { chainHash: true } });
    secrets = [
      ...ledger.flatMap((event) => [
        { label: `the chain hash at global #${event.globalSeq}`, value: event.chainHash },
        { label: `event #${event.globalSeq}'s hash`, value: event.hash },
      ]),
      ...checkpoints.map((checkpoint) => ({ label: "a ledger checkpoint's chain hash", value: checkpoint.chainHash })),
    ];

    // Every public route under /transparency, with its parameters filled from what exists.
    const snapshot = (await loadLatestSnapshot())!;
    const routes = (await loadRouteManifest(app.server)).filter((route) => route.pattern.startsWith("/transparency") && (route.hasLoader || route.hasComponent));
    const fill = (route: ManifestRoute): string[] => {
      const pattern = route.pattern;
      if (pattern.includes(":file") && pattern.includes("/figures/")) return snapshot.content.figures.flatMap((figure) => [`${figure.id}.csv`, `${figure.id}.json`]).map((file) => pattern.replace(":file", file));
      if (pattern.includes(":lang")) return languages.map((language) => pattern.replace(":lang", language));
      const withSlug = pattern.replace(":slug", slug).replace(":version", "1");
      if (withSlug.includes(":file")) return languages.map((language) => withSlug.replace(":file", `${language}.pdf`));
      return [withSlug];
    };
    urls = routes.flatMap(fill);
    expect(urls.some((url) => url.startsWith("/transparency/checkpoints"))).toBe(true);
    expect(urls.some((url) => url.startsWith("/transparency/figures/"))).toBe(true);
    expect(urls.some((url) => url.endsWith(".pdf"))).toBe(true);
  }, 240_000);

  it("hold no ledger position, audit id or chain hash, in any language", async () => {
    const read: string[] = [];
    for (const url of urls) {
      for (const language of languages) {
        const response = await fetch(`${app.origin}${url}`, { headers: { Cookie: (await languageCookie.serialize(language)).split(";")[0]! } });
        expect(response.status, url).toBe(200);
        const type = response.headers.get("Content-Type") ?? "";
        const body = type.startsWith("application/pdf") ? await extractPdfText(Buffer.from(await response.arrayBuffer())) : await response.text();
        expect(body, `${url} (${language}) names a position`).not.toMatch(positionFields);
        for (const secret of secrets) expect(body.includes(secret.value), `${url} (${language}) holds ${secret.label}`).toBe(false);
        read.push(url);
      }
    }
    expect(new Set(read).size).toBe(urls.length);
  }, 240_000);
});
