import { useTranslation } from "react-i18next";
import { DiseaseName } from "./names";
import type { ConsentMatchCounts } from "../../domain/access/index";
import { TableScroll } from "../table-scroll";

/**
 * Automatic consent matching for the committee (issue 15 item 2): how many participants and samples the purpose would
 * reach, in a sentence a panel member can read, then the counted reasons. Reason codes are worded in the locale files.
 */
export function MatchingSummary({ counts }: { counts: ConsentMatchCounts }) {
  const { t } = useTranslation("access");
  const { approve, deny, abstain } = counts.totals;
  const total = approve.participants + deny.participants + abstain.participants;
  return (
    <section className="panel stack" aria-labelledby="matching">
      <h2 id="matching">{t("matching.heading")}</h2>
      <p data-testid="matching-sentence">{t("matching.plain", { total, approve: approve.participants, deny: deny.participants, abstain: abstain.participants })}</p>
      <p className="hint">{t("matching.how")}</p>
      <TableScroll labelledBy="matching-totals-caption">
        <table>
          <caption id="matching-totals-caption">{t("matching.totalsCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("matching.result")}</th>
              <th scope="col">{t("matching.participants")}</th>
              <th scope="col">{t("matching.samples")}</th>
            </tr>
          </thead>
          <tbody>
            {(["approve", "abstain", "deny"] as const).map((result) => (
              <tr key={result}>
                <th scope="row">{t(`matching.results.${result}`)}</th>
                <td>{counts.totals[result].participants}</td>
                <td>{counts.totals[result].samples}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {counts.reasons.length ? (
        <TableScroll labelledBy="matching-reasons-caption">
          <table>
            <caption id="matching-reasons-caption">{t("matching.reasonsCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("matching.reason")}</th>
                <th scope="col">{t("matching.result")}</th>
                <th scope="col">{t("matching.participants")}</th>
                <th scope="col">{t("matching.samples")}</th>
              </tr>
            </thead>
            <tbody>
              {counts.reasons.map((reason) => (
                <tr key={`${reason.result}-${reason.code}-${reason.subject ?? ""}`}>
                  <td>
                    {t(`reasons.${reason.code}`, { defaultValue: reason.code, subject: reason.subject ?? "" })}
                    {reason.subject ? (
                      /^(?:DOID|MONDO):\d+$/.test(reason.subject) ? (
                        <>
                          {" "}
                          (<DiseaseName curie={reason.subject} />)
                        </>
                      ) : (
                        <span className="mono"> ({reason.subject})</span>
                      )
                    ) : null}
                  </td>
                  <td>{t(`matching.results.${reason.result}`)}</td>
                  <td>{reason.participants}</td>
                  <td>{reason.samples}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
    </section>
  );
}
