import { getDatabase, plainTransaction, type Database, type Transaction } from "../../../db.server";
import { AppError, type RequestContext } from "../../kernel/index";
import { PROVISION_NOTICE_VERSION, type ProvisionNoticeChannel } from "@tsunagi/consent-rules/provision-law";
import type { LedgerEventRecord } from "@tsunagi/consent-rules/ledger-event";
import { lockParticipantConsent } from "../ledger/index.server";
import { projectionFromRow } from "../ledger/index";
import type { ConsentActor } from "./consent-actor";
import { recordConsentEvent } from "./record-consent-event.server";

/**
 * The 2024 law's two acts on a participant's record (次世代医療基盤法; issue 58 items 1–2, ADR 140): the notice given,
 * and the person's stop of provision to certified producers. Both are ledger events, so they reach the bridge by the
 * same outbox, relay and projection as a withdrawal, with its bound; both are decided under the participant's lock.
 */

export interface GiveProvisionNoticeInput {
  participantId: string;
  channel: ProvisionNoticeChannel;
  /** When the person was given it: now online; the day on the clinic's paper form when staff record one. */
  shownAt?: Date;
  actor: ConsentActor;
  request: RequestContext;
}

export interface GivenProvisionNotice {
  /** The ledger event, when this showing is the first of its version on a consent; null otherwise. */
  event: LedgerEventRecord | null;
  noticeVersion: string;
}

/**
 * Records that the notice was given. Every showing is kept (ProvisionNotice); the ledger gets a notice_given event for
 * the first showing of this version once the participant has a consent, because the ledger's events amend a consent.
 * Shown before the first consent, the notice reaches the ledger when the consent does (carryProvisionNotice). A
 * notice given is not a consent given: nothing in the participant's choices changes.
 */
export async function giveProvisionNotice(input: GiveProvisionNoticeInput, db: Database = getDatabase()): Promise<GivenProvisionNotice> {
  return db.$transaction(async (tx) => {
    const turn = await lockParticipantConsent(tx, input.participantId, { now: input.request.now, missing: "not_found" });
    const shownAt = input.shownAt ?? turn.now;
    await tx.provisionNotice.create({
      data: { participantId: input.participantId, noticeVersion: PROVISION_NOTICE_VERSION, channel: input.channel, shownAt, recordedByUserId: input.actor.userId },
    });
    const state = turn.state ? projectionFromRow(turn.state) : null;
    if (!state || state.provision.noticeVersion === PROVISION_NOTICE_VERSION) return { event: null, noticeVersion: PROVISION_NOTICE_VERSION };
    const event = await recordConsentEvent(
      tx,
      turn,
      { type: "notice_given", method: input.channel === "paper" ? "paper" : "online", choices: {}, detail: { noticeVersion: PROVISION_NOTICE_VERSION, channel: input.channel, shownAt: shownAt.toISOString() } },
      { actor: input.actor, request: input.request },
    );
    return { event, noticeVersion: PROVISION_NOTICE_VERSION };
  });
}

/**
 * After a participant's first consent: a notice they were given before it (online at their first sign-in, on paper at
 * the clinic) goes into the ledger now, as the system's record of it. Until this commits the bridge reads them as not
 * notified, and denies certified producers: late, never early. Called by the grant's follow-up job; a retry finds the
 * ledger already holds it and does nothing.
 */
export async function carryProvisionNotice(participantId: string, db: Database = getDatabase()): Promise<LedgerEventRecord | null> {
  return db.$transaction(async (tx: Transaction) => {
    const turn = await lockParticipantConsent(tx, participantId);
    const state = turn.state ? projectionFromRow(turn.state) : null;
    if (!state || state.provision.noticeVersion !== null) return null;
    const first = await tx.provisionNotice.findFirst({ where: { participantId }, orderBy: { shownAt: "asc" } });
    if (!first) return null;
    return recordConsentEvent(
      tx,
      turn,
      {
        type: "notice_given",
        method: "system",
        choices: {},
        detail: { noticeVersion: first.noticeVersion, channel: first.channel, shownAt: first.shownAt.toISOString(), carriedFrom: first.id },
      },
      { actor: { userId: null, role: "system" }, request: { ipAddress: "127.0.0.1", userAgent: "tsunagi-jobs (consent.follow-up)", now: turn.now } },
    );
  });
}

export interface StopProvisionInput {
  participantId: string;
  actor: ConsentActor;
  method: "online" | "phone" | "letter" | "assisted";
  request: RequestContext;
}

/**
 * The person stops provision to certified producers, effective at once: from this commit the bridge denies every
 * certified producer for them (decideAction). Decided under the participant's lock: of two stops sent at once the
 * second finds the first and writes nothing (`event` null), so a stop is one event however often it is asked for.
 */
export async function stopProvision(input: StopProvisionInput, db: Database = getDatabase()): Promise<{ event: LedgerEventRecord | null }> {
  // A plain transaction (ADR 155), as a withdrawal's: the bridge must hear of a stop as soon.
  return plainTransaction(db, async (tx) => {
    const turn = await lockParticipantConsent(tx, input.participantId, { now: input.request.now });
    if (!turn.state) throw new AppError("consent_not_found");
    if (projectionFromRow(turn.state).provision.stopped) return { event: null };
    const event = await recordConsentEvent(
      tx,
      turn,
      { type: "provision_stopped", method: input.method, choices: {}, detail: { recipient: "certified_producer" } },
      { actor: input.actor, request: input.request },
      // The confirmation mail to the person and their proxies, queued with the event (ADR 031).
      { followUp: true },
    );
    return { event };
  });
}
