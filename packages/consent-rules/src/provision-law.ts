import type { Recipient } from "./choice-catalogue";

/**
 * The 2024 law (次世代医療基盤法, in force 2024-04-01; ADR 140): medical information may go to a certified producer
 * (認定作成事業者) unless the person refuses after a prior notice. Its recipients are decided by this law, not by the
 * research consent's sharing choices, so the rule asks other questions of them (decide-action.ts): was the person
 * notified, did they stop provision, is the purpose the one the law allows.
 *
 * Regulators (issue 58 item 3): pseudonymised medical information (仮名加工医療情報) may go to regulators "薬事承認目的に限って"
 * — Japan's MHLW and PMDA, the US FDA, the UK MHRA and the EU's EMA, one recipient each. It is provided from the same
 * chain as a certified producer's, so the same notice and the same stop govern it, and only for the drug-approval
 * purpose, whose definition names the pseudonymised form: a request under it is a request for pseudonymised data.
 */
export const lawRecipients = ["certified_producer", "regulator_pmda", "regulator_fda", "regulator_mhra", "regulator_ema"] as const satisfies readonly Recipient[];
export type LawRecipient = (typeof lawRecipients)[number];

export function isLawRecipient(recipient: Recipient): recipient is LawRecipient {
  return (lawRecipients as readonly Recipient[]).includes(recipient);
}

/**
 * Purpose codes the programme defines where DUO has none, in DUO's shape (a prefix and seven digits), documented in
 * docs/pipeline-bridge.md. A code is never reused for another meaning.
 */
export const TSUNAGI_PURPOSE_SYSTEM = "https://tsunagi.example.jp/purpose";
export const tsunagiPurposes = {
  "TSUNAGI:0000001": {
    label: "production of anonymised or pseudonymised medical information by a certified producer under the Next-Generation Medical Infrastructure Act (次世代医療基盤法)",
  },
  "TSUNAGI:0000002": {
    label: "review for the regulatory approval of drugs, medical devices or regenerative medicine products (薬事承認), with pseudonymised medical information (仮名加工医療情報) only",
  },
} as const satisfies Record<string, { label: string }>;
export type TsunagiPurposeId = keyof typeof tsunagiPurposes;

/** A purpose as a request names it: a DUO id, or one of the programme's own in the same shape. */
export const PURPOSE_ID_PATTERN = /^(?:DUO|TSUNAGI):[0-9]{7}$/;

/** The one purpose each law recipient may be given data for. */
export const lawPurposeOf: Readonly<Record<LawRecipient, TsunagiPurposeId>> = {
  certified_producer: "TSUNAGI:0000001",
  regulator_pmda: "TSUNAGI:0000002",
  regulator_fda: "TSUNAGI:0000002",
  regulator_mhra: "TSUNAGI:0000002",
  regulator_ema: "TSUNAGI:0000002",
};

/**
 * The notice under the law as this release shows it. A new version of its text gets a new version here (the text
 * lives in locales/<language>/provision.json under `notice`); any version counts as the notice the law asks for, and the
 * ledger keeps which one each person was given.
 */
export const PROVISION_NOTICE_VERSION = "2024-04.1";
export const provisionNoticeChannels = ["online", "paper"] as const;
export type ProvisionNoticeChannel = (typeof provisionNoticeChannels)[number];

/**
 * The rule's own words on deleting what was already provided (seed 004, the 2024 law's operating policy), quoted as
 * they stand in every language the participant reads (ADR 142); each language explains them beside the quote.
 */
export const DELETION_RULE_WORDS = "既に提供された情報の削除の求めについては、ご本人を識別可能な情報は可能な限り削除。";
