// Every namespace of ja-easy, imported statically: the server and the tests compose the three (resources.ts); the
// browser loads only the page's language (entry.client.tsx), so a page carries one language's texts, not three.
// Every namespace but the mails' (only the server renders mail; resources.ts adds it there). Keep the list in step
// with `namespaces`: `satisfies` fails the typecheck when one is missing.
import type { Namespace } from "../namespaces";
import common from "../../../locales/ja-easy/common.json" with { type: "json" };
import auth from "../../../locales/ja-easy/auth.json" with { type: "json" };
import account from "../../../locales/ja-easy/account.json" with { type: "json" };
import errors from "../../../locales/ja-easy/errors.json" with { type: "json" };
import enrolment from "../../../locales/ja-easy/enrolment.json" with { type: "json" };
import journey from "../../../locales/ja-easy/journey.json" with { type: "json" };
import dashboard from "../../../locales/ja-easy/dashboard.json" with { type: "json" };
import forms from "../../../locales/ja-easy/forms.json" with { type: "json" };
import verify from "../../../locales/ja-easy/verify.json" with { type: "json" };
import documents from "../../../locales/ja-easy/documents.json" with { type: "json" };
import jobs from "../../../locales/ja-easy/jobs.json" with { type: "json" };
import findings from "../../../locales/ja-easy/findings.json" with { type: "json" };
import recontact from "../../../locales/ja-easy/recontact.json" with { type: "json" };
import family from "../../../locales/ja-easy/family.json" with { type: "json" };
import updates from "../../../locales/ja-easy/updates.json" with { type: "json" };
import access from "../../../locales/ja-easy/access.json" with { type: "json" };
import register from "../../../locales/ja-easy/register.json" with { type: "json" };
import admin from "../../../locales/ja-easy/admin.json" with { type: "json" };
import transparency from "../../../locales/ja-easy/transparency.json" with { type: "json" };
import dataUse from "../../../locales/ja-easy/data-use.json" with { type: "json" };
import reports from "../../../locales/ja-easy/reports.json" with { type: "json" };
import figures from "../../../locales/ja-easy/figures.json" with { type: "json" };
import learning from "../../../locales/ja-easy/learning.json" with { type: "json" };
import consultationAdmin from "../../../locales/ja-easy/consultation-admin.json" with { type: "json" };
import consultations from "../../../locales/ja-easy/consultations.json" with { type: "json" };
import landing from "../../../locales/ja-easy/landing.json" with { type: "json" };
import results from "../../../locales/ja-easy/results.json" with { type: "json" };
import enquiries from "../../../locales/ja-easy/enquiries.json" with { type: "json" };
import briefings from "../../../locales/ja-easy/briefings.json" with { type: "json" };
import surveys from "../../../locales/ja-easy/surveys.json" with { type: "json" };
import panelCalls from "../../../locales/ja-easy/panel-calls.json" with { type: "json" };
import panelClaims from "../../../locales/ja-easy/panel-claims.json" with { type: "json" };

export const bundle = { common, auth, account, errors, enrolment, journey, dashboard, forms, verify, documents, jobs, findings, recontact, family, updates, access, register, admin, transparency, "data-use": dataUse, reports, figures, learning, "consultation-admin": consultationAdmin, consultations, landing, results, enquiries, briefings, surveys, "panel-calls": panelCalls, "panel-claims": panelClaims } satisfies Record<Exclude<Namespace, "email">, unknown>;
