// "Who used my data" and the personal-data disclosure (issue 16 item 3; ADR 047) in a real browser, in ja, やさしい日本語
// and en, with and without JavaScript: a participant goes from their consent page to the approved project that
// received data including their samples, the pipeline's monthly counts, the coordinator who opened their record, and
// downloads everything held about them as a PDF and as JSON. axe on every page (with JavaScript: axe runs in the page).
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { extractPdfText } from "../../app/domain/consent/records/documents/extract-pdf-text.server";
import { loadParticipantRecord } from "../../app/domain/consent/records/load-participant-record.server";
import { createApplicant, createApplication } from "../factories/data-access-factory";
import { queryRows } from "../support/sql";
import { getDatabase } from "../../app/db.server";
import { createUser, signInAs } from "./support/accounts";
import { useLanguage } from "./support/language";
import { onPage, translator } from "./support/words";
import { consentedParticipant } from "./dashboard-fixtures";
import { expect, test } from "./fixtures";
import { budget } from "./support/budget";
import { layoutProblems, layoutReport } from "./layout-check";
import { walkedIn } from "./support/walked-in";

/** A release under `approvalId` that included `samples`, as the bridge commits one (its rows in release_sample written after, ADR 082). */
async function releaseSamples(approvalId: string, samples: string[], at: Date): Promise<void> {
  const url = process.env.DATABASE_URL!;
  const id = randomUUID();
  const manifest = { releaseId: id, included: samples, requestedCount: samples.length, includedCount: samples.length, excludedCounts: {} };
  await queryRows(url, `INSERT INTO bridge.dataset (id, title, clock_starts_at) VALUES ('wgs-e2e-2026', 'E2E dataset', now()) ON CONFLICT DO NOTHING`);
  await queryRows(
    url,
    `INSERT INTO bridge.release (id, dataset_id, recipient, purpose, client_id, payload, jws, created_at, approval_id) VALUES ($1, 'wgs-e2e-2026', 'academia', 'DUO:0000006', 'e2e', convert_to($2, 'UTF8'), 'eyJhbGciOiJFUzI1NiJ9..c2ln', $3, $4)`,
    [id, JSON.stringify(manifest), at, approvalId],
  );
}

async function pipelineAsked(subject: string, action: string, count: number): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    await queryRows(process.env.DATABASE_URL!, `INSERT INTO bridge.decision_log (request_id, client_id, subject, action, allowed, reason, evaluated_at) VALUES (gen_random_uuid(), 'e2e', $1, $2, true, 'consented', now())`, [subject, action]);
  }
}

async function download(page: Page, testId: string): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testId).click()]);
  return readFile((await file.path())!);
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });
    for (const language of javaScriptEnabled ? walkedIn("ja") : walkedIn("en")) {
      test(`[participant] sees which approved projects used their data and who opened their record (${language})`, async ({ page, context, axe }) => {
        test.setTimeout(budget(150_000));
        const t = translator(language, "data-use");
        const check = async () => {
          if (javaScriptEnabled) await axe.expectNoAxeViolations();
        };
        const stamp = `${language}-${javaScriptEnabled ? "js" : "nojs"}-${randomUUID().slice(0, 6)}`;
        const participant = await consentedParticipant({ language, fullName: "山田 花子" });
        const applicant = await createApplicant({ institution: `東京照合大学 ${stamp}` });
        const project = await createApplication({ applicant, content: { titleJa: `がんの原因を探す研究 ${stamp}`, titleEn: `Finding the causes of cancer ${stamp}`, purposeCodes: ["HMB"], diseases: [] } });
        // The title in the reader's language (issue 29 item 7).
        const projectTitle = language === "en" ? `Finding the causes of cancer ${stamp}` : `がんの原因を探す研究 ${stamp}`;
        await releaseSamples(project.approvalId!, [participant.sampleCodes[0]!], new Date(Date.now() - 3 * 86_400_000));
        // What came of the use (issue 57 item 5; ADR 139), as the applicant records it.
        await getDatabase().researchOutput.create({
          data: {
            approvalId: project.approvalId!,
            kind: "publication",
            title: `Germline variants in lung cancer ${stamp}`,
            identifier: "10.1234/tsunagi.e2e",
            publishedOn: new Date("2026-11-20T00:00:00Z"),
            summaryJa: "肺がんの患者さんの生まれつきの遺伝子の変化を調べました。",
            summaryJaEasy: "肺がんの 人の 遺伝子を 調べました。",
            summaryEn: "We looked at inherited gene changes in people with lung cancer.",
            recordedById: applicant.user.id,
          },
        });
        await pipelineAsked(participant.sampleCodes[0]!, "analyze", 3);
        // A coordinator at the participant's hospital opens their record, as /staff/participants/<id> does.
        const coordinator = await createUser({ role: "coordinator" });
        await loadParticipantRecord({ participantId: participant.id, language: "ja", reader: { actorUserId: coordinator.id, ipAddress: "127.0.0.1", userAgent: "playwright" } });

        await signInAs(context, participant.user!);
        await useLanguage(context, language);
        await page.goto("/consent");
        await page.getByRole("link", { name: t("dashboardLink") }).click();
        await expect(page).toHaveURL(/\/consent\/data-use$/);
        await expect(page.getByRole("heading", { level: 1, name: t("title") })).toBeVisible();

        await expect(page.getByRole("heading", { level: 2, name: t("uses.heading") })).toBeVisible();
        const use = page.getByTestId("data-use-entry");
        await expect(use).toHaveCount(1);
        // The project's title in the reader's language (issue 29 item 7), with readings in やさしい日本語 like the page's own
        // words (item 9).
        await expect(use.getByRole("heading", { level: 3 })).toHaveText(onPage(language, projectTitle, { exact: true }));
        if (language === "ja-easy") await expect(use.getByRole("heading", { level: 3 }).locator("rt")).toHaveText(["げんいん", "さが", "けんきゅう"]);
        else await expect(use.getByRole("heading", { level: 3 }).locator("rt")).toHaveCount(0);
        await expect(use).toContainText(`東京照合大学 ${stamp}`);
        await expect(use).toContainText(t("purposeHelp.HMB"));
        await expect(use.getByTestId("data-use-dates").getByRole("listitem")).toHaveCount(1);
        await expect(use.getByRole("link", { name: t("uses.registerLink", { reference: project.reference }) })).toHaveAttribute("href", `/register/${project.reference}`);
        // The output, its summary in the reader's own words (the easy one in やさしい日本語), and where to read it.
        const output = use.getByTestId("research-output");
        await expect(output).toHaveCount(1);
        const summary = language === "en" ? "We looked at inherited gene changes in people with lung cancer." : language === "ja-easy" ? "肺がんの 人の 遺伝子を 調べました。" : "肺がんの患者さんの生まれつきの遺伝子の変化を調べました。";
        await expect(output).toContainText(onPage(language, summary));
        await expect(output.getByRole("link")).toHaveAttribute("href", "https://doi.org/10.1234/tsunagi.e2e");

        await expect(page.getByRole("heading", { level: 2, name: t("activity.heading") })).toBeVisible();
        const month = page.getByTestId("activity-month");
        await expect(month).toHaveCount(1);
        await expect(month.locator('[data-action="analyze"]')).toContainText(t("activity.actions.analyze"));
        await expect(month.locator('[data-action="analyze"]')).toContainText(t("activity.allowed_other", { count: 3 }));

        await expect(page.getByRole("heading", { level: 2, name: t("openings.heading") })).toBeVisible();
        const opening = page.getByTestId("record-opening");
        await expect(opening).toHaveCount(1);
        await expect(opening).toContainText(t("words.role.coordinator"));
        await expect(opening).toContainText(t("words.purpose.enrolment"));
        await expect(opening).not.toContainText("Test coordinator");
        await expect(page.getByTestId("no-findings-note")).toHaveText(t("noFindings"));
        await check();
        // The research output's summary and link among the use's facts: nothing falls into one-character columns.
        const problems = await layoutProblems(page);
        expect(problems, layoutReport(problems)).toEqual([]);

        // Everything held, as a PDF to read and as JSON; each download is written to the audit log.
        const pdfText = (await extractPdfText(new Uint8Array(await download(page, "download-pdf")))).replace(/\s+/g, "");
        expect(pdfText).toContain("山田花子");
        expect(pdfText).toContain(projectTitle.replace(/\s+/g, ""));
        const json = JSON.parse((await download(page, "download-json")).toString("utf8")) as { participant: { id: string }; dataUse: { uses: { reference: string }[] } };
        expect(json.participant.id).toBe(participant.id);
        expect(json.dataUse.uses.map((entry) => entry.reference)).toEqual([project.reference]);

        await page.getByRole("link", { name: t("back") }).click();
        await expect(page).toHaveURL(/\/consent$/);
      });
    }
  });
}

test("[proxy] sees who used their child's data, and the page says whose it is", async ({ page, context, axe }) => {
  test.setTimeout(budget(120_000));
  const t = translator("ja", "data-use");
  const child = await consentedParticipant({ byProxy: true, fullName: "山田 さくら" });
  const project = await createApplication({ content: { titleJa: `こどものがんの研究 ${randomUUID().slice(0, 6)}`, purposeCodes: ["DS"] } });
  await releaseSamples(project.approvalId!, [child.sampleCodes[1]!], new Date(Date.now() - 86_400_000));
  await signInAs(context, child.proxy!);
  await useLanguage(context, "ja");
  await page.goto(`/consent/data-use?participant=${child.id}`);
  await expect(page.getByRole("heading", { level: 1, name: t("title_person", { name: "山田 さくら" }) })).toBeVisible();
  await expect(page.getByTestId("subject-note")).toContainText("山田 さくら");
  await expect(page.getByTestId("data-use-entry")).toContainText(project.content.titleJa);
  // A release included the child's samples and no decision is counted: the page says so, not "never asked" (issue 29 item 7).
  await expect(page.getByTestId("no-activity")).toHaveText(t("activity.emptyButReleased_person", { name: "山田 さくら" }));
  await expect(page.getByTestId("no-openings")).toBeVisible();
  await expect(page.getByTestId("download-pdf")).toHaveAttribute("href", `/consent/my-data.pdf?participant=${child.id}`);
  await axe.expectNoAxeViolations();
});
