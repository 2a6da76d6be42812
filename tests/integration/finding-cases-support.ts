// Findings and consent histories for the counselling-case tests (issue 13 item 4; ADR 034): consent events go
// through the real ledger (the participant's lock, the append, the projection), findings into their real tables.
import type { ChoiceSnapshot, FindingsCategory } from "@tsunagi/consent-rules/choice-catalogue";
import type { WithdrawalLevel } from "@tsunagi/consent-rules/ledger-event";
import { getDatabase } from "../../app/db.server";
import { lockParticipantConsent } from "../../app/domain/consent/ledger/lock-participant-consent.server";
import { recordConsentEvent } from "../../app/domain/consent/records/record-consent-event.server";
import { choiceSnapshot } from "../factories/choice-snapshot";

export type FindingsWish = "want" | "not_want" | "undecided";

export type ConsentStep =
  | { kind: "grant"; cancer: FindingsWish; other: FindingsWish; findingsUpdate: "yes" | "no" }
  | { kind: "change"; category: FindingsCategory; value: FindingsWish }
  | { kind: "change_updates"; value: "yes" | "no" }
  | { kind: "withdraw"; level: WithdrawalLevel };

const request = { ipAddress: "127.0.0.1", userAgent: "test" };

/** Appends one consent event under the participant's lock, as a consent verb does; nothing after the commit (no PDF, no mail). */
export async function recordConsentStep(participantId: string, actorUserId: string, step: ConsentStep): Promise<void> {
  await getDatabase().$transaction(async (tx) => {
    const turn = await lockParticipantConsent(tx, participantId);
    const actor = { userId: actorUserId, role: "coordinator" };
    const current = (turn.state?.choices ?? {}) as ChoiceSnapshot;
    const common = { method: "assisted" as const, formVersionId: turn.state?.formVersionId ?? null, formVersionHash: turn.state?.formVersionHash ?? null };
    switch (step.kind) {
      case "grant":
        await recordConsentEvent(
          tx,
          turn,
          {
            type: "granted",
            ...common,
            choices: choiceSnapshot({
              "findings.secondary.hereditary_cancer": step.cancer,
              "findings.secondary.other_actionable": step.other,
              "recontact.findings_update": step.findingsUpdate,
            }),
            detail: { language: "ja" },
          },
          { actor, request },
        );
        return;
      case "change":
        await recordConsentEvent(tx, turn, { type: "choices_changed", ...common, choices: { ...current, [`findings.secondary.${step.category}`]: step.value }, detail: { language: "ja" } }, { actor, request });
        return;
      case "change_updates":
        await recordConsentEvent(tx, turn, { type: "choices_changed", ...common, choices: { ...current, "recontact.findings_update": step.value }, detail: { language: "ja" } }, { actor, request });
        return;
      case "withdraw":
        await recordConsentEvent(tx, turn, { type: "withdrawn", ...common, choices: current, withdrawalLevel: step.level, detail: { language: "ja" } }, { actor, request });
        return;
    }
  });
}

export { addFindingVersion, createFinding } from "../factories/finding-factory";
