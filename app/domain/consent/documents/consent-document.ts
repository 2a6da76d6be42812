/** Everything printed on a consent record's PDF, already in the reader's language. */
export interface ConsentDocumentInput {
  language: "ja" | "ja-easy" | "en";
  programmeTitle: string;
  /** The signer's typed name (or the participant's name for unsigned records such as a change of choices). */
  printedName: string;
  /** When a proxy signs: the participant they sign for, and how they are related. */
  signedFor?: { printedName: string; relationship: string };
  /** ISO instant, e.g. 2026-11-21T03:04:05.123Z. */
  signedAtUtc: string;
  eventType: string;
  method: string;
  witnessName?: string;
  formVersion: string;
  formVersionHash: string;
  choices: { title: string; value: string }[];
  signatureStatement: string;
  eventHash: string;
  verificationCode: string;
  verificationUrl: string;
  labels: Record<
    "heading" | "name" | "signedFor" | "dateTime" | "jst" | "utc" | "method" | "witness" | "formVersion" | "formHash" | "choices" | "statement" | "eventHash" | "verificationCode" | "verifyAt" | "footer",
    string
  >;
}

const jstParts = (instant: Date) =>
  Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Tokyo", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );

const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2026年11月21日 12:04:05 JST" or "21 Nov 2026 12:04:05 JST": Japan time, which is what the participant lived. */
export function formatJst(isoInstant: string, language: ConsentDocumentInput["language"]): string {
  const parts = jstParts(new Date(isoInstant));
  const time = `${parts.hour}:${parts.minute}:${parts.second} JST`;
  if (language === "en") return `${Number(parts.day)} ${months[Number(parts.month) - 1]} ${parts.year} ${time}`;
  return `${parts.year}年${Number(parts.month)}月${Number(parts.day)}日 ${time}`;
}

/** "2026-11-21T03:04:05Z": the instant as recorded, without milliseconds. */
export function formatUtc(isoInstant: string): string {
  return `${new Date(isoInstant).toISOString().slice(0, 19)}Z`;
}
