// Every namespace of en, imported statically: the server and the tests compose the three (resources.ts); the
// browser loads only the page's language (entry.client.tsx), so a page carries one language's texts, not three.
// Every namespace but the mails' (only the server renders mail; resources.ts adds it there). Keep the list in step
// with `namespaces`: `satisfies` fails the typecheck when one is missing.
import type { Namespace } from "../namespaces";
import common from "../../../locales/en/common.json" with { type: "json" };
import auth from "../../../locales/en/auth.json" with { type: "json" };
import account from "../../../locales/en/account.json" with { type: "json" };
import errors from "../../../locales/en/errors.json" with { type: "json" };
import enrolment from "../../../locales/en/enrolment.json" with { type: "json" };
import journey from "../../../locales/en/journey.json" with { type: "json" };
import dashboard from "../../../locales/en/dashboard.json" with { type: "json" };
import forms from "../../../locales/en/forms.json" with { type: "json" };
import verify from "../../../locales/en/verify.json" with { type: "json" };
import documents from "../../../locales/en/documents.json" with { type: "json" };
import jobs from "../../../locales/en/jobs.json" with { type: "json" };
import findings from "../../../locales/en/findings.json" with { type: "json" };
import recontact from "../../../locales/en/recontact.json" with { type: "json" };
import family from "../../../locales/en/family.json" with { type: "json" };
import updates from "../../../locales/en/updates.json" with { type: "json" };
import access from "../../../locales/en/access.json" with { type: "json" };
import register from "../../../locales/en/register.json" with { type: "json" };
import admin from "../../../locales/en/admin.json" with { type: "json" };
import transparency from "../../../locales/en/transparency.json" with { type: "json" };
import dataUse from "../../../locales/en/data-use.json" with { type: "json" };
import reports from "../../../locales/en/reports.json" with { type: "json" };
import figures from "../../../locales/en/figures.json" with { type: "json" };
import learning from "../../../locales/en/learning.json" with { type: "json" };
import consultationAdmin from "../../../locales/en/consultation-admin.json" with { type: "json" };
import consultations from "../../../locales/en/consultations.json" with { type: "json" };
import landing from "../../../locales/en/landing.json" with { type: "json" };
import results from "../../../locales/en/results.json" with { type: "json" };
import enquiries from "../../../locales/en/enquiries.json" with { type: "json" };
import briefings from "../../../locales/en/briefings.json" with { type: "json" };
import surveys from "../../../locales/en/surveys.json" with { type: "json" };
import panelCalls from "../../../locales/en/panel-calls.json" with { type: "json" };
import panelClaims from "../../../locales/en/panel-claims.json" with { type: "json" };

export const bundle = { common, auth, account, errors, enrolment, journey, dashboard, forms, verify, documents, jobs, findings, recontact, family, updates, access, register, admin, transparency, "data-use": dataUse, reports, figures, learning, "consultation-admin": consultationAdmin, consultations, landing, results, enquiries, briefings, surveys, "panel-calls": panelCalls, "panel-claims": panelClaims } satisfies Record<Exclude<Namespace, "email">, unknown>;
