// The applicant's side of data access (issue 15 items 1 and 3; ADR 040) in the browser, in 日本語 and English, axe on
// every page: a verified researcher starts an application, is told what a submission still needs, answers every
// item, saves the draft and submits it (the version is frozen and readable); the committee reviews it through the
// verbs its pages call (the committee's own pages have their own specs); the applicant reads the decision and its
// conditions on the application's page and in the mail sent in their language, and follows the mail's link back.
import type { Locator, Page } from "@playwright/test";
import { getDatabase } from "../../app/db.server";
import { castVote } from "../../app/domain/access/committee/cast-vote.server";
import { closeVote } from "../../app/domain/access/committee/close-vote.server";
import { recordDecision } from "../../app/domain/access/committee/record-decision.server";
import { openReview } from "../../app/domain/access/applications/open-review.server";
import { startApplication } from "../../app/domain/access/applications/start-application.server";
import { datasetLabel } from "../../app/domain/access/datasets/dataset-catalogue";
import { listCapturedMail } from "../../app/domain/mail/list-captured-mail.server";
import { createApplicant } from "../factories/data-access-factory";
import { signInAs } from "./support/accounts";
import { declareNoConflict, request, restoreCommittee, seatCommittee, secretariatUser } from "./support/committee";
import { useLanguage } from "./support/language";
import { openMailbox } from "./support/mailbox";
import { plainTranslator } from "./support/words";
import { expect, test } from "./fixtures";
import { budget } from "./support/budget";
import { routerIdle } from "./support/router-idle";
import { walkedIn } from "./support/walked-in";

test.describe.configure({ mode: "serial" });
test.afterEach(restoreCommittee);
// A refused submission is answered 409 (the draft is in a state that cannot be submitted yet), which Chromium logs.
test.use({ allowedConsoleErrors: [/the server responded with a status of 409 \(Conflict\)/] });

/** A small PDF as the ethics-document check accepts it. */
const approvalPdf = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n", "latin1");

/**
 * The form revalidates each field on the server when it loses focus, once it has been submitted (Conform's
 * onBlur): going on to the next field while that request is in flight makes Remix abort it, which the page logs as
 * an AbortError (support/router-idle.ts). Each answer is left, and the router waited on, before the next.
 */
async function answer(page: Page, field: Locator, value: string | true) {
  if (value === true) await field.check();
  else await field.fill(value);
  await field.blur();
  await routerIdle(page);
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** A field by its label's words: the label may carry a "needed" tag after them. */
const labelled = (text: string) => new RegExp(`^${escape(text)}`);

for (const language of walkedIn<"ja" | "en">("ja")) {
  test(`[applicant] submits an application and is told the decision (${language})`, async ({ page, context, axe }) => {
    test.setTimeout(budget(180_000));
    const t = plainTranslator(language, "access");
    const errors = plainTranslator(language, "errors");
    const mailWords = plainTranslator(language, "email");
    const applicant = await createApplicant({ institution: "東京照合大学 ゲノム医科学研究所", displayName: language === "ja" ? "照合 花子" : "Hanako Shogo" });
    await getDatabase().user.update({ where: { id: applicant.user.id }, data: { preferredLanguage: language } });
    await useLanguage(context, language);
    await signInAs(context, applicant.user);

    // The list says the institution is confirmed; a new application opens as an empty draft.
    await page.goto("/applications");
    await expect(page.getByRole("heading", { level: 1, name: t("applications.title") })).toBeVisible();
    await expect(page.getByRole("status")).toContainText(t("applications.verified", { institution: applicant.institution }));
    await expect(page.getByText(t("applications.none"))).toBeVisible();
    await axe.expectNoAxeViolations();
    await page.getByRole("button", { name: t("applications.start") }).click();
    await expect(page).toHaveURL(/\/applications\/[0-9a-f-]{36}$/);
    const applicationId = page.url().split("/").at(-1)!;
    const { reference } = await getDatabase().dataAccessApplication.findUniqueOrThrow({ where: { id: applicationId } });
    await expect(page.getByRole("heading", { level: 1 })).toContainText(t("application.heading", { reference }));
    await expect(page.getByTestId("application-state")).toHaveText(t("states.draft"));
    await axe.expectNoAxeViolations();

    // Submitting the empty draft is refused, said on the form; nothing is frozen.
    await page.getByRole("button", { name: t("application.submit"), exact: true }).click();
    await expect(page.getByText(errors("application_incomplete"))).toBeVisible();
    await routerIdle(page);
    await axe.expectNoAxeViolations();
    expect(await getDatabase().dataAccessApplicationVersion.count({ where: { applicationId, submittedAt: { not: null } } })).toBe(0);

    // Every item answered; a draft saved first, then submitted.
    const title = `遺伝性乳がんの体質に関わる変異の研究 ${language}`;
    const titleEn = `Variants behind hereditary breast cancer ${language}`;
    const fill = (field: string, value: string) => answer(page, page.getByLabel(labelled(t(`fields.${field}.label`))), value);
    await fill("titleJa", title);
    await fill("titleEn", titleEn);
    // The institution starts as the verified one (written in Japanese here); the English is added.
    await expect(page.getByLabel(labelled(t("fields.institutionJa.label")))).toHaveValue(applicant.institution);
    await fill("institutionEn", "Shogo Tokyo University, Institute of Genome Medicine");
    await fill("laySummaryJa", "乳がんになりやすい体質の遺伝子の変化を調べ、早く見つける方法を考えます。");
    await fill("laySummaryEn", "We look for gene changes that make breast cancer more likely, to find it earlier.");
    await fill("scientificSummary", "Germline variant association analysis in hereditary breast cancer.");
    const group = (field: string) => page.getByRole("group", { name: labelled(t(`fields.${field}.label`)) });
    await answer(page, group("purposeCodes").getByRole("checkbox", { name: t("fields.purposeCodes.options.DS") }), true);
    // Diseases by name, not code (issue 29 item 7): part of a name, "Find diseases", and the match ticked.
    const breastCancer = `${language === "ja" ? "乳がん" : "breast cancer"} (DOID:1612)`;
    await fill("diseaseSearch", language === "ja" ? "乳が" : "breast canc");
    await page.getByRole("button", { name: t("fields.diseaseSearch.find") }).click();
    const matches = page.getByTestId("disease-matches");
    await expect(matches.getByRole("checkbox", { name: breastCancer, exact: true })).toBeVisible();
    await routerIdle(page);
    await axe.expectNoAxeViolations();
    await answer(page, matches.getByRole("checkbox", { name: breastCancer, exact: true }), true);
    await answer(page, group("commercial").getByRole("radio", { name: t("fields.commercial.options.no") }), true);
    await answer(page, group("datasets").getByRole("checkbox", { name: `${datasetLabel("wgs-cancer-2026", language)} (wgs-cancer-2026)` }), true);
    await answer(page, group("dataKinds").getByRole("checkbox", { name: t("fields.dataKinds.options.genome") }), true);
    await answer(page, group("dataKinds").getByRole("checkbox", { name: t("fields.dataKinds.options.clinical") }), true);
    await fill("dataScopeJustification", "変異の頻度を推定するのに必要な最小限です。");
    await fill("periodMonths", "24");
    await page.getByRole("button", { name: t("application.save") }).click();
    await expect(page.getByRole("status")).toHaveText(t("application.notices.saved"));
    await routerIdle(page);
    await expect(page.getByLabel(labelled(t("fields.titleJa.label")))).toHaveValue(title);
    await expect(page.getByTestId("disease-picker").getByRole("checkbox", { name: breastCancer, exact: true })).toBeChecked();
    await expect(page.getByText(t("application.missing", { count: 12 }))).toBeVisible();
    await axe.expectNoAxeViolations();

    if (language === "en") {
      // The ethics approval as a PDF (issue 27 item 7), through a plain file input: a text file named .pdf is refused
      // with its reason, a PDF is attached and the application's page links it.
      await page.getByRole("link", { name: t("ethicsDocument.attachLink") }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("ethicsDocument.heading", { reference }));
      await axe.expectNoAxeViolations();
      const fileInput = page.getByLabel(t("ethicsDocument.label"), { exact: true });
      await fileInput.setInputFiles({ name: "approval.pdf", mimeType: "application/pdf", buffer: Buffer.from("This is not a PDF.") });
      await page.getByRole("button", { name: t("ethicsDocument.attach") }).click();
      await expect(page.getByText(errors("ethics_document_not_pdf"))).toBeVisible();
      await routerIdle(page);
      await axe.expectNoAxeViolations();
      await fileInput.setInputFiles({ name: "approval.pdf", mimeType: "application/pdf", buffer: approvalPdf });
      await page.getByRole("button", { name: t("ethicsDocument.attach") }).click();
      await expect(page.getByRole("status")).toHaveText(t("application.notices.ethicsDocument"));
      await routerIdle(page);
      await expect(page.getByTestId("ethics-document-link")).toContainText(t("ethicsDocument.download", { size: t("ethicsDocument.size.kb", { value: "1" }) }));
      await axe.expectNoAxeViolations();
    }

    await answer(page, group("recipientType").getByRole("radio", { name: t("fields.recipientType.options.academia") }), true);
    await fill("recipientCountry", "JP");
    await fill("trackRecord", "がんゲノム解析の論文 20 報。");
    await fill("securityMeasures", "閉域網、二要素認証、アクセス記録。");
    await fill("keepingAndDisposal", "鍵付きサーバ室、終了後に消去し証明書を提出。");
    await fill("ethicsCommittee", "東京照合大学 倫理審査委員会");
    await fill("ethicsNumber", "R-2026-015");
    await fill("ethicsApprovedOn", "2026-04-01");
    await fill("publicationPlan", "制限期間の後に論文で公表します。");
    await fill("funding", "科研費");
    await fill("coiStatement", "なし");
    await answer(page, group("noIdentificationPledge").getByRole("checkbox"), true);
    await page.getByRole("button", { name: t("application.submit"), exact: true }).click();
    await expect(page.getByRole("status")).toHaveText(t("application.notices.submitted"));
    await routerIdle(page);
    await expect(page.getByTestId("application-state")).toHaveText(t("states.submitted"));
    // The submitted application is read, not edited.
    await expect(page.getByRole("button", { name: t("application.save") })).toHaveCount(0);
    await axe.expectNoAxeViolations();
    await page.getByRole("link", { name: t("application.version", { number: 1 }) }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(t("application.versionHeading", { reference, number: 1 }));
    await expect(page.getByText("R-2026-015")).toBeVisible();
    await axe.expectNoAxeViolations();

    // The committee reviews: two experts, a panel member and the chair; one vote carries a condition.
    const [chair, expert, secondExpert, panel] = await seatCommittee([
      { seat: "chair", sex: "male", name: "委員長 一郎" },
      { seat: "expert", sex: "female", name: "専門 二葉" },
      { seat: "expert", sex: "male", name: "専門 三郎" },
      { seat: "panel", sex: "female", name: "パネル 四葉" },
    ]);
    await openReview({ applicationId, actorUserId: (await secretariatUser()).id, request });
    await declareNoConflict([chair!, expert!, secondExpert!, panel!], applicationId);
    const conditions = language === "ja" ? "論文の公表前に事務局へ届け出ること。" : "Tell the secretariat before publishing.";
    await castVote({ userId: expert!.id, applicationId, choice: "approve_with_conditions", rationale: "妥当", conditions, request });
    await castVote({ userId: secondExpert!.id, applicationId, choice: "approve", rationale: "妥当", conditions: "", request });
    await castVote({ userId: panel!.id, applicationId, choice: "approve", rationale: "患者にとって意義がある", conditions: "", request });
    await closeVote({ userId: chair!.id, applicationId, request });
    const endsOn = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
    await recordDecision({ userId: chair!.id, applicationId, outcome: "approved", rationale: "", conditions, datasets: ["wgs-cancer-2026"], endsOn, request });

    // The mail, in the applicant's language, names the decision and its conditions and links to the application.
    let mail: Awaited<ReturnType<typeof listCapturedMail>>[number] | undefined;
    await expect
      .poll(async () => (mail = (await listCapturedMail({ to: applicant.user.email })).find((found) => found.template === "application-decision")) !== undefined, { timeout: 30_000 })
      .toBe(true);
    expect(mail!.language).toBe(language);
    expect(mail!.subject).toBe(mailWords("applicationDecision.subject", { reference }));
    expect(mail!.text).toContain(mailWords("applicationDecision.outcomes.approved"));
    expect(mail!.text).toContain(conditions);
    expect(mail!.text).toContain(endsOn);

    // The applicant opens it in the mailbox and follows its link to the decision.
    await openMailbox(page);
    await page.getByRole("listitem").filter({ hasText: applicant.user.email }).getByRole("link").first().click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(mail!.subject);
    await page.getByTestId("mail-link").filter({ hasText: `/applications/${applicationId}` }).first().click();
    await expect(page).toHaveURL(new RegExp(`/applications/${applicationId}$`));
    await expect(page.getByTestId("application-state")).toHaveText(t("states.approved"));
    const decision = page.getByTestId("decision");
    await expect(decision.getByRole("heading", { level: 2 })).toHaveText(t("application.decision", { outcome: t("outcomes.approved") }));
    await expect(decision).toContainText(conditions);
    const approvalRegion = page.getByRole("region", { name: t("application.approval") });
    await expect(approvalRegion).toContainText(t("application.approvedDatasets"));
    await expect(approvalRegion.getByTestId("dataset-names")).toHaveText(`${datasetLabel("wgs-cancer-2026", language)} (wgs-cancer-2026)`);
    await axe.expectNoAxeViolations();

    // And the list shows it approved.
    await page.getByRole("link", { name: t("application.back") }).click();
    await expect(page.getByRole("row").filter({ hasText: reference })).toContainText(t("states.approved"));
    await axe.expectNoAxeViolations();
  });
}

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("[applicant] finds a disease by its Japanese name, ticks it and a dataset, and saves (issue 29 item 7)", async ({ page, context }) => {
    test.setTimeout(budget(60_000));
    const t = plainTranslator("ja", "access");
    const applicant = await createApplicant();
    await useLanguage(context, "ja");
    await signInAs(context, applicant.user);
    const { id } = await startApplication({ applicantId: applicant.user.id, request });
    await page.goto(`/applications/${id}`);
    await page.getByLabel(labelled(t("fields.titleJa.label"))).fill("膠芽腫の研究");
    await page.getByLabel(labelled(t("fields.diseaseSearch.label"))).fill("膠芽");
    await page.getByRole("button", { name: t("fields.diseaseSearch.find") }).click();
    // The draft was saved on the way, and the match is offered with its code.
    await expect(page.getByLabel(labelled(t("fields.titleJa.label")))).toHaveValue("膠芽腫の研究");
    await page.getByTestId("disease-matches").getByRole("checkbox", { name: "膠芽腫 (DOID:3068)", exact: true }).check();
    await page.getByRole("group", { name: labelled(t("fields.datasets.label")) }).getByRole("checkbox", { name: `${datasetLabel("wgs-rare-disease-2026", "ja")} (wgs-rare-disease-2026)` }).check();
    await page.getByRole("button", { name: t("application.save") }).click();
    await expect(page.getByRole("status")).toHaveText(t("application.notices.saved"));
    await expect(page.getByTestId("disease-picker").getByRole("checkbox", { name: "膠芽腫 (DOID:3068)", exact: true })).toBeChecked();
    const version = await getDatabase().dataAccessApplicationVersion.findFirstOrThrow({ where: { applicationId: id } });
    expect(version.content).toMatchObject({ titleJa: "膠芽腫の研究", diseases: ["DOID:3068"], datasets: ["wgs-rare-disease-2026"] });
  });
});
