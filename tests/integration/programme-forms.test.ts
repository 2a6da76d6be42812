// The form follows the enrolment's arm (issue 55 defect 6; ADR 124): a 希少疾患 enrolment is offered, starts and signs
// the rare-disease form; a forced attempt on the cancer form — a journey walked on it, a paper transcribed on it, a
// grant naming it — is refused and writes nothing. The consent rule reads the rare-disease consent as it reads any.
import { beforeAll, describe, expect, it } from "vitest";
import { decideAction } from "@tsunagi/consent-rules/decide-action";
import { getDatabase } from "../../app/db.server";
import { consentViewOfRow } from "../../app/domain/consent";
import { formKeyForArea, programmeFormKeys } from "../../app/domain/consent/forms/programme-forms";
import { loadFormVersion, type FormVersion } from "../../app/domain/consent/forms/load-form-version.server";
import { assistedJourneyStart, onlineJourneyStart } from "../../app/domain/consent/journey/journey-start-view.server";
import { findOpenJourney } from "../../app/domain/consent/journey/load-journey.server";
import { loadPaperConsentView } from "../../app/domain/consent/journey/paper-consent-view.server";
import { recordPaperConsent } from "../../app/domain/consent/journey/record-paper-consent.server";
import { signJourney } from "../../app/domain/consent/journey/sign-journey.server";
import { startOrResumeJourney } from "../../app/domain/consent/journey/start-journey.server";
import { grantConsent } from "../../app/domain/consent/records/grant-consent.server";
import { ensurePublishedFormVersion } from "../../app/wiring/demo/seed-consent-forms.server";
import { createParticipant } from "../factories/participant-factory";
import { createUser, type CreatedUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { useTempDataDir } from "../support/temp-data-dir";
import { everyChoice, journeyReadyToSign, onlineActor, paperConsentInput, request, storedCounts } from "./journey-walk";

useTestDatabase();
useTempDataDir();

let cancer: FormVersion;
let rareDisease: FormVersion;
let coordinator: CreatedUser;
beforeAll(async () => {
  cancer = await loadFormVersion(await ensurePublishedFormVersion("1.0"));
  rareDisease = await loadFormVersion(await ensurePublishedFormVersion("1.0", { formKey: programmeFormKeys.rare_disease }));
  coordinator = await createUser({ role: "coordinator" });
});

async function enrolledFor(area: "cancer" | "rare_disease" | null, options: { fullName?: string } = {}) {
  const participant = await createParticipant(options);
  await getDatabase().participant.update({ where: { id: participant.id }, data: { programmeArea: area } });
  return participant;
}

describe("the form an enrolment is offered", () => {
  it("is the rare-disease form for 希少疾患, the cancer form for cancer and for an enrolment recorded before the area was", () => {
    expect(formKeyForArea("rare_disease")).toBe("wgs-rare-disease");
    expect(formKeyForArea("cancer")).toBe("wgs-cancer");
    expect(formKeyForArea(null)).toBe("wgs-cancer");
  });

  it("a 希少疾患 patient's start page, journey, tablet and paper page all show the rare-disease form, never the cancer form's 'がんの組織'", async () => {
    const participant = await enrolledFor("rare_disease");
    const start = await onlineJourneyStart(participant.user!.id, "ja");
    expect(start).toMatchObject({ formVersion: "1.0", title: rareDisease.content.languages.ja.title });
    expect(start.title).toContain("希少疾患");
    expect(JSON.stringify(start.summary)).not.toContain("がんの組織");

    const actor = onlineActor(participant.user!);
    await startOrResumeJourney({ actor, participantId: participant.id, language: "ja", request });
    expect((await findOpenJourney(actor))?.version).toMatchObject({ id: rareDisease.id, formKey: "wgs-rare-disease" });

    const tablet = await assistedJourneyStart({ coordinatorUserId: coordinator.id, participantId: participant.id, language: "en", request });
    expect(tablet.title).toBe(rareDisease.content.languages.en.title);
    const paper = await loadPaperConsentView({ participantId: participant.id, coordinatorUserId: coordinator.id, language: "ja", request });
    expect(paper.formVersionId).toBe(rareDisease.id);
  });

  it("a cancer patient is still offered the cancer form", async () => {
    const participant = await enrolledFor("cancer");
    expect((await onlineJourneyStart(participant.user!.id, "ja")).title).toBe(cancer.content.languages.ja.title);
  });
});

describe("a 希少疾患 enrolment cannot sign the cancer form", () => {
  it("signs the rare-disease form through the journey, and the consent rule reads it as any consent", async () => {
    const participant = await enrolledFor("rare_disease", { fullName: "希少 太郎" });
    const actor = onlineActor(participant.user!);
    const journeyId = await journeyReadyToSign(actor, participant.id, rareDisease);
    const { event } = await signJourney({ actor, journeyId, printedName: "希少 太郎", language: "ja", request });
    expect(event).toMatchObject({ type: "granted", formVersionId: rareDisease.id, formVersionHash: rareDisease.contentHash });
    const state = await getDatabase().consentState.findUniqueOrThrow({ where: { participantId: participant.id } });
    expect(state.permittedPurposes).toEqual(rareDisease.content.permittedPurposes);
    const view = consentViewOfRow(state);
    expect(decideAction(view, { action: "analyze", purpose: "DUO:0000007" })).toMatchObject({ allowed: true });
  });

  it("a journey walked on the cancer form before the area was recorded is refused at the signature with nothing written, and starting again moves to the rare-disease form", async () => {
    // Walked to the signature on the cancer form while the enrolment's area was unrecorded (as the demo's 希少疾患 child
    // was before the rule), then the area recorded as rare disease.
    const participant = await enrolledFor(null, { fullName: "希少 花子" });
    const actor = onlineActor(participant.user!);
    const journeyId = await journeyReadyToSign(actor, participant.id, cancer);
    await getDatabase().participant.update({ where: { id: participant.id }, data: { programmeArea: "rare_disease" } });
    expect(await findOpenJourney(actor)).toMatchObject({ id: journeyId, versionIsCurrent: false });

    const before = await storedCounts(participant.id);
    // The journey treats the other arm's form as one it may no longer sign (as an outdated version): read again.
    await expect(signJourney({ actor, journeyId, printedName: "希少 花子", language: "ja", request })).rejects.toMatchObject({ code: "form_updated" });
    expect(await storedCounts(participant.id)).toEqual(before);
    expect(await getDatabase().consentState.findUnique({ where: { participantId: participant.id } })).toBeNull();
    expect(await getDatabase().consentOutbox.count({ where: { pseudonym: participant.pseudonym } })).toBe(0);

    const restarted = await startOrResumeJourney({ actor, participantId: participant.id, language: "ja", request });
    expect(restarted).toMatchObject({ resumed: false, restartedFrom: "1.0" });
    const journeys = await getDatabase().consentJourney.findMany({ where: { participantId: participant.id }, select: { id: true, formVersionId: true, status: true } });
    expect(journeys).toEqual(
      expect.arrayContaining([
        { id: journeyId, formVersionId: cancer.id, status: "abandoned" },
        { id: restarted.journeyId, formVersionId: rareDisease.id, status: "in_progress" },
      ]),
    );
  });

  it("a paper transcribed on the cancer form, or a grant naming it, is refused with nothing written; the cancer enrolment is refused the rare-disease form alike", async () => {
    const participant = await enrolledFor("rare_disease", { fullName: "希少 次郎" });
    const before = await storedCounts(participant.id);
    await expect(recordPaperConsent(paperConsentInput(participant, cancer, coordinator))).rejects.toMatchObject({ code: "form_not_for_area" });
    await expect(
      grantConsent({
        participantId: participant.id,
        formVersionId: cancer.id,
        choices: everyChoice(cancer),
        printedName: "希少 次郎",
        language: "ja",
        signer: { kind: "participant" },
        actor: { userId: participant.user!.id, role: "participant" },
        method: "online",
        request,
      }),
    ).rejects.toMatchObject({ code: "form_not_for_area" });
    expect(await storedCounts(participant.id)).toEqual(before);

    const cancerPatient = await enrolledFor("cancer", { fullName: "癌 三郎" });
    await expect(recordPaperConsent(paperConsentInput(cancerPatient, rareDisease, coordinator))).rejects.toMatchObject({ code: "form_not_for_area" });
    expect(await getDatabase().consentEvent.count({ where: { participantId: cancerPatient.id } })).toBe(0);
  });
});
