/**
 * Why a print of a campaign's letters made no PDF, as the campaign's page says it (`?letters=<refusal>`): the form
 * was not one of the page's buttons, the campaign is still a draft, nothing is left to print, or every letter of
 * the print was withheld because consent had changed (ADR 035).
 */
export const lettersRefusals = ["invalid", "campaign_not_sent", "no_letters_to_print", "withheld"] as const;
export type LettersRefusal = (typeof lettersRefusals)[number];
