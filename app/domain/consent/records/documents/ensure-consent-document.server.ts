import { japanDate } from "../../../time";
import { createHash } from "node:crypto";
import type { Database } from "../../../../db.server";
import { getEnv } from "../../../../env.server";
import { translator } from "../../../../i18n/i18n";
import { fromStoredLanguage, type SupportedLanguage } from "../../../../i18n/languages";
import { offeredChoices, type FormContent } from "@tsunagi/consent-rules/form-content";
import { loadFormVersion } from "../../forms/index.server";
import { isConsentVersionEvent, type LedgerEventRecord } from "@tsunagi/consent-rules/ledger-event";
import { recordFromRow } from "../../ledger/index";
import { consentDocumentLabels, type ConsentDocumentInput } from "./consent-document";
import { renderConsentPdf } from "./render-consent-pdf.server";

export interface StoredConsentDocument {
  eventId: string;
  pdf: Uint8Array;
  sha256: string;
  fileName: string;
}

function documentLanguage(event: LedgerEventRecord, fallback: SupportedLanguage): SupportedLanguage {
  const language = event.signature?.language ?? event.detail.language;
  return language === "ja" || language === "ja-easy" || language === "en" ? language : fallback;
}

export function consentDocumentFileName(event: Pick<LedgerEventRecord, "occurredAt" | "verificationCode">): string {
  return `tsunagi-consent-${japanDate(event.occurredAt)}-${event.verificationCode}.pdf`;
}

/**
 * In what capacity the record was made, as a signing certificate says it: the participant themself, a proxy (代諾者)
 * and how they are related to whom, staff recording what the participant asked for, or the system.
 */
function capacityOf(event: LedgerEventRecord, t: ReturnType<typeof translator>, participant: string): string {
  if (event.signature?.onBehalfAs) return t("capacities.proxy", { relationship: t(`relationships.${event.signature.onBehalfAs}`), participant });
  if (event.signature) return t(event.type === "assent" ? "capacities.assent" : "capacities.self");
  if (event.method === "system" || event.actorRole === "system") return t("capacities.system");
  if (event.actorRole === "participant") return t("capacities.self");
  if (event.actorRole === "proxy") return t("capacities.proxyUnsigned", { participant });
  return t("capacities.staff");
}

/** Everything the PDF shows, in the document's language, from the ledger event and the form version it rests on. */
export function consentDocumentInput(event: LedgerEventRecord, content: FormContent, language: SupportedLanguage, names: { participant: string; participantReading?: string | null }): ConsentDocumentInput {
  const t = translator(language, "documents");
  const text = content.languages[language];
  const typeLabel = t(`eventTypes.${event.type}`);
  const eventType = event.withdrawalLevel ? `${typeLabel} — ${t(`withdrawalLevels.${event.withdrawalLevel}`)}` : typeLabel;
  const statement = event.signature?.statement ?? (event.type === "withdrawn" ? t("withdrawalStatement") : t("changeStatement"));
  const signer = event.signature;
  const paperSignedOn = typeof event.detail.paperSignedOn === "string" ? event.detail.paperSignedOn : undefined;
  const scanSha256 = typeof event.detail.scanSha256 === "string" ? event.detail.scanSha256 : undefined;
  return {
    language,
    programmeTitle: text.title,
    participantName: names.participant || (signer && !signer.onBehalfAs ? signer.printedName : ""),
    ...(names.participantReading ? { participantNameReading: names.participantReading } : {}),
    ...(signer ? { signerName: signer.printedName } : {}),
    capacity: capacityOf(event, t, names.participant),
    signedAtUtc: signer?.signedAt ?? event.occurredAt,
    eventType,
    method: t(`methods.${event.method}`),
    ...(signer?.witnessName ? { witnessName: signer.witnessName } : {}),
    ...(paperSignedOn ? { paperNote: t("paperNote", { date: paperSignedOn, sha256: scanSha256 ?? "" }) } : {}),
    formVersion: content.version,
    formVersionHash: event.formVersionHash ?? "",
    choices: offeredChoices(content)
      .filter((id) => event.choices[id] !== undefined)
      .map((id) => ({ title: text.choices[id]?.title ?? id, value: text.choices[id]?.options[event.choices[id]!] ?? event.choices[id]! })),
    signatureStatement: statement,
    eventHash: event.hash,
    verificationCode: event.verificationCode,
    verificationUrl: new URL(`/verify?code=${event.verificationCode}`, getEnv().APP_URL).toString(),
    labels: Object.fromEntries(consentDocumentLabels.map((key) => [key, t(`labels.${key}`)])) as ConsentDocumentInput["labels"],
  };
}

/**
 * The stored PDF copy of an event, created the first time it is asked for. Stored rows are never rewritten
 * (the table is insert-only), so the copy a participant downloaded years ago is byte for byte the one served now.
 */
export async function ensureConsentDocument(eventId: string, db: Database): Promise<StoredConsentDocument | null> {
  const [existing, row] = await Promise.all([db.consentDocument.findUnique({ where: { eventId } }), db.consentEvent.findUnique({ where: { id: eventId } })]);
  if (!row) return null;
  const event = recordFromRow(row);
  const fileName = consentDocumentFileName(event);
  if (existing) return { eventId, pdf: existing.pdf, sha256: existing.sha256, fileName };
  // A sample registered later is no record of consent: it has no copy of its own.
  if (!event.formVersionId || !isConsentVersionEvent(event.type)) return null;
  const [version, identity] = await Promise.all([
    loadFormVersion(event.formVersionId, db),
    db.participantIdentity.findUnique({ where: { participantId: event.participantId }, select: { fullName: true, fullNameKana: true, erasedAt: true, preferredLanguage: true } }),
  ]);
  const language = documentLanguage(event, identity ? fromStoredLanguage(identity.preferredLanguage) : "ja");
  const pdf = await renderConsentPdf(consentDocumentInput(event, version.content, language, { participant: identity?.fullName ?? "", participantReading: identity?.erasedAt ? null : identity?.fullNameKana }));
  const sha256 = createHash("sha256").update(pdf).digest("hex");
  const stored = await db.consentDocument.createMany({ data: [{ eventId, language: language === "ja-easy" ? "ja_easy" : language, pdf, sha256 }], skipDuplicates: true });
  if (stored.count === 0) {
    // Someone else stored it first; theirs is the copy of record.
    const winner = await db.consentDocument.findUniqueOrThrow({ where: { eventId } });
    return { eventId, pdf: winner.pdf, sha256: winner.sha256, fileName };
  }
  return { eventId, pdf, sha256, fileName };
}
