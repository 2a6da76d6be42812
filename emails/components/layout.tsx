import { Body } from "@react-email/body";
import { Container } from "@react-email/container";
import { Head } from "@react-email/head";
import { Heading } from "@react-email/heading";
import { Html } from "@react-email/html";
import { Preview } from "@react-email/preview";
import { Section } from "@react-email/section";
import { Text } from "@react-email/text";
import type { ReactNode } from "react";
import { htmlLangOf } from "../../app/i18n/languages";
import { EmailFooter } from "./footer";
import { colors, fontFamily, paragraph } from "./styles";
import type { EmailContext } from "./types";

type EmailLayoutProps = EmailContext & {
  /** Used as the document title; the mail subject is set separately by the sender. */
  title: string;
  /** Inbox preview line; hidden in the body and skipped in the plain-text part. */
  preview: string;
  heading: string;
  reason: string;
  children: ReactNode;
};

export function EmailLayout({ language, t, appUrl, title, preview, heading, reason, children }: EmailLayoutProps) {
  return (
    <Html lang={htmlLangOf(language)} dir="ltr">
      <Head>
        <title>{title}</title>
        {/* Our colours are chosen for a light background; stop clients from inverting them unpredictably. */}
        <meta name="color-scheme" content="light" />
        <meta name="supported-color-schemes" content="light" />
      </Head>
      <Preview>{preview}</Preview>
      <Body style={{ backgroundColor: colors.page, fontFamily, margin: 0, padding: "24px 0" }}>
        <Container
          style={{
            backgroundColor: colors.panel,
            border: `1px solid ${colors.border}`,
            borderRadius: "8px",
            maxWidth: "600px",
            padding: "24px 28px",
          }}
        >
          <Section>
            <Text style={{ ...paragraph, fontSize: "18px", fontWeight: 700, color: colors.accent, margin: "0 0 8px" }}>
              Tsunagi / つなぎ
            </Text>
          </Section>
          <Heading as="h1" style={{ fontSize: "24px", lineHeight: "1.4", color: colors.text, margin: "8px 0 20px" }}>
            {heading}
          </Heading>
          {children}
          <EmailFooter t={t} appUrl={appUrl} reason={reason} />
        </Container>
      </Body>
    </Html>
  );
}
