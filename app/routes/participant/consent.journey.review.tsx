import { online } from "../../routes-support/journey/journey-routes.server";
export const loader = online.review.loader;
export { links, reviewMeta as meta, JourneyStepRoute as default } from "../../routes-support/journey/journey-pages";
