import { getDatabase, type Database } from "../../../../db.server";
import type { ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import { consentRecordOf, type ConsentRecord, type ConsentRecordEvent } from "@tsunagi/consent-rules/consent-record";
import { isSampleEvent } from "@tsunagi/consent-rules/ledger-event";

/** The programme as the controller a record names: its address is the app's, its pages where people act on their consent. */
function programmeAt(appUrl: string) {
  const base = appUrl.replace(/\/+$/, "");
  return { iri: base, name: "Tsunagi", consentPage: `${base}/consent`, rightsPage: `${base}/consent/history` };
}

const signedLanguages = new Set(["ja", "ja-easy", "en"]);

/**
 * Every consent record of one participant (issue 32 item 3; ADR 108): one per consent change, oldest first, each the
 * record as it stood after that change. Read from the ledger and the form versions only — never the identity tables;
 * the signature's language is read, its printed name is not. `throughSeq` stops at that event of the participant's
 * ledger (a receipt's record is the last one).
 */
export async function listConsentRecords(
  options: { participantId: string; pseudonym: string; appUrl: string; throughSeq?: number },
  db: Database = getDatabase(),
): Promise<ConsentRecord[]> {
  const rows = await db.consentEvent.findMany({
    where: { participantId: options.participantId, ...(options.throughSeq === undefined ? {} : { participantSeq: { lte: options.throughSeq } }) },
    orderBy: { participantSeq: "asc" },
    select: {
      id: true,
      participantId: true,
      participantSeq: true,
      type: true,
      occurredAt: true,
      formVersionId: true,
      formVersionHash: true,
      choices: true,
      withdrawalLevel: true,
      detail: true,
      method: true,
      actorRole: true,
      signature: true,
    },
  });
  if (rows.length === 0) return [];
  const formVersionIds = [...new Set(rows.flatMap((row) => (row.formVersionId ? [row.formVersionId] : [])))];
  const forms = await db.consentFormVersion.findMany({ where: { id: { in: formVersionIds } }, select: { id: true, version: true, effectiveDate: true } });
  const notices = Object.fromEntries(forms.map((form) => [form.id, { version: form.version, effectiveFrom: form.effectiveDate.toISOString().slice(0, 10) }]));
  const events: ConsentRecordEvent[] = rows.map((row) => {
    const language = (row.signature as { language?: unknown } | null)?.language;
    return {
      id: row.id,
      participantId: row.participantId,
      participantSeq: row.participantSeq,
      type: row.type,
      occurredAt: row.occurredAt.toISOString(),
      formVersionId: row.formVersionId,
      formVersionHash: row.formVersionHash,
      choices: (row.choices ?? {}) as ChoiceSnapshot,
      withdrawalLevel: row.withdrawalLevel,
      detail: (row.detail ?? {}) as Record<string, unknown>,
      method: row.method,
      actorRole: row.actorRole,
      language: typeof language === "string" && signedLanguages.has(language) ? (language as ConsentRecordEvent["language"]) : null,
    };
  });
  const programme = programmeAt(options.appUrl);
  return events.flatMap((event, index) =>
    // A record for every change but a sample's: the consent's versions, and the 2024 law's and life events (ADR 143).
    isSampleEvent(event.type) ? [] : [consentRecordOf({ pseudonym: options.pseudonym, programme, events: events.slice(0, index + 1), notices })],
  );
}
