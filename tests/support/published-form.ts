import { readFileSync } from "node:fs";
import type { ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import { FormContentSchema } from "@tsunagi/consent-rules/form-content";
import { getDatabase } from "../../app/db.server";
import { publishFormVersion } from "../../app/domain/consent/forms/publish-form-version.server";
import { appendConsentEvent, type NewConsentEvent } from "../../app/domain/consent/ledger/append-consent-event.server";
import { lockParticipantConsent } from "../../app/domain/consent/ledger/lock-participant-consent.server";

export interface PublishedForm {
  id: string;
  contentHash: string;
}

/** The seeded whole-genome form (wgs-cancer 1.0) stored and published, as staff publish a version. */
export async function publishSeedForm(): Promise<PublishedForm> {
  const content = FormContentSchema.parse(JSON.parse(readFileSync(new URL("../../prisma/seed-data/consent-forms/wgs-cancer-1.0.json", import.meta.url), "utf8")));
  const row = await getDatabase().consentFormVersion.create({
    data: { formKey: content.formKey, version: content.version, kind: content.kind, content, effectiveDate: new Date(content.effectiveDate) },
  });
  const { contentHash } = await publishFormVersion({ formVersionId: row.id, publishedById: null, actorRole: "elsi_staff", context: {} });
  return { id: row.id, contentHash };
}

/** Appends one ledger event under the participant's lock, as the consent verbs do: online, by the participant, under `form`. */
export function appendUnderForm(
  participant: { id: string; user?: { id: string } | null },
  form: PublishedForm,
  choices: ChoiceSnapshot,
  event: Partial<NewConsentEvent> & Pick<NewConsentEvent, "type">,
) {
  return getDatabase().$transaction(async (tx) =>
    appendConsentEvent(tx, await lockParticipantConsent(tx, participant.id), {
      actorUserId: participant.user?.id ?? null,
      actorRole: "participant",
      method: "online",
      formVersionId: form.id,
      formVersionHash: form.contentHash,
      choices,
      ...event,
    }),
  );
}
