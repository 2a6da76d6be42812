import { randomBytes } from "node:crypto";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { createTransport, type Transporter } from "nodemailer";
import { z } from "zod";
import { renderEmail, type EmailPropsMap, type EmailTemplateName } from "../../../emails/render.server";
import { getEnv, mailDir } from "../../env.server";
import { htmlLangOf, supportedLanguages, type SupportedLanguage } from "../../i18n/languages";
import { newCapturedMailId, type CapturedMail } from "./list-captured-mail.server";
import { serviceLogger } from "@tsunagi/service-kit/logger";

const log = serviceLogger("app");

export type SendMailInput<T extends EmailTemplateName> = {
  to: string;
  language: SupportedLanguage;
  template: T;
  props: EmailPropsMap[T];
  attachments?: MailAttachment[];
};

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

const envelopeSchema = z.object({
  to: z.email(),
  language: z.enum(supportedLanguages),
});

/**
 * Renders a template in the recipient's language and delivers it: over SMTP when SMTP_URL is set, otherwise into
 * the captured-mail directory (see list-captured-mail.server.ts). Returns the message id (SMTP Message-ID, or the
 * captured file's id).
 */
export async function sendMail<T extends EmailTemplateName>(input: SendMailInput<T>): Promise<string> {
  const { to, language } = envelopeSchema.parse(input);
  const env = getEnv();
  const { subject, html, text, headers } = await renderEmail(input.template, input.props, { language });

  if (env.SMTP_URL) {
    const info = await transportFor(env.SMTP_URL).sendMail({
      from: env.MAIL_FROM,
      to,
      subject,
      text,
      html,
      attachments: input.attachments?.map((file) => ({ filename: file.filename, contentType: file.contentType, content: Buffer.from(file.content) })),
      headers: {
        ...headers,
        "Content-Language": htmlLangOf(language),
        // RFC 3834: tells mail servers this is automatic, so out-of-office replies are not sent back to us.
        "Auto-Submitted": "auto-generated",
      },
    });
    return info.messageId;
  }

  if (env.NODE_ENV === "production") warnOnceAboutCapture();
  const now = new Date();
  const mail: CapturedMail = {
    id: newCapturedMailId(now, randomBytes(8).toString("hex")),
    to,
    from: env.MAIL_FROM,
    subject,
    text,
    html,
    template: input.template,
    language,
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    createdAt: now.toISOString(),
    attachments: (input.attachments ?? []).map((file) => ({ filename: file.filename, contentType: file.contentType, contentBase64: Buffer.from(file.content).toString("base64") })),
  };
  const directory = mailDir(env);
  await mkdir(directory, { recursive: true });
  const file = path.join(directory, `${mail.id}.json`);
  // Write then rename, so a mailbox page or a browser test polling the directory never reads half a file.
  await writeFile(`${file}.tmp`, `${JSON.stringify(mail, null, 2)}\n`, { encoding: "utf8", mode: 0o600 });
  await rename(`${file}.tmp`, file);
  return mail.id;
}

// One transport for the process. Keyed by URL so tests that point SMTP_URL at a fresh server get a new one.
let cached: { url: string; transport: Transporter } | undefined;

function transportFor(url: string): Transporter {
  if (cached?.url !== url) {
    cached?.transport.close();
    cached = { url, transport: createTransport(url) };
  }
  return cached.transport;
}

/** Closes the cached SMTP transport (graceful shutdown, end of a test file). */
export function closeMailTransport(): void {
  cached?.transport.close();
  cached = undefined;
}

let warned = false;

function warnOnceAboutCapture(): void {
  if (warned) return;
  warned = true;
  // Not fatal: production-mode browser tests rely on captured mail. A real deployment must set SMTP_URL, or
  // participants never receive their sign-in links.
  log.warn({ mailDir: mailDir() }, "SMTP_URL is not set: mail is being written to mailDir instead of being sent");
}
