// A newer form version published while someone is part-way through: what they read, answered and chose belonged
// to the old text, so the journey starts again on the new version, says so, and never signs the old one.
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { loadFormVersion } from "../../app/domain/consent/forms/load-form-version.server";
import { loadJourneyScreen } from "../../app/domain/consent/journey/journey-screen.server";
import { onlineJourneyStart } from "../../app/domain/consent/journey/journey-start-view.server";
import { markSectionRead } from "../../app/domain/consent/journey/read-section.server";
import { signJourney } from "../../app/domain/consent/journey/sign-journey.server";
import { startOrResumeJourney } from "../../app/domain/consent/journey/start-journey.server";
import { ensurePublishedFormVersion } from "../../app/wiring/demo/seed-consent-forms.server";
import { createParticipant } from "../factories/participant-factory";
import { useTestDatabase } from "../support/database";
import { useTempDataDir } from "../support/temp-data-dir";
import { journeyReadyToSign, onlineActor, request, storedCounts } from "./journey-walk";

useTestDatabase();
useTempDataDir();

describe("a newer version mid-journey", () => {
  it("restarts the journey on the new version and says from which version", async () => {
    const v1 = await loadFormVersion(await ensurePublishedFormVersion("1.0"));
    const participant = await createParticipant();
    const actor = onlineActor(participant.user!);
    const old = await startOrResumeJourney({ actor, participantId: participant.id, language: "ja", request });
    await markSectionRead({ actor, journeyId: old.journeyId, screen: 1, language: "ja", request });

    const v11 = await loadFormVersion(await ensurePublishedFormVersion("1.1"));
    expect(await loadJourneyScreen(actor, { kind: "section", n: 2 }, "ja")).toEqual({ status: "outdated" });
    await expect(markSectionRead({ actor, journeyId: old.journeyId, screen: 2, language: "ja", request })).rejects.toMatchObject({ code: "form_updated" });
    expect((await onlineJourneyStart(participant.user!.id, "ja")).subjects[0]!.status).toEqual({ kind: "outdated", fromVersion: v1.version });

    const restarted = await startOrResumeJourney({ actor, participantId: participant.id, language: "ja", request });
    expect(restarted).toMatchObject({ resumed: false, restartedFrom: "1.0", next: { kind: "section", n: 1 } });
    const journeys = await getDatabase().consentJourney.findMany({ where: { participantId: participant.id }, orderBy: { createdAt: "asc" } });
    expect(journeys.map((journey) => [journey.formVersionId, journey.status])).toEqual([
      [v1.id, "abandoned"],
      [v11.id, "in_progress"],
    ]);
    const started = await getDatabase().auditEvent.findFirstOrThrow({ where: { type: "consent_journey.started", detail: { path: ["journeyId"], equals: restarted.journeyId } } });
    expect(started.detail).toMatchObject({ restartedFrom: old.journeyId, formVersionId: v11.id });
  });

  it("refuses to sign the old version when a newer one appears at the last moment, and stores nothing", async () => {
    const current = await loadFormVersion(await ensurePublishedFormVersion("1.1"));
    const participant = await createParticipant();
    const actor = onlineActor(participant.user!);
    const journeyId = await journeyReadyToSign(actor, participant.id, current);
    await ensurePublishedFormVersion("2.0");
    const before = await storedCounts(participant.id);
    await expect(signJourney({ actor, journeyId, printedName: participant.fullName, language: "ja", request })).rejects.toMatchObject({ code: "form_updated" });
    expect(await storedCounts(participant.id)).toEqual(before);
  });
});
