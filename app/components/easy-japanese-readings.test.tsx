import { FuriganaCorrections, FuriganaReaderProvider, FuriganaScope } from "@tsunagi/furigana-jsx/furigana";
import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { nameReadingCorrections } from "../domain/text/index";
import { loadReadingAnalyser } from "../domain/text/furigana/reading-analyser.server";
import { createI18n } from "../i18n/i18n";
import { createServerPageReadings } from "../rendering/page-readings.server";
import { PanelMeetingView } from "./panel-meeting-view";
import { PersonName } from "./person-name";
import { UpdateMarkdown } from "./update-markdown";
import { UserText } from "./user-text";

/**
 * Issue 55 defect 8 (ADR 123), rendered as the server sends a page: in やさしい日本語 every Japanese text carries
 * readings — staff's words drawn as typed text (a panel meeting's agenda and minutes, a report's title, a draft's
 * paragraph), strings handed over in a fragment (a consultation question's legend) and Markdown — and a name is read
 * as its bearer registered it, or not at all. The same page in 日本語 has no ruby.
 */
beforeAll(async () => {
  await loadReadingAnalyser();
}, 30_000);

function render(language: "ja" | "ja-easy", node: ReactNode): string {
  const i18n = createI18n(language);
  return renderToStaticMarkup(
    <FuriganaReaderProvider value={createServerPageReadings().reader}>
      <FuriganaScope annotate={language === "ja-easy"}>
        <I18nextProvider i18n={i18n}>{node}</I18nextProvider>
      </FuriganaScope>
    </FuriganaReaderProvider>,
  );
}

const rt = (reading: string) => `<rt aria-hidden="true">${reading}</rt>`;

const meeting = {
  id: "m1",
  scheduledAt: "2026-12-01T05:00:00.000Z",
  place: "東京会場",
  title: "患者会議",
  agenda: ["同意の説明"],
  state: "minuted" as const,
  minutes: { text: "説明を聞きました。", attendees: 8, publishedAt: "2026-12-02T05:00:00.000Z" },
};

/** A consultation question's legend, as consultations.$id.tsx builds it: its number and prompt in a fragment. */
function QuestionLegend({ prompt }: { prompt: string }) {
  const legend = (
    <>
      {"1."} {prompt} <span className="hint">(必須)</span>
    </>
  );
  return (
    <fieldset>
      <legend>{legend}</legend>
    </fieldset>
  );
}

describe("furigana wherever やさしい日本語 text is shown (ADR 123)", () => {
  it("reads a panel meeting's title, agenda and minutes, and leaves its place, a name, plain", () => {
    const html = render("ja-easy", <PanelMeetingView meeting={meeting} headingLevel={1} />);
    expect(html).toContain(`<ruby>患者会議${rt("かんじゃかいぎ")}</ruby>`);
    expect(html).toContain(`<ruby>同意${rt("どうい")}</ruby>の<ruby>説明${rt("せつめい")}</ruby>`);
    expect(html).toMatch(new RegExp(`data-testid="meeting-minutes".*<ruby>説明${rt("せつめい")}</ruby>を<ruby>聞${rt("き")}</ruby>きました`));
    expect(html).toContain('<bdi dir="auto" class="user-text">東京会場</bdi>');
    expect(render("ja", <PanelMeetingView meeting={meeting} headingLevel={1} />)).not.toContain("<ruby>");
  });

  it("reads a consultation question handed to its legend in a fragment", () => {
    const html = render("ja-easy", <QuestionLegend prompt="研究に協力しますか" />);
    expect(html).toContain(`<legend>1. <ruby>研究${rt("けんきゅう")}</ruby>に<ruby>協力${rt("きょうりょく")}</ruby>しますか <span class="hint">(<ruby>必須${rt("ひっす")}</ruby>)</span></legend>`);
    expect(render("ja", <QuestionLegend prompt="研究に協力しますか" />)).not.toContain("<ruby>");
  });

  it("reads a report's title, a draft's paragraph and Markdown", () => {
    const html = render(
      "ja-easy",
      <>
        <h1>
          <UserText text="結果の報告" />
        </h1>
        <UpdateMarkdown markdown={"## 変更\n\n説明の文書です。"} />
      </>,
    );
    expect(html).toContain(`<h1><bdi dir="auto" class="user-text"><ruby>結果${rt("けっか")}</ruby>の<ruby>報告${rt("ほうこく")}</ruby></bdi></h1>`);
    expect(html).toContain(`<h3><ruby>変更${rt("へんこう")}</ruby></h3>`);
    expect(html).toContain(`<ruby>文書${rt("ぶんしょ")}</ruby>`);
  });

  it("reads a name as registered (三子 → みつこ, not the dictionary's みつご), inside a sentence too, and plain without a reading", () => {
    const names = nameReadingCorrections([{ name: "山田 三子", reading: "やまだ みつこ" }]);
    const html = render(
      "ja-easy",
      <FuriganaCorrections corrections={names}>
        <h1>{"山田 三子さん、こんにちは"}</h1>
        <dd>山田三子</dd>
        <PersonName name="佐藤 三子" />
        <PersonName name="佐藤 三子" reading="サトウ ミツコ" />
      </FuriganaCorrections>,
    );
    expect(html).not.toContain("みつご");
    expect(html).toContain(`<h1><ruby>山田${rt("やまだ")}</ruby> <ruby>三子${rt("みつこ")}</ruby>さん、こんにちは</h1>`);
    expect(html).toContain(`<dd><ruby>山田三子${rt("やまだみつこ")}</ruby></dd>`);
    expect(html).toContain('<bdi dir="auto" class="user-text">佐藤 三子</bdi>');
    expect(html).toContain(`<bdi dir="auto" class="user-text"><ruby>佐藤${rt("さとう")}</ruby> <ruby>三子${rt("みつこ")}</ruby></bdi>`);
  });
});
