import { Text } from "@react-email/text";
import { z } from "zod";
import { EmailButton } from "../components/button";
import { EmailDetails } from "../components/details";
import { formatOccurredAt } from "../components/format-time";
import { EmailLayout } from "../components/layout";
import { paragraph } from "../components/styles";
import type { EmailContext } from "../components/types";
import { WrittenLink } from "../components/written-link";

const link = z.url({ protocol: /^https?$/ });

/**
 * A public session (issue 59 item 5; ADR 148): a place taken (with the calendar file attached), a place on the waiting
 * list, a place offered from it, the reminder a day before, or the session called off. Those with a place get the
 * online session's link; every kind but the last carries the registration's own page, where it can be given up.
 */
export const briefingNoticePropsSchema = z.object({
  kind: z.enum(["registered", "waitlisted", "promoted", "reminder", "cancelled"]),
  title: z.string().trim().min(1).max(120),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  format: z.enum(["online", "in_person"]),
  place: z.string().max(200).optional(),
  joinUrl: link.optional(),
  pageUrl: link,
  manageUrl: link.optional(),
});
export type BriefingNoticeProps = z.input<typeof briefingNoticePropsSchema>;

export function briefingNoticeSubject(t: EmailContext["t"], props: BriefingNoticeProps): string {
  return t(`briefingNotice.${props.kind}.subject`, { title: props.title });
}

export function BriefingNoticeEmail(props: BriefingNoticeProps & EmailContext) {
  const { t, language } = props;
  const key = `briefingNotice.${props.kind}`;
  return (
    <EmailLayout {...props} title={briefingNoticeSubject(t, props)} preview={t(`${key}.preview`, { title: props.title })} heading={t(`${key}.heading`)} reason={t("briefingNotice.reason")}>
      <Text style={paragraph}>{t(`${key}.body`, { title: props.title })}</Text>
      <EmailDetails
        rows={[
          { label: t("briefingNotice.what"), value: props.title },
          { label: t("briefingNotice.starts"), value: formatOccurredAt(new Date(props.startsAt), language, t) },
          { label: t("briefingNotice.ends"), value: formatOccurredAt(new Date(props.endsAt), language, t) },
          { label: t("briefingNotice.where"), value: props.format === "online" ? t("briefingNotice.online") : (props.place ?? "") },
        ]}
      />
      {props.joinUrl && props.kind !== "cancelled" ? (
        <>
          <Text style={paragraph}>{t("briefingNotice.join")}</Text>
          <WrittenLink url={props.joinUrl} />
        </>
      ) : null}
      {props.kind === "registered" || props.kind === "promoted" ? <Text style={paragraph}>{t("briefingNotice.calendar")}</Text> : null}
      {props.manageUrl && props.kind !== "cancelled" ? (
        <>
          <Text style={{ ...paragraph, margin: "8px 0 16px" }}>
            <EmailButton href={props.manageUrl}>{t("briefingNotice.manage")}</EmailButton>
          </Text>
          <WrittenLink url={props.manageUrl} />
        </>
      ) : (
        <WrittenLink url={props.pageUrl} />
      )}
    </EmailLayout>
  );
}
