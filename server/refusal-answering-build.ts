import type { ServerBuild } from "@remix-run/node";

type RouteModule = ServerBuild["routes"][string]["module"];
type Wrap = <Module extends RouteModule>(module: Module) => Module;

const answered = new WeakMap<ServerBuild, ServerBuild>();

/**
 * The build with every route's loader and action answering the domain's refusals once, as the table says (ADR 131;
 * app/forms/refusal-answers.server.ts). The wrapper comes from the build's own entry (app/entry.server.tsx): the build
 * bundles its own copy of the app, and parseForm, inside that copy, must speak to the same request store the wrapper
 * reads. Each build is wrapped once (development asks Vite for it on every request).
 */
export function answeringRefusalsIn(build: ServerBuild): ServerBuild {
  const known = answered.get(build);
  if (known) return known;
  const wrap = (build.entry.module as { withRefusalAnswers?: Wrap }).withRefusalAnswers;
  if (!wrap) throw new Error("the build's entry.server does not export withRefusalAnswers: refusals would reach the client as errors");
  const routes = Object.fromEntries(Object.entries(build.routes).map(([id, route]) => [id, { ...route, module: wrap(route.module) }]));
  const wrapped = { ...build, routes } as ServerBuild;
  answered.set(build, wrapped);
  return wrapped;
}
