import { online } from "../../routes-support/journey/journey-routes.server";
export const loader = online.sign.loader;
export const action = online.sign.action;
export { links, signMeta as meta, JourneyStepRoute as default } from "../../routes-support/journey/journey-pages";
