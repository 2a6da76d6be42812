import { online } from "../../routes-support/journey/journey-routes.server";
export const loader = online.section.loader;
export const action = online.section.action;
export { links, sectionMeta as meta, JourneyStepRoute as default } from "../../routes-support/journey/journey-pages";
