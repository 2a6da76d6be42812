import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { mailDir } from "../../env.server";
import { supportedLanguages } from "../../i18n/languages";

// Without SMTP_URL, mail is written to <data dir>/mail instead of being sent, one JSON file per message. This
// module reads them back for the development mailbox page and for browser tests that need a sign-in link.

/** `2025-01-02T04-04-05-006Z-0123456789abcdef`: sortable by time, safe as a file name on every OS. */
const capturedMailIdPattern = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-[0-9a-f]{16}$/;

export const capturedMailSchema = z.object({
  id: z.string().regex(capturedMailIdPattern),
  to: z.string(),
  from: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  template: z.string(),
  language: z.enum(supportedLanguages),
  createdAt: z.iso.datetime(),
  /** Attachments as sent (content base64), so a consent PDF mailed to a participant can be checked byte for byte. */
  attachments: z.array(z.object({ filename: z.string(), contentType: z.string(), contentBase64: z.string() })).default([]),
  /** The template's own headers as sent (the digest's List-Unsubscribe), when it has any. */
  headers: z.record(z.string(), z.string()).optional(),
});
export type CapturedMail = z.infer<typeof capturedMailSchema>;

export function newCapturedMailId(now: Date, randomHex: string): string {
  return `${now.toISOString().replace(/[:.]/g, "-")}-${randomHex}`;
}

export function isCapturedMailId(value: string): boolean {
  return capturedMailIdPattern.test(value);
}

const listOptionsSchema = z.object({
  to: z.string().trim().min(1).optional(),
  limit: z.number().int().positive().max(1000).default(50),
});

/** Newest first. `to` matches the recipient address case-insensitively. */
export async function listCapturedMail(options: z.input<typeof listOptionsSchema> = {}): Promise<CapturedMail[]> {
  const { to, limit } = listOptionsSchema.parse(options);
  const ids = (await readdirOrEmpty(mailDir()))
    .filter((name) => name.endsWith(".json"))
    .map((name) => name.slice(0, -".json".length))
    .filter(isCapturedMailId)
    .sort()
    .reverse();
  const wanted = to?.toLowerCase();
  const found: CapturedMail[] = [];
  // Read lazily: with a recipient filter only as many files as needed to fill the page are opened.
  for (const id of ids) {
    if (found.length >= limit) break;
    const mail = await readCapturedMail(id);
    if (mail && (wanted === undefined || mail.to.toLowerCase() === wanted)) found.push(mail);
  }
  return found;
}

/** One captured message, or null if the id is malformed, unknown or the file is not a captured message. */
export async function readCapturedMail(id: string): Promise<CapturedMail | null> {
  // The id arrives from a URL; only our own file-name shape is accepted, so "../" and absolute paths never reach
  // the file system. The containment check below is a second, independent guard.
  if (!isCapturedMailId(id)) return null;
  const directory = mailDir();
  const file = path.resolve(directory, `${id}.json`);
  if (path.dirname(file) !== path.resolve(directory)) return null;
  let raw: string;
  try {
    raw = await readFile(file, "utf8");
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = capturedMailSchema.safeParse(json);
  return parsed.success && parsed.data.id === id ? parsed.data : null;
}

async function readdirOrEmpty(directory: string): Promise<string[]> {
  try {
    return await readdir(directory);
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "ENOENT";
}
