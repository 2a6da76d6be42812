import { Text } from "@react-email/text";
import { z } from "zod";
import { EmailButton } from "../components/button";
import { EmailDetails } from "../components/details";
import { EmailLayout } from "../components/layout";
import { WrittenLink } from "../components/written-link";
import { paragraph } from "../components/styles";
import type { EmailContext } from "../components/types";
import { formatCalendarDay } from "../../app/i18n/calendar-day";
import { sentenceSubjectFor, subjectSentence, theReader, type SentenceSubject } from "../../app/i18n/sentence-subject";

/**
 * Every consent-related message shares one shape — heading, plain paragraphs, optional facts, one button — and
 * differs only in wording (locales/<lang>/email.json, `consentNotice.<kind>`). Messages never carry a choice,
 * a result or a diagnosis: mail can be read by others, so it says what happened and where to look.
 */
export const consentNoticeKinds = [
  "invitation",
  "invitation_code",
  "consent_recorded",
  "choices_changed",
  "reconsent_required",
  "reconsent_reminder",
  "withdrawal_recorded",
  "provision_stopped",
  "life_event_recorded",
  "life_event_relative",
  "question_answered",
  "majority_invitation",
  "care_team_result",
  "care_team_choice",
] as const;
export type ConsentNoticeKind = (typeof consentNoticeKinds)[number];

export const consentNoticePropsSchema = z.object({
  kind: z.enum(consentNoticeKinds),
  /** The addressee's name as registered, for the greeting. */
  name: z.string().min(1).max(200),
  /**
   * The participant's name when the addressee is their proxy (代諾者): the message is then about that person, by name,
   * not "your consent" (ADR 119). Absent for the participant's own address.
   */
  about: z.string().min(1).max(200).optional(),
  url: z.url({ protocol: /^https?$/ }).optional(),
  /** A one-time code (invitation_code) or an invitation's expiry, shown prominently. */
  code: z.string().max(40).optional(),
  details: z.array(z.object({ label: z.string(), value: z.string() })).max(12).default([]),
  /** A re-consent's deadline (ISO date, a day in Japan), shown prominently in the reader's language (ADR 120). */
  deadline: z.iso.date().optional(),
  /** Where anyone can check the signed receipt attached to this message (ADR 108); set when one is attached. */
  receiptCheckUrl: z.url({ protocol: /^https?$/ }).optional(),
});
export type ConsentNoticeProps = z.input<typeof consentNoticePropsSchema>;

const keys = {
  invitation: "consentNotice.invitation",
  invitation_code: "consentNotice.invitationCode",
  consent_recorded: "consentNotice.consentRecorded",
  choices_changed: "consentNotice.choicesChanged",
  reconsent_required: "consentNotice.reconsentRequired",
  reconsent_reminder: "consentNotice.reconsentReminder",
  withdrawal_recorded: "consentNotice.withdrawalRecorded",
  provision_stopped: "consentNotice.provisionStopped",
  life_event_recorded: "consentNotice.lifeEventRecorded",
  life_event_relative: "consentNotice.lifeEventRelative",
  question_answered: "consentNotice.questionAnswered",
  majority_invitation: "consentNotice.majorityInvitation",
  care_team_result: "consentNotice.careTeamResult",
  care_team_choice: "consentNotice.careTeamChoice",
} as const satisfies Record<ConsentNoticeKind, string>;

/**
 * The kinds a proxy receives about the person they act for (queueContactNotices, notifyReconsentRequired): each part
 * (subject, preview, heading, reason, body, button) has its `_person` variant. The others go to the participant only
 * (their invitation, their code, their majority) or are about the reader (their own question).
 */
export const consentNoticeKindsAboutAPerson = ["consent_recorded", "choices_changed", "reconsent_required", "reconsent_reminder", "withdrawal_recorded", "provision_stopped", "life_event_recorded", "life_event_relative", "care_team_result", "care_team_choice"] as const satisfies readonly ConsentNoticeKind[];

/** Whom the message is about: the addressee, or — to a proxy — the participant by name. */
function noticeSubject(props: Pick<ConsentNoticeProps, "kind" | "about">): SentenceSubject {
  if (!props.about || !(consentNoticeKindsAboutAPerson as readonly ConsentNoticeKind[]).includes(props.kind)) return theReader;
  return sentenceSubjectFor({ as: "proxy", name: props.about });
}

export function consentNoticeSubject(t: EmailContext["t"], props: Pick<ConsentNoticeProps, "kind" | "about">): string {
  return subjectSentence(t, `${keys[props.kind]}.subject`, noticeSubject(props));
}

export function ConsentNoticeEmail({ kind, name, about, url, code, deadline, details = [], receiptCheckUrl, ...context }: ConsentNoticeProps & EmailContext) {
  const { t } = context;
  const key = keys[kind];
  const subject = noticeSubject({ kind, about });
  const say = (part: string) => subjectSentence(t, `${key}.${part}`, subject);
  // Paragraphs are separated by a blank line in the locale files, which only hold strings.
  const paragraphs = say("body").split(/\n\s*\n/);
  return (
    <EmailLayout {...context} title={consentNoticeSubject(t, { kind, about })} preview={say("preview")} heading={say("heading")} reason={say("reason")}>
      <Text style={paragraph}>{t("consentNotice.greeting", { name })}</Text>
      {paragraphs.map((text) => (
        <Text key={text} style={paragraph}>
          {text}
        </Text>
      ))}
      {code ? (
        <Text style={{ ...paragraph, fontSize: "28px", letterSpacing: "4px", fontWeight: 700 }}>{code}</Text>
      ) : null}
      {deadline ? (
        <Text style={{ ...paragraph, fontWeight: 700 }}>{t("consentNotice.deadline", { date: formatCalendarDay(deadline, context.language) })}</Text>
      ) : null}
      {details.length > 0 ? <EmailDetails rows={details} /> : null}
      {receiptCheckUrl ? (
        <>
          <Text style={paragraph}>{t("consentNotice.receiptAttached")}</Text>
          <WrittenLink url={receiptCheckUrl} />
        </>
      ) : null}
      {url ? (
        <>
          <Text style={{ ...paragraph, margin: "8px 0 16px" }}>
            <EmailButton href={url}>{say("button")}</EmailButton>
          </Text>
          <WrittenLink url={url} />
        </>
      ) : null}
    </EmailLayout>
  );
}
