import type { SubjectRecord } from "../../services/pipeline-bridge/src/projection/subject-store";
import { choiceSnapshot } from "../factories/choice-snapshot";

export type SubjectRecordOverrides = Partial<Omit<SubjectRecord, "consent">> & { consent?: Partial<SubjectRecord["consent"]> };

/**
 * A participant as the bridge's projection holds them: active consent to the catalogue's usual choices for
 * DUO:0000006 on form 1.1, given by themselves, one sample kept. Tests override what their case is about.
 */
export function subjectRecord(overrides: SubjectRecordOverrides = {}): SubjectRecord {
  const { consent, ...record } = overrides;
  return {
    pseudonym: "TGP-AAAA-BBBB",
    version: 1,
    eventId: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
    globalSeq: "1",
    occurredAt: "2026-11-20T01:00:00.000Z",
    samples: [{ code: "S-AAAA-T", destroyed: false }],
    ...record,
    consent: {
      status: "active",
      formVersion: "1.1",
      formVersionHash: "a".repeat(64),
      choices: choiceSnapshot(),
      permittedPurposes: ["DUO:0000006"],
      withdrawalLevel: null,
      interimRule: null,
      consentedBy: "self",
      ...consent,
    },
  };
}
