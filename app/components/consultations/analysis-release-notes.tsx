import { useTranslation } from "react-i18next";
import type { ConsultationAnalysis } from "../../domain/consultations/index";
import { AUDIENCE_COLUMN_MINIMUM, type ReleaseKind } from "../../domain/consultations/index";
import { publishedCountText, type PublishedCount } from "../../domain/transparency/index";
import { DateTime } from "../date-time";

/**
 * Which release a page's figures are, in words (ADR 115): its number and kind, the point it counts up to and when it
 * was made. Shared by the staff analysis and the published report.
 */
export function ReleaseLine({ release, step }: { release: { number: number; kind: ReleaseKind; pointAt?: string; releasedAt: string }; step: number }) {
  const { t } = useTranslation("consultation-admin");
  return (
    <p data-testid="analysis-release">
      <strong>{t(`analysis.release.kind.${release.kind}`, { number: release.number })}</strong>
      {release.kind === "interim" && release.pointAt ? (
        <>
          {" · "}
          {t("analysis.release.countedBefore")} <DateTime value={release.pointAt} /> {t("analysis.release.heldBack", { step })}
        </>
      ) : release.kind === "closing" ? (
        <>
          {" · "}
          {t("analysis.release.everyResponse")}
        </>
      ) : null}
      {" · "}
      {t("analysis.release.releasedAt")} <DateTime value={release.releasedAt} />
    </p>
  );
}

/**
 * What a reader should know to weigh a release's figures: audiences counted together (an interim release counts every
 * audience together; a small audience joins another), and how many responses came without an account — which a
 * browser that lost its cookie can give again (ADR 059; issue 54 item 9).
 */
export function AnalysisReleaseNotes({ analysis, kind }: { analysis: ConsultationAnalysis; kind: ReleaseKind | null }) {
  const { t } = useTranslation("consultation-admin");
  const answerColumns = analysis.questions[0]?.answers?.audiences ?? analysis.questions[0]?.answered?.audiences ?? analysis.responses.audiences;
  const merged = analysis.audiences.length > 1 && [...answerColumns, ...analysis.responses.audiences].some((column) => column === "all" || column.includes("+"));
  const withoutAccount = analysis.withoutAccount;
  const count = (value: PublishedCount) => (value.kind === "withheld" ? t("analysis.withheld") : publishedCountText(value));
  return (
    <>
      {kind === "interim" ? <p>{t("analysis.togetherUntilClose")}</p> : merged ? <p>{t("analysis.mergedAudiences", { minimum: AUDIENCE_COLUMN_MINIMUM })}</p> : null}
      {withoutAccount ? (
        <p data-testid="analysis-without-account">
          {withoutAccount.kind === "shown"
            ? withoutAccount.sharePercent !== null
              ? t("analysis.withoutAccount.shownShare", { count: count(withoutAccount.count), share: withoutAccount.sharePercent })
              : t("analysis.withoutAccount.shown", { count: count(withoutAccount.count) })
            : withoutAccount.kind === "merged"
              ? t("analysis.withoutAccount.merged", { minimum: AUDIENCE_COLUMN_MINIMUM })
              : t("analysis.withoutAccount.notAsked")}
          {withoutAccount.kind === "not_asked" ? null : ` ${t("analysis.withoutAccount.why")}`}
        </p>
      ) : null}
    </>
  );
}
