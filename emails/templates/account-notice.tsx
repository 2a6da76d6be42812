import { Text } from "@react-email/text";
import { z } from "zod";
import { EmailButton } from "../components/button";
import { EmailDetails } from "../components/details";
import { formatOccurredAt } from "../components/format-time";
import { EmailLayout } from "../components/layout";
import { WrittenLink } from "../components/written-link";
import { paragraph } from "../components/styles";
import type { EmailContext } from "../components/types";
import { formatCalendarDay } from "../../app/i18n/calendar-day";

/**
 * What the account's holder is told about proving who they are and about their contact details (issue 58 item 5,
 * ADR 141): a code to prove again, a link that confirms a new address (sent to the new address), and the notice that
 * an address or telephone number changed (sent to the old address). Never the code's purpose in detail, never the
 * new address in full: mail can be read by others.
 */
export const accountNoticeKinds = ["proof_code", "confirm_new_address", "contact_changed", "request_received", "request_answered", "enquiry_received", "enquiry_answered", "decision_follow_confirm", "consent_survey", "panel_claim_decided", "panel_claim_paid"] as const;
export type AccountNoticeKind = (typeof accountNoticeKinds)[number];

const panelClaimKinds = ["honorarium_meeting", "honorarium_review", "travel", "care_cover", "other"] as const;

export const accountNoticePropsSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("proof_code"), code: z.string().regex(/^\d{6}$/), minutes: z.number().int().positive() }),
  z.object({ kind: z.literal("confirm_new_address"), url: z.url({ protocol: /^https?$/ }), minutes: z.number().int().positive() }),
  z.object({ kind: z.literal("contact_changed"), field: z.enum(["email", "phone"]), occurredAt: z.union([z.date(), z.iso.datetime()]).transform((value) => new Date(value)) }),
  // A request about one's data (ADR 142): its receipt (reference, what was asked, the day it is due) and its answer,
  // which the mail does not carry — it says where to read it.
  z.object({ kind: z.literal("request_received"), reference: z.string().regex(/^RQ-[A-Z0-9]{8}$/), requestKind: z.enum(["deletion", "correction", "stop_use"]), dueAt: z.iso.datetime() }),
  z.object({ kind: z.literal("request_answered"), reference: z.string().regex(/^RQ-[A-Z0-9]{8}$/) }),
  // A question to the 相談窓口 (ADR 145), from someone who may have no account: its receipt carries the private link (sent
  // at once, never queued); the notice of its answer carries the reference only and says to open that link.
  z.object({ kind: z.literal("enquiry_received"), reference: z.string().regex(/^EQ-[A-Z0-9]{8}$/), dueAt: z.iso.datetime(), url: z.url({ protocol: /^https?$/ }) }),
  z.object({ kind: z.literal("enquiry_answered"), reference: z.string().regex(/^EQ-[A-Z0-9]{8}$/) }),
  // Following a decision by mail (ADR 147): the double opt-in's link, sent at once (it holds the secret), never queued.
  z.object({ kind: z.literal("decision_follow_confirm"), url: z.url({ protocol: /^https?$/ }) }),
  // How consent felt (ADR 149): the invitation, with the survey's page (the participant signs in to answer).
  z.object({ kind: z.literal("consent_survey"), url: z.url({ protocol: /^https?$/ }) }),
  // A panel member's claim (ADR 152; its kinds as app/domain/panel-claims names them): decided (with the day it will be paid by, if approved) and paid. Its kind and
  // amount, never the reason or the payment's reference: the member reads those on /panel/claims.
  z.object({
    kind: z.literal("panel_claim_decided"),
    claimKind: z.enum(panelClaimKinds),
    amountYen: z.number().int().positive(),
    outcome: z.enum(["approved", "rejected"]),
    payBy: z.iso.datetime().optional(),
  }),
  z.object({ kind: z.literal("panel_claim_paid"), claimKind: z.enum(panelClaimKinds), amountYen: z.number().int().positive(), paidAt: z.iso.datetime() }),
]);
export type AccountNoticeProps = z.input<typeof accountNoticePropsSchema>;

const keys = {
  proof_code: "accountNotice.proofCode",
  confirm_new_address: "accountNotice.confirmNewAddress",
  contact_changed: "accountNotice.contactChanged",
  request_received: "accountNotice.requestReceived",
  request_answered: "accountNotice.requestAnswered",
  enquiry_received: "accountNotice.enquiryReceived",
  enquiry_answered: "accountNotice.enquiryAnswered",
  decision_follow_confirm: "accountNotice.decisionFollowConfirm",
  consent_survey: "accountNotice.consentSurvey",
  panel_claim_decided: "accountNotice.panelClaimDecided",
  panel_claim_paid: "accountNotice.panelClaimPaid",
} as const satisfies Record<AccountNoticeKind, string>;

/** Where a notice's subject, preview, heading and body are: a claim's decision has its words per outcome. */
function wordsKey(props: AccountNoticeProps): string {
  return props.kind === "panel_claim_decided" ? `${keys[props.kind]}.${props.outcome}` : keys[props.kind];
}

export function accountNoticeSubject(t: EmailContext["t"], props: AccountNoticeProps): string {
  return t(`${wordsKey(props)}.subject`);
}

/** "10,000円" / "¥10,000": whole yen with the reader's separators. */
const yenFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
/** The calendar day in Japan of an instant, as the member's page shows a deadline. */
const dayInJapan = (instant: string) => new Date(Date.parse(instant) + 9 * 3_600_000).toISOString().slice(0, 10);

export function AccountNoticeEmail(props: AccountNoticeProps & EmailContext) {
  const { t, language } = props;
  const key = keys[props.kind];
  const minutes = "minutes" in props ? props.minutes : undefined;
  const words = wordsKey(props);
  const paragraphs = t(`${words}.body`, { minutes }).split(/\n\s*\n/);
  return (
    <EmailLayout {...props} title={accountNoticeSubject(t, props)} preview={t(`${words}.preview`, { minutes })} heading={t(`${words}.heading`)} reason={t(`${key}.reason`)}>
      {paragraphs.map((text) => (
        <Text key={text} style={paragraph}>
          {text}
        </Text>
      ))}
      {props.kind === "proof_code" ? <Text style={{ ...paragraph, fontSize: "28px", letterSpacing: "4px", fontWeight: 700 }}>{props.code}</Text> : null}
      {props.kind === "contact_changed" ? (
        <EmailDetails
          rows={[
            { label: t("accountNotice.contactChanged.whatLabel"), value: t(props.field === "email" ? "accountNotice.contactChanged.email" : "accountNotice.contactChanged.phone") },
            { label: t("common.whenLabel"), value: formatOccurredAt(new Date(props.occurredAt), language, t) },
          ]}
        />
      ) : null}
      {props.kind === "request_received" || props.kind === "request_answered" ? (
        <EmailDetails
          rows={[
            { label: t("accountNotice.requestReceived.referenceLabel"), value: props.reference },
            ...(props.kind === "request_received"
              ? [
                  { label: t("accountNotice.requestReceived.kindLabel"), value: t(`accountNotice.requestReceived.kinds.${props.requestKind}`) },
                  { label: t("accountNotice.requestReceived.dueLabel"), value: formatOccurredAt(new Date(props.dueAt), language, t) },
                ]
              : []),
          ]}
        />
      ) : null}
      {props.kind === "request_received" || props.kind === "request_answered" ? (
        <Text style={{ ...paragraph, margin: "8px 0 8px" }}>
          <EmailButton href={`${props.appUrl}/requests`}>{t(`${key}.button`)}</EmailButton>
        </Text>
      ) : null}
      {props.kind === "enquiry_received" || props.kind === "enquiry_answered" ? (
        <EmailDetails
          rows={[
            { label: t("accountNotice.requestReceived.referenceLabel"), value: props.reference },
            ...(props.kind === "enquiry_received" ? [{ label: t("accountNotice.requestReceived.dueLabel"), value: formatOccurredAt(new Date(props.dueAt), language, t) }] : []),
          ]}
        />
      ) : null}
      {props.kind === "enquiry_received" ? (
        <>
          <Text style={{ ...paragraph, margin: "8px 0 16px" }}>
            <EmailButton href={props.url}>{t("accountNotice.enquiryReceived.button")}</EmailButton>
          </Text>
          <WrittenLink url={props.url} />
        </>
      ) : null}
      {props.kind === "decision_follow_confirm" ? (
        <>
          <Text style={{ ...paragraph, margin: "8px 0 16px" }}>
            <EmailButton href={props.url}>{t("accountNotice.decisionFollowConfirm.button")}</EmailButton>
          </Text>
          <WrittenLink url={props.url} />
        </>
      ) : null}
      {props.kind === "consent_survey" ? (
        <>
          <Text style={{ ...paragraph, margin: "8px 0 16px" }}>
            <EmailButton href={props.url}>{t("accountNotice.consentSurvey.button")}</EmailButton>
          </Text>
          <WrittenLink url={props.url} />
        </>
      ) : null}
      {props.kind === "panel_claim_decided" || props.kind === "panel_claim_paid" ? (
        <>
          <EmailDetails
            rows={[
              { label: t("accountNotice.panelClaimDecided.kindLabel"), value: t(`accountNotice.panelClaimDecided.kinds.${props.claimKind}`) },
              { label: t("accountNotice.panelClaimDecided.amountLabel"), value: t("accountNotice.panelClaimDecided.amount", { amount: yenFormat.format(props.amountYen) }) },
              ...(props.kind === "panel_claim_decided" && props.payBy ? [{ label: t("accountNotice.panelClaimDecided.payByLabel"), value: formatCalendarDay(dayInJapan(props.payBy), language) }] : []),
              ...(props.kind === "panel_claim_paid" ? [{ label: t("accountNotice.panelClaimPaid.paidLabel"), value: formatOccurredAt(new Date(props.paidAt), language, t) }] : []),
            ]}
          />
          <Text style={{ ...paragraph, margin: "8px 0 8px" }}>
            <EmailButton href={`${props.appUrl}/panel/claims`}>{t("accountNotice.panelClaimDecided.button")}</EmailButton>
          </Text>
        </>
      ) : null}
      {props.kind === "confirm_new_address" ? (
        <>
          <Text style={{ ...paragraph, margin: "8px 0 16px" }}>
            <EmailButton href={props.url}>{t("accountNotice.confirmNewAddress.button")}</EmailButton>
          </Text>
          <WrittenLink url={props.url} />
        </>
      ) : null}
      <Text style={paragraph}>
        <strong>{t(`${key}.notYou`)}</strong>
      </Text>
    </EmailLayout>
  );
}
