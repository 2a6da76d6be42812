import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DateTime } from "./date-time";

const html = (value: Date, language: string, withUtc = false) => renderToStaticMarkup(<DateTime value={value} language={language} withUtc={withUtc} />);

describe("DateTime", () => {
  it("writes Japan time in the reader's words, and the same words the second time (remembered per instant)", () => {
    const instant = new Date("2026-11-22T15:46:00Z");
    expect(html(instant, "ja")).toBe('<time dateTime="2026-11-22T15:46:00.000Z">2026年11月23日 0:46</time>');
    expect(html(instant, "en")).toBe('<time dateTime="2026-11-22T15:46:00.000Z">23 November 2026 at 00:46</time>');
    expect(html(instant, "ja")).toBe('<time dateTime="2026-11-22T15:46:00.000Z">2026年11月23日 0:46</time>');
    expect(html(instant, "en", true)).toBe('<time dateTime="2026-11-22T15:46:00.000Z">23 Nov 2026, 00:46 JST <span class="mono">(2026-11-22 15:46 UTC)</span></time>');
  });

  it("keeps each instant apart past the bound of what it remembers", () => {
    const start = Date.UTC(2026, 0, 1);
    const fresh = new Intl.DateTimeFormat("ja-JP", { timeZone: "Asia/Tokyo", dateStyle: "long", timeStyle: "short" });
    for (let minute = 0; minute < 25_000; minute += 1) {
      const instant = new Date(start + minute * 60_000);
      if (minute % 997 !== 0 && minute < 24_990) {
        html(instant, "ja");
        continue;
      }
      expect(html(instant, "ja")).toContain(`>${fresh.format(instant)}</time>`);
    }
    expect(html(new Date(start), "ja")).toContain(`>${fresh.format(new Date(start))}</time>`);
  });
});
