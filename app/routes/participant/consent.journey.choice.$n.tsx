import { online } from "../../routes-support/journey/journey-routes.server";
export const loader = online.choice.loader;
export const action = online.choice.action;
export { links, choiceMeta as meta, JourneyStepRoute as default } from "../../routes-support/journey/journey-pages";
