import { z } from "zod";
import { getDatabase, type Database } from "../../../db.server";
import { AppError, type RequestContext } from "../../kernel/index";
import { lifeEventSources, type LedgerEventRecord } from "@tsunagi/consent-rules/ledger-event";
import { lockParticipantConsent } from "../ledger/index.server";
import { projectionFromRow } from "../ledger/index";
import { japanDate } from "../../time";
import type { ConsentActor } from "./consent-actor";
import { recordConsentEvent } from "./record-consent-event.server";

/** The clinic's record of a death or a loss of capacity (ADR 143): which, on what day, and who said so. */
export const RecordLifeEventSchema = z.object({
  kind: z.enum(["death", "incapacity"]),
  occurredOn: z.iso.date(),
  source: z.enum(lifeEventSources),
  confirm: z.literal("yes"),
});
export type RecordLifeEventInput = z.infer<typeof RecordLifeEventSchema>;

/**
 * Records that the participant died or lost the capacity to decide, as the clinic learned it (issue 58 item 4, ADR 143).
 * A ledger event under the participant's lock, so it reaches the bridge by the outbox with a withdrawal's bound: from
 * its commit the disposition the person chose applies (decideAction), and nothing more is sent to them (the mail and
 * push jobs, the campaign claim and its send-time check all read it). Their proxies are told, as of any consent event.
 * A death is recorded once; a loss of capacity after a death, or a second one, writes nothing. A day in the future, or
 * before the person's consent, is refused.
 */
export async function recordLifeEvent(
  options: { participantId: string; input: RecordLifeEventInput; actor: ConsentActor; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ event: LedgerEventRecord | null }> {
  const input = RecordLifeEventSchema.parse(options.input);
  return db.$transaction(async (tx) => {
    const turn = await lockParticipantConsent(tx, options.participantId, { now: options.request.now, missing: "not_found" });
    if (!turn.state) throw new AppError("consent_not_found");
    if (input.occurredOn > japanDate(turn.now)) throw new AppError("invalid_input");
    const state = projectionFromRow(turn.state);
    if (state.lifeEvent?.kind === "death" || (state.lifeEvent?.kind === "incapacity" && input.kind === "incapacity")) return { event: null };
    const event = await recordConsentEvent(
      tx,
      turn,
      { type: input.kind === "death" ? "death_recorded" : "incapacity_recorded", method: "assisted", choices: {}, detail: { occurredOn: input.occurredOn, source: input.source } },
      { actor: options.actor, request: options.request },
      // The notice to the person's proxies, queued with the event (ADR 031); to the person it is never sent.
      { followUp: true },
    );
    return { event };
  });
}
