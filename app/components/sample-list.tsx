import { useTranslation } from "react-i18next";
import { DateTime } from "./date-time";

export interface SampleRow {
  sampleCode: string;
  kind: string;
  createdAt: string | Date;
  destroyedAt: string | Date | null;
}

/**
 * A participant's samples as staff read them: pseudonymous code, kind, when it was destroyed if it was, and — where
 * the page is about samples — when it was registered. One list for the participant page and the samples page.
 */
export function SampleList({ samples, showRegistered = false }: { samples: SampleRow[]; showRegistered?: boolean }) {
  const { t } = useTranslation("enrolment");
  return (
    <ul className="list-plain">
      {samples.map((sample) => (
        <li key={sample.sampleCode}>
          <span className="mono">{sample.sampleCode}</span> — {t(`sampleKind.${sample.kind}`)}
          {showRegistered ? <> · <DateTime value={sample.createdAt} withUtc /></> : null}
          {sample.destroyedAt ? <> · {t("participant.samples.destroyed")} <DateTime value={sample.destroyedAt} withUtc /></> : null}
        </li>
      ))}
    </ul>
  );
}
