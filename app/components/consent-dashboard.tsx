import { useTranslation } from "react-i18next";
import type { WithdrawalLevel } from "../domain/consent/ledger/ledger-event";

/** Carries a proxy's choice of child (`?participant=`) from page to page; empty for someone acting only for themselves. */
export function participantQuery(participantId: string | null | undefined): string {
  return participantId ? `?participant=${encodeURIComponent(participantId)}` : "";
}

/** "You are acting for …": a proxy must never be unsure whose consent a page changes. */
export function SubjectNote({ subject }: { subject: { fullName: string; as: "self" | "proxy"; relationship: string | null } }) {
  const { t } = useTranslation(["dashboard", "documents"]);
  if (subject.as === "self") return null;
  const relationship = subject.relationship ? t(`documents:relationships.${subject.relationship}`) : t("dashboard:subject.proxyDefault");
  return (
    <p className="alert" data-testid="subject-note">
      {t("dashboard:subject.proxy", { name: subject.fullName, relationship })}
    </p>
  );
}

export function FieldErrors({ id, errors }: { id: string; errors?: string[] | null }) {
  if (!errors?.length) return null;
  return (
    <p className="field-error" id={id} role="alert">
      {errors.join(" ")}
    </p>
  );
}

/** What stops, what continues and, honestly, what cannot be recalled: shown before anyone confirms a withdrawal. */
export function WithdrawalLevelExplanation({ level, audience }: { level: WithdrawalLevel; audience: "participant" | "staff" }) {
  const { t } = useTranslation("dashboard");
  const base = `withdraw.levels.${level}`;
  return (
    <dl className="dash-explain" data-testid={`explanation-${level}`}>
      <dt>{t("withdraw.stops")}</dt>
      <dd>{t(`${base}.stops`)}</dd>
      <dt>{t("withdraw.continues")}</dt>
      <dd>{t(`${base}.continues`)}</dd>
      <dt>{t("withdraw.cannotRecall")}</dt>
      <dd>{t(`${base}.cannotRecall`)}</dd>
      {audience === "participant" ? (
        <>
          <dt>{t("withdraw.care")}</dt>
          <dd>{t("withdraw.careBody")}</dd>
        </>
      ) : null}
    </dl>
  );
}
