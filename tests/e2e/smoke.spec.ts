import { expect, test } from "./fixtures";

test("the home page is served in Japanese and passes axe", async ({ page, axe }) => {
  const response = await page.goto("/");
  expect(response?.ok(), `GET / answered ${response?.status()}`).toBe(true);
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  await axe.expectNoAxeViolations(page);
});
