import { online } from "../../routes-support/journey/journey-routes.server";
export const loader = online.start.loader;
export const action = online.start.action;
export { links, onlineStartMeta as meta, OnlineStartRoute as default } from "../../routes-support/journey/journey-pages";
