// Facilities (issue 10, ADR 015): an admin puts a coordinator in a facility, and a coordinator sees and opens only
// the participants of their own facilities — with JavaScript and without it, every page scanned by axe.
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { getDatabase } from "../../app/db.server";
import { createFacility, type CreatedFacility } from "../factories/facility-factory";
import { createParticipant } from "../factories/participant-factory";
import { createUser, signInAs, type CreatedUser } from "./support/accounts";
import { expect, test, type Axe } from "./fixtures";
import { budget } from "./support/budget";

async function withoutJavaScript(browser: Browser, user: CreatedUser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ javaScriptEnabled: false });
  await signInAs(context, user);
  return { context, page: await context.newPage() };
}

async function assignThroughAdminPage(page: Page, coordinator: CreatedUser, facility: CreatedFacility, axe?: Axe) {
  await page.goto("/admin/users");
  const row = page.getByRole("row").filter({ hasText: coordinator.email });
  await expect(row.getByText("所属施設なし：参加者は表示されません。")).toBeVisible();
  if (axe) await axe.expectNoAxeViolations();
  await row.getByRole("checkbox", { name: `${facility.nameJa} (${facility.code})` }).check();
  await row.getByRole("button", { name: `${coordinator.email} の所属施設を保存する` }).click();
  await expect(page.getByRole("status")).toContainText(`${coordinator.email} の所属施設を保存しました。`);
  await expect(page.getByRole("row").filter({ hasText: coordinator.email }).getByRole("checkbox", { name: `${facility.nameJa} (${facility.code})` })).toBeChecked();
}

test("[admin] assigns a coordinator to a facility at /admin/users, and the coordinator then sees its participants", async ({ page, context, browser, axe }) => {
  test.setTimeout(budget(90_000));
  const facility = await createFacility({ nameJa: "北病院", nameEn: "North Hospital" });
  const participant = await createParticipant({ fullName: "北 一郎", facility });
  const coordinator = await createUser({ role: "coordinator", withTotp: true, facilities: [] });

  // Before: no facility, so no participants, and the page says why.
  const before = await withoutJavaScript(browser, coordinator);
  await before.page.goto("/staff/participants");
  await expect(before.page.getByRole("status").filter({ hasText: "まだどの施設にも所属していない" })).toBeVisible();
  await expect(before.page.getByRole("row").filter({ hasText: participant.pseudonym })).toHaveCount(0);
  await before.context.close();

  const admin = await createUser({ role: "admin", withTotp: true });
  await signInAs(context, admin);
  await assignThroughAdminPage(page, coordinator, facility, axe);
  await axe.expectNoAxeViolations();
  const audit = await getDatabase().auditEvent.findFirstOrThrow({ where: { type: "facility.membership_changed", subjectUserId: coordinator.id } });
  expect(audit).toMatchObject({ actorUserId: admin.id, detail: { facilityId: facility.id, change: "added" } });

  const after = await withoutJavaScript(browser, coordinator);
  await after.page.goto("/staff/participants");
  await expect(after.page.getByRole("row").filter({ hasText: participant.pseudonym })).toHaveCount(1);
  await after.context.close();
});

test("[admin] assigns a facility with JavaScript disabled", async ({ browser }) => {
  const facility = await createFacility({ nameJa: "南病院", nameEn: "South Hospital" });
  const coordinator = await createUser({ role: "coordinator", facilities: [] });
  const admin = await createUser({ role: "admin", withTotp: true });
  const { context, page } = await withoutJavaScript(browser, admin);
  await assignThroughAdminPage(page, coordinator, facility);
  expect(await getDatabase().facilityMembership.findMany({ where: { userId: coordinator.id }, select: { facilityId: true } })).toEqual([{ facilityId: facility.id }]);
  await context.close();
});

test("[coordinator] sees and opens only their own facility's participants", async ({ page, context, browser, axe }) => {
  test.setTimeout(budget(90_000));
  const east = await createFacility({ nameJa: "東病院", nameEn: "East Hospital" });
  const west = await createFacility({ nameJa: "西病院", nameEn: "West Hospital" });
  const own = await createParticipant({ fullName: "東 花子", facility: east });
  const foreign = await createParticipant({ fullName: "西 花子", facility: west });
  const coordinator = await createUser({ role: "coordinator", withTotp: true, facilities: [east] });
  await signInAs(context, coordinator);

  await page.goto("/staff");
  await expect(page.getByText("所属施設：東病院。")).toBeVisible();
  await axe.expectNoAxeViolations();
  await page.goto("/staff/participants");
  await expect(page.getByText("所属施設：東病院。")).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: own.pseudonym })).toHaveCount(1);
  await expect(page.getByRole("row").filter({ hasText: foreign.pseudonym })).toHaveCount(0);
  await axe.expectNoAxeViolations();
  for (const query of [foreign.fullName, foreign.pseudonym]) {
    await page.getByLabel("検索").fill(query);
    await page.getByRole("button", { name: "検索" }).click();
    await expect(page.getByRole("status").filter({ hasText: "0 人" })).toBeVisible();
  }
  await page.getByLabel("検索").fill(own.pseudonym);
  await page.getByRole("button", { name: "検索" }).click();
  await page.getByRole("link", { name: own.pseudonym }).click();
  await expect(page.getByText("東病院", { exact: true })).toBeVisible();
  await axe.expectNoAxeViolations();

  // Another facility's participant is a page that does not exist, like any unknown id.
  const response = await page.goto(`/staff/participants/${foreign.id}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByText(foreign.fullName)).toHaveCount(0);
  await axe.expectNoAxeViolations();
  const denial = await getDatabase().auditEvent.findFirstOrThrow({ where: { type: "authz.participant_out_of_scope", actorUserId: coordinator.id } });
  expect(denial.detail).toMatchObject({ participantId: foreign.id, facilityId: west.id, path: `/staff/participants/${foreign.id}` });

  // The same without JavaScript: the list, the search and the refusal.
  const plain = await withoutJavaScript(browser, coordinator);
  await plain.page.goto("/staff/participants");
  await expect(plain.page.getByRole("row").filter({ hasText: own.pseudonym })).toHaveCount(1);
  await expect(plain.page.getByRole("row").filter({ hasText: foreign.pseudonym })).toHaveCount(0);
  await plain.page.getByLabel("検索").fill(foreign.fullName);
  await plain.page.getByRole("button", { name: "検索" }).click();
  await expect(plain.page.getByRole("row").filter({ hasText: foreign.pseudonym })).toHaveCount(0);
  expect((await plain.page.goto(`/staff/participants/${foreign.id}/withdrawal`))?.status()).toBe(404);
  await plain.context.close();
});
