import { Text } from "@react-email/text";
import { z } from "zod";
import { EmailButton } from "../components/button";
import { EmailLayout } from "../components/layout";
import { paragraph } from "../components/styles";
import type { EmailContext } from "../components/types";
import { WrittenLink } from "../components/written-link";

/** An administrator made an account for this person (issue 15; ADR 042): the way in is a single-use link. */
export const accountCreatedPropsSchema = z.object({
  name: z.string().min(1).max(100),
  // Only web links: a javascript: or data: URL in a mail button would be an injection, not a sign-in.
  url: z.url({ protocol: /^https?$/ }),
  expiresInHours: z.number().int().positive(),
  /** Staff must enrol an authenticator app the first time they sign in. */
  secondFactorRequired: z.boolean(),
  /** Sent again by an administrator (ADR 042 amended): the links mailed before no longer work. */
  replacesEarlier: z.boolean().optional(),
});
export type AccountCreatedProps = z.infer<typeof accountCreatedPropsSchema>;

// The strings are the admin namespace's (locales/<lang>/admin.json, "mail.accountCreated").
export function accountCreatedSubject(t: EmailContext["t"]): string {
  return t("admin:mail.accountCreated.subject");
}

export function AccountCreatedEmail({ name, url, expiresInHours, secondFactorRequired, replacesEarlier = false, ...context }: AccountCreatedProps & EmailContext) {
  const { t } = context;
  const hours = expiresInHours;
  return (
    <EmailLayout
      {...context}
      title={accountCreatedSubject(t)}
      preview={t("admin:mail.accountCreated.preview", { hours })}
      heading={t("admin:mail.accountCreated.heading")}
      reason={t("admin:mail.accountCreated.reason")}
    >
      <Text style={paragraph}>{t("admin:mail.accountCreated.greeting", { name })}</Text>
      <Text style={paragraph}>{t("admin:mail.accountCreated.intro")}</Text>
      <Text style={{ ...paragraph, margin: "8px 0 24px" }}>
        <EmailButton href={url}>{t("admin:mail.accountCreated.button")}</EmailButton>
      </Text>
      <Text style={paragraph}>
        <strong>{t("admin:mail.accountCreated.expiry", { hours })}</strong>
      </Text>
      {replacesEarlier ? <Text style={paragraph}>{t("admin:mail.accountCreated.replacesEarlier")}</Text> : null}
      {secondFactorRequired ? <Text style={paragraph}>{t("admin:mail.accountCreated.secondFactor")}</Text> : null}
      <Text style={paragraph}>{t("admin:mail.accountCreated.password")}</Text>
      <Text style={paragraph}>{t("admin:mail.accountCreated.fallback")}</Text>
      <WrittenLink url={url} />
      <Text style={paragraph}>{t("admin:mail.accountCreated.doNotShare")}</Text>
      <Text style={paragraph}>{t("admin:mail.accountCreated.notExpected")}</Text>
    </EmailLayout>
  );
}
