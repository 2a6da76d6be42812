import type { Browser, BrowserContext, Page } from "@playwright/test";
import { expectNoAxeViolations } from "../fixtures";
import { phone } from "./viewports";


/** 200 % text, as a reader's browser setting gives it: every stylesheet ends by doubling the root size (112.5 %). */
export async function doubleTheText(page: Page): Promise<void> {
  await page.route(/\.css(\?|$)/, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: `${await response.text()}\n:root { font-size: 225% !important; }\n` });
  });
}

/**
 * axe runs as page script, which a JavaScript-off page cannot run. So the page is scanned as served: in a second
 * context of the same visitor with scripts on for axe alone, every script of the app answered empty — the DOM is
 * the server's HTML, and the menu opens by the browser's own <details>, as with JavaScript off.
 */
export async function axeAsServed(
  browser: Browser,
  context: BrowserContext,
  url: string,
  options: { openMenu: boolean; text200?: boolean; viewport?: { width: number; height: number } },
): Promise<void> {
  const served = await browser.newContext({ viewport: options.viewport ?? phone, javaScriptEnabled: true, storageState: await context.storageState() });
  try {
    await served.route(/\/assets\/.*\.js(\?|$)/, (route) => route.fulfill({ status: 200, contentType: "text/javascript", body: "" }));
    const page = await served.newPage();
    if (options.text200) await doubleTheText(page);
    await page.goto(url);
    if (options.openMenu) await page.locator(".site-menu > summary").click();
    await expectNoAxeViolations(page);
  } finally {
    await served.close();
  }
}
