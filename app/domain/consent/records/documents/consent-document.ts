/** Everything printed on a consent record's PDF, already in the reader's language. */
export interface ConsentDocumentInput {
  language: "ja" | "ja-easy" | "en";
  programmeTitle: string;
  /** The participant the record is about. */
  participantName: string;
  /** The reading of their name they registered (ふりがな), for a やさしい日本語 copy's furigana (ADR 123). */
  participantNameReading?: string;
  /** The typed name of whoever signed (the participant or their proxy); absent for unsigned records (a change). */
  signerName?: string;
  /** In what capacity the record was made, worded: the participant, a proxy and their relationship, staff, … */
  capacity: string;
  /** ISO instant, e.g. 2026-11-21T03:04:05.123Z. */
  signedAtUtc: string;
  eventType: string;
  method: string;
  witnessName?: string;
  /** A paper consent: the day on the paper and the scan kept, worded. */
  paperNote?: string;
  formVersion: string;
  formVersionHash: string;
  choices: { title: string; value: string }[];
  signatureStatement: string;
  eventHash: string;
  verificationCode: string;
  verificationUrl: string;
  labels: Record<ConsentDocumentLabel, string>;
}

/** The labels the PDF prints, each a key of locales/<lang>/documents.json. */
export const consentDocumentLabels = [
  "heading",
  "name",
  "eventType",
  "choices",
  "statement",
  "certificate",
  "signer",
  "capacity",
  "method",
  "witness",
  "paper",
  "dateTime",
  "jst",
  "formVersion",
  "formHash",
  "eventHash",
  "verificationCode",
  "verifyAt",
  "footer",
] as const;
export type ConsentDocumentLabel = (typeof consentDocumentLabels)[number];

const jstParts = (instant: Date) =>
  Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Tokyo", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );

const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * "2026年11月21日 12:04:05（日本時間）" or "21 Nov 2026 12:04:05 (Japan time)": Japan time only, which is what the
 * participant lived (issue 11: a second clock in UTC beside it made people ask which was theirs). `zone` is the
 * document language's name for Japan time.
 */
export function formatJst(isoInstant: string, language: ConsentDocumentInput["language"], zone: string): string {
  const parts = jstParts(new Date(isoInstant));
  const time = `${parts.hour}:${parts.minute}:${parts.second}`;
  if (language === "en") return `${Number(parts.day)} ${months[Number(parts.month) - 1]} ${parts.year} ${time} (${zone})`;
  return `${parts.year}年${Number(parts.month)}月${Number(parts.day)}日 ${time}（${zone}）`;
}
