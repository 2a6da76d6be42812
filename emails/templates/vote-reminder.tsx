import { Text } from "@react-email/text";
import { z } from "zod";
import { EmailButton } from "../components/button";
import { EmailLayout } from "../components/layout";
import { paragraph } from "../components/styles";
import type { EmailContext } from "../components/types";

/**
 * A committee member's reminder that an open vote waits on them (ADR 040, amendment of 2026-12-02). It names the
 * application by its reference only and links to its page, where a member who has not declared a conflict yet must
 * declare before reading: nothing the applicant wrote — not even the title — travels in a mail.
 */
export const voteReminderPropsSchema = z.object({
  reference: z.string().regex(/^DA-\d{4}-\d{4,}$/),
  kind: z.enum(["first", "second"]),
  days: z.number().int().positive(),
  // The review page's own path: a mail button never points anywhere the sender did not build.
  reviewPath: z.string().regex(/^\/committee\/applications\/[0-9a-f-]{36}$/),
});
export type VoteReminderProps = z.infer<typeof voteReminderPropsSchema>;

export function voteReminderSubject(t: EmailContext["t"], props: VoteReminderProps): string {
  return t("voteReminder.subject", { reference: props.reference });
}

export function VoteReminderEmail({ reference, kind, days, reviewPath, ...context }: VoteReminderProps & EmailContext) {
  const { t, appUrl } = context;
  return (
    <EmailLayout
      {...context}
      title={voteReminderSubject(t, { reference, kind, days, reviewPath })}
      preview={t(`voteReminder.intro.${kind}`, { reference, days })}
      heading={t("voteReminder.heading")}
      reason={t("voteReminder.reason")}
    >
      <Text style={paragraph}>{t(`voteReminder.intro.${kind}`, { reference, days })}</Text>
      <Text style={paragraph}>{t("voteReminder.conflict")}</Text>
      <Text style={{ ...paragraph, margin: "8px 0 8px" }}>
        <EmailButton href={new URL(reviewPath, appUrl).toString()}>{t("voteReminder.open")}</EmailButton>
      </Text>
    </EmailLayout>
  );
}
