import { Text } from "@react-email/text";
import { z } from "zod";
import { EmailButton } from "../components/button";
import { EmailLayout } from "../components/layout";
import { WrittenLink } from "../components/written-link";
import { paragraph } from "../components/styles";
import type { EmailContext } from "../components/types";

export const signInLinkPropsSchema = z.object({
  // Only web links: a javascript: or data: URL in a mail button would be an injection, not a sign-in.
  url: z.url({ protocol: /^https?$/ }),
  expiresInMinutes: z.number().int().positive(),
  /** A welcome link sent again (ADR 042 amended): the links mailed before no longer work. */
  replacesEarlier: z.boolean().optional(),
});
export type SignInLinkProps = z.infer<typeof signInLinkPropsSchema>;

export function signInLinkSubject(t: EmailContext["t"]): string {
  return t("signInLink.subject");
}

export function SignInLinkEmail({ url, expiresInMinutes, replacesEarlier = false, ...context }: SignInLinkProps & EmailContext) {
  const { t } = context;
  const minutes = expiresInMinutes;
  return (
    <EmailLayout
      {...context}
      title={signInLinkSubject(t)}
      preview={t("signInLink.preview", { minutes })}
      heading={t("signInLink.heading")}
      reason={t("signInLink.reason")}
    >
      <Text style={paragraph}>{t("signInLink.intro")}</Text>
      <Text style={{ ...paragraph, margin: "8px 0 24px" }}>
        <EmailButton href={url}>{t("signInLink.button")}</EmailButton>
      </Text>
      <Text style={paragraph}>
        <strong>{t("signInLink.expiry", { minutes })}</strong>
      </Text>
      {replacesEarlier ? <Text style={paragraph}>{t("signInLink.replacesEarlier")}</Text> : null}
      <Text style={paragraph}>{t("signInLink.fallback")}</Text>
      <WrittenLink url={url} />
      <Text style={paragraph}>{t("signInLink.doNotShare")}</Text>
      <Text style={paragraph}>{t("signInLink.notRequested")}</Text>
    </EmailLayout>
  );
}
