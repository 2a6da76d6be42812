import { useTranslation } from "react-i18next";
import type { ApplicationContent } from "../../domain/access/index";
import { ethicsDocumentPath, type EthicsDocumentSummary } from "../../domain/access/index";
import { UserText } from "../user-text";
import { EthicsDocumentLink } from "./ethics-document-link";
import { NameList } from "./names";

/**
 * An application as submitted, read-only: what the committee and the applicant read. Typed text is shown as typed.
 * `ethicsDocument` (the application's id and its attached document, or none) adds the approval document's row with
 * its download link; left out, the row is not shown (an earlier version's page).
 */
export function ApplicationView({
  content,
  layFirst = false,
  ethicsDocument,
}: {
  content: ApplicationContent;
  layFirst?: boolean;
  ethicsDocument?: { applicationId: string; document: EthicsDocumentSummary | null };
}) {
  const { t } = useTranslation("access");
  const text = (value: string) => (value ? <UserText text={value} className="pre-wrap" /> : <span className="hint">{t("view.none")}</span>);
  const list = (name: string, values: readonly string[]) =>
    values.length ? values.map((value) => t(`fields.${name}.options.${value}`, { defaultValue: value })).join("、") : t("view.none");
  const inLang = (value: string, lang: "ja" | "en") => (value ? <span lang={lang}>{text(value)}</span> : text(value));
  const rows: [string, React.ReactNode][] = [
    ["titleJa", inLang(content.titleJa, "ja")],
    ["titleEn", inLang(content.titleEn, "en")],
    ...(content.titleJaEasy ? ([["titleJaEasy", inLang(content.titleJaEasy, "ja")]] as [string, React.ReactNode][]) : []),
    ["institutionJa", inLang(content.institutionJa, "ja")],
    ["institutionEn", inLang(content.institutionEn, "en")],
    ...(content.institutionJaEasy ? ([["institutionJaEasy", inLang(content.institutionJaEasy, "ja")]] as [string, React.ReactNode][]) : []),
    ["scientificSummary", text(content.scientificSummary)],
    ["purposeCodes", list("purposeCodes", content.purposeCodes)],
    ["diseases", <NameList kind="disease" codes={content.diseases} empty={t("view.none")} />],
    ["commercial", t(`fields.commercial.options.${content.commercial ? "yes" : "no"}`)],
    ["sensitive", list("sensitive", content.sensitive)],
    ["genderDetail", text(content.genderDetail)],
    ["sensitiveOther", text(content.sensitiveOther)],
    ["datasets", <NameList kind="dataset" codes={content.datasets} empty={t("view.none")} />],
    ["dataKinds", list("dataKinds", content.dataKinds)],
    ["dataScopeJustification", text(content.dataScopeJustification)],
    ["periodMonths", content.periodMonths === null ? t("view.none") : t("view.months", { count: content.periodMonths })],
    ["recipientType", content.recipientType ? t(`fields.recipientType.options.${content.recipientType}`) : t("view.none")],
    ["recipientCountry", content.recipientCountry || t("view.none")],
    ["trackRecord", text(content.trackRecord)],
    ["securityMeasures", text(content.securityMeasures)],
    ["keepingAndDisposal", text(content.keepingAndDisposal)],
    ["subcontractors", text(content.subcontractors)],
    ["ethicsCommittee", text(content.ethicsCommittee)],
    ["ethicsNumber", text(content.ethicsNumber)],
    ["ethicsApprovedOn", content.ethicsApprovedOn || t("view.none")],
    ...(ethicsDocument
      ? ([["ethicsDocument", ethicsDocument.document ? <EthicsDocumentLink href={ethicsDocumentPath(ethicsDocument.applicationId)} document={ethicsDocument.document} /> : t("view.none")]] as [string, React.ReactNode][])
      : []),
    ["publicationPlan", text(content.publicationPlan)],
    ["funding", text(content.funding)],
    ["coiStatement", text(content.coiStatement)],
    ["noIdentificationPledge", content.noIdentificationPledge ? t("view.pledged") : t("view.notPledged")],
  ];
  const lay = (
    <section className="panel stack" aria-labelledby="lay-summary">
      <h2 id="lay-summary">{t("view.laySummary")}</h2>
      <div lang="ja">{text(content.laySummaryJa)}</div>
      <div lang="en">{text(content.laySummaryEn)}</div>
    </section>
  );
  return (
    <div className="stack">
      {layFirst ? lay : null}
      <section className="panel" aria-labelledby="application-details">
        <h2 id="application-details">{t("view.details")}</h2>
        <dl className="facts">
          {rows.map(([name, value]) => (
            <div key={name}>
              <dt>{t(`fields.${name}.label`)}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      {layFirst ? null : lay}
    </div>
  );
}
