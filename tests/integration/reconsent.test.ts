// Re-consent as people expect (issue 55 Deliver 2; ADR 120): what changed first, worked out from the two versions;
// then only the changed sections and choices; the other answers carried over from the consent in force — as it
// stands when the signature is made, not when the journey began.
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { loadFormVersion } from "../../app/domain/consent/forms/load-form-version.server";
import { loadJourneyScreen } from "../../app/domain/consent/journey/journey-screen.server";
import { onlineJourneyStart } from "../../app/domain/consent/journey/journey-start-view.server";
import { markSectionRead } from "../../app/domain/consent/journey/read-section.server";
import { recordJourneyChoice } from "../../app/domain/consent/journey/record-journey-choice.server";
import { signJourney } from "../../app/domain/consent/journey/sign-journey.server";
import { startOrResumeJourney } from "../../app/domain/consent/journey/start-journey.server";
import { changeChoices } from "../../app/domain/consent/records/change-choices.server";
import { ensurePublishedFormVersion } from "../../app/wiring/demo/seed-consent-forms.server";
import { createParticipant } from "../factories/participant-factory";
import { useTestDatabase } from "../support/database";
import { useTempDataDir } from "../support/temp-data-dir";
import { everyChoice, journeyReadyToSign, onlineActor, request } from "./journey-walk";

useTestDatabase();
useTempDataDir();

async function consentedOnOneOne() {
  const v11 = await loadFormVersion(await ensurePublishedFormVersion("1.1"));
  const participant = await createParticipant();
  const actor = onlineActor(participant.user!);
  const choices = everyChoice(v11, { "share.industry": "no", "share.international": "yes", "recontact.research": "yes" });
  const journeyId = await journeyReadyToSign(actor, participant.id, v11, { choices });
  await signJourney({ actor, journeyId, printedName: participant.fullName, language: "ja", request });
  return { participant, actor, choices };
}

describe("re-consent to a major version", () => {
  it("says first what changed, from the two versions, then walks only that, and signs the carried answers as they stand at signing", async () => {
    const { participant, actor, choices } = await consentedOnOneOne();
    const v2 = await loadFormVersion(await ensurePublishedFormVersion("2.0"));
    const state = await getDatabase().consentState.findUniqueOrThrow({ where: { participantId: participant.id } });
    expect(state.status).toBe("reconsent_required");

    // What changed first: 1.1 → 2.0 changes two sections and overseas sharing, nothing else.
    const [subject] = (await onlineJourneyStart(participant.user!.id, "en")).subjects;
    const text = v2.content.languages.en;
    const heading = (id: string) => text.sections.find((section) => section.id === id)!.heading;
    expect(subject!.reconsent).toMatchObject({
      previousVersion: "1.1",
      sections: [
        { heading: heading("what_happens"), kind: "changed" },
        { heading: heading("data_sharing"), kind: "changed" },
      ],
      choices: [
        { title: text.choices["share.international"]!.title, kind: "changed" },
        // The disposition after a death or loss of capacity (ADR 143): those who consented before are asked now.
        { title: text.choices["disposition.life_event"]!.title, kind: "added" },
      ],
      questions: 0,
    });
    expect(subject!.reconsent!.carried).toContainEqual({ title: text.choices["share.industry"]!.title, valueLabel: text.choices["share.industry"]!.options.no });
    expect(subject!.reconsent!.steps).toBe(6); // two reading screens, two choice screens, review, sign
    expect(subject!.reconsent!.fullSteps).toBeGreaterThan(15);

    const started = await startOrResumeJourney({ actor, participantId: participant.id, language: "ja", request });
    expect(started.next).toEqual({ kind: "section", n: 1 });
    const first = await loadJourneyScreen(actor, { kind: "section", n: 1 }, "ja");
    if (first.status !== "ok" || first.screen.body.kind !== "section") throw new Error("no reading screen");
    expect(first.screen.totalSteps).toBe(6);
    expect(first.screen.reconsent).toEqual({ previousVersion: "1.1" });
    expect(first.screen.body.sections.map((section) => [section.number, section.change])).toEqual([[2, "changed"]]);
    // The check is not asked again: its questions did not change.
    expect(await loadJourneyScreen(actor, { kind: "question", n: 1 }, "ja")).toMatchObject({ status: "redirect" });

    await markSectionRead({ actor, journeyId: started.journeyId, screen: 1, language: "ja", request });
    const next = await markSectionRead({ actor, journeyId: started.journeyId, screen: 2, language: "ja", request });
    expect(next).toEqual({ kind: "choice", n: 1 });

    const choiceScreen = await loadJourneyScreen(actor, { kind: "choice", n: 1 }, "ja");
    if (choiceScreen.status !== "ok" || choiceScreen.screen.body.kind !== "choice") throw new Error("no choice screen");
    const onScreen = Object.fromEntries(choiceScreen.screen.body.choices.map((choice) => [choice.id, choice]));
    const ja = v2.content.languages.ja;
    // The changed choice is asked again, never pre-chosen, with the answer in force beside it; its neighbours are filled in.
    expect(onScreen["share.international"]).toMatchObject({ value: null, reconsent: { kind: "changed", inForceLabel: ja.choices["share.international"]!.options.yes } });
    expect(onScreen["share.industry"]).toMatchObject({ value: "no", reconsent: { kind: "carried" } });

    // Meanwhile the participant changes a carried choice on /consent/change: the signature must carry the new answer.
    await changeChoices({ participantId: participant.id, actor: { userId: participant.user!.id, role: "participant" }, method: "online", language: "ja", request, changes: { "recontact.research": "no" } });

    expect(await recordJourneyChoice({ actor, journeyId: started.journeyId, screen: 1, values: { "share.international": "no", "share.industry": "no" }, language: "ja", request })).toEqual({ kind: "choice", n: 2 });
    const review = await recordJourneyChoice({ actor, journeyId: started.journeyId, screen: 2, values: { "disposition.life_event": "destroy" }, language: "ja", request });
    expect(review).toEqual({ kind: "review" });
    const reviewScreen = await loadJourneyScreen(actor, { kind: "review" }, "ja");
    if (reviewScreen.status !== "ok" || reviewScreen.screen.body.kind !== "review") throw new Error("no review");
    const items = Object.fromEntries(reviewScreen.screen.body.items.map((item) => [item.id, item]));
    expect(items["recontact.research"]).toMatchObject({ n: 0, carried: true, valueLabel: ja.choices["recontact.research"]!.options.no });
    expect(items["share.international"]).toMatchObject({ n: 1, carried: false });

    const { event } = await signJourney({ actor, journeyId: started.journeyId, printedName: participant.fullName, language: "ja", request });
    expect(event.formVersionId).toBe(v2.id);
    expect(event.choices).toEqual({ ...choices, "share.international": "no", "recontact.research": "no", "disposition.life_event": "destroy" });
    const after = await getDatabase().consentState.findUniqueOrThrow({ where: { participantId: participant.id } });
    expect([after.status, after.formVersionId]).toEqual(["active", v2.id]);
  });

  it("walks the whole form for a first consent, even when earlier versions exist", async () => {
    await ensurePublishedFormVersion("1.1");
    const v2 = await loadFormVersion(await ensurePublishedFormVersion("2.0"));
    const participant = await createParticipant();
    const [subject] = (await onlineJourneyStart(participant.user!.id, "ja")).subjects;
    expect(subject!.reconsent).toBeNull();
    const started = await startOrResumeJourney({ actor: onlineActor(participant.user!), participantId: participant.id, language: "ja", request });
    const screen = await loadJourneyScreen(onlineActor(participant.user!), started.next as { kind: "section"; n: number }, "ja");
    if (screen.status !== "ok") throw new Error("no screen");
    expect(screen.screen.reconsent).toBeNull();
    expect(screen.screen.totalSteps).toBeGreaterThan(15);
    expect(v2.version).toBe("2.0");
  });
});
