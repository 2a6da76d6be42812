import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DateTime } from "../date-time";
import { FormErrors } from "../form-field";
import { PersonName } from "../person-name";
import { UserText } from "../user-text";
import { supportedLanguages } from "../../i18n/languages";

type Errors = Record<string, string[] | null | undefined>;

interface Invitation {
  id: string;
  fullName: string;
  email: string;
  createdAt: string;
  withdrawnAt: string | null;
  comments: number;
}

/**
 * The patients invited to one review round (ADR 064), as ELSI staff manage them: who was invited and when, how many
 * comments each made, withdrawing a link, and inviting someone else while the round is open.
 */
export function RoundInvitations({ roundId, invitations, open, errorsOf }: { roundId: string; invitations: Invitation[]; open: boolean; errorsOf: (form: string) => Errors }) {
  const { t } = useTranslation(["forms", "common"]);
  const errors = errorsOf(`invite:${roundId}`);
  const field = (name: string) => ({
    id: `invite-${roundId}-${name}`,
    name,
    "aria-invalid": errors[name]?.length ? true : undefined,
    "aria-describedby": errors[name]?.length ? `invite-${roundId}-${name}-error` : undefined,
  });
  const fieldError = (name: string) =>
    errors[name]?.length ? (
      <p className="field-error" id={`invite-${roundId}-${name}-error`} role="alert">
        {errors[name]!.join(" ")}
      </p>
    ) : null;
  return (
    <section className="panel stack" id={`invitations-${roundId}`} aria-labelledby={`invitations-${roundId}-heading`} data-testid="review-invitations">
      <h3 id={`invitations-${roundId}-heading`}>{t("review.invitations.heading")}</h3>
      <p>{t("review.invitations.intro")}</p>
      {invitations.length === 0 ? <p>{t("review.invitations.none")}</p> : null}
      {invitations.length > 0 ? (
        <ul className="stack">
          {invitations.map((invitation) => (
            <li key={invitation.id} data-testid="review-invitation">
              <PersonName name={invitation.fullName} /> (<UserText text={invitation.email} />) · {t("review.invitations.invitedAt")} <DateTime value={invitation.createdAt} /> ·{" "}
              {t("review.invitations.comments", { count: invitation.comments })}
              {invitation.withdrawnAt ? (
                <>
                  {" "}
                  · {t("review.invitations.withdrawnAt")} <DateTime value={invitation.withdrawnAt} />
                </>
              ) : open ? (
                <Form noValidate method="post">
                  <input type="hidden" name="intent" value="withdraw_invitation" />
                  <input type="hidden" name="roundId" value={roundId} />
                  <input type="hidden" name="invitationId" value={invitation.id} />
                  <input type="hidden" name="confirm" value="yes" />
                  <button type="submit" className="button button--secondary">
                    {t("review.invitations.withdraw", { name: invitation.fullName })}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {open ? (
        <Form noValidate method="post" className="stack" aria-labelledby={`invite-${roundId}-heading`}>
          <h4 id={`invite-${roundId}-heading`}>{t("review.invitations.inviteHeading")}</h4>
          <input type="hidden" name="intent" value="invite" />
          <input type="hidden" name="roundId" value={roundId} />
          <FormErrors id={`invite-${roundId}-errors`} errors={errors[""] ?? undefined} />
          <div className="field">
            <label htmlFor={`invite-${roundId}-fullName`}>{t("review.invitations.fullName")}</label>
            <input type="text" autoComplete="off" maxLength={200} required {...field("fullName")} />
            {fieldError("fullName")}
          </div>
          <div className="field">
            <label htmlFor={`invite-${roundId}-email`}>{t("review.invitations.email")}</label>
            <input type="email" autoComplete="off" maxLength={254} required {...field("email")} />
            {fieldError("email")}
          </div>
          <div className="field">
            <label htmlFor={`invite-${roundId}-language`}>{t("review.invitations.language")}</label>
            <select {...field("language")} defaultValue="ja">
              {supportedLanguages.map((language) => (
                <option key={language} value={language}>
                  {t(`common:language.names.${language}`)}
                </option>
              ))}
            </select>
            {fieldError("language")}
          </div>
          <button type="submit" className="button">
            {t("review.invitations.invite")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
