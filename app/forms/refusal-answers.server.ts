import { AsyncLocalStorage } from "node:async_hooks";
import type { SubmissionResult } from "@conform-to/react";
import { json, redirect } from "@remix-run/node";
import type { TFunction } from "i18next";
import { getFixedT } from "../i18n/i18n";
import { getLanguage } from "../i18n/language.server";
import { isAppError, type AppError, type AppErrorCode, type RefusalSentence } from "../domain/kernel/index";
import { refusalStatus, refusalText } from "./refusals.server";

/**
 * Refusals answered once, at the transport (issue 56 item 2; ADR 131). A route's loader or action lets the domain's
 * refusal (an `AppError`) go; the build's every loader and action runs inside `answeringRefusals`, which turns it into
 * the answer the table (refusals.server.ts) gives its code:
 *
 * - 404 or 403: the page a visitor sees (never the domain's words), or for a resource route `{ error }` as JSON;
 * - 401 (`reauthentication_required`): the way to confirm it is you, and back to the page;
 * - on a page's action, any other: the refusal's words in the reader's language above the form (or on the field the
 *   route names), the typed values kept, with the table's status, beside the page's own action data;
 * - on a page's loader, any other: the refusal page with the table's status;
 * - on a resource route: `{ error: code, message }` with the table's status where the client reads JSON (it says so,
 *   or the address is an API's or a .json), else the refusal's words as plain text (a PDF or CSV asked for by a browser).
 *
 * A route says only what it alone can know, through `parseForm(request, Schema, answers)` or `answerRefusals(answers)`
 * (the options below); it never catches a refusal to re-shape it (lint refuses it: `refusalMappingRules`).
 */
export interface RefusalAnswers {
  /** The page's own action data, sent beside the form's `result` (a step, an id the page needs to show the form again). */
  extra?: Record<string, unknown>;
  /**
   * The field a refusal's words belong on (an address already taken), instead of above the form: by code, or for one
   * reason of a family under one code by its sentence (`"reports:refusals.publish_at_not_ahead"`), which wins.
   */
  field?: Partial<Record<AppErrorCode | `${RefusalSentence["namespace"]}:${string}`, string>>;
  /**
   * Refusals that concern a value the form itself sent, not the page's address: a participant chosen in a field who
   * is not the reader's is a mistake in what was sent (400, in words above the form), where the same participant in
   * the address is a page not theirs (403).
   */
  aboutWhatWasSent?: readonly AppErrorCode[];
  /**
   * Refusals said in words on the form with the table's own status, 404 or 403 included, rather than as the page: a
   * row's form on an admin's list naming an account that is gone or their own, a job no longer parked. The reader
   * sees why; a client still reads the table's status.
   */
  inPlace?: readonly AppErrorCode[];
  /** Refusals that mean "nothing here" on this page only: the 404 page rather than words. */
  alsoMissing?: readonly AppErrorCode[];
  /** Where a refusal sends the reader instead of saying it (the record's own page, which says why). */
  redirectTo?: Partial<Record<AppErrorCode, string>>;
  /** The page's own sentence for a code, as an i18n key with its namespace (`enrolment:enrol.errors.already_enrolled`). */
  inWords?: Partial<Record<AppErrorCode, string>>;
  /** Values for the sentence's placeholders. */
  values?: Record<string, string>;
  /** Fields the form must not send back (a password). */
  hideFields?: string[];
  /** Where the reader returns once they have confirmed it is them (default: this page). */
  returnAfterReauthentication?: string;
}

type FormReply = { reply(options?: { formErrors?: string[]; fieldErrors?: Record<string, string[]>; hideFields?: string[] }): SubmissionResult<string[]> };

/** Where a request's refusal will be answered: a page (form or page) or a resource route (JSON). */
export type RefusalSurface = "page" | "resource";

interface Answering {
  surface: RefusalSurface;
  phase: "loader" | "action";
  /** The request, when the caller has it (the server always does; a test's direct call learns it from parseForm). */
  request?: Request;
  submission?: FormReply;
  t?: TFunction;
  answers: RefusalAnswers;
}

const answering = new AsyncLocalStorage<Answering>();

/** Declares how this request's refusals are answered where the page differs (merged with what was said before). */
export function answerRefusals(answers: RefusalAnswers): void {
  const current = answering.getStore();
  if (!current) return;
  current.answers = {
    ...current.answers,
    ...answers,
    extra: { ...current.answers.extra, ...answers.extra },
    field: { ...current.answers.field, ...answers.field },
    redirectTo: { ...current.answers.redirectTo, ...answers.redirectTo },
    inWords: { ...current.answers.inWords, ...answers.inWords },
  };
}

/** parseForm's part: the form a refusal's words are put on, with the reader's translator. */
export function rememberSubmission(submission: FormReply, t: TFunction, request: Request): void {
  const current = answering.getStore();
  if (!current) return;
  current.submission = submission;
  current.t = t;
  current.request ??= request;
}

/** Runs a loader or action so that a refusal it lets go is answered as the table says. */
export async function answeringRefusals<T>(surface: RefusalSurface, phase: "loader" | "action", request: Request | undefined, run: () => Promise<T>): Promise<T | Response> {
  const context: Answering = { surface, phase, request, answers: {} };
  return answering.run(context, async () => {
    try {
      return await run();
    } catch (error) {
      if (!isAppError(error)) throw error;
      return answerOf(error, context);
    }
  });
}

async function answerOf(error: AppError, { surface, phase, request, submission, t, answers }: Answering): Promise<Response> {
  const sent = answers.aboutWhatWasSent?.includes(error.code) ?? false;
  const status = sent ? 400 : answers.alsoMissing?.includes(error.code) ? 404 : refusalStatus[error.code];
  const goTo = answers.redirectTo?.[error.code];
  if (goTo) throw redirect(goTo);
  const asJson = surface === "resource" && asksForJson(request);
  const noStore = { "Cache-Control": "no-store" };
  if (status === 401) {
    const url = request ? new URL(request.url) : undefined;
    const back = answers.returnAfterReauthentication ?? (url ? `${url.pathname}${url.search}` : "/");
    const to = `/account/reauthenticate?redirectTo=${encodeURIComponent(back)}`;
    if (asJson) return json({ error: error.code, redirectTo: to }, { status, headers: noStore });
    throw redirect(to);
  }
  if (asJson && (status === 404 || status === 403)) return json({ error: status === 404 ? "not_found" : "forbidden" }, { status, headers: noStore });
  const inPlace = answers.inPlace?.includes(error.code) ?? false;
  if (surface === "page" && status === 404 && !inPlace) throw new Response("Not found", { status: 404 });
  if (surface === "page" && status === 403 && !inPlace) throw new Response("Forbidden", { status: 403 });
  const words = t ?? (await getFixedT(request ? await getLanguage(request) : "ja", "errors"));
  const text = textOf(error, words, answers);
  if (asJson) return json({ error: error.code, message: text }, { status, headers: noStore });
  // A file or feed asked for by a browser or a viewer (a PDF, a CSV): the refusal's words as plain text.
  if (surface === "resource") return new Response(text, { status, headers: { ...noStore, "Content-Type": "text/plain; charset=utf-8" } });
  if (phase === "loader") throw new Response(text, { status });
  const field = (error.sentence && answers.field?.[`${error.sentence.namespace}:${error.sentence.key}`]) || answers.field?.[error.code];
  const said = field ? { fieldErrors: { [field]: [text] } } : { formErrors: [text] };
  const result = submission ? submission.reply({ ...said, ...(answers.hideFields ? { hideFields: answers.hideFields } : {}) }) : ({ status: "error", error: field ? { [field]: [text] } : { "": [text] } } as SubmissionResult<string[]>);
  return json({ ...answers.extra, result }, { status });
}

/** A resource route's client that reads JSON: it says so (Accept, a JSON body), or the address is an API's or a .json. */
function asksForJson(request: Request | undefined): boolean {
  if (!request) return true;
  const path = new URL(request.url).pathname;
  return (
    (request.headers.get("Accept") ?? "").includes("application/json") ||
    (request.headers.get("Content-Type") ?? "").startsWith("application/json") ||
    path.startsWith("/api/") ||
    path.endsWith(".json")
  );
}

function textOf(error: AppError, t: TFunction, answers: RefusalAnswers): string {
  const own = answers.inWords?.[error.code];
  if (own) {
    const [namespace, key] = own.includes(":") ? (own.split(/:(.*)/s, 2) as [string, string]) : ["errors", own];
    return t(key, { ...answers.values, ns: namespace });
  }
  return refusalText(error, t, answers.values);
}

interface RouteModule {
  default?: unknown;
  loader?: (args: { request: Request }) => unknown;
  action?: (args: { request: Request }) => unknown;
  [name: string]: unknown;
}

/**
 * A route module whose loader and action answer refusals as above: a module with a page (a default export) answers as
 * a page, one without as a resource (JSON). The server applies it to every route of the build
 * (server/refusal-answering-build.ts, through entry.server so that the build's own copy of this module is the one
 * parseForm speaks to); a test calling a route's action directly applies it the same way.
 */
export function withRefusalAnswers<Module extends RouteModule>(module: Module): Module {
  const surface: RefusalSurface = module.default ? "page" : "resource";
  const wrapped: RouteModule = { ...module };
  for (const phase of ["loader", "action"] as const) {
    const run = module[phase];
    if (typeof run !== "function") continue;
    wrapped[phase] = (args: { request: Request }) => answeringRefusals(surface, phase, args.request, async () => run(args));
  }
  return wrapped as Module;
}
