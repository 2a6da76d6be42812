// Every namespace of every language, imported statically so the same table works in the Vite build,
// in Vitest and in plain tsx scripts (seed, mail). scripts/check-locales.ts keeps the languages in step.
import enAccount from "../../locales/en/account.json" with { type: "json" };
import enLanding from "../../locales/en/landing.json" with { type: "json" };
import jaEasyLanding from "../../locales/ja-easy/landing.json" with { type: "json" };
import jaLanding from "../../locales/ja/landing.json" with { type: "json" };
import enAuth from "../../locales/en/auth.json" with { type: "json" };
import enCommon from "../../locales/en/common.json" with { type: "json" };
import enEmail from "../../locales/en/email.json" with { type: "json" };
import enErrors from "../../locales/en/errors.json" with { type: "json" };
import jaEasyAccount from "../../locales/ja-easy/account.json" with { type: "json" };
import jaEasyAuth from "../../locales/ja-easy/auth.json" with { type: "json" };
import jaEasyCommon from "../../locales/ja-easy/common.json" with { type: "json" };
import jaEasyEmail from "../../locales/ja-easy/email.json" with { type: "json" };
import jaEasyErrors from "../../locales/ja-easy/errors.json" with { type: "json" };
import jaAccount from "../../locales/ja/account.json" with { type: "json" };
import jaAuth from "../../locales/ja/auth.json" with { type: "json" };
import jaCommon from "../../locales/ja/common.json" with { type: "json" };
import jaEmail from "../../locales/ja/email.json" with { type: "json" };
import jaErrors from "../../locales/ja/errors.json" with { type: "json" };
import enEnrolment from "../../locales/en/enrolment.json" with { type: "json" };
import enJourney from "../../locales/en/journey.json" with { type: "json" };
import enDashboard from "../../locales/en/dashboard.json" with { type: "json" };
import enForms from "../../locales/en/forms.json" with { type: "json" };
import enVerify from "../../locales/en/verify.json" with { type: "json" };
import jaEasyEnrolment from "../../locales/ja-easy/enrolment.json" with { type: "json" };
import jaEasyJourney from "../../locales/ja-easy/journey.json" with { type: "json" };
import jaEasyDashboard from "../../locales/ja-easy/dashboard.json" with { type: "json" };
import jaEasyForms from "../../locales/ja-easy/forms.json" with { type: "json" };
import jaEasyVerify from "../../locales/ja-easy/verify.json" with { type: "json" };
import jaEnrolment from "../../locales/ja/enrolment.json" with { type: "json" };
import jaJourney from "../../locales/ja/journey.json" with { type: "json" };
import jaDashboard from "../../locales/ja/dashboard.json" with { type: "json" };
import jaForms from "../../locales/ja/forms.json" with { type: "json" };
import jaVerify from "../../locales/ja/verify.json" with { type: "json" };
import enDocuments from "../../locales/en/documents.json" with { type: "json" };
import jaEasyDocuments from "../../locales/ja-easy/documents.json" with { type: "json" };
import jaDocuments from "../../locales/ja/documents.json" with { type: "json" };
import enJobs from "../../locales/en/jobs.json" with { type: "json" };
import jaEasyJobs from "../../locales/ja-easy/jobs.json" with { type: "json" };
import jaJobs from "../../locales/ja/jobs.json" with { type: "json" };
import enFindings from "../../locales/en/findings.json" with { type: "json" };
import jaEasyFindings from "../../locales/ja-easy/findings.json" with { type: "json" };
import jaFindings from "../../locales/ja/findings.json" with { type: "json" };
import enRecontact from "../../locales/en/recontact.json" with { type: "json" };
import jaEasyRecontact from "../../locales/ja-easy/recontact.json" with { type: "json" };
import jaRecontact from "../../locales/ja/recontact.json" with { type: "json" };
import enFamily from "../../locales/en/family.json" with { type: "json" };
import jaEasyFamily from "../../locales/ja-easy/family.json" with { type: "json" };
import jaFamily from "../../locales/ja/family.json" with { type: "json" };
import enUpdates from "../../locales/en/updates.json" with { type: "json" };
import jaEasyUpdates from "../../locales/ja-easy/updates.json" with { type: "json" };
import jaUpdates from "../../locales/ja/updates.json" with { type: "json" };
import type { SupportedLanguage } from "./languages";

import enAccess from "../../locales/en/access.json" with { type: "json" };
import jaEasyAccess from "../../locales/ja-easy/access.json" with { type: "json" };
import jaAccess from "../../locales/ja/access.json" with { type: "json" };
import enRegister from "../../locales/en/register.json" with { type: "json" };
import jaEasyRegister from "../../locales/ja-easy/register.json" with { type: "json" };
import jaRegister from "../../locales/ja/register.json" with { type: "json" };
import enAdmin from "../../locales/en/admin.json" with { type: "json" };
import jaEasyAdmin from "../../locales/ja-easy/admin.json" with { type: "json" };
import jaAdmin from "../../locales/ja/admin.json" with { type: "json" };
import enTransparency from "../../locales/en/transparency.json" with { type: "json" };
import jaEasyTransparency from "../../locales/ja-easy/transparency.json" with { type: "json" };
import jaTransparency from "../../locales/ja/transparency.json" with { type: "json" };
import enDataUse from "../../locales/en/data-use.json" with { type: "json" };
import jaEasyDataUse from "../../locales/ja-easy/data-use.json" with { type: "json" };
import jaDataUse from "../../locales/ja/data-use.json" with { type: "json" };
import enReports from "../../locales/en/reports.json" with { type: "json" };
import enFigures from "../../locales/en/figures.json" with { type: "json" };
import jaEasyReports from "../../locales/ja-easy/reports.json" with { type: "json" };
import jaEasyFigures from "../../locales/ja-easy/figures.json" with { type: "json" };
import jaReports from "../../locales/ja/reports.json" with { type: "json" };
import jaFigures from "../../locales/ja/figures.json" with { type: "json" };
import enLearning from "../../locales/en/learning.json" with { type: "json" };
import jaEasyLearning from "../../locales/ja-easy/learning.json" with { type: "json" };
import jaLearning from "../../locales/ja/learning.json" with { type: "json" };
import enConsultations from "../../locales/en/consultations.json" with { type: "json" };
import jaEasyConsultations from "../../locales/ja-easy/consultations.json" with { type: "json" };
import jaConsultations from "../../locales/ja/consultations.json" with { type: "json" };
import enConsultationAdmin from "../../locales/en/consultation-admin.json" with { type: "json" };
import jaEasyConsultationAdmin from "../../locales/ja-easy/consultation-admin.json" with { type: "json" };
import jaConsultationAdmin from "../../locales/ja/consultation-admin.json" with { type: "json" };
import enResults from "../../locales/en/results.json" with { type: "json" };
import jaEasyResults from "../../locales/ja-easy/results.json" with { type: "json" };
import jaResults from "../../locales/ja/results.json" with { type: "json" };
import enEnquiries from "../../locales/en/enquiries.json" with { type: "json" };
import jaEasyEnquiries from "../../locales/ja-easy/enquiries.json" with { type: "json" };
import jaEnquiries from "../../locales/ja/enquiries.json" with { type: "json" };
import enBriefings from "../../locales/en/briefings.json" with { type: "json" };
import jaEasyBriefings from "../../locales/ja-easy/briefings.json" with { type: "json" };
import jaBriefings from "../../locales/ja/briefings.json" with { type: "json" };
import enSurveys from "../../locales/en/surveys.json" with { type: "json" };
import jaEasySurveys from "../../locales/ja-easy/surveys.json" with { type: "json" };
import jaSurveys from "../../locales/ja/surveys.json" with { type: "json" };
import enPanelCalls from "../../locales/en/panel-calls.json" with { type: "json" };
import jaEasyPanelCalls from "../../locales/ja-easy/panel-calls.json" with { type: "json" };
import jaPanelCalls from "../../locales/ja/panel-calls.json" with { type: "json" };
import enPanelClaims from "../../locales/en/panel-claims.json" with { type: "json" };
import jaEasyPanelClaims from "../../locales/ja-easy/panel-claims.json" with { type: "json" };
import jaPanelClaims from "../../locales/ja/panel-claims.json" with { type: "json" };

export const namespaces = ["common", "auth", "account", "email", "errors", "enrolment", "journey", "dashboard", "forms", "verify", "documents", "jobs", "findings", "recontact", "family", "updates", "access", "register", "admin", "transparency", "data-use", "reports", "figures", "learning", "consultation-admin", "consultations", "landing", "results", "enquiries", "briefings", "surveys", "panel-calls", "panel-claims"] as const;
export type Namespace = (typeof namespaces)[number];

export const resources = {
  ja: { common: jaCommon, auth: jaAuth, account: jaAccount, email: jaEmail, errors: jaErrors, enrolment: jaEnrolment, journey: jaJourney, dashboard: jaDashboard, forms: jaForms, verify: jaVerify, documents: jaDocuments, jobs: jaJobs, findings: jaFindings, recontact: jaRecontact, family: jaFamily, updates: jaUpdates, access: jaAccess, register: jaRegister, admin: jaAdmin, transparency: jaTransparency, "data-use": jaDataUse, reports: jaReports, figures: jaFigures, learning: jaLearning, "consultation-admin": jaConsultationAdmin, consultations: jaConsultations, landing: jaLanding, results: jaResults, enquiries: jaEnquiries, briefings: jaBriefings, surveys: jaSurveys, "panel-calls": jaPanelCalls, "panel-claims": jaPanelClaims },
  "ja-easy": {
    common: jaEasyCommon,
    auth: jaEasyAuth,
    account: jaEasyAccount,
    email: jaEasyEmail,
    errors: jaEasyErrors,
    enrolment: jaEasyEnrolment,
    journey: jaEasyJourney,
    dashboard: jaEasyDashboard,
    forms: jaEasyForms,
    verify: jaEasyVerify,
    documents: jaEasyDocuments,
    jobs: jaEasyJobs,
    findings: jaEasyFindings,
    recontact: jaEasyRecontact,
    family: jaEasyFamily,
    updates: jaEasyUpdates,
    access: jaEasyAccess,
    register: jaEasyRegister,
    admin: jaEasyAdmin,
    transparency: jaEasyTransparency,
    "data-use": jaEasyDataUse,
    reports: jaEasyReports,
    figures: jaEasyFigures,
    learning: jaEasyLearning,
    "consultation-admin": jaEasyConsultationAdmin,
    consultations: jaEasyConsultations,
    landing: jaEasyLanding,
    results: jaEasyResults,
    enquiries: jaEasyEnquiries,
    briefings: jaEasyBriefings,
    surveys: jaEasySurveys,
    "panel-calls": jaEasyPanelCalls,
    "panel-claims": jaEasyPanelClaims,
  },
  en: { common: enCommon, auth: enAuth, account: enAccount, email: enEmail, errors: enErrors, enrolment: enEnrolment, journey: enJourney, dashboard: enDashboard, forms: enForms, verify: enVerify, documents: enDocuments, jobs: enJobs, findings: enFindings, recontact: enRecontact, family: enFamily, updates: enUpdates, access: enAccess, register: enRegister, admin: enAdmin, transparency: enTransparency, "data-use": enDataUse, reports: enReports, figures: enFigures, learning: enLearning, "consultation-admin": enConsultationAdmin, consultations: enConsultations, landing: enLanding, results: enResults, enquiries: enEnquiries, briefings: enBriefings, surveys: enSurveys, "panel-calls": enPanelCalls, "panel-claims": enPanelClaims },
} satisfies Record<SupportedLanguage, Record<Namespace, object>>;
