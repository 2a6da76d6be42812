/**
 * The consent choice catalogue (BRIEF.md §2). A choice's id is stable forever: ledger snapshots, FHIR
 * provisions and the pipeline gate all key on it. Wording lives in each form version's content, because the
 * text a participant signed is part of what the signature binds to; what a choice *does* lives here.
 */

export const gateActions = [
  "sequence",
  "analyze",
  "store",
  "share",
  "release",
  "distribute_specimen",
  "return_primary",
  "return_secondary",
  "recontact",
] as const;
export type GateAction = (typeof gateActions)[number];

/**
 * Who receives data or specimens. The first four are the research consent's (its sharing choices govern them); a
 * certified producer and the four regulators are the 2024 law's (provision-law.ts), which no choice governs.
 */
export const recipients = [
  "academia",
  "industry",
  "international",
  "public",
  "certified_producer",
  "regulator_pmda",
  "regulator_fda",
  "regulator_mhra",
  "regulator_ema",
] as const;
export type Recipient = (typeof recipients)[number];

export const findingsCategories = ["hereditary_cancer", "other_actionable"] as const;
export type FindingsCategory = (typeof findingsCategories)[number];

export const recontactTopics = ["research", "findings_update"] as const;
export type RecontactTopic = (typeof recontactTopics)[number];

interface ChoiceDefinition {
  /** The values a participant may pick, in the order they are offered (declining is never hidden). */
  readonly options: readonly string[];
  /** Without this value the participant cannot take part; the journey says so instead of offering a "no". */
  readonly requiredValue?: string;
  /** Gate actions this choice governs, with the recipients it covers where that matters. */
  readonly governs: readonly { action: GateAction; recipients?: readonly Recipient[] }[];
  /** DUO terms (keyed by id, see shared/reference/duo) that describe the data use when granted or declined. */
  readonly duo: { readonly whenGranted: readonly string[]; readonly whenDeclined: readonly string[] };
  /** FHIR Consent.provision.action code (consentaction value set). */
  readonly fhirAction: "collect" | "access" | "use" | "disclose" | "correct";
  /** Preferences are stored with the choices but grant nothing by themselves. */
  readonly preference?: boolean;
}

const yesNo = ["yes", "no"] as const;
const findings = ["want", "not_want", "undecided"] as const;

export const choiceCatalogue = {
  "core.wgs": {
    options: yesNo,
    requiredValue: "yes",
    governs: [{ action: "sequence" }, { action: "analyze" }, { action: "store" }],
    duo: { whenGranted: ["DUO:0000006", "DUO:0000021"], whenDeclined: [] },
    fhirAction: "collect",
  },
  "return.primary": {
    options: yesNo,
    governs: [{ action: "return_primary" }],
    duo: { whenGranted: ["DUO:0000043"], whenDeclined: [] },
    fhirAction: "disclose",
  },
  "findings.secondary.hereditary_cancer": {
    options: findings,
    governs: [{ action: "return_secondary" }],
    duo: { whenGranted: ["DUO:0000043"], whenDeclined: [] },
    fhirAction: "disclose",
  },
  "findings.secondary.other_actionable": {
    options: findings,
    governs: [{ action: "return_secondary" }],
    duo: { whenGranted: ["DUO:0000043"], whenDeclined: [] },
    fhirAction: "disclose",
  },
  "share.academia": {
    options: yesNo,
    governs: [{ action: "share", recipients: ["academia"] }, { action: "release", recipients: ["academia"] }],
    duo: { whenGranted: ["DUO:0000006", "DUO:0000026"], whenDeclined: [] },
    fhirAction: "disclose",
  },
  "share.industry": {
    options: yesNo,
    governs: [{ action: "share", recipients: ["industry"] }, { action: "release", recipients: ["industry"] }],
    duo: { whenGranted: ["DUO:0000006"], whenDeclined: ["DUO:0000046", "DUO:0000045"] },
    fhirAction: "disclose",
  },
  "share.international": {
    options: yesNo,
    governs: [{ action: "share", recipients: ["international"] }, { action: "release", recipients: ["international"] }],
    duo: { whenGranted: ["DUO:0000006"], whenDeclined: ["DUO:0000022"] },
    fhirAction: "disclose",
  },
  "share.public_db": {
    options: yesNo,
    governs: [{ action: "share", recipients: ["public"] }, { action: "release", recipients: ["public"] }],
    duo: { whenGranted: ["DUO:0000004", "DUO:0000024"], whenDeclined: [] },
    fhirAction: "disclose",
  },
  "specimen.joint_research": {
    options: yesNo,
    governs: [{ action: "distribute_specimen", recipients: ["academia"] }],
    duo: { whenGranted: ["DUO:0000006", "DUO:0000020"], whenDeclined: [] },
    fhirAction: "disclose",
  },
  "specimen.industry_only": {
    options: yesNo,
    governs: [{ action: "distribute_specimen", recipients: ["industry"] }],
    duo: { whenGranted: ["DUO:0000006"], whenDeclined: ["DUO:0000046"] },
    fhirAction: "disclose",
  },
  "recontact.research": {
    options: yesNo,
    governs: [{ action: "recontact" }],
    duo: { whenGranted: [], whenDeclined: [] },
    fhirAction: "use",
  },
  "recontact.findings_update": {
    options: yesNo,
    governs: [{ action: "recontact" }],
    duo: { whenGranted: [], whenDeclined: [] },
    fhirAction: "use",
  },
  "recontact.channel": {
    options: ["email", "post", "phone"],
    governs: [],
    duo: { whenGranted: [], whenDeclined: [] },
    fhirAction: "use",
    preference: true,
  },
  "recontact.frequency": {
    options: ["as_needed", "yearly", "once_only"],
    governs: [],
    duo: { whenGranted: [], whenDeclined: [] },
    fhirAction: "use",
    preference: true,
  },
  "linkage.public_db": {
    options: yesNo,
    // Linkage happens in the data centre, not in a pipeline step, so no gate action asks for it directly; the
    // subject summary carries it for the data centre to honour.
    governs: [],
    duo: { whenGranted: ["DUO:0000006"], whenDeclined: [] },
    fhirAction: "collect",
  },
  // What happens after the person dies or loses the capacity to decide (issue 58 item 4, ADR 143), asked at consent as
  // CHRIS does: keep using (nothing new reaches the person), stop new use (what exists is kept, unused), or destroy
  // samples and data. It grants nothing by itself; the rule reads it only once a life event is recorded
  // (decide-action.ts, lifeEventLevel), and reads its absence as "stop new use".
  "disposition.life_event": {
    options: ["keep_using", "stop_new_use", "destroy"],
    governs: [],
    duo: { whenGranted: [], whenDeclined: [] },
    fhirAction: "use",
    preference: true,
  },
} as const satisfies Record<string, ChoiceDefinition>;

export type ChoiceId = keyof typeof choiceCatalogue;
export const choiceIds = Object.keys(choiceCatalogue) as ChoiceId[];
export type ChoiceValue<Id extends ChoiceId = ChoiceId> = (typeof choiceCatalogue)[Id]["options"][number];

/** A full snapshot of a participant's choices: every choice the signed version offered, one value each. */
export type ChoiceSnapshot = Partial<Record<ChoiceId, string>>;

export function isChoiceId(value: string): value is ChoiceId {
  return Object.hasOwn(choiceCatalogue, value);
}

export function choiceDefinition(id: ChoiceId): ChoiceDefinition {
  return choiceCatalogue[id];
}

/** "Granted" for a choice: yes, or want for findings; preferences are never grants. */
export function isGranted(id: ChoiceId, value: string | undefined): boolean {
  if (value === undefined || ("preference" in choiceCatalogue[id] && choiceCatalogue[id].preference)) return false;
  return value === "yes" || value === "want";
}

/** The DUO terms a snapshot implies, de-duplicated, for FHIR and data-access matching. */
export function duoTermsOf(snapshot: ChoiceSnapshot): string[] {
  const terms = new Set<string>();
  for (const id of choiceIds) {
    const value = snapshot[id];
    if (value === undefined) continue;
    const definition = choiceDefinition(id);
    for (const term of isGranted(id, value) ? definition.duo.whenGranted : definition.duo.whenDeclined) terms.add(term);
  }
  return [...terms].sort();
}
