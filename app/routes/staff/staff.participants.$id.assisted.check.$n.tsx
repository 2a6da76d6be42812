import { assisted } from "../../routes-support/journey/journey-routes.server";
export const loader = assisted.check.loader;
export const action = assisted.check.action;
export { links, checkMeta as meta, JourneyStepRoute as default } from "../../routes-support/journey/journey-pages";
