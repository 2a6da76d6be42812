/**
 * The dashboard part's entry for what the browser may also load (ADR 132): the participant's choices as lines of
 * their form, and whether they may still be changed.
 */
export { choiceLinesOf } from "./choice-lines";
export type { ChoiceLine } from "./choice-lines";
export { choiceChangeable, choicesChangeable, withdrawalLevelsLeft } from "../records/index";
