import { online } from "../../routes-support/journey/journey-routes.server";
export const loader = online.check.loader;
export const action = online.check.action;
export { links, checkMeta as meta, JourneyStepRoute as default } from "../../routes-support/journey/journey-pages";
