import type { Locator } from "@playwright/test";

/**
 * The text a sighted reader sees as the line, furigana left out (ADR 037): `<rt>` is not part of the words, and
 * Playwright's own text and name matching would read it (and pad each `<ruby>` with spaces).
 */
export function textWithoutReadings(locator: Locator): Promise<string> {
  return locator.evaluate((element) => {
    const copy = element.cloneNode(true) as Element;
    for (const reading of copy.querySelectorAll("rt")) reading.remove();
    return (copy.textContent ?? "").replace(/\s+/g, " ").trim();
  });
}
