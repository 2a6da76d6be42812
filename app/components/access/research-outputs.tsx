import { useTranslation } from "react-i18next";
import type { ResearchOutputView } from "../../domain/access/index";
import { calendarDayText } from "../date-time";
import { UserText } from "../user-text";

/**
 * What came of an approved use (issue 57 item 5; ADR 139): each output's kind, title, where to read it, the day it was
 * published and its plain-language summary. The register's page and a participant's "who used my data" show the same.
 */
export function ResearchOutputs({ outputs, headingLevel = 2, id }: { outputs: readonly ResearchOutputView[]; headingLevel?: 2 | 4; id: string }) {
  const { t, i18n } = useTranslation("access");
  const Heading = headingLevel === 2 ? "h2" : "h4";
  const Item = headingLevel === 2 ? "h3" : "h5";
  return (
    <section className="stack" aria-labelledby={id} data-testid="research-outputs">
      <Heading id={id}>{t("researchOutput.heading")}</Heading>
      {outputs.length === 0 ? (
        <p>{t("researchOutput.none")}</p>
      ) : (
        <ul className="stack">
          {outputs.map((output) => (
            <li key={`${output.kind}-${output.identifier}-${output.title}`} className="stack" data-testid="research-output">
              <Item>
                {t(`researchOutput.kinds.${output.kind}`)}: <bdi dir="auto">{output.title}</bdi>
              </Item>
              <p>{t("researchOutput.publishedOn", { date: calendarDayText(output.publishedOn, i18n.language) })}</p>
              <p>
                <UserText text={output.summary} readings />
              </p>
              {output.url ? (
                <p>
                  <a href={output.url} rel="noopener noreferrer">
                    {t("researchOutput.readIt", { identifier: output.identifier })}
                  </a>
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
