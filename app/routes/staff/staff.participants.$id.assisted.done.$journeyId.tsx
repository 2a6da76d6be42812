import { assisted } from "../../routes-support/journey/journey-routes.server";
export const loader = assisted.done.loader;
export { links, doneMeta as meta, DoneRoute as default } from "../../routes-support/journey/journey-pages";
