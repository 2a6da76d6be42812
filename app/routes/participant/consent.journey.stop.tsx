import { online } from "../../routes-support/journey/journey-routes.server";
export const loader = online.stop.loader;
export { links, stopMeta as meta, JourneyStepRoute as default } from "../../routes-support/journey/journey-pages";
