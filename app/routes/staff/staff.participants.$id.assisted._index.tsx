import { assisted } from "../../routes-support/journey/journey-routes.server";
export const loader = assisted.start.loader;
export const action = assisted.start.action;
export { links, assistedStartMeta as meta, AssistedStartRoute as default } from "../../routes-support/journey/journey-pages";
