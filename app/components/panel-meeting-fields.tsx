import { useTranslation } from "react-i18next";
import { japanLocalValue } from "../domain/consultations/index";
import { meetingAgendaMax, meetingMinutesMax, meetingPlaceMax, meetingTitleMax, type MeetingFields as MeetingFieldsInput } from "../domain/panel-meetings/index";

type Errors = Record<string, string[] | null | undefined>;

/** Each language's field-name suffix (titleJa, agendaJaEasy, textEn …) beside the language it is written in. */
const languages = [
  ["Ja", "ja"],
  ["JaEasy", "ja-easy"],
  ["En", "en"],
] as const;

/** One labelled field with its error, for the panel meetings' staff forms (ADR 065). */
function Field({ name, label, errors, hint, children }: { name: string; label: string; errors: Errors; hint?: string; children: (props: Record<string, unknown>) => JSX.Element }) {
  const id = `meeting-${name}`;
  const failed = Boolean(errors[name]?.length);
  const describedBy = [hint ? `${id}-hint` : "", failed ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {children({ id, name, "aria-invalid": failed ? true : undefined, "aria-describedby": describedBy })}
      {failed ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {errors[name]!.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

/** A meeting's fields as the page has them: the domain's, with the time as the loader sent it (a string) or a Date. */
export type MeetingFieldValues = Omit<MeetingFieldsInput, "scheduledAt"> & { scheduledAt: string | Date };

/** The time, place, title and agenda of a meeting in three languages: announcing one and changing it. */
export function MeetingFields({ values, errors }: { values: MeetingFieldValues | null; errors: Errors }) {
  const { t } = useTranslation("learning");
  return (
    <>
      <Field name="scheduledAt" label={t("meetings.staff.scheduledAt")} hint={t("meetings.staff.scheduledAtHint")} errors={errors}>
        {(props) => <input type="datetime-local" required defaultValue={values ? japanLocalValue(values.scheduledAt) : ""} {...props} />}
      </Field>
      <Field name="place" label={t("meetings.staff.place")} errors={errors}>
        {(props) => <input type="text" required maxLength={meetingPlaceMax * 2} defaultValue={values?.place ?? ""} {...props} />}
      </Field>
      {languages.map(([suffix, language]) => (
        <fieldset key={language} className="stack">
          <legend>{t(`meetings.staff.inLanguage.${language}`)}</legend>
          <Field name={`title${suffix}`} label={t("meetings.staff.title")} errors={errors}>
            {(props) => <input type="text" required maxLength={meetingTitleMax * 2} defaultValue={values?.[`title${suffix}`] ?? ""} {...props} />}
          </Field>
          {suffix === "En" ? (
            <Field name="placeEn" label={t("meetings.staff.placeEn")} hint={t("meetings.staff.placeEnHint")} errors={errors}>
              {(props) => <input type="text" maxLength={meetingPlaceMax * 2} defaultValue={values?.placeEn ?? ""} {...props} />}
            </Field>
          ) : null}
          <Field name={`agenda${suffix}`} label={t("meetings.staff.agenda")} hint={t("meetings.staff.agendaHint", { max: meetingAgendaMax })} errors={errors}>
            {(props) => <textarea rows={5} required maxLength={meetingAgendaMax * 2} defaultValue={values?.[`agenda${suffix}`] ?? ""} {...props} />}
          </Field>
        </fieldset>
      ))}
    </>
  );
}

/** The minutes in three languages and how many panel members were present. */
export function MinutesFields({ errors }: { errors: Errors }) {
  const { t } = useTranslation("learning");
  return (
    <>
      {languages.map(([suffix, language]) => (
        <Field key={language} name={`text${suffix}`} label={t(`meetings.staff.minutesIn.${language}`)} hint={t("meetings.staff.minutesHint", { max: meetingMinutesMax })} errors={errors}>
          {(props) => <textarea rows={8} required maxLength={meetingMinutesMax * 2} {...props} />}
        </Field>
      ))}
      <Field name="attendees" label={t("meetings.staff.attendees")} errors={errors}>
        {(props) => <input type="number" min={0} max={500} required inputMode="numeric" {...props} />}
      </Field>
    </>
  );
}
