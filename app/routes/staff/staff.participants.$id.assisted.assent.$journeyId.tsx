import { assisted } from "../../routes-support/journey/journey-routes.server";
export const loader = assisted.assent.loader;
export const action = assisted.assent.action;
export { links, assentMeta as meta, AssentRoute as default } from "../../routes-support/journey/journey-pages";
