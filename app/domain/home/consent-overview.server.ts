import type { Database } from "../../db.server";
import type { ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import type { FormLanguage, InterimRule } from "@tsunagi/consent-rules/form-content";
import { loadFormVersion, readSubjectsWithFacts, type ConsentSubject } from "../consent/index.server";
import type { WithdrawalLevel } from "@tsunagi/consent-rules/ledger-event";
import { projectionFromRow, choiceChangeable, choicesChangeable, describeChoiceEffects, type ChoiceEffects, choiceLinesOf, type ChoiceLine, withdrawalLevelsLeft } from "../consent";
import { lifeEventLevel } from "@tsunagi/consent-rules/decide-action";
import type { LifeEvent } from "@tsunagi/consent-rules/consent-projection";
import type { ConsentStatus } from "@tsunagi/consent-rules/consent-projection";
import { AppError } from "../kernel/index";
import { loadParticipantCaseNotices, type ParticipantCaseNotice } from "../findings/index.server";
import { loadOwnSurvey } from "../surveys/index.server";

export interface SubjectSummary {
  participantId: string;
  fullName: string;
  as: "self" | "proxy";
  relationship: string | null;
}

export interface ConsentOverview {
  subjects: SubjectSummary[];
  subject: SubjectSummary;
  /** Family access paused at the transfer at majority, waiting for the participant's own decision (ADR 036). */
  familyPaused: number;
  consent: {
    status: ConsentStatus;
    withdrawalLevel: WithdrawalLevel | null;
    formVersion: string;
    consentedBy: "self" | "proxy";
    updatedAt: string;
    /**
     * Each choice in the signed words, with what its answer does at the gate now (withdrawal included). `changeable`:
     * whether it may change here now; `core`: the core consent, which only a withdrawal ends.
     */
    choices: (ChoiceLine & { effects: ChoiceEffects; core: boolean })[];
    /** Choices can still change while data may still be used: not after "no further use" or "destroy". */
    canChangeChoices: boolean;
    withdrawalLevelsLeft: WithdrawalLevel[];
    /** `deadline`: the day staff ask the decision by (ISO, a day in Japan), when they set one (ADR 120). */
    reconsent: { version: string; summary: string[]; interimRule: InterimRule; deadline: string | null } | null;
    /**
     * A death or loss of capacity the clinic recorded (ADR 143), with the withdrawal level the person's disposition
     * applies from then (the rule's `lifeEventLevel`) and whether they chose it themselves (else the rule's default).
     */
    lifeEvent: (LifeEvent & { level: WithdrawalLevel; chosen: boolean }) | null;
    /** "Your care team would like to talk with you" and the appointment, once a counsellor has scheduled one (ADR 034). */
    careTeamNotices: ParticipantCaseNotice[];
    /** The survey of how consent felt is open for this reader about this subject (ADR 149, 150): a card points to it. */
    surveyOpen: boolean;
  } | null;
}

function summaryOf(subject: ConsentSubject): SubjectSummary {
  return { participantId: subject.participantId, fullName: subject.fullName, as: subject.as, relationship: subject.relationship };
}

/**
 * A participant's (or a proxy's child's) consent as the dashboard shows it, worded by the version they signed,
 * in the reader's language. Null when the signed-in person acts for nobody yet (no enrolment linked).
 * `participantId` picks one of several children; an id this person may not act for is refused.
 */
export async function loadConsentOverview(
  options: { userId: string; participantId?: string | null; language: FormLanguage },
  db?: Database,
): Promise<ConsentOverview | null> {
  const read = await readSubjectsWithFacts(options.userId, db);
  if (read.length === 0) return null;
  const chosen = options.participantId ? read.find((candidate) => candidate.subject.participantId === options.participantId) : read[0];
  if (!chosen) throw new AppError("forbidden");
  const { subject, facts } = chosen;
  const subjects = read.map((candidate) => candidate.subject);
  const row = facts.consent;
  const familyPaused = subject.as === "self" ? facts.familyPaused : 0;
  const overview: ConsentOverview = { subjects: subjects.map(summaryOf), subject: summaryOf(subject), familyPaused, consent: null };
  if (!row?.formVersionId) return overview;
  const state = projectionFromRow(row);
  const version = await loadFormVersion(row.formVersionId, db);
  const pending = state.status === "reconsent_required" && state.pendingFormVersionId ? await loadFormVersion(state.pendingFormVersionId, db) : null;
  overview.consent = {
    status: state.status,
    withdrawalLevel: state.withdrawalLevel,
    formVersion: version.version,
    consentedBy: state.consentedBy,
    updatedAt: state.updatedAt,
    choices: choiceLinesOf(version.content, options.language, state.choices as ChoiceSnapshot).map((line) => ({
      ...line,
      changeable: line.changeable && choiceChangeable(state, line.id),
      core: !line.changeable,
      effects: describeChoiceEffects(line.id, line.value, state),
    })),
    canChangeChoices: choicesChangeable(state),
    withdrawalLevelsLeft: withdrawalLevelsLeft(state),
    lifeEvent: state.lifeEvent ? { ...state.lifeEvent, level: lifeEventLevel(state)!, chosen: state.choices["disposition.life_event"] !== undefined } : null,
    reconsent: pending
      ? {
          version: pending.version,
          summary: pending.content.languages[options.language].summary,
          interimRule: state.interimRule ?? pending.content.interimRule,
          deadline: facts.reconsentDeadline,
        }
      : null,
    careTeamNotices: facts.hasFindings ? await loadParticipantCaseNotices(subject.participantId, state, db) : [],
    surveyOpen: (await loadOwnSurvey({ userId: options.userId, participantId: subject.participantId }, db)).standing === "open",
  };
  return overview;
}
