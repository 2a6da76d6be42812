import type { Recipient } from "./choice-catalogue";

/**
 * The 2024 law (次世代医療基盤法, in force 2024-04-01; ADR 140): medical information may go to a certified producer
 * (認定作成事業者) unless the person refuses after a prior notice. Its recipients are decided by this law, not by the
 * research consent's sharing choices, so the rule asks other questions of them (decide-action.ts): was the person
 * notified, did they stop provision, is the purpose the one the law allows.
 */
export const lawRecipients = ["certified_producer"] as const satisfies readonly Recipient[];
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
} as const satisfies Record<string, { label: string }>;
export type TsunagiPurposeId = keyof typeof tsunagiPurposes;

/** A purpose as a request names it: a DUO id, or one of the programme's own in the same shape. */
export const PURPOSE_ID_PATTERN = /^(?:DUO|TSUNAGI):[0-9]{7}$/;

/** The one purpose each law recipient may be given data for. */
export const lawPurposeOf: Readonly<Record<LawRecipient, TsunagiPurposeId>> = {
  certified_producer: "TSUNAGI:0000001",
};

/**
 * The notice under the law as this release shows it. A new version of its text gets a new version here (the text
 * lives in locales/<language>/provision.json under `notice`); any version counts as the notice the law asks for, and the
 * ledger keeps which one each person was given.
 */
export const PROVISION_NOTICE_VERSION = "2024-04.1";
export const provisionNoticeChannels = ["online", "paper"] as const;
export type ProvisionNoticeChannel = (typeof provisionNoticeChannels)[number];
