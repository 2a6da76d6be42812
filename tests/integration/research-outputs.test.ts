// Research outcomes traced back (issue 57 item 5; ADR 139), on real PostgreSQL: the applicant records an output through
// the page's own action; the public register shows it; the "who used my data" of a participant whose samples a release
// under the approval included lists it in their language, and another participant's does not.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { findRegisterEntry } from "../../app/domain/access/index.server";
import { loadDataUse } from "../../app/domain/transparency/data-use/load-data-use.server";
import { action as recordAction, loader as recordLoader } from "../../app/routes/applicant/applications.$id_.outputs.new";
import { createApplication } from "../factories/data-access-factory";
import { useTestDatabase } from "../support/database";
import { cookieFor, formPost, loadContext, pageGet, replyErrors, settle } from "../support/route-requests";
import { queryRows } from "../support/sql";
import { useTempDataDir } from "../support/temp-data-dir";
import { consentedParticipant } from "./dashboard-fixtures";

const db = useTestDatabase();
useTempDataDir();

const output = {
  kind: "publication",
  title: "Germline variants in lung cancer in Japan",
  identifier: "10.1234/tsunagi.2026.001",
  publishedOn: "２０２６－１１－２０",
  summaryJa: "日本の肺がんの患者さんで、生まれつきの遺伝子の変化がどれくらいあるかを調べました。",
  summaryJaEasy: "肺がんの 人の 遺伝子を 調べました。",
  summaryEn: "We looked at how often lung cancer patients in Japan carry inherited gene changes.",
};

async function post(applicationId: string, cookie: string, fields: Record<string, string>) {
  return settle(() => recordAction({ request: formPost(`/applications/${applicationId}/outputs/new`, fields, cookie), context: loadContext, params: { id: applicationId } }), { phase: "action" });
}

describe("research outputs", () => {
  it("are recorded by the approved applicant, shown on the register, and listed to each participant whose data the approval's releases included", async () => {
    const application = await createApplication();
    const cookie = await cookieFor(application.applicant.user, "en");
    const used = await consentedParticipant({ language: "ja-easy" });
    const notUsed = await consentedParticipant();
    const releaseId = randomUUID();
    await queryRows(db.url, `INSERT INTO bridge.dataset (id, title, clock_starts_at) VALUES ('wgs-test-2026', 'Test dataset', now()) ON CONFLICT DO NOTHING`);
    await queryRows(
      db.url,
      `INSERT INTO bridge.release (id, dataset_id, recipient, purpose, client_id, payload, jws, created_at, approval_id) VALUES ($1, 'wgs-test-2026', 'academia', 'DUO:0000006', 'test-client', convert_to($2, 'UTF8'), 'eyJhbGciOiJFUzI1NiJ9..c2lnbmF0dXJl', now(), $3)`,
      [releaseId, JSON.stringify({ releaseId, included: used.sampleCodes, requestedCount: 2, includedCount: 2, excludedCounts: {} }), application.approvalId],
    );

    expect((await settle(() => recordLoader({ request: pageGet(`/applications/${application.id}/outputs/new`, cookie), context: loadContext, params: { id: application.id } }))).status).toBe(200);
    const recorded = await post(application.id, cookie, output);
    expect(recorded.status).toBe(302);
    expect(recorded.headers.get("Location")).toBe(`/applications/${application.id}?notice=researchOutput`);

    const entry = await findRegisterEntry({ reference: application.reference });
    expect(entry!.researchOutputs).toEqual([
      {
        kind: "publication",
        title: output.title,
        identifier: output.identifier,
        url: "https://doi.org/10.1234/tsunagi.2026.001",
        publishedOn: "2026-11-20",
        summary: { ja: output.summaryJa, jaEasy: output.summaryJaEasy, en: output.summaryEn },
      },
    ]);
    const usedPage = await loadDataUse({ userId: used.user!.id, language: "ja-easy" });
    expect(usedPage.uses).toHaveLength(1);
    expect(usedPage.uses[0]!.outputs).toEqual([expect.objectContaining({ kind: "publication", summary: output.summaryJaEasy, url: "https://doi.org/10.1234/tsunagi.2026.001" })]);
    expect((await loadDataUse({ userId: notUsed.user!.id, language: "en" })).uses).toEqual([]);
    // Recorded once, by whom, audited; never changed afterwards.
    const rows = await getDatabase().researchOutput.findMany({ where: { approvalId: application.approvalId! } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.recordedById).toBe(application.applicant.user.id);
    await expect(queryRows(db.url, `UPDATE "ResearchOutput" SET "title" = 'changed' WHERE "id" = $1`, [rows[0]!.id])).rejects.toThrow();
  });

  it("refuses, in the reader's words and writing nothing: an empty form, an identifier that does not fit the kind, hostile text, another applicant's application", async () => {
    const application = await createApplication();
    const cookie = await cookieFor(application.applicant.user, "en");
    const count = () => getDatabase().researchOutput.count({ where: { approvalId: application.approvalId! } });

    const empty = await post(application.id, cookie, {});
    expect(empty.status).toBe(400);
    expect(replyErrors(await empty.json()).length).toBeGreaterThanOrEqual(5);

    const notDoi = await post(application.id, cookie, { ...output, identifier: "https://example.org/paper" });
    expect(notDoi.status).toBe(400);
    expect(replyErrors(await notDoi.json())).toContain("A publication is named by its DOI, which starts with 10. (10.1234/abcd).");

    const notTrial = await post(application.id, cookie, { ...output, kind: "trial", identifier: "jRCT12" });
    expect(replyErrors(await notTrial.json())).toContain("A trial is named by its jRCT number (jRCT and 10 digits) or NCT number (NCT and 8 digits).");

    const wrongKind = await post(application.id, cookie, { ...output, kind: "patent" });
    expect(wrongKind.status).toBe(400);

    const hostile = await post(application.id, cookie, { ...output, title: "A \u202Ereversed\u202C title", summaryEn: "x".repeat(1001) });
    expect(hostile.status).toBe(400);
    expect(await count()).toBe(0);

    const other = await createApplication();
    const refused = await post(other.id, cookie, output);
    expect(refused.status).toBe(404);
    expect(await getDatabase().researchOutput.count({ where: { approvalId: other.approvalId! } })).toBe(0);

    const draft = await createApplication({ applicant: application.applicant, state: "draft" });
    expect((await post(draft.id, cookie, output)).status).toBe(404);
  });
});
