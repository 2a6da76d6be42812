// The coordinator's two ways to record consent at the clinic: the same journey on a tablet with a witness
// (method assisted), and a signed paper form uploaded and transcribed (method paper, scan kept beside the event).
import { readFile } from "node:fs/promises";
import { getDatabase } from "../../app/db.server";
import { offeredChoices } from "@tsunagi/consent-rules/form-content";
import type { JourneyActor } from "../../app/domain/consent/journey/journey-actor";
import { createParticipant } from "../factories/participant-factory";
import { outlineOf } from "../../app/domain/consent/journey/journey-steps";
import { chooseAll, everyChoice, passComprehension, readAllSections } from "../integration/journey-walk";
import { signableVersion } from "./journey-support";
import { createUser, signInAs } from "./support/accounts";
import { expect, test } from "./fixtures";
import { budget } from "./support/budget";

test("[coordinator] runs assisted consent on the clinic tablet: same screens, a witness, the participant types their name", async ({ page, context, axe }) => {
  test.setTimeout(budget(120_000));
  const version = await signableVersion();
  const participant = await createParticipant({ fullName: "高橋 健" });
  const coordinator = await createUser({ role: "coordinator", withTotp: true });
  await signInAs(context, coordinator);

  await page.goto(`/staff/participants/${participant.id}/assisted`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("病院での対面同意（立会いあり）");
  await expect(page.getByText("高橋 健")).toBeVisible();
  await axe.expectNoAxeViolations();
  await page.getByRole("button", { name: "始める" }).click();
  await expect(page.getByText("入力してください。")).toBeVisible();
  await axe.expectNoAxeViolations();
  await page.getByLabel("立会人の氏名").fill("立会 花子");
  await page.getByRole("button", { name: "始める" }).click();

  await expect(page).toHaveURL(new RegExp(`/staff/participants/${participant.id}/assisted/section/1$`));
  await expect(page.getByText(`参加者 ${participant.pseudonym} の対面同意`)).toBeVisible();
  await expect(page.getByText("質問があれば、そばにいる担当者に聞いてください。")).toBeVisible();
  await axe.expectNoAxeViolations();

  // The reading and the check are the same screens as online (walked in journey.spec.ts); here they are done through
  // the same domain steps the screens call, to get to what differs: the witness and who signs.
  const journey = await getDatabase().consentJourney.findFirstOrThrow({ where: { participantId: participant.id, status: "in_progress" } });
  expect(journey).toMatchObject({ method: "assisted", witnessName: "立会 花子", actorUserId: coordinator.id });
  const actor: JourneyActor = { method: "assisted", userId: coordinator.id, role: "coordinator", participantId: participant.id };
  await readAllSections(actor, journey.id, version);
  await passComprehension(actor, journey.id, version);
  const choices = everyChoice(version);
  const screens = outlineOf(version.content).choiceScreens;
  await chooseAll(actor, journey.id, version, choices, screens.length - 1);

  await page.goto(`/staff/participants/${participant.id}/assisted/review`);
  await expect(page).toHaveURL(new RegExp(`/assisted/choice/${screens.length}$`));
  await axe.expectNoAxeViolations();
  for (const id of screens.at(-1)!) {
    const choice = version.content.languages.ja.choices[id]!;
    await page
      .getByRole("group", { name: new RegExp(`${choice.title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`) })
      .getByRole("radio", { name: choice.options[choices[id]!]!, exact: true })
      .check();
  }
  await page.getByRole("button", { name: "保存して次へ" }).click();
  await expect(page).toHaveURL(/\/assisted\/review$/);
  await axe.expectNoAxeViolations();
  await page.getByRole("link", { name: "署名へ進む" }).click();

  await expect(page.getByText("立会人：立会 花子")).toBeVisible();
  await axe.expectNoAxeViolations();
  await page.getByLabel("登録されている氏名を入力してください", { exact: true }).fill("高橋健");
  await page.getByRole("button", { name: "署名する", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("ありがとうございました");
  await axe.expectNoAxeViolations();
  const event = await getDatabase().consentEvent.findFirstOrThrow({ where: { participantId: participant.id } });
  expect(event).toMatchObject({ type: "granted", method: "assisted", actorUserId: coordinator.id });
  expect(event.signature).toMatchObject({ printedName: "高橋健", witnessName: "立会 花子" });
  await expect(page.getByTestId("verification-code")).toHaveText(event.verificationCode);
  // The tablet was handed over at the start (ADR 121): its end asks for it back, with no way to the staff pages and no
  // copy of the PDF left on a shared tablet.
  await expect(page.getByRole("heading", { level: 2, name: "タブレットを担当者にお返しください" })).toBeVisible();
  await expect(page.getByRole("link", { name: "終わりました" })).toHaveAttribute("href", "/staff/kiosk");
  await expect(page.getByRole("link", { name: "参加者の記録に戻る" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "控え（PDF）をダウンロードする" })).toHaveCount(0);
});

test("[coordinator] records a signed paper consent: the scan is checked, stored with the transcribed grant, and can be downloaded", async ({ page, context, axe }) => {
  test.setTimeout(budget(120_000));
  const version = await signableVersion();
  const participant = await createParticipant({ fullName: "中村 文子" });
  const coordinator = await createUser({ role: "coordinator", withTotp: true });
  await signInAs(context, coordinator);
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const text = version.content.languages.ja;
  const choices = everyChoice(version, { "share.industry": "no" });

  await page.goto(`/staff/participants/${participant.id}/paper`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("紙の同意書を記録する");
  await expect(page.getByText("中村 文子")).toBeVisible();
  await axe.expectNoAxeViolations();

  const fill = async (scan: { name: string; mimeType: string; buffer: Buffer }) => {
    await page.getByLabel("署名済み同意書のスキャン").setInputFiles(scan);
    await page.getByLabel("署名した日").fill("2026-11-02");
    await page.getByLabel("同意書に書かれている氏名").fill("中村　文子");
    for (const id of offeredChoices(version.content)) {
      await page.getByRole("group", { name: text.choices[id]!.title, exact: true }).getByRole("radio", { name: text.choices[id]!.options[choices[id]!]!, exact: true }).check();
    }
  };
  // A text file dressed up as a PDF is refused by its bytes; nothing is stored.
  await fill({ name: "scan.pdf", mimeType: "application/pdf", buffer: Buffer.from("<script>alert(1)</script>") });
  await page.getByRole("checkbox", { name: "署名済みの紙の同意書から転記しました" }).check();
  await page.getByRole("button", { name: "紙の同意を記録する" }).click();
  await expect(page.getByRole("alert").first()).toContainText("PDF、JPEG、PNG のいずれかで、10 MB 以下のファイルを選んでください。");
  await axe.expectNoAxeViolations();
  expect(await getDatabase().consentEvent.count({ where: { participantId: participant.id } })).toBe(0);

  await fill({ name: "同意書.png", mimeType: "image/png", buffer: png });
  await page.getByRole("checkbox", { name: "署名済みの紙の同意書から転記しました" }).check();
  await page.getByRole("button", { name: "紙の同意を記録する" }).click();
  await expect(page.getByTestId("paper-recorded")).toBeVisible();
  const event = await getDatabase().consentEvent.findFirstOrThrow({ where: { participantId: participant.id } });
  await expect(page.getByTestId("paper-recorded")).toContainText(event.verificationCode);
  expect(event).toMatchObject({ method: "paper", choices });
  expect(event.detail).toMatchObject({ transcribed: true, paperSignedOn: "2026-11-02" });
  await axe.expectNoAxeViolations();

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /スキャンをダウンロード/ }).click()]);
  expect((await readFile((await download.path())!)).equals(png)).toBe(true);
  const reads = await getDatabase().auditEvent.count({ where: { type: "data.identifiable_read", actorUserId: coordinator.id, detail: { path: ["resource"], equals: "paper_consent_scan" } } });
  expect(reads).toBe(1);
});
