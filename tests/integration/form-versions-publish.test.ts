import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { AppError } from "../../app/domain/kernel/app-error";
import type { ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import { decideAction } from "@tsunagi/consent-rules/decide-action";
import { createFormDraft, importFormDraft } from "../../app/domain/consent/forms/create-form-draft.server";
import { deleteFormDraft } from "../../app/domain/consent/forms/delete-form-draft.server";
import { FormContentSchema, type FormContent } from "@tsunagi/consent-rules/form-content";
import { formContentHash } from "../../app/domain/consent/forms/form-hash";
import { settingsOf } from "../../app/domain/consent/forms/form-draft-settings";
import { loadFormVersionDetail } from "../../app/domain/consent/forms/form-version-detail.server";
import { listFormVersions } from "../../app/domain/consent/forms/list-form-versions.server";
import { loadFormVersion } from "../../app/domain/consent/forms/load-form-version.server";
import { publishFormVersion } from "../../app/domain/consent/forms/publish-form-version.server";
import { updateFormDraft } from "../../app/domain/consent/forms/update-form-draft.server";
import { appendConsentEvent } from "../../app/domain/consent/ledger/append-consent-event.server";
import { lockParticipantConsent } from "../../app/domain/consent/ledger/lock-participant-consent.server";
import { projectionFromRow } from "../../app/domain/consent/ledger/ledger-rows";
import { listCapturedMail } from "../../app/domain/mail/list-captured-mail.server";
import { translator } from "../../app/i18n/i18n";
import { createParticipant, type CreatedParticipant } from "../factories/participant-factory";
import { createUser, requestFrom, type CreatedUser } from "../factories/user-factory";
import { passReviewRound } from "../support/document-review";
import { useTestDatabase } from "../support/database";
import { runJobsUntilSettled } from "../support/jobs";
import { useTempDataDir } from "../support/temp-data-dir";
import { choiceSnapshot } from "../factories/choice-snapshot";

useTestDatabase();
useTempDataDir();

// Each scenario uses its own form key, so the versions one test publishes are not "earlier versions" in another.
function seededContent(version: "1.0" | "1.1" | "2.0", formKey: string): FormContent {
  const url = new URL(`../../prisma/seed-data/consent-forms/wgs-cancer-${version}.json`, import.meta.url);
  return { ...FormContentSchema.parse(JSON.parse(readFileSync(url, "utf8"))), formKey };
}

function auditContext(staff: CreatedUser) {
  return { actorUserId: staff.id, ...requestFrom() };
}

async function publish(formVersionId: string, staff: CreatedUser) {
  return publishFormVersion({ formVersionId, publishedById: staff.id, actorRole: "elsi_staff", context: auditContext(staff) });
}

async function importAndPublish(content: FormContent, staff: CreatedUser) {
  const { id } = await importFormDraft({ content, createdById: staff.id, context: auditContext(staff) });
  await publish(id, staff);
  return loadFormVersion(id);
}

function choices(international: "yes" | "no"): ChoiceSnapshot {
  return choiceSnapshot({ "share.industry": "no", "share.international": international });
}

async function consent(participant: CreatedParticipant, version: { id: string; contentHash: string | null; content: FormContent }, international: "yes" | "no") {
  await getDatabase().$transaction(async (tx) =>
    appendConsentEvent(tx, await lockParticipantConsent(tx, participant.id), {
      type: participant.proxy ? "proxy_granted" : "granted",
      actorUserId: participant.proxy?.id ?? participant.user?.id ?? null,
      actorRole: participant.proxy ? "proxy" : "participant",
      method: "online",
      formVersionId: version.id,
      formVersionHash: version.contentHash,
      choices: choices(international),
      detail: { permittedPurposes: version.content.permittedPurposes },
    }),
  );
}

async function stateOf(participant: CreatedParticipant) {
  return projectionFromRow(await getDatabase().consentState.findUniqueOrThrow({ where: { participantId: participant.id } }));
}

async function eventTypes(participant: CreatedParticipant) {
  const events = await getDatabase().consentEvent.findMany({ where: { participantId: participant.id }, orderBy: { participantSeq: "asc" } });
  return events.map((event) => event.type);
}

async function mailTo(email: string) {
  // Notices are queued (ADR 031): what a person has received is what the queue has delivered.
  await runJobsUntilSettled();
  return listCapturedMail({ to: email });
}

const analyze = { action: "analyze", purpose: "DUO:0000006" } as const;

describe("publishing a minor version", () => {
  it("changes nobody's consent, requests nothing and sends no mail", async () => {
    const staff = await createUser({ role: "elsi_staff" });
    const first = await importAndPublish(seededContent("1.0", "minor-case"), staff);
    const adult = await createParticipant();
    const child = await createParticipant({ withAccount: false, withProxy: true, dateOfBirth: "2015-06-01" });
    await consent(adult, first, "yes");
    await consent(child, first, "yes");
    const before = [await stateOf(adult), await stateOf(child)];

    const draft = await createFormDraft({
      formKey: "minor-case",
      settings: { ...settingsOf(first.content), version: "1.1", kind: "minor", effectiveDate: "2026-07-01" },
      createdById: staff.id,
      context: auditContext(staff),
    });
    expect(await loadFormVersionDetail(draft.id)).toMatchObject({ kind: "minor", reconsentAudience: 0 });
    const result = await publish(draft.id, staff);

    expect(result.reconsentRequested).toEqual([]);
    expect([await stateOf(adult), await stateOf(child)]).toEqual(before);
    expect(await eventTypes(adult)).toEqual(["granted"]);
    expect(await eventTypes(child)).toEqual(["proxy_granted"]);
    expect(await mailTo(adult.email)).toEqual([]);
    expect(await mailTo(child.proxy!.email)).toEqual([]);

    const published = await loadFormVersion(draft.id);
    expect(published).toMatchObject({ status: "published", version: "1.1", contentHash: formContentHash(published.content) });
    const listing = await listFormVersions("minor-case");
    expect(listing.map((row) => [row.version, row.status, row.consented, row.reconsentRequired])).toEqual([
      ["1.1", "published", 0, 0],
      ["1.0", "published", 2, 0],
    ]);
  });
});

describe("publishing a major version about international sharing", () => {
  it("asks exactly those who allowed international sharing under 1.x to re-consent, by ledger event and mail", async () => {
    const staff = await createUser({ role: "elsi_staff" });
    const v10 = await importAndPublish(seededContent("1.0", "major-case"), staff);
    const [allowed10, declined10, child10, withdrawn10] = [
      await createParticipant(),
      await createParticipant(),
      await createParticipant({ withAccount: false, withProxy: true, dateOfBirth: "2014-01-20" }),
      await createParticipant(),
    ];
    await consent(allowed10, v10, "yes");
    await consent(declined10, v10, "no");
    await consent(child10, v10, "yes");
    await consent(withdrawn10, v10, "yes");
    await getDatabase().$transaction(async (tx) => {
      const turn = await lockParticipantConsent(tx, withdrawn10.id);
      const state = turn.state!;
      await appendConsentEvent(tx, turn, {
        type: "withdrawn",
        actorUserId: withdrawn10.user!.id,
        actorRole: "participant",
        method: "online",
        formVersionId: state.formVersionId,
        formVersionHash: state.formVersionHash,
        choices: state.choices as ChoiceSnapshot,
        withdrawalLevel: "no_further_use",
      });
    });
    const v11 = await importAndPublish(seededContent("1.1", "major-case"), staff);
    const [allowed11, declined11] = [await createParticipant(), await createParticipant()];
    await consent(allowed11, v11, "yes");
    await consent(declined11, v11, "no");

    const { id } = await importFormDraft({ content: seededContent("2.0", "major-case"), createdById: staff.id, context: auditContext(staff) });
    // The confirmation page states this number; it must be the number publishing then asks.
    expect((await loadFormVersionDetail(id)).reconsentAudience).toBe(3);
    await passReviewRound(id, staff.id);
    const result = await publish(id, staff);
    const v20 = await loadFormVersion(id);

    const affected = [allowed10, child10, allowed11];
    expect([...result.reconsentRequested].sort()).toEqual(affected.map((participant) => participant.id).sort());
    expect(result.contentHash).toBe(formContentHash(v20.content));
    for (const participant of affected) {
      expect(await stateOf(participant)).toMatchObject({ status: "reconsent_required", pendingFormVersionId: v20.id, interimRule: "continue_previous" });
      const [last] = await getDatabase().consentEvent.findMany({ where: { participantId: participant.id }, orderBy: { participantSeq: "desc" }, take: 1 });
      expect(last).toMatchObject({ type: "reconsent_requested", method: "system", actorUserId: staff.id });
      expect(last!.detail).toMatchObject({ pendingFormVersionId: v20.id, pendingVersion: "2.0", pendingFormVersionHash: v20.contentHash, interimRule: "continue_previous" });
      // The consent they gave still stands under the version they signed until they decide.
      expect((await stateOf(participant)).choices["share.international"]).toBe("yes");
    }
    for (const participant of [declined10, declined11]) {
      expect(await stateOf(participant)).toMatchObject({ status: "active", pendingFormVersionId: null });
      expect(await eventTypes(participant)).not.toContain("reconsent_requested");
    }
    expect(await stateOf(withdrawn10)).toMatchObject({ status: "withdrawn" });
    expect(await eventTypes(withdrawn10)).toEqual(["granted", "withdrawn"]);

    // Each affected participant hears about it — a child through the proxy, told about the child by name (ADR 119) —
    // in their language, and nobody else does.
    const say = translator("ja", "email");
    const subjects = new Map([
      [allowed10.email, say("consentNotice.reconsentRequired.subject")],
      [child10.proxy!.email, say("consentNotice.reconsentRequired.subject_person", { name: child10.fullName })],
      [allowed11.email, say("consentNotice.reconsentRequired.subject")],
    ]);
    for (const [email, subject] of subjects) {
      const mail = await mailTo(email);
      expect(mail, email).toHaveLength(1);
      expect(mail[0]).toMatchObject({ template: "consent-notice", subject, language: "ja" });
      expect(mail[0]!.text).toContain("/consent");
    }
    for (const email of [declined10.email, declined11.email, withdrawn10.email, child10.email]) expect(await mailTo(email), email).toEqual([]);

    // Under continue_previous nothing pauses in the meantime.
    for (const participant of affected) expect(decideAction(await stateOf(participant), analyze)).toMatchObject({ allowed: true });

    const listing = await listFormVersions("major-case");
    expect(listing.map((row) => [row.version, row.consented, row.reconsentRequired])).toEqual([
      ["2.0", 0, 0],
      ["1.1", 1, 1],
      ["1.0", 1, 2],
    ]);
    const audit = await getDatabase().auditEvent.findFirstOrThrow({ where: { type: "consent_form.published", actorUserId: staff.id }, orderBy: { id: "desc" } });
    expect(audit.detail).toMatchObject({ formVersionId: v20.id, version: "2.0", kind: "major", reconsentRequested: 3, contentHash: v20.contentHash });
  });

  it("with pause_new_uses, the gate denies new analysis for affected participants until they re-consent", async () => {
    const staff = await createUser({ role: "elsi_staff" });
    const first = await importAndPublish(seededContent("1.0", "pause-case"), staff);
    const [allowed, declined] = [await createParticipant(), await createParticipant()];
    await consent(allowed, first, "yes");
    await consent(declined, first, "no");
    expect(decideAction(await stateOf(allowed), analyze)).toMatchObject({ allowed: true });

    const draft = await createFormDraft({
      formKey: "pause-case",
      settings: { version: "2.0", kind: "major", interimRule: "pause_new_uses", affectsChoiceIds: ["share.international"], effectiveDate: "2026-10-01" },
      createdById: staff.id,
      context: auditContext(staff),
    });
    expect((await loadFormVersionDetail(draft.id)).reconsentAudience).toBe(1);
    await passReviewRound(draft.id, staff.id);
    expect((await publish(draft.id, staff)).reconsentRequested).toEqual([allowed.id]);

    const paused = await stateOf(allowed);
    expect(paused).toMatchObject({ status: "reconsent_required", interimRule: "pause_new_uses" });
    expect(decideAction(paused, analyze)).toEqual({ allowed: false, reason: "reconsent_pending", choices: [] });
    expect(decideAction(paused, { action: "share", purpose: "DUO:0000006", recipient: "academia" })).toMatchObject({ allowed: false, reason: "reconsent_pending" });
    // Keeping what is already stored is not a new use.
    expect(decideAction(paused, { action: "store" })).toMatchObject({ allowed: true });
    expect(decideAction(await stateOf(declined), analyze)).toMatchObject({ allowed: true });
    const [last] = await getDatabase().consentEvent.findMany({ where: { participantId: allowed.id }, orderBy: { participantSeq: "desc" }, take: 1 });
    expect(last!.detail).toMatchObject({ interimRule: "pause_new_uses", pendingVersion: "2.0" });
    expect(await mailTo(allowed.email)).toHaveLength(1);
    expect(await mailTo(declined.email)).toEqual([]);
  });
});

describe("publishing twice at once (a double submit)", () => {
  it("publishes once: one ledger event and one mail per affected participant, and the second attempt is refused", async () => {
    const staff = await createUser({ role: "elsi_staff" });
    const first = await importAndPublish(seededContent("1.0", "double-case"), staff);
    const participant = await createParticipant();
    await consent(participant, first, "yes");
    const { id } = await importFormDraft({ content: seededContent("2.0", "double-case"), createdById: staff.id, context: auditContext(staff) });
    await passReviewRound(id, staff.id);

    const attempts = await Promise.allSettled([publish(id, staff), publish(id, staff)]);

    expect(attempts.filter((attempt) => attempt.status === "fulfilled")).toHaveLength(1);
    expect(attempts.find((attempt) => attempt.status === "rejected")).toMatchObject({ reason: new AppError("form_not_editable") });
    expect(await eventTypes(participant)).toEqual(["granted", "reconsent_requested"]);
    expect(await mailTo(participant.email)).toHaveLength(1);
  });
});

describe("a published version", () => {
  it("cannot be edited, deleted or published again, through the app or the database", async () => {
    const staff = await createUser({ role: "elsi_staff" });
    const version = await importAndPublish(seededContent("1.0", "frozen-case"), staff);
    const row = await getDatabase().consentFormVersion.findUniqueOrThrow({ where: { id: version.id } });
    const edit = updateFormDraft({
      formVersionId: version.id,
      revision: row.updatedAt.toISOString(),
      change: { type: "settings", settings: { ...settingsOf(version.content), effectiveDate: "2027-01-01" } },
      context: auditContext(staff),
    });
    await expect(edit).rejects.toEqual(new AppError("form_not_editable"));
    await expect(deleteFormDraft({ formVersionId: version.id, context: auditContext(staff) })).rejects.toEqual(new AppError("form_not_editable"));
    await expect(publish(version.id, staff)).rejects.toEqual(new AppError("form_not_editable"));
    await expect(getDatabase().consentFormVersion.update({ where: { id: version.id }, data: { effectiveDate: new Date("2027-01-01") } })).rejects.toThrow(/published and cannot be changed/);
    await expect(getDatabase().consentFormVersion.delete({ where: { id: version.id } })).rejects.toThrow(/published and cannot be changed/);

    const after = await loadFormVersion(version.id);
    expect(after.content).toEqual(version.content);
    expect(after.contentHash).toBe(formContentHash(after.content));
    expect(await getDatabase().auditEvent.count({ where: { type: "consent_form.draft_saved", actorUserId: staff.id } })).toBe(1);
  });
});
