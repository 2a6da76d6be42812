import { getDatabase } from "../../app/db.server";
import { createUser, signInAs } from "./support/accounts";
import { expect, test } from "./fixtures";

test("[admin] issues an API token, sees it once, uses it for FHIR, then revokes it", async ({ page, context, axe, request }) => {
  const admin = await createUser({ role: "admin", withTotp: true });
  await signInAs(context, admin);
  const name = `Hospital reader ${Date.now()}`;

  await page.goto("/admin");
  await page.getByRole("link", { name: "API トークン" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("API トークン");
  await axe.expectNoAxeViolations();

  await page.getByLabel("名前").fill(name);
  await page.getByRole("group", { name: "許可すること" }).getByLabel("同意記録を FHIR 形式で読む").check();
  await page.getByLabel("有効期間（日数）").fill("30");
  await page.getByRole("button", { name: "トークンを発行する" }).click();

  const shown = page.getByTestId("issued-token");
  await expect(shown).toHaveValue(/^tsg_[a-z2-9]{16}\.[a-z2-9]{32}$/);
  await expect(page.getByText("表示はこの 1 回だけです")).toBeVisible();
  await axe.expectNoAxeViolations();
  const token = await shown.inputValue();
  const row = page.getByTestId("api-token-row").filter({ hasText: name });
  await expect(row).toContainText("有効");
  await expect(row).toContainText("fhir:read");

  // Shown once: a fresh look at the page has the token in the list but its secret nowhere.
  await page.reload();
  await expect(page.getByTestId("issued-token")).toHaveCount(0);
  expect(await page.content()).not.toContain(token.split(".")[1]);

  const fhir = await request.get("/fhir/Consent?patient=TGP-NONE-NONE", { headers: { Authorization: `Bearer ${token}` } });
  expect(fhir.status()).toBe(200);
  expect(fhir.headers()["content-type"]).toContain("application/fhir+json");
  expect(await fhir.json()).toMatchObject({ resourceType: "Bundle", type: "searchset", total: 0 });
  await page.reload();
  await expect(row).not.toContainText("未使用");

  await row.getByRole("link", { name: `無効にする トークン ${name}` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("トークンを無効にする");
  await expect(page.getByText(`トークン「${name}」を無効にしますか？`)).toBeVisible();
  await axe.expectNoAxeViolations();
  await page.getByRole("button", { name: "トークンを無効にする" }).click();
  await expect(page.getByRole("status")).toContainText("トークンを無効にしました");
  await expect(page.getByTestId("api-token-row").filter({ hasText: name })).toContainText("無効");

  const refused = await request.get("/fhir/Consent?patient=TGP-NONE-NONE", { headers: { Authorization: `Bearer ${token}` } });
  expect(refused.status()).toBe(401);
  expect(await refused.json()).toMatchObject({ resourceType: "OperationOutcome" });
});

test("[admin] issues a findings:submit token, and the analysis team submits a finding with it", async ({ page, context, axe, request }) => {
  const { createParticipant } = await import("../factories/participant-factory");
  const admin = await createUser({ role: "admin", withTotp: true });
  await signInAs(context, admin);
  const participant = await createParticipant();
  const name = `Analysis team ${Date.now()}`;

  await page.goto("/admin/api-tokens");
  await page.getByLabel("名前").fill(name);
  await page.getByRole("group", { name: "許可すること" }).getByLabel("解析チーム：二次的所見を遺伝カウンセリングへ提出する").check();
  await page.getByRole("button", { name: "トークンを発行する" }).click();
  const token = await page.getByTestId("issued-token").inputValue();
  await expect(page.getByTestId("api-token-row").filter({ hasText: name })).toContainText("findings:submit");
  await axe.expectNoAxeViolations();

  const submission = {
    labId: "LAB-E2E",
    labFindingId: `F-${Date.now()}`,
    sampleCode: participant.sampleCodes[1],
    gene: "MLH1",
    variant: "NM_000249.4:c.1852_1854del",
    classification: "LP",
    evidenceSummary: "In-frame deletion; likely pathogenic.",
    reportPdf: Buffer.from("%PDF-1.7\n%%EOF\n").toString("base64"),
  };
  const created = await request.post("/api/v1/findings", { headers: { Authorization: `Bearer ${token}` }, data: submission });
  expect(created.status()).toBe(201);
  expect(await created.json()).toMatchObject({ version: 1, category: "hereditary_cancer" });
  const replayed = await request.post("/api/v1/findings", { headers: { Authorization: `Bearer ${token}` }, data: submission });
  expect(replayed.status()).toBe(200);
});

test("[admin] must confirm it is them before issuing a token", async ({ page, context }) => {
  const admin = await createUser({ role: "admin", withTotp: true });
  await signInAs(context, admin);
  await getDatabase().session.updateMany({ where: { userId: admin.id }, data: { createdAt: new Date(Date.now() - 60 * 60_000) } });

  await page.goto("/admin/api-tokens");
  await expect(page.getByText("発行の前に、ご本人の確認をお願いします。")).toBeVisible();
  await page.getByLabel("名前").fill("Needs a fresh sign-in");
  await page.getByLabel("同意記録を FHIR 形式で読む").check();
  await page.getByRole("button", { name: "トークンを発行する" }).click();
  await expect(page).toHaveURL(/\/account\/reauthenticate\?redirectTo=%2Fadmin%2Fapi-tokens/);
  expect(await getDatabase().apiToken.count({ where: { name: "Needs a fresh sign-in" } })).toBe(0);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("[admin] gets translated errors for bad input and nothing is issued", async ({ page, context }) => {
    const admin = await createUser({ role: "admin", withTotp: true });
    await signInAs(context, admin);
    const before = await getDatabase().apiToken.count();

    await page.goto("/admin/api-tokens");
    await page.getByRole("button", { name: "トークンを発行する" }).click();
    await expect(page.getByText("スコープを 1 つ以上選んでください。")).toBeVisible();
    await expect(page.getByRole("alert").filter({ hasText: "入力してください。" })).toBeVisible();

    await page.getByLabel("名前").fill("<script>alert(1)</script>".repeat(5));
    await page.getByLabel("同意記録を FHIR 形式で読む").check();
    await page.getByLabel("有効期間（日数）").fill("99999");
    await page.getByRole("button", { name: "トークンを発行する" }).click();
    await expect(page.getByText("100 文字以内で入力してください")).toBeVisible();
    await expect(page.getByText("1 から 3650 までの整数を入力するか、空欄にしてください。")).toBeVisible();
    expect(await getDatabase().apiToken.count()).toBe(before);

    await page.getByLabel("名前").fill("No-JS client");
    await page.getByLabel("有効期間（日数）").fill("");
    await page.getByRole("button", { name: "トークンを発行する" }).click();
    await expect(page.getByTestId("issued-token")).toHaveValue(/^tsg_/);
    await page.getByRole("link", { name: "無効にする トークン No-JS client" }).click();
    await page.getByRole("button", { name: "トークンを無効にする" }).click();
    await expect(page.getByRole("status")).toContainText("トークンを無効にしました");
  });
});
