import type { ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";

/** How a campaign message reaches a participant (ADR 033). */
export const recontactChannels = ["email", "post"] as const;
export type RecontactChannel = (typeof recontactChannels)[number];

export interface ChannelChoice {
  channel: RecontactChannel;
  /** The channel needs an address the programme does not have. */
  noAddress: boolean;
}

/**
 * The participant's `recontact.channel`, honoured: email goes by email (and without an address on file, it cannot
 * go at all: counted as undeliverable rather than moved to another channel the participant did not pick); post
 * goes as a letter printed for the enrolling clinic, which holds the postal address. A campaign cannot make phone
 * calls, so `phone` is also a letter, which the clinic may follow with the call the participant asked for. With no
 * preference on record, email where there is an address, else a letter.
 */
export function deliveryChannel(choices: ChoiceSnapshot, hasEmail: boolean): ChannelChoice {
  const preference = choices["recontact.channel"];
  if (preference === "email") return { channel: "email", noAddress: !hasEmail };
  if (preference === "post" || preference === "phone") return { channel: "post", noAddress: false };
  return { channel: hasEmail ? "email" : "post", noAddress: false };
}
