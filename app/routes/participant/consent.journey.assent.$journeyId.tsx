import { online } from "../../routes-support/journey/journey-routes.server";
export const loader = online.assent.loader;
export const action = online.assent.action;
export { links, assentMeta as meta, AssentRoute as default } from "../../routes-support/journey/journey-pages";
