import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { e2eDataDir } from "./e2e-env";

/**
 * Opens the development mailbox as a developer does, with the link `npm start` printed: its key is in the server's
 * data folder (ADR 014). The key becomes a cookie for /dev/mailbox, and the browser lands on the list.
 */
export async function openMailbox(page: Page): Promise<void> {
  const key = readFileSync(path.join(e2eDataDir, "mailbox-key"), "utf8").trim();
  await page.goto(`/dev/mailbox?key=${encodeURIComponent(key)}`);
}
