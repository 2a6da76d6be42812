// Every namespace of ja, imported statically: the server and the tests compose the three (resources.ts); the
// browser loads only the page's language (entry.client.tsx), so a page carries one language's texts, not three.
// Every namespace but the mails' (only the server renders mail; resources.ts adds it there). Keep the list in step
// with `namespaces`: `satisfies` fails the typecheck when one is missing.
import type { Namespace } from "../namespaces";
import common from "../../../locales/ja/common.json" with { type: "json" };
import auth from "../../../locales/ja/auth.json" with { type: "json" };
import account from "../../../locales/ja/account.json" with { type: "json" };
import errors from "../../../locales/ja/errors.json" with { type: "json" };
import enrolment from "../../../locales/ja/enrolment.json" with { type: "json" };
import journey from "../../../locales/ja/journey.json" with { type: "json" };
import dashboard from "../../../locales/ja/dashboard.json" with { type: "json" };
import forms from "../../../locales/ja/forms.json" with { type: "json" };
import verify from "../../../locales/ja/verify.json" with { type: "json" };
import documents from "../../../locales/ja/documents.json" with { type: "json" };
import jobs from "../../../locales/ja/jobs.json" with { type: "json" };
import findings from "../../../locales/ja/findings.json" with { type: "json" };
import recontact from "../../../locales/ja/recontact.json" with { type: "json" };
import family from "../../../locales/ja/family.json" with { type: "json" };
import updates from "../../../locales/ja/updates.json" with { type: "json" };
import access from "../../../locales/ja/access.json" with { type: "json" };
import register from "../../../locales/ja/register.json" with { type: "json" };
import admin from "../../../locales/ja/admin.json" with { type: "json" };
import transparency from "../../../locales/ja/transparency.json" with { type: "json" };
import dataUse from "../../../locales/ja/data-use.json" with { type: "json" };
import reports from "../../../locales/ja/reports.json" with { type: "json" };
import figures from "../../../locales/ja/figures.json" with { type: "json" };
import learning from "../../../locales/ja/learning.json" with { type: "json" };
import consultationAdmin from "../../../locales/ja/consultation-admin.json" with { type: "json" };
import consultations from "../../../locales/ja/consultations.json" with { type: "json" };
import landing from "../../../locales/ja/landing.json" with { type: "json" };
import results from "../../../locales/ja/results.json" with { type: "json" };
import enquiries from "../../../locales/ja/enquiries.json" with { type: "json" };
import briefings from "../../../locales/ja/briefings.json" with { type: "json" };
import surveys from "../../../locales/ja/surveys.json" with { type: "json" };
import panelCalls from "../../../locales/ja/panel-calls.json" with { type: "json" };
import panelClaims from "../../../locales/ja/panel-claims.json" with { type: "json" };

export const bundle = { common, auth, account, errors, enrolment, journey, dashboard, forms, verify, documents, jobs, findings, recontact, family, updates, access, register, admin, transparency, "data-use": dataUse, reports, figures, learning, "consultation-admin": consultationAdmin, consultations, landing, results, enquiries, briefings, surveys, "panel-calls": panelCalls, "panel-claims": panelClaims } satisfies Record<Exclude<Namespace, "email">, unknown>;
