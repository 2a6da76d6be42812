import { Text } from "@react-email/text";
import { z } from "zod";
import { EmailButton } from "../components/button";
import { EmailLayout } from "../components/layout";
import { paragraph } from "../components/styles";
import type { EmailContext } from "../components/types";
import { WrittenLink } from "../components/written-link";

/**
 * A patient outside the panel is invited to one co-review round of an explanatory document (issue 28 item 6; ADR
 * 064). The link is their access to that round alone, until it closes: no account, no password. The mail names the
 * document by its public title and says what happens to a comment (every one is answered; the name shown only if
 * they choose).
 */
export const reviewInvitationPropsSchema = z.object({
  name: z.string().trim().min(1).max(100),
  /** The draft's title in the invitee's language (a form title: at most 200 characters). */
  title: z.string().trim().min(1).max(200),
  // The invitation's own path: the button never points anywhere the sender did not build.
  url: z.url({ protocol: /^https?$/ }).regex(/\/review-invitation\/[a-z2-9]{32}$/),
});
export type ReviewInvitationProps = z.infer<typeof reviewInvitationPropsSchema>;

export function reviewInvitationSubject(t: EmailContext["t"], props: ReviewInvitationProps): string {
  return t("reviewInvitation.subject", { title: props.title });
}

export function ReviewInvitationEmail({ name, title, url, ...context }: ReviewInvitationProps & EmailContext) {
  const { t } = context;
  return (
    <EmailLayout
      {...context}
      title={reviewInvitationSubject(t, { name, title, url })}
      preview={t("reviewInvitation.preview", { title })}
      heading={t("reviewInvitation.heading")}
      reason={t("reviewInvitation.reason")}
    >
      <Text style={paragraph}>{t("consentNotice.greeting", { name })}</Text>
      <Text style={paragraph}>{t("reviewInvitation.intro", { title })}</Text>
      <Text style={paragraph}>{t("reviewInvitation.how")}</Text>
      <Text style={{ ...paragraph, margin: "8px 0 16px" }}>
        <EmailButton href={url}>{t("reviewInvitation.button")}</EmailButton>
      </Text>
      <WrittenLink url={url} />
      <Text style={paragraph}>{t("reviewInvitation.keep")}</Text>
    </EmailLayout>
  );
}
