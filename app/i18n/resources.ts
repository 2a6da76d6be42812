// Every namespace of every language, imported statically so the same table works in the Vite build,
// in Vitest and in plain tsx scripts (seed, mail). scripts/check-locales.ts keeps the languages in step.
import enAccount from "../../locales/en/account.json";
import enAuth from "../../locales/en/auth.json";
import enCommon from "../../locales/en/common.json";
import enEmail from "../../locales/en/email.json";
import enErrors from "../../locales/en/errors.json";
import jaEasyAccount from "../../locales/ja-easy/account.json";
import jaEasyAuth from "../../locales/ja-easy/auth.json";
import jaEasyCommon from "../../locales/ja-easy/common.json";
import jaEasyEmail from "../../locales/ja-easy/email.json";
import jaEasyErrors from "../../locales/ja-easy/errors.json";
import jaAccount from "../../locales/ja/account.json";
import jaAuth from "../../locales/ja/auth.json";
import jaCommon from "../../locales/ja/common.json";
import jaEmail from "../../locales/ja/email.json";
import jaErrors from "../../locales/ja/errors.json";
import enEnrolment from "../../locales/en/enrolment.json";
import enJourney from "../../locales/en/journey.json";
import enDashboard from "../../locales/en/dashboard.json";
import enForms from "../../locales/en/forms.json";
import enVerify from "../../locales/en/verify.json";
import jaEasyEnrolment from "../../locales/ja-easy/enrolment.json";
import jaEasyJourney from "../../locales/ja-easy/journey.json";
import jaEasyDashboard from "../../locales/ja-easy/dashboard.json";
import jaEasyForms from "../../locales/ja-easy/forms.json";
import jaEasyVerify from "../../locales/ja-easy/verify.json";
import jaEnrolment from "../../locales/ja/enrolment.json";
import jaJourney from "../../locales/ja/journey.json";
import jaDashboard from "../../locales/ja/dashboard.json";
import jaForms from "../../locales/ja/forms.json";
import jaVerify from "../../locales/ja/verify.json";
import enDocuments from "../../locales/en/documents.json";
import jaEasyDocuments from "../../locales/ja-easy/documents.json";
import jaDocuments from "../../locales/ja/documents.json";
import type { SupportedLanguage } from "./languages";

export const namespaces = ["common", "auth", "account", "email", "errors", "enrolment", "journey", "dashboard", "forms", "verify", "documents"] as const;
export type Namespace = (typeof namespaces)[number];

export const resources = {
  ja: { common: jaCommon, auth: jaAuth, account: jaAccount, email: jaEmail, errors: jaErrors, enrolment: jaEnrolment, journey: jaJourney, dashboard: jaDashboard, forms: jaForms, verify: jaVerify, documents: jaDocuments },
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
  },
  en: { common: enCommon, auth: enAuth, account: enAccount, email: enEmail, errors: enErrors, enrolment: enEnrolment, journey: enJourney, dashboard: enDashboard, forms: enForms, verify: enVerify, documents: enDocuments },
} satisfies Record<SupportedLanguage, Record<Namespace, object>>;
