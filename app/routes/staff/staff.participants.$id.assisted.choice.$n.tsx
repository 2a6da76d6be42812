import { assisted } from "../../routes-support/journey/journey-routes.server";
export const loader = assisted.choice.loader;
export const action = assisted.choice.action;
export { links, choiceMeta as meta, JourneyStepRoute as default } from "../../routes-support/journey/journey-pages";
