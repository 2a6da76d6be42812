// A parent signs for a child with their own name, then the child (old enough for the version's assent age) agrees
// in simple words with theirs; declining core participation ends on a kind page; the full form text needs no sign-in.
import { getDatabase } from "../../app/db.server";
import { createParticipant } from "../factories/participant-factory";
import { chooseAll, everyChoice, passComprehension, readAllSections } from "../integration/journey-walk";
import { signableVersion } from "./journey-support";
import { signInAs } from "./support/accounts";
import { expect, test } from "./fixtures";
import { budget } from "./support/budget";
import { textWithoutReadings } from "./support/readings";

test("[proxy] signs for a ten-year-old with their own name; the child then agrees with theirs", async ({ page, context, axe }) => {
  test.setTimeout(budget(120_000));
  const version = await signableVersion();
  const child = await createParticipant({ withAccount: false, withProxy: true, fullName: "山田 さくら", dateOfBirth: `${new Date().getUTCFullYear() - 11}-01-01` });
  await signInAs(context, child.proxy!);

  await page.goto("/consent/journey");
  await expect(page.getByRole("radio", { name: /山田 さくらさん（あなたは親）/ })).toBeChecked();
  await axe.expectNoAxeViolations();
  await page.getByRole("button", { name: "始める" }).click();
  await expect(page.getByTestId("journey-subject")).toHaveText("山田 さくらさんの親として、山田 さくらさんのために決めています。");
  await axe.expectNoAxeViolations();

  const journey = await getDatabase().consentJourney.findFirstOrThrow({ where: { participantId: child.id, status: "in_progress" } });
  const actor = { method: "online" as const, userId: child.proxy!.id, role: "proxy" };
  await readAllSections(actor, journey.id, version);
  await passComprehension(actor, journey.id, version);

  // Declining core participation: a kind page, not an error, and a way back.
  await page.goto("/consent/journey/choice/1");
  await page.getByRole("radio", { name: version.content.languages.ja.choices["core.wgs"]!.options.no!, exact: true }).check();
  await page.getByRole("button", { name: "保存して次へ" }).click();
  await expect(page).toHaveURL(/\/consent\/journey\/stop$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("ここで終えることができます");
  await expect(page.getByText("あなたの治療は何も変わりません")).toBeVisible();
  await axe.expectNoAxeViolations();
  await page.getByRole("link", { name: "選択に戻る" }).click();
  await expect(page).toHaveURL(/\/consent\/journey\/choice\/1$/);

  await chooseAll(actor, journey.id, version, everyChoice(version));
  await page.goto("/consent/journey/sign");
  await expect(page.getByText("山田 さくらさんの親として、山田 さくらさんのために署名します。ご自分の氏名を入力してください。")).toBeVisible();
  await axe.expectNoAxeViolations();
  await page.getByLabel("登録されている氏名を入力してください", { exact: true }).fill(child.proxy!.fullName);
  await page.getByRole("button", { name: "署名する", exact: true }).click();

  await expect(page).toHaveURL(new RegExp(`/consent/journey/assent/${journey.id}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("山田 さくらさん、あなたはどう思いますか");
  await expect(page.getByTestId("assent-statement")).toContainText("いつでも「やめたい」と言えること");
  await axe.expectNoAxeViolations();
  await page.getByLabel("自分の名前を書いてください").fill("山田 はな");
  await page.getByRole("button", { name: "いいよ（賛成する）" }).click();
  await expect(page.getByRole("alert").first()).toContainText("一致しません");
  await axe.expectNoAxeViolations();
  await page.getByLabel("自分の名前を書いてください").fill("やまだ さくら".replace("やまだ", "山田"));
  await page.getByRole("button", { name: "いいよ（賛成する）" }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("ありがとうございました");
  await expect(page.getByText("お子さん本人の賛意も記録しました。")).toBeVisible();
  await axe.expectNoAxeViolations();
  const events = await getDatabase().consentEvent.findMany({ where: { participantId: child.id }, orderBy: { participantSeq: "asc" } });
  expect(events.map((event) => [event.type, (event.signature as { printedName: string }).printedName])).toEqual([
    ["proxy_granted", child.proxy!.fullName],
    ["assent", "山田 さくら"],
  ]);
});

test("[public] reads the whole consent form without signing in, in any language, with a mail link to share it", async ({ page, axe }) => {
  // axe reads the whole やさしい日本語 form with its hundreds of <ruby> (ADR 037): slow when both workers are busy.
  test.setTimeout(budget(120_000));
  const version = await signableVersion();
  await page.goto(`/consent/form/${version.version}?lang=ja-easy`);
  await expect.poll(() => textWithoutReadings(page.locator("article.consent-form h2").first())).toBe(version.content.languages["ja-easy"].title);
  await expect(page.getByRole("link", { name: "このページをメールでご家族に送る" })).toHaveAttribute("href", new RegExp(`^mailto:.*lang%3Dja-easy`));
  await axe.expectNoAxeViolations();
  await page.getByRole("link", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 2, name: version.content.languages.en.title })).toBeVisible();
  await expect(page.getByText(version.content.languages.en.signatureStatement)).toBeVisible();
  await axe.expectNoAxeViolations();
  expect((await page.goto("/consent/form/9.9"))?.status()).toBe(404);
});
