// @vitest-environment node
import { mkdtemp, readdir, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { simpleParser, type AddressObject, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { listCapturedMail, readCapturedMail } from "../../app/domain/mail/list-captured-mail.server";
import { closeMailTransport, sendMail } from "../../app/domain/mail/send-mail.server";
import { resetEnvCache } from "../../app/env.server";

const from = "Tsunagi <no-reply@tsunagi.test>";
const signInUrl = "https://tsunagi.example.jp/auth/verify?token=Zm9vYmFy-1234";
const savedEnv = { ...process.env };

// Issue 10, defect 1: text that crosses the renderer's 2,048-byte buffers inside a multi-byte character came out
// with NUL bytes (pages) — the same class of bug is reported for streamed e-mail rendering (react-email PR 2466).
// Twelve long Japanese details, with 4-byte characters, make a mail of many such buffers.
const longJapaneseDetails = Array.from({ length: 12 }, (_, i) => ({
  label: `項目${i + 1}：${"二次的所見".repeat(1 + (i % 3))}`,
  value: `${"全ゲノム解析の結果を、希望された方にだけお返しします。🧬𠮷".repeat(6 + i)}${"。".repeat(i)}`,
}));

function expectCleanText(text: string, where: string): void {
  expect(text.includes("\0"), `${where}: a NUL character`).toBe(false);
  expect(text.includes("\uFFFD"), `${where}: a replacement character (a split UTF-8 sequence)`).toBe(false);
}

function setEnv(values: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetEnvCache();
}

afterAll(() => {
  process.env = savedEnv;
  resetEnvCache();
});

describe("sendMail over SMTP", () => {
  const received: Buffer[] = [];
  let server: SMTPServer;

  beforeAll(async () => {
    // A real SMTP server on loopback: no auth, no TLS, accepts everything and keeps the raw message.
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["AUTH", "STARTTLS"],
      logger: false,
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          received.push(Buffer.concat(chunks));
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    const { port } = server.server.address() as AddressInfo;
    setEnv({ SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: from });
  });

  afterAll(async () => {
    closeMailTransport();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    received.length = 0;
  });

  async function sendAndParse(language: "ja" | "en", to: string): Promise<ParsedMail> {
    const id = await sendMail({ to, language, template: "sign-in-link", props: { url: signInUrl, expiresInMinutes: 15 } });
    expect(id).toBeTruthy();
    expect(received).toHaveLength(1);
    return simpleParser(received[0]!);
  }

  const addressesOf = (field: AddressObject | AddressObject[] | undefined) =>
    [field ?? []].flat().flatMap((entry) => entry.value.map((mailbox) => mailbox.address));

  it("delivers a Japanese sign-in email with text and html parts", async () => {
    const mail = await sendAndParse("ja", "hanako@example.jp");
    expect(addressesOf(mail.to)).toEqual(["hanako@example.jp"]);
    expect(mail.from?.value[0]?.address).toBe("no-reply@tsunagi.test");
    expect(mail.subject).toBe("【Tsunagi】サインイン用リンクのお知らせ");
    expect(mail.text).toContain(signInUrl);
    expect(mail.text).toContain("15分");
    expect(mail.html).toBeTypeOf("string");
    expect(mail.html).toContain(`href="${signInUrl}"`);
    expect(mail.html).toMatch(/<html[^>]*lang="ja"/);
    expect(mail.headers.get("content-language")).toBe("ja");
  });

  it("delivers a long Japanese mail intact in both parts, every character as it was written", async () => {
    const id = await sendMail({
      to: "hanako@example.jp",
      language: "ja",
      template: "consent-notice",
      props: { kind: "invitation", name: "山田 花子", url: signInUrl, details: longJapaneseDetails },
    });
    expect(id).toBeTruthy();
    const raw = received[0]!;
    expect(raw.length).toBeGreaterThan(20 * 2048);
    const mail = await simpleParser(raw);
    expectCleanText(mail.text ?? "", "text part");
    expectCleanText(String(mail.html), "html part");
    for (const detail of longJapaneseDetails) {
      expect(mail.text).toContain(detail.value);
      expect(String(mail.html)).toContain(detail.value);
    }
  });

  it("delivers an English sign-in email with text and html parts", async () => {
    const mail = await sendAndParse("en", "taro@example.com");
    expect(addressesOf(mail.to)).toEqual(["taro@example.com"]);
    expect(mail.from?.text).toContain("no-reply@tsunagi.test");
    expect(mail.subject).toBe("Your Tsunagi sign-in link");
    expect(mail.text).toContain(signInUrl);
    expect(mail.text).toContain("15 minutes");
    expect(mail.html).toContain(`href="${signInUrl}"`);
    expect(mail.html).toMatch(/<html[^>]*lang="en"/);
  });
});

describe("sendMail without SMTP (captured mail)", () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "tsunagi-mail-"));
    setEnv({ SMTP_URL: undefined, TSUNAGI_DATA_DIR: dataDir, MAIL_FROM: from });
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("writes one file per message that the mailbox helpers read back", async () => {
    const first = await sendMail({
      to: "hanako@example.jp",
      language: "ja",
      template: "sign-in-link",
      props: { url: signInUrl, expiresInMinutes: 15 },
    });
    const second = await sendMail({
      to: "taro@example.com",
      language: "en",
      template: "new-device-sign-in",
      props: { occurredAt: new Date(), userAgent: null, ipAddress: "198.51.100.4" },
    });

    expect((await readdir(path.join(dataDir, "mail"))).sort()).toEqual([`${first}.json`, `${second}.json`].sort());

    const all = await listCapturedMail();
    expect(all.map((mail) => mail.id)).toEqual([second, first]);

    const forHanako = await listCapturedMail({ to: "HANAKO@example.jp" });
    expect(forHanako).toHaveLength(1);
    const mail = forHanako[0]!;
    expect(mail).toMatchObject({
      id: first,
      to: "hanako@example.jp",
      from,
      subject: "【Tsunagi】サインイン用リンクのお知らせ",
      template: "sign-in-link",
      language: "ja",
    });
    expect(mail.text).toContain(signInUrl);
    expect(mail.html).toContain(`href="${signInUrl}"`);
    expect(await readCapturedMail(first)).toEqual(mail);
    expect(await listCapturedMail({ limit: 1 })).toHaveLength(1);
  });

  it("keeps a long Japanese mail intact in the captured file the mailbox reads", async () => {
    const id = await sendMail({
      to: "hanako@example.jp",
      language: "ja-easy",
      template: "consent-notice",
      props: { kind: "invitation", name: "やまだ はなこ", url: signInUrl, details: longJapaneseDetails },
    });
    const mail = (await readCapturedMail(id))!;
    expectCleanText(mail.text, "text part");
    expectCleanText(mail.html, "html part");
    for (const detail of longJapaneseDetails) {
      expect(mail.text).toContain(detail.value);
      expect(mail.html).toContain(detail.value);
    }
  });

  it("refuses ids that could escape the mail directory", async () => {
    const id = await sendMail({
      to: "hanako@example.jp",
      language: "ja",
      template: "sign-in-link",
      props: { url: signInUrl, expiresInMinutes: 15 },
    });
    for (const hostile of ["../mail/" + id, `${id}/../${id}`, "/etc/passwd", "..", "", `${id}.json`, "%2e%2e%2fsecret"]) {
      expect(await readCapturedMail(hostile)).toBeNull();
    }
    expect(await readCapturedMail("2000-01-01T00-00-00-000Z-0000000000000000")).toBeNull();
  });

  it("returns an empty list before any mail was captured", async () => {
    expect(await listCapturedMail()).toEqual([]);
  });
});
