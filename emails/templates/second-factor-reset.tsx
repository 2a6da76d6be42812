import { Text } from "@react-email/text";
import { z } from "zod";
import { EmailButton } from "../components/button";
import { EmailDetails } from "../components/details";
import { formatOccurredAt } from "../components/format-time";
import { EmailLayout } from "../components/layout";
import { paragraph } from "../components/styles";
import type { EmailContext } from "../components/types";

/** Two administrators reset this person's second factor (issue 15; ADR 042). */
export const secondFactorResetPropsSchema = z.object({
  occurredAt: z.date(),
  /** Staff must enrol a new authenticator at their next sign-in; others may. */
  secondFactorRequired: z.boolean(),
});
export type SecondFactorResetProps = z.infer<typeof secondFactorResetPropsSchema>;

// The strings are the admin namespace's (locales/<lang>/admin.json, "mail.secondFactorReset").
export function secondFactorResetSubject(t: EmailContext["t"]): string {
  return t("admin:mail.secondFactorReset.subject");
}

export function SecondFactorResetEmail({ occurredAt, secondFactorRequired, ...context }: SecondFactorResetProps & EmailContext) {
  const { t, language, appUrl } = context;
  return (
    <EmailLayout
      {...context}
      title={secondFactorResetSubject(t)}
      preview={t("admin:mail.secondFactorReset.preview")}
      heading={t("admin:mail.secondFactorReset.heading")}
      reason={t("admin:mail.secondFactorReset.reason")}
    >
      <Text style={paragraph}>{t("admin:mail.secondFactorReset.intro")}</Text>
      <EmailDetails rows={[{ label: t("common.whenLabel"), value: formatOccurredAt(occurredAt, language, t) }]} />
      <Text style={paragraph}>{t("admin:mail.secondFactorReset.removed")}</Text>
      <Text style={paragraph}>
        <strong>{secondFactorRequired ? t("admin:mail.secondFactorReset.enrolRequired") : t("admin:mail.secondFactorReset.enrolOptional")}</strong>
      </Text>
      <Text style={paragraph}>{t("admin:mail.secondFactorReset.notYou")}</Text>
      <Text style={{ ...paragraph, margin: "8px 0 8px" }}>
        <EmailButton href={`${appUrl}/sign-in`}>{t("admin:mail.secondFactorReset.button")}</EmailButton>
      </Text>
    </EmailLayout>
  );
}
