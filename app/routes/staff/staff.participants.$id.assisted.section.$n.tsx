import { assisted } from "../../routes-support/journey/journey-routes.server";
export const loader = assisted.section.loader;
export const action = assisted.section.action;
export { links, sectionMeta as meta, JourneyStepRoute as default } from "../../routes-support/journey/journey-pages";
