/** The three answers a campaign's response link offers (issue 13 item 5; ADR 035), as RecontactDelivery.answer stores them. */
export const recontactAnswers = ["interested", "not_interested", "stop_contacting"] as const;
export type RecontactAnswer = (typeof recontactAnswers)[number];
