import { Text } from "@react-email/text";
import { z } from "zod";
import { EmailButton } from "../components/button";
import { EmailLayout } from "../components/layout";
import { WrittenLink } from "../components/written-link";
import { paragraph } from "../components/styles";
import type { EmailContext } from "../components/types";

/**
 * A recontact campaign's message (issue 13 item 5, ADR 035): the programme's words, written by ELSI staff in the
 * participant's language, then the participant's own single-use answer link. The subject and heading are the
 * programme's, never the campaign's topic: mail can be read by others.
 */
export const recontactMessagePropsSchema = z.object({
  name: z.string().min(1).max(200),
  /** The campaign's message in the recipient's language (plain text; paragraphs apart by a blank line). */
  message: z.string().min(1).max(5000),
  url: z.url({ protocol: /^https?$/ }),
});
export type RecontactMessageProps = z.input<typeof recontactMessagePropsSchema>;

export function recontactMessageSubject(t: EmailContext["t"]): string {
  return t("recontactMessage.subject");
}

export function RecontactMessageEmail({ name, message, url, ...context }: RecontactMessageProps & EmailContext) {
  const { t } = context;
  return (
    <EmailLayout {...context} title={recontactMessageSubject(t)} preview={t("recontactMessage.preview")} heading={t("recontactMessage.heading")} reason={t("recontactMessage.reason")}>
      <Text style={paragraph}>{t("consentNotice.greeting", { name })}</Text>
      {message.split(/\n\s*\n/).map((text, index) => (
        <Text key={index} style={{ ...paragraph, whiteSpace: "pre-line" }}>
          {text}
        </Text>
      ))}
      <Text style={paragraph}>{t("recontactMessage.answer")}</Text>
      <Text style={{ ...paragraph, margin: "8px 0 16px" }}>
        <EmailButton href={url}>{t("recontactMessage.button")}</EmailButton>
      </Text>
      <WrittenLink url={url} />
    </EmailLayout>
  );
}
