import { Hr } from "@react-email/hr";
import { Section } from "@react-email/section";
import { Text } from "@react-email/text";
import { colors, paragraph } from "./styles";
import type { EmailContext } from "./types";

type EmailFooterProps = Pick<EmailContext, "t" | "appUrl"> & {
  /** Why this particular message was sent; each template supplies its own sentence. */
  reason: string;
};

export function EmailFooter({ t, appUrl, reason }: EmailFooterProps) {
  const style = { ...paragraph, color: colors.muted, margin: "0 0 12px" };
  return (
    <Section>
      <Hr style={{ borderColor: colors.border, margin: "32px 0 24px" }} />
      <Text style={style}>{reason}</Text>
      {/* Phishing mails imitate programme notices; saying what we never ask for gives people a simple rule. */}
      <Text style={style}>{t("common.noPasswords")}</Text>
      <Text style={style}>{t("common.noReply")}</Text>
      <Text style={style}>{t("common.contact", { appUrl })}</Text>
    </Section>
  );
}
