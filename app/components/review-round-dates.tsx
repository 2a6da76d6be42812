import { useTranslation } from "react-i18next";
import { DateTime } from "./date-time";

/** When a co-review round opened and closed (ADR 061), or that it is still open: the staff page and the public record. */
export function ReviewRoundDates({ openedAt, closedAt }: { openedAt: string; closedAt: string | null }) {
  const { t } = useTranslation("forms");
  return (
    <p>
      {t("review.openedAt")} <DateTime value={openedAt} />
      {" · "}
      {closedAt ? (
        <>
          {t("review.closedAt")} <DateTime value={closedAt} />
        </>
      ) : (
        <strong data-testid="round-open">{t("review.stillOpen")}</strong>
      )}
    </p>
  );
}
