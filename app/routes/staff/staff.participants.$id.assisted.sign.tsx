import { assisted } from "../../routes-support/journey/journey-routes.server";
export const loader = assisted.sign.loader;
export const action = assisted.sign.action;
export { links, signMeta as meta, JourneyStepRoute as default } from "../../routes-support/journey/journey-pages";
