import { online } from "../../routes-support/journey/journey-routes.server";
export const loader = online.done.loader;
export { links, doneMeta as meta, DoneRoute as default } from "../../routes-support/journey/journey-pages";
